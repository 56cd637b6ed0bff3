"""Stage `train`: fine-tune the base encoder on the targets named in `bert.targets`.

One MLflow run per training: params, lineage, the device and precision,
per-epoch validation metrics, timing (s/step) and the model files
(safetensors). The model is saved through the shared model interface, so
`evaluate`, `register` and `score` treat it like the baseline.

Under `torchrun --nproc_per_node N -m pipeline.train ...` (same arguments) the
N processes train one model with DistributedDataParallel (pipeline/device.py);
rank 0 alone calibrates, chooses thresholds, logs and writes the model and
metrics, so the outputs are those of a single run.
"""

from __future__ import annotations

import argparse
import dataclasses

import mlflow

import torch.distributed as dist

from pipeline import calibration, device, thresholds, tracking
from pipeline.bert import BertTriageModel
from pipeline.io import read_split_ids, read_table, write_json
from pipeline.model import save_model
from pipeline.params import load_params


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--encoder", required=True, help="base model checkpoint directory")
    parser.add_argument("--turns", required=True)
    parser.add_argument("--sessions", required=True)
    parser.add_argument("--split-dir", required=True)
    parser.add_argument("--model-out", required=True)
    parser.add_argument("--metrics-out", required=True)
    args = parser.parse_args()
    params = load_params(args.params)
    bert = params.bert
    targets = tuple(params.target(name) for name in bert.targets)

    turns, sessions = read_table(args.turns), read_table(args.sessions)
    train_ids = read_split_ids(args.split_dir, "train")
    valid_ids = read_split_ids(args.split_dir, "valid")
    written_valid_ids = read_split_ids(args.split_dir, "written_valid")

    ranks = device.ranks_from_env()
    if not ranks.is_main:
        # Gradients only: rank 0 holds the same weights and writes everything.
        BertTriageModel(targets, bert, args.encoder).fit(turns, sessions, train_ids, valid_ids)
        dist.destroy_process_group()
        return

    tracking.configure(params.tracking.experiment)
    with mlflow.start_run(run_name=f"bert-{'-'.join(bert.targets)}") as run:
        mlflow.set_tag("model_kind", "bert")
        tracking.log_lineage({"encoder": args.encoder, "turns": args.turns, "sessions": args.sessions,
                              "split": args.split_dir, "params": args.params})
        mlflow.log_params({f"bert.{k}": v for k, v in dataclasses.asdict(bert).items()})
        mlflow.log_params({f"target.{t.name}": ",".join(t.classes) for t in targets})

        model = BertTriageModel(targets, bert, args.encoder)
        mlflow.log_params({f"train.{k}": v for k, v in device.describe(
            model.device, device.precision(model.device, bert.bf16), ranks).items()})
        report = model.fit(turns, sessions, train_ids, valid_ids,
                           on_epoch=lambda epoch, values: mlflow.log_metrics(
                               tracking.flatten("valid", values), step=epoch))
        # Temperatures on the valid split, after the best epoch is restored.
        report.update(calibration.report(calibration.fit(model, turns, sessions, valid_ids, params.calibration)))
        # Thresholds on the calibrated probabilities: valid plus the written validation set.
        report.update(thresholds.report(thresholds.choose(model, turns, sessions, valid_ids, written_valid_ids,
                                                          params)))
        mlflow.log_metrics(tracking.flatten("train", report))

        out = save_model(model, args.model_out, run.info.run_id)
        mlflow.log_artifacts(str(out), artifact_path="model_files")
    write_json(report, args.metrics_out)
    print(f"train: run {run.info.run_id}", report)
    if ranks.distributed:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
