"""Decisions from probabilities, and turn emotions → session emotion.

One module for evaluation and scoring alike (design.md), so the session
emotion a batch job reports is exactly the one that was evaluated.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.labels import EMOTION_INTENSITY, TRIVIAL_MESSAGES
from pipeline.params import DecisionParams, TargetParams
from pipeline.text import dedup_key
from pipeline.thresholds import flag_threshold, high_precision_threshold


# Column of a target's abstention flag (decision.review_targets), e.g. legitimacy_review.
REVIEW = "{}_review"


def decide(target: TargetParams, probabilities: pd.DataFrame, decision: DecisionParams,
           thresholds: dict | None = None) -> pd.DataFrame:
    """Single-label: argmax, except that the high-precision class (abusive) needs at
    least its own threshold, else the next best class wins; for a review target
    also `<target>_review`: the decided class's probability is below decision.review_below.
    Multilabel: one boolean per class at its flag threshold.
    `thresholds`: the model's thresholds chosen on valid (model.thresholds), which
    replace the configured ones where present."""
    values = probabilities[list(target.classes)].to_numpy()
    if target.kind == "multilabel":
        cutoffs = np.array([flag_threshold(decision, thresholds, c) for c in target.classes])
        return pd.DataFrame(values >= cutoffs, columns=list(target.classes), index=probabilities.index)
    ranked = np.argsort(-values, axis=1)
    chosen = ranked[:, 0].copy()
    if decision.high_precision_class in target.classes:
        special = target.classes.index(decision.high_precision_class)
        too_weak = (chosen == special) & (values[:, special] < high_precision_threshold(decision, thresholds))
        chosen[too_weak] = ranked[too_weak, 1]
    decided = pd.DataFrame({target.name: np.asarray(target.classes, dtype=object)[chosen]}, index=probabilities.index)
    if target.name in decision.review_targets:
        # The decided class's probability (below the top one when abusive gave way).
        # NaN probabilities (no prediction) compare False: such rows carry their own status.
        decided[REVIEW.format(target.name)] = values[np.arange(len(values)), chosen] < decision.review_below
    return decided


def is_trivial(text: str, max_chars: int) -> bool:
    """Bare acknowledgement, closer or data-only message (order card, phone number)."""
    key = dedup_key(text)
    return len(key) <= max_chars or key in TRIVIAL_MESSAGES


def session_emotions(turns: pd.DataFrame, turn_probabilities: pd.DataFrame, classes: tuple[str, ...],
                     trivial_max_chars: int) -> pd.DataFrame:
    """emotion_peak / emotion_end per session from per-turn probabilities (guide section 4).

    - peak: the most intense predicted turn emotion; its probabilities are those of that turn.
    - end: the prediction for the last non-trivial customer message (short
      acknowledgements such as 好的 are skipped unless the session has nothing else).
    `turn_probabilities` is keyed by session_id and turn_index. Sessions without
    any predicted turn get no row; the caller decides their status.
    """
    frame = turn_probabilities.merge(turns[["session_id", "turn_index", "text"]], on=["session_id", "turn_index"])
    frame = frame.sort_values(["session_id", "turn_index"], kind="stable")
    probs = frame[list(classes)].to_numpy()
    predicted = np.asarray(classes, dtype=object)[probs.argmax(axis=1)]
    frame["_intensity"] = [EMOTION_INTENSITY[p] for p in predicted]
    frame["_confidence"] = probs.max(axis=1)
    frame["_trivial"] = frame["text"].map(lambda t: is_trivial(t, trivial_max_chars))

    peak_rows = frame.sort_values(["session_id", "_intensity", "_confidence"], kind="stable").groupby(
        "session_id").tail(1)
    nontrivial = frame[~frame["_trivial"]].groupby("session_id").tail(1)
    fallback = frame[~frame["session_id"].isin(nontrivial["session_id"])].groupby("session_id").tail(1)
    end_rows = pd.concat([nontrivial, fallback])

    def _collect(rows: pd.DataFrame, name: str) -> pd.DataFrame:
        out = rows.set_index("session_id")[list(classes)]
        out.columns = [f"{name}_p_{c}" for c in classes]
        out.insert(0, name, np.asarray(classes, dtype=object)[rows[list(classes)].to_numpy().argmax(axis=1)])
        return out

    return _collect(peak_rows, "emotion_peak").join(_collect(end_rows, "emotion_end")).reset_index()
