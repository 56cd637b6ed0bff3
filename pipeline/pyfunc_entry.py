"""MLflow "models from code" entry point: the registered model is this code plus
safetensors/JSON artifacts, with no pickled Python objects."""

from mlflow.models import set_model

from pipeline.serving import TriagePyfunc

set_model(TriagePyfunc())
