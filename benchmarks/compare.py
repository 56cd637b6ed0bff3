"""Compare trained models on the fixed test split, with paired intervals.

    python benchmarks/compare.py --models models/bert /tmp/l12/bert [--out metrics/experiments/depth.json]

The first model is the reference (normally the default). Every model is
evaluated as `evaluate` does (real test sessions, per corpus, and the
team-written test set); for each other model the paired difference to the
reference per figure (same sessions resampled for both, the interval
`register`'s gate uses), its training minutes (model.json) and its PyTorch fp32
scoring speed on the real test sessions (customer turns per second through
`predict_proba`, both targets' passes; the served runtimes are faster, see
benchmarks/score.py). Prints and writes the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import pandas as pd
import torch

from pipeline.evaluate import evaluate_model, read_evaluation_splits
from pipeline.io import read_table
from pipeline.metrics import paired_difference
from pipeline.model import load_model, read_manifest
from pipeline.params import Params, load_params

FIGURES = ["legitimacy", "legitimacy.source.jddc", "legitimacy.source.jddc21_shop", "flags", "emotion",
           "emotion_peak", "emotion_end", "emotion_peak_direct", "written_test.legitimacy", "written_test.flags",
           "written_test.emotion_peak", "written_test.emotion_end"]


def paired_differences(candidate: dict[str, pd.DataFrame], reference: dict[str, pd.DataFrame], model,
                       params: Params) -> dict[str, list[float]]:
    """Per evaluated prefix: [difference, ci_low, ci_high] of macro-F1, candidate − reference."""
    targets = {t.name: t for t in model.targets}
    out = {}
    for prefix, units in candidate.items():
        name = prefix.replace("written_test.", "")
        target = targets.get(name) or targets.get(params.session_emotion.turn_target)
        if prefix not in reference or target is None:
            continue
        ev = params.evaluate
        d = paired_difference(units, reference[prefix], target.classes, target.kind, ("macro_f1",),
                              ev.bootstrap_samples, ev.confidence, ev.seed)["macro_f1"]
        out[prefix] = [d["difference"], d["ci_low"], d["ci_high"]]
    return out


def scoring_speed(model, turns: pd.DataFrame, test_ids: pd.Series) -> float:
    part = turns[turns["session_id"].isin(test_ids)]
    model.predict_proba(part.head(200))  # warm-up
    started = time.perf_counter()
    model.predict_proba(part)
    return float((part["role"] == "customer").sum() / (time.perf_counter() - started))


def comparison_inputs(description: str, first_model: str):
    """Command line of a model comparison (--models, data paths, --out) and what it reads:
    (args, params, turns, sessions, evaluation split ids)."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", nargs="+", required=True, help=f"first = {first_model}")
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--turns", default="data/clean/turns.parquet")
    parser.add_argument("--sessions", default="data/clean/sessions.parquet")
    parser.add_argument("--split-dir", default="data/split")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    return (args, load_params(args.params), read_table(args.turns), read_table(args.sessions),
            read_evaluation_splits(args.split_dir))


def main() -> None:
    args, params, turns, sessions, split_ids = comparison_inputs(__doc__, "the reference")
    torch.set_num_threads(2)
    results, units, cost = {}, {}, {}
    with tempfile.TemporaryDirectory() as plots:
        for path in args.models:
            model = load_model(path)
            if path == args.models[0]:
                reference_model = model  # its targets decide how each figure is compared
            results[path], units[path] = evaluate_model(model, turns, sessions, split_ids, params, Path(plots))
            timing = read_manifest(path).get("timing", {})
            cost[path] = {"train_minutes": round(timing.get("train_seconds", 0) / 60, 1),
                          "seconds_per_step": timing.get("seconds_per_step"),
                          "fp32_turns_per_second": round(scoring_speed(model, turns, split_ids["test"]), 1)}
            print(f"evaluated {path}: {cost[path]}", flush=True)
    reference = args.models[0]
    report = {"reference": reference, "models": {}}
    for path in args.models:
        figures = {f: {"macro_f1": results[path][f"{f}.macro_f1"],
                       "ci": [results[path][f"{f}.macro_f1_ci_low"], results[path][f"{f}.macro_f1_ci_high"]]}
                   for f in FIGURES if f"{f}.macro_f1" in results[path]}
        for key in ("legitimacy.ece", "emotion.ece"):
            if key in results[path]:
                figures[key] = results[path][key]
        if path != reference:
            for prefix, diff in paired_differences(units[path], units[reference], reference_model, params).items():
                if prefix in figures:
                    figures[prefix]["minus_reference"] = diff
        report["models"][path] = {"cost": cost[path], "figures": figures}
    rows = {}
    for path, entry in report["models"].items():
        for figure, value in entry["figures"].items():
            if isinstance(value, float):
                rows.setdefault(figure, {})[path] = f"{value:.3f}"
                continue
            cell = f"{value['macro_f1']:.3f} [{value['ci'][0]:.3f}, {value['ci'][1]:.3f}]"
            if "minus_reference" in value:
                cell += " Δ {:+.3f} [{:+.3f}, {:+.3f}]".format(*value["minus_reference"])
            rows.setdefault(figure, {})[path] = cell
    print(pd.DataFrame(rows).T.to_string())
    print(json.dumps(cost, indent=1))
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
