"""Stage `agreement`: Cohen's kappa between two independent annotation passes, per source.

For every real source with a `<labels-dir>/<source>/agreement/` folder, reads the
first-pass and second-pass labels of its double-annotated sample (before
adjudication) and reports, per label, kappa, raw agreement, the number of
compared items and of disagreements, under the source's name. Kappa is undefined when both passes
use a single value (e.g. a flag nobody set); that is reported, not hidden.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
from sklearn.metrics import cohen_kappa_score

from pipeline import labels as L
from pipeline.io import InputError, write_json

SESSION_FIELDS = ("legitimacy", "emotion_peak", "emotion_end", *L.FLAGS)


def agreement(first: pd.Series, second: pd.Series) -> dict[str, float]:
    first, second = first.astype(str), second.astype(str)
    out = {"n": len(first), "disagreements": int((first != second).sum()),
           "observed_agreement": float((first == second).mean()) if len(first) else 0.0}
    if len(set(first) | set(second)) > 1:
        out["kappa"] = float(cohen_kappa_score(first, second))
    else:
        out["kappa_undefined"] = 1
    return out


def compare(directory: Path) -> dict[str, float]:
    s1 = L.read_session_labels(directory / "pass1_sessions.csv")
    s2 = L.read_session_labels(directory / "pass2_sessions.csv")
    t1 = L.read_turn_labels(directory / "pass1_turns.csv")
    t2 = L.read_turn_labels(directory / "pass2_turns.csv")
    sessions = s1.merge(s2, on="session_id", suffixes=("_1", "_2"))
    turns = t1.merge(t2, on=["session_id", "turn_index"], suffixes=("_1", "_2"))
    if len(sessions) != len(s2) or len(turns) != len(t2):
        raise InputError(f"{directory}: the second pass has items the first pass lacks "
                         f"({len(s2) - len(sessions)} sessions, {len(t2) - len(turns)} turns)")
    metrics: dict[str, float] = {}
    for field in SESSION_FIELDS:
        for key, value in agreement(sessions[f"{field}_1"], sessions[f"{field}_2"]).items():
            metrics[f"{field}.{key}"] = value
    for key, value in agreement(turns["emotion_1"], turns["emotion_2"]).items():
        metrics[f"turn_emotion.{key}"] = value
    return metrics


def compare_sources(labels_dir: Path) -> dict[str, float]:
    metrics: dict[str, float] = {}
    for passes in sorted(labels_dir.glob("*/agreement")):
        source = passes.parent.name
        metrics.update({f"{source}.{k}": v for k, v in compare(passes).items()})
    if not metrics:
        raise InputError(f"{labels_dir}: no <source>/agreement/ folder with two annotation passes")
    return metrics


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--labels-dir", required=True)
    parser.add_argument("--metrics-out", required=True)
    args = parser.parse_args()
    metrics = compare_sources(Path(args.labels_dir))
    write_json(metrics, args.metrics_out)
    for source in sorted({k.split(".")[0] for k in metrics}):
        for name in (*SESSION_FIELDS, "turn_emotion"):
            kappa = metrics.get(f"{source}.{name}.kappa")
            shown = f"{kappa:.3f}" if kappa is not None else "undefined (one value only)"
            print(f"{source:12s} {name:20s} kappa {shown:28s} n={metrics[f'{source}.{name}.n']} "
                  f"disagreements={metrics[f'{source}.{name}.disagreements']}")


if __name__ == "__main__":
    main()
