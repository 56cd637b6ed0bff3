"""Decision thresholds chosen on validation sessions, kept with the model.

Two decisions read a probability against a threshold (`aggregate.decide`):
each risk flag, and the high-precision class (`abusive`), which is predicted
only when confident because it routes a case to a senior person. Fixed values
(`decision.flag_threshold`, `decision.high_precision_threshold`) are a guess;
with `decision.choose_on_valid` they are chosen per model after training and
calibration, on the valid split plus the team-written validation set (split
`written_valid`): the real valid split holds a handful of positive flags and no
`abusive` session, too few to choose on. Never on a test split.

- Flag: the grid threshold with the best F1 on the valid sessions (ties: the
  one closest to the configured threshold).
- High-precision class: the lowest grid threshold from which on the valid
  precision stays at or above `decision.high_precision_goal`, so one lucky
  grid point cannot pick it (raised to the highest threshold that decides the
  valid sessions the same way); if no threshold reaches the goal, the highest
  grid threshold that predicts the class at all, flagged as below the goal.
- Fewer positive valid sessions than `decision.min_valid_positives`: the
  configured threshold stays, with the reason.

The chosen values live in `model.thresholds` (model.json), so evaluate,
register, the served pyfunc and the scorer decide alike.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score, precision_score, recall_score

from pipeline.examples import labelled_examples, predictions_for
from pipeline.params import DecisionParams, Params, TargetParams

GRID = tuple(round(float(t), 2) for t in np.arange(0.05, 0.951, 0.05))
FLAGS, HIGH_PRECISION = "flags", "high_precision"


def flag_threshold(decision: DecisionParams, chosen: dict | None, flag: str) -> float:
    return (chosen or {}).get(FLAGS, {}).get(flag, {}).get("threshold", decision.flag_threshold)


def high_precision_threshold(decision: DecisionParams, chosen: dict | None) -> float:
    return (chosen or {}).get(HIGH_PRECISION, {}).get("threshold", decision.high_precision_threshold)


def _kept(threshold: float, positives: int, reason: str) -> dict:
    return {"threshold": threshold, "valid_positives": positives, "status": f"configured: {reason}"}


def choose_flag(truth: np.ndarray, probability: np.ndarray, configured: float, min_positives: int) -> dict:
    positives = int(truth.sum())
    if positives < min_positives:
        return _kept(configured, positives, f"{positives} positive valid sessions < {min_positives}")
    scores = [f1_score(truth, probability >= t, zero_division=0.0) for t in GRID]
    best = max(scores)
    threshold = min((t for t, s in zip(GRID, scores) if s == best), key=lambda t: (abs(t - configured), t))
    return {"threshold": threshold, "valid_positives": positives, "valid_units": len(truth),
            "valid_f1": round(best, 4),
            "valid_f1_configured": round(float(f1_score(truth, probability >= configured, zero_division=0.0)), 4),
            "status": "chosen: best valid F1"}


def choose_high_precision(truth: np.ndarray, probabilities: np.ndarray, special: int, goal: float,
                          configured: float, min_positives: int) -> dict:
    """`truth`: class indices; `probabilities`: units x classes. The class is decided
    as in aggregate.decide: argmax, and kept only at or above the threshold."""
    is_special = truth == special
    positives = int(is_special.sum())
    if positives < min_positives:
        return _kept(configured, positives, f"{positives} positive valid sessions < {min_positives}")
    argmax_special = probabilities.argmax(axis=1) == special
    predicted = {t: argmax_special & (probabilities[:, special] >= t) for t in GRID}
    precision = {t: precision_score(is_special, p, zero_division=np.nan) for t, p in predicted.items()}
    reaching = [t for t in GRID if predicted[t].any() and precision[t] >= goal]
    # The lowest threshold from which on every threshold that predicts the class reaches the goal.
    steady = [t for t in reaching
              if all(precision[u] >= goal for u in GRID if u >= t and predicted[u].any())]
    if steady:
        # Of the thresholds that decide the valid sessions exactly like the lowest one,
        # the highest: the same valid figures with the most margin for unseen sessions.
        threshold = max(t for t in GRID if t >= steady[0] and np.array_equal(predicted[t], predicted[steady[0]]))
        status = f"chosen: lowest valid decisions with precision >= {goal} from there on"
    elif any(p.any() for p in predicted.values()):
        threshold = max(t for t in GRID if predicted[t].any())
        status = f"chosen: valid precision never reaches {goal}; the highest threshold that predicts it"
    else:
        return _kept(configured, positives, "the model never predicts the class on valid")
    chosen = predicted[threshold]
    return {"threshold": threshold, "valid_positives": positives, "valid_units": len(truth),
            "valid_predicted": int(chosen.sum()),
            "valid_precision": round(float(precision[threshold]), 4),
            "valid_recall": round(float(recall_score(is_special, chosen, zero_division=0.0)), 4),
            "status": status}


def validation_units(target: TargetParams, turns: pd.DataFrame, sessions: pd.DataFrame, ids: pd.Series,
                     sources: tuple[str, ...]) -> pd.DataFrame:
    """Gold units of `target` among the sessions `ids`, from its own sources plus `sources`
    (the written validation set): what thresholds, and an ensemble's weights, are chosen on."""
    widened = TargetParams(**{**target.__dict__, "sources": tuple(dict.fromkeys(target.sources + sources))})
    return labelled_examples(widened, turns, sessions, ids)


def _valid_frame(model, target: TargetParams, turns: pd.DataFrame, sessions: pd.DataFrame,
                 ids: pd.Series, sources: tuple[str, ...]) -> tuple[pd.DataFrame, np.ndarray] | None:
    """Gold valid units of `target` (its own sources plus `sources`) with the model's probabilities."""
    gold = validation_units(target, turns, sessions, ids, sources)
    if gold.empty:
        return None
    predicted = predictions_for(model, target, turns, gold)
    if predicted is None:
        return None
    values = predicted[list(target.classes)].to_numpy()
    has_prediction = ~np.isnan(values).any(axis=1)
    return gold[has_prediction].reset_index(drop=True), values[has_prediction]


def choose(model, turns: pd.DataFrame, sessions: pd.DataFrame, valid_ids: pd.Series,
           written_valid_ids: pd.Series, params: Params) -> dict:
    """Choose the flag and high-precision thresholds of `model` on its valid units
    plus the written validation sessions; sets and returns `model.thresholds`."""
    decision, written_valid_sources = params.decision, params.split.valid_only_sources
    valid_ids = pd.concat([valid_ids, written_valid_ids], ignore_index=True)
    model.thresholds = {}
    if not decision.choose_on_valid:
        return model.thresholds
    chosen: dict = {}
    for target in model.targets:
        if target.level != "session":
            continue
        if target.kind == "multilabel":
            frame = _valid_frame(model, target, turns, sessions, valid_ids, written_valid_sources)
            if frame is None:
                continue
            gold, values = frame
            chosen[FLAGS] = {
                flag: choose_flag(gold[flag].to_numpy(bool), values[:, i], decision.flag_threshold,
                                  decision.min_valid_positives)
                for i, flag in enumerate(target.classes)}
        elif decision.high_precision_class in target.classes:
            frame = _valid_frame(model, target, turns, sessions, valid_ids, written_valid_sources)
            if frame is None:
                continue
            gold, values = frame
            truth = np.array([target.classes.index(c) for c in gold[target.label]])
            chosen[HIGH_PRECISION] = {
                "class": decision.high_precision_class,
                **choose_high_precision(truth, values, target.classes.index(decision.high_precision_class),
                                        decision.high_precision_goal, decision.high_precision_threshold,
                                        decision.min_valid_positives)}
    model.thresholds = chosen
    return chosen


def report(thresholds: dict) -> dict[str, float]:
    """Flat figures for the training metrics file and MLflow."""
    out = {}
    for flag, info in thresholds.get(FLAGS, {}).items():
        out[f"flags/{flag}/threshold"] = info["threshold"]
        for key in ("valid_f1", "valid_f1_configured"):
            if key in info:
                out[f"flags/{flag}/{key}"] = info[key]
    info = thresholds.get(HIGH_PRECISION)
    if info:
        for key in ("threshold", "valid_precision", "valid_recall"):
            if key in info:
                out[f"{info['class']}/{key}"] = info[key]
    return out
