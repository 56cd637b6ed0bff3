"""Stage `register`: log the model as a self-contained pyfunc, register it, gate promotion.

The pyfunc holds everything from raw turns to session rows (`pipeline.serving`):
clean_text with PII masking, tokenizer, model weights (plus the encoder exported
for the runtime `register.runtime` names, see `pipeline.runtime`), session
aggregation and thresholds. Each registration is a new version of one registered model with
alias `challenger`; it replaces `champion` only if it is not worse than the
champion on the fixed test split for every target's macro-F1 and for the
precision of the high-precision class (abusive), measured on the model as
served (its runtime included), through `evaluate`'s code. The decision and the figures
go to a report (DVC metrics) and to the version's tags.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import tempfile
import tomllib
from pathlib import Path

import mlflow
import pandas as pd
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException
from mlflow.models import ModelSignature, infer_signature
from mlflow.types import ColSpec, Schema

from pipeline import tracking
from pipeline.evaluate import evaluate_model
from pipeline.io import read_json, read_split_ids, read_table, write_json
from pipeline.model import load_model, read_manifest
from pipeline.params import Params, load_params
from pipeline.runtime import attach_runtime, prepare_serving_dir
from pipeline.serving import SessionPredictor

CHAMPION, CHALLENGER = "champion", "challenger"
PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_FILE = PACKAGE_DIR.parent / "pyproject.toml"


def gate_metrics(evaluation: dict[str, float], params: Params) -> dict[str, float]:
    """The figures promotion is decided on: every macro-F1 and the high-precision class's precision."""
    special = f"{params.decision.high_precision_class}.precision_at_operating_point"
    return {k: float(v) for k, v in evaluation.items()
            if k.split(".")[0] in params.register.gate_targets
            and ((k.endswith(".macro_f1") and ".domain." not in k) or k.endswith(special))}


def decide_promotion(challenger: dict[str, float], champion: dict[str, float] | None) -> tuple[bool, list[str]]:
    if champion is None:
        return True, ["no champion yet"]
    reasons, promote = [], True
    for key, old in sorted(champion.items()):
        new = challenger.get(key)
        if new is None:
            promote = False
            reasons.append(f"{key}: missing in challenger (champion {old:.4f})")
        elif new + 1e-6 < old:  # tags keep 6 decimals
            promote = False
            reasons.append(f"{key}: {new:.4f} < champion {old:.4f}")
        else:
            reasons.append(f"{key}: {new:.4f} >= champion {old:.4f}")
    return promote, reasons


def pinned_requirements() -> list[str]:
    return tomllib.loads(PROJECT_FILE.read_text(encoding="utf-8"))["project"]["dependencies"]


def input_example(turns: pd.DataFrame, test_ids: pd.Series) -> pd.DataFrame:
    """A real test session, already cleaned (so PII is masked) — never raw text."""
    jddc = turns[turns["session_id"].isin(test_ids) & (turns["source"] == "jddc")]
    first = jddc["session_id"].iloc[0]
    example = jddc.loc[jddc["session_id"] == first, ["session_id", "turn_index", "role", "text"]].reset_index(drop=True)
    return example.astype({"turn_index": "float64"})  # the signature's type, see main()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--model", required=True, help="model directory (any kind)")
    parser.add_argument("--eval-metrics", required=True, help="evaluate's metrics for that model")
    parser.add_argument("--turns", required=True, help="cleaned turns: test inputs and the input example")
    parser.add_argument("--sessions", required=True, help="cleaned sessions with their labels")
    parser.add_argument("--split-dir", required=True)
    parser.add_argument("--report-out", required=True)
    args = parser.parse_args()
    params = load_params(args.params)
    name = params.register.model_name
    model_dir = Path(args.model)
    manifest = read_manifest(model_dir)

    # The served copy of the model: weights plus the encoder runtime chosen by params.
    staging = Path(tempfile.mkdtemp(prefix="register-"))
    serving_dir = staging / "model"
    (staging / "plots").mkdir()
    served = load_model(model_dir)
    runtime_info = prepare_serving_dir(served, model_dir, serving_dir, params.register.runtime)
    attach_runtime(served, serving_dir)
    print(f"register: runtime {runtime_info}")

    turns, test_ids = read_table(args.turns), read_split_ids(args.split_dir, "test")
    # The gate judges what is served: the same evaluation as `evaluate`, on the
    # served runtime and its batches (an int8 encoder may differ slightly from
    # the trained one, and dynamic int8 from batch to batch).
    served_metrics = evaluate_model(served, turns, read_table(args.sessions), test_ids, params, staging / "plots",
                                    batch_tokens=params.register.batch_tokens)
    example = input_example(turns, test_ids)
    predictor = SessionPredictor(served, params.decision, params.session_emotion)
    predictor.batch_tokens = params.register.batch_tokens
    example_output, _ = predictor.predict(example)
    example_output.insert(len(example_output.columns) - 1, "model_name", name)
    example_output.insert(len(example_output.columns) - 1, "model_version", "0")
    inferred = infer_signature(example, example_output, params={"model_name": name, "model_version": ""})
    # Two input shapes: a turn table (role, text, optional turn_index), or one row
    # per session with `turns` as JSON (row-aligned engines such as Spark UDFs).
    signature = ModelSignature(
        inputs=Schema([ColSpec("string", "session_id"), ColSpec("string", "role", required=False),
                       ColSpec("string", "text", required=False),
                       # double, not long: row-aligned engines fill absent columns with NaN
                       ColSpec("double", "turn_index", required=False),
                       ColSpec("string", "turns", required=False)]),
        outputs=inferred.outputs, params=inferred.params)
    challenger_metrics = gate_metrics(served_metrics, params)
    trained_metrics = gate_metrics(read_json(args.eval_metrics), params)

    tracking.configure(params.tracking.experiment)
    client = MlflowClient()
    with mlflow.start_run(run_name=f"register-{manifest['kind']}") as run:
        config = staging / "serving.json"
        config.write_text(json.dumps({"model_name": name, "batch_tokens": params.register.batch_tokens,
                                      "decision": dataclasses.asdict(params.decision),
                                      "session_emotion": dataclasses.asdict(params.session_emotion)}))
        mlflow.set_tags({"model_kind": manifest["kind"], "training_run_id": manifest.get("mlflow_run_id", ""),
                         **{f"runtime.{k}": v for k, v in runtime_info.items()}})
        tracking.log_lineage({"model": args.model, "eval_metrics": args.eval_metrics})
        mlflow.log_metrics(tracking.flatten("test", challenger_metrics))
        info = mlflow.pyfunc.log_model(
            name="model",
            python_model=str(PACKAGE_DIR / "pyfunc_entry.py"),
            artifacts={"model": str(serving_dir), "serving_config": str(config)},
            code_paths=[str(PACKAGE_DIR)],
            signature=signature,
            input_example=example,
            pip_requirements=pinned_requirements(),
            registered_model_name=name,
        )
    shutil.rmtree(staging, ignore_errors=True)
    version = str(info.registered_model_version)
    client.set_registered_model_alias(name, CHALLENGER, version)
    for key, value in challenger_metrics.items():
        client.set_model_version_tag(name, version, f"test.{key}", f"{value:.6f}")
    client.set_model_version_tag(name, version, "model_kind", manifest["kind"])
    client.set_model_version_tag(name, version, "runtime", runtime_info["runtime"])

    try:
        champion = client.get_model_version_by_alias(name, CHAMPION)
        champion_metrics = gate_metrics(
            {k[len("test."):]: float(v) for k, v in champion.tags.items() if k.startswith("test.")}, params)
    except MlflowException:
        champion, champion_metrics = None, None
    promote, reasons = decide_promotion(challenger_metrics, champion_metrics)
    if promote:
        client.set_registered_model_alias(name, CHAMPION, version)
    decision = "promoted" if promote else "kept champion"
    client.set_model_version_tag(name, version, "gate.decision", decision)
    client.set_model_version_tag(name, version, "gate.reasons", "; ".join(reasons)[:5000])

    report = {
        "model_name": name, "version": int(version), "model_kind": manifest["kind"], "run_id": run.info.run_id,
        "runtime": runtime_info["runtime"], "promoted": int(promote), "champion_version": int(version) if promote else int(champion.version),
        "previous_champion_version": int(champion.version) if champion else 0,
        **{f"challenger.{k}": v for k, v in challenger_metrics.items()},
        **{f"champion_before.{k}": v for k, v in (champion_metrics or {}).items()},
        **{f"trained_model.{k}": v for k, v in trained_metrics.items()},
    }
    write_json(report, args.report_out)
    print(f"register: {name} v{version} ({manifest['kind']}): {decision}")
    for reason in reasons:
        print("  ", reason)


if __name__ == "__main__":
    main()
