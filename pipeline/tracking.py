"""MLflow at the edges: an embedded default store, overridable with MLFLOW_TRACKING_URI.

Default: SQLite backend `mlflow.db` and artifacts in `mlartifacts/`, both in the
project root (git-ignored). `mlflow ui --backend-store-uri sqlite:///mlflow.db`
shows the runs. A team server is one environment variable away.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import mlflow

from pipeline.io import content_hash

PROJECT_ROOT = Path.cwd()


def tracking_uri() -> str:
    return os.environ.get("MLFLOW_TRACKING_URI") or f"sqlite:///{PROJECT_ROOT / 'mlflow.db'}"


def configure(experiment: str) -> str:
    """Point MLflow at the store and make sure the experiment exists; returns its id."""
    # Read before set_tracking_uri, which exports MLFLOW_TRACKING_URI itself.
    user_store = "MLFLOW_TRACKING_URI" in os.environ
    uri = tracking_uri()
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(os.environ.get("MLFLOW_REGISTRY_URI") or uri)
    found = mlflow.get_experiment_by_name(experiment)
    if found is not None:
        experiment_id = found.experiment_id
    else:
        # Only the embedded default decides where artifacts go; a server decides for itself.
        location = None if user_store else (PROJECT_ROOT / "mlartifacts").as_uri()
        experiment_id = mlflow.create_experiment(experiment, artifact_location=location)
    mlflow.set_experiment(experiment_id=experiment_id)
    return experiment_id


def git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def log_lineage(inputs: dict[str, str | Path]) -> None:
    """Tag the active run with the git commit and the content hash of every input."""
    tags = {"mlflow.source.git.commit": git_commit()}
    for name, path in inputs.items():
        tags[f"input.{name}.path"] = str(path)
        tags[f"input.{name}.md5"] = content_hash(path)
    mlflow.set_tags(tags)


def flatten(prefix: str, values: dict) -> dict[str, float]:
    """MLflow metric names: numbers only, '/' as separator, no spaces."""
    return {f"{prefix}/{k}".replace(" ", "_"): float(v) for k, v in values.items()
            if isinstance(v, (int, float)) and not isinstance(v, bool)}
