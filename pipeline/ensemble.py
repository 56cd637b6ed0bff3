"""Stage `ensemble`: average trained models' calibrated probabilities, weights chosen on validation.

    python -m pipeline.ensemble --member models/baseline --member models/bert \\
        --turns ... --sessions ... --split-dir ... --model-out models/ensemble --metrics-out ...

Saves the ensemble with copies of the member directories (`members/<directory name>/`,
so it is one self-contained model directory for evaluate, register and score); chooses
one weight per target on the validation sessions plus the written validation
set (pipeline/averaged.py), then the ensemble's own flag and `abusive`
thresholds on the same units, as train and baseline do (pipeline/thresholds.py).
Nothing is chosen on test. Logs an MLflow run with the weights, the members'
training runs and the thresholds.
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

import mlflow

from pipeline import thresholds, tracking
from pipeline.averaged import AveragedModel, choose_weights, describe
from pipeline.io import read_json, read_split_ids, read_table, write_json
from pipeline.model import read_manifest, save_model
from pipeline.params import load_params


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--member", action="append", required=True,
                        help="a trained model's directory, named by its last part; twice, in weight order")
    parser.add_argument("--turns", required=True)
    parser.add_argument("--sessions", required=True)
    parser.add_argument("--split-dir", required=True)
    parser.add_argument("--model-out", required=True)
    parser.add_argument("--metrics-out", required=True)
    args = parser.parse_args()
    params = load_params(args.params)
    members = {Path(path).name: path for path in args.member}
    if len(members) != 2:
        parser.error(f"two --member directories with different names are needed, got {args.member}")

    out = Path(args.model_out)
    shutil.rmtree(out, ignore_errors=True)  # saving copies the member directories into it
    model = AveragedModel.from_directories(members)

    turns, sessions = read_table(args.turns), read_table(args.sessions)
    valid_ids = read_split_ids(args.split_dir, "valid")
    written_valid_ids = read_split_ids(args.split_dir, "written_valid")

    tracking.configure(params.tracking.experiment)
    with mlflow.start_run(run_name="ensemble") as run:
        mlflow.set_tag("model_kind", model.kind)
        tracking.log_lineage({"turns": args.turns, "sessions": args.sessions, "split": args.split_dir,
                              "params": args.params, **{f"member.{n}": p for n, p in members.items()}})
        mlflow.set_tags({f"member.{name}.run_id": read_manifest(Path(path)).get("mlflow_run_id", "")
                         for name, path in members.items()})
        started = time.perf_counter()
        report = {"members": list(members), "weights": choose_weights(model, turns, sessions, valid_ids,
                                                                      written_valid_ids, params)}
        print("ensemble: weights", describe(model), flush=True)
        report.update(thresholds.report(thresholds.choose(model, turns, sessions, valid_ids, written_valid_ids,
                                                          params)))
        report["choose_seconds"] = round(time.perf_counter() - started, 1)
        mlflow.log_params({f"weight.{target}.{name}": w for target, weights in model.weights.items()
                           for name, w in weights.items()})
        mlflow.log_metrics(tracking.flatten("ensemble", {k: v for k, v in report.items() if k != "weights"}))
        save_model(model, out, run.info.run_id)
        mlflow.log_artifact(str(out / "model.json"), artifact_path="model_files")
    write_json(report, args.metrics_out)
    print(f"ensemble: run {run.info.run_id}", {k: v for k, v in read_json(args.metrics_out).items()
                                               if k != "weights"})


if __name__ == "__main__":
    main()
