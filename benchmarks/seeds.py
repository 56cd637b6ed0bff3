"""Seed spread of the default BERT, and whether averaging seeds is worth its cost.

    python benchmarks/seeds.py --models models/bert /tmp/s1/bert /tmp/s2/bert [--out metrics/experiments/seeds-bert.json]

Each model directory is one training of the default params with another
`bert.seed` (`python -m pipeline.train --params <params with bert.seed=N> ...`).
Every model is evaluated as `evaluate` does (fixed test split: real sessions per
corpus, and the team-written test set); then the seed ensemble (class
probabilities averaged over the models, decided with the same thresholds) is
evaluated, and its paired difference to the first model (the default seed)
with the bootstrap interval `register`'s gate uses. Prints and writes the
figures; asserts nothing.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.averaged import AveragedModel
from pipeline.evaluate import evaluate_model
from pipeline.model import load_model

from compare import FIGURES, comparison_inputs, paired_differences  # noqa: E402  (benchmarks/ is on sys.path when run)


def main() -> None:
    args, params, turns, sessions, split_ids = comparison_inputs(__doc__, "the default seed")
    models = [load_model(path) for path in args.models]
    results, predictions = {}, {}
    with tempfile.TemporaryDirectory() as plots:
        for path, model in zip(args.models, models):
            results[path], predictions[path] = evaluate_model(model, turns, sessions, split_ids, params, Path(plots))
            print(f"evaluated {path}", flush=True)
        # equal weights and no chosen thresholds of its own: params' configured ones decide
        seed_average = AveragedModel(dict(zip(args.models, models)))
        ensemble, ensemble_units = evaluate_model(seed_average, turns, sessions, split_ids, params,
                                                  Path(plots))
    rows = {}
    for figure in FIGURES:
        key = f"{figure}.macro_f1"
        values = [results[p][key] for p in args.models]
        rows[figure] = {"seeds": values, "mean": float(np.mean(values)), "sd": float(np.std(values, ddof=1)),
                        "range": float(np.ptp(values)), "ensemble": ensemble[key]}
    default = args.models[0]
    for prefix, difference in paired_differences(ensemble_units, predictions[default], models[0], params).items():
        if prefix in rows:
            rows[prefix]["ensemble_minus_default"] = difference
    table = pd.DataFrame({f: {"seeds": " / ".join(f"{v:.3f}" for v in r["seeds"]), "mean": r["mean"], "sd": r["sd"],
                              "range": r["range"], "ensemble": r["ensemble"],
                              "ensemble − default [95% CI]": ("{:+.3f} [{:+.3f}, {:+.3f}]".format(
                                  *r["ensemble_minus_default"]) if "ensemble_minus_default" in r else "")}
                          for f, r in rows.items()}).T
    print(table.to_string(float_format=lambda v: f"{v:.3f}"))
    if args.out:
        Path(args.out).write_text(json.dumps({"models": args.models, "figures": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
