"""Stage `baseline`: TF-IDF character n-grams + logistic regression for every target.

Logs an MLflow run (params, lineage, training metrics, model files) and saves
the model through the shared model interface, so `evaluate`, `register` and
`score` treat it exactly like any other model kind.
"""

from __future__ import annotations

import argparse
import dataclasses
import time

import mlflow

from pipeline import calibration, thresholds, tracking
from pipeline.io import read_json, read_split_ids, read_table, write_json
from pipeline.model import save_model
from pipeline.params import load_params
from pipeline.tfidf import TfidfModel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--turns", required=True)
    parser.add_argument("--sessions", required=True)
    parser.add_argument("--split-dir", required=True)
    parser.add_argument("--model-out", required=True)
    parser.add_argument("--metrics-out", required=True)
    args = parser.parse_args()
    params = load_params(args.params)

    turns, sessions = read_table(args.turns), read_table(args.sessions)
    train_ids = read_split_ids(args.split_dir, "train")
    valid_ids = read_split_ids(args.split_dir, "valid")
    written_valid_ids = read_split_ids(args.split_dir, "written_valid")

    tracking.configure(params.tracking.experiment)
    with mlflow.start_run(run_name="baseline-tfidf") as run:
        mlflow.set_tag("model_kind", "tfidf")
        tracking.log_lineage({"turns": args.turns, "sessions": args.sessions, "split": args.split_dir,
                              "params": args.params})
        mlflow.log_params({f"baseline.{k}": v for k, v in dataclasses.asdict(params.baseline).items()})
        mlflow.log_params({f"target.{t.name}": ",".join(t.classes) for t in params.targets})

        started = time.perf_counter()
        model = TfidfModel(params.targets, params.baseline)
        report = model.fit(turns, sessions, train_ids, valid_ids)
        report["train_seconds"] = round(time.perf_counter() - started, 2)
        report.update(calibration.report(calibration.fit(model, turns, sessions, valid_ids, params.calibration)))
        # Thresholds on the calibrated probabilities: valid plus the written validation set.
        report.update(thresholds.report(thresholds.choose(model, turns, sessions, valid_ids, written_valid_ids,
                                                          params)))
        mlflow.log_metrics(tracking.flatten("train", report))

        out = save_model(model, args.model_out, run.info.run_id)
        mlflow.log_artifacts(str(out), artifact_path="model_files")
    write_json(report, args.metrics_out)
    print(f"baseline: run {run.info.run_id}", read_json(args.metrics_out))


if __name__ == "__main__":
    main()
