"""Classification metrics and plots with scikit-learn, flattened for DVC metrics files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import beta
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_curve, precision_recall_fscore_support


def _pyplot():
    """matplotlib on first plot only: model code imports this module (the selection figure)
    and a served model never plots."""
    import matplotlib

    matplotlib.use("Agg")  # batch jobs and CI have no display
    import matplotlib.pyplot as plt

    return plt


def single_label_metrics(y_true: list[str], y_pred: list[str], classes: tuple[str, ...]) -> dict[str, float]:
    """Macro-F1 over the classes present in gold or prediction, plus per-class P/R/F1/support."""
    present = [c for c in classes if c in set(y_true) | set(y_pred)]
    out = {
        "macro_f1": float(f1_score(y_true, y_pred, labels=present, average="macro", zero_division=0)),
        "accuracy": float(np.mean(np.asarray(y_true) == np.asarray(y_pred))) if len(y_true) else 0.0,
        "n": len(y_true),
    }
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=list(classes), zero_division=0)
    for i, cls in enumerate(classes):
        out[f"{cls}.precision"] = float(precision[i])
        out[f"{cls}.recall"] = float(recall[i])
        out[f"{cls}.f1"] = float(f1[i])
        out[f"{cls}.support"] = int(support[i])
    return out


def reliability_frame(correct: np.ndarray, confidence: np.ndarray, bins: int = 15) -> pd.DataFrame:
    """Per equal-width confidence bin that holds units: units, mean confidence, accuracy.
    Units without a probability are left out."""
    correct, confidence = np.asarray(correct, dtype=float), np.asarray(confidence, dtype=float)
    known = ~np.isnan(confidence)
    correct, confidence = correct[known], confidence[known]
    which = np.minimum((confidence * bins).astype(int), bins - 1)
    rows = [{"bin_low": b / bins, "bin_high": (b + 1) / bins, "units": int((which == b).sum()),
             "confidence": float(confidence[which == b].mean()), "accuracy": float(correct[which == b].mean())}
            for b in np.unique(which)]
    return pd.DataFrame(rows, columns=["bin_low", "bin_high", "units", "confidence", "accuracy"])


def expected_calibration_error(correct: np.ndarray, confidence: np.ndarray, bins: int = 15) -> float:
    """ECE of the decided class: |accuracy - mean confidence| per equal-width
    confidence bin, weighted by the bin's share of units (Guo et al. 2017, 15
    bins). `confidence` is the probability of the class decided, which is the
    top class unless a threshold overrode it. Units without a probability are left out."""
    frame = reliability_frame(correct, confidence, bins)
    if frame.empty:
        return 0.0
    weights = frame["units"] / frame["units"].sum()
    return float((weights * (frame["accuracy"] - frame["confidence"]).abs()).sum())


def calibration_sums(session_ids: np.ndarray, correct: np.ndarray, confidence: np.ndarray, sessions: np.ndarray,
                     bins: int = 15) -> np.ndarray:
    """Per session and confidence bin: units, correct units, summed confidence
    (sessions x bins x 3), so a bootstrap replicate's ECE is one weighted sum."""
    confidence = np.asarray(confidence, dtype=float)
    known = ~np.isnan(confidence)
    at = np.searchsorted(sessions, np.asarray(session_ids)[known])
    which = np.minimum((confidence[known] * bins).astype(int), bins - 1)
    out = np.zeros((len(sessions), bins, 3))
    for column, values in enumerate((1.0, np.asarray(correct, dtype=float)[known], confidence[known])):
        np.add.at(out, (at, which, column), values)
    return out


def ece_from_sums(sums: np.ndarray) -> np.ndarray:
    """ECE from (..., bins, 3) sums: sum over bins of |correct - confidence| / units."""
    return np.abs(sums[..., 1] - sums[..., 2]).sum(-1) / np.maximum(sums[..., 0].sum(-1), 1)


def plot_reliability(curves: dict[str, pd.DataFrame], title: str, path: Path) -> None:
    """Reliability diagram: accuracy against confidence per bin, one line per curve
    (e.g. before / after calibration), marker area by units in the bin."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 5))
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label="perfectly calibrated")
    for label, frame in curves.items():
        line, = ax.plot(frame["confidence"], frame["accuracy"], marker=None, label=label)
        ax.scatter(frame["confidence"], frame["accuracy"], s=8 + 300 * frame["units"] / max(frame["units"].sum(), 1),
                   color=line.get_color(), alpha=0.7)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("confidence of the decided class")
    ax.set_ylabel("share correct")
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize="small")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def multilabel_metrics(y_true: pd.DataFrame, y_pred: pd.DataFrame, classes: tuple[str, ...]) -> dict[str, float]:
    """Per-flag binary P/R/F1; macro-F1 over flags that occur in gold or prediction."""
    out: dict[str, float] = {"n": len(y_true)}
    scored = []
    for cls in classes:
        truth, pred = y_true[cls].astype(bool), y_pred[cls].astype(bool)
        p, r, f, _ = precision_recall_fscore_support(truth, pred, average="binary", zero_division=0)
        out[f"{cls}.precision"], out[f"{cls}.recall"], out[f"{cls}.f1"] = float(p), float(r), float(f)
        out[f"{cls}.support"] = int(truth.sum())
        if truth.any() or pred.any():
            scored.append(float(f))
    out["macro_f1"] = float(np.mean(scored)) if scored else 0.0
    out["flags_scored"] = len(scored)
    return out


def selection_macro_f1(classes: tuple[str, ...], kind: str, truth: np.ndarray, values: np.ndarray) -> float:
    """The validation figure a model is chosen by (BERT's epoch, an ensemble's weights),
    before any threshold is chosen: for a single-label target (`truth` the gold class
    names) the macro-F1 of the argmax; for a multilabel one (`truth` a 0/1 matrix) every
    flag at 0.5, averaged over the flags that are gold or predicted (0 if none is)."""
    if kind == "single":
        predicted = np.asarray(classes)[values.argmax(1)]
        return float(f1_score(truth, predicted, average="macro", zero_division=0))
    truth = np.asarray(truth).astype(bool)
    present = truth.any(0) | (values >= 0.5).any(0)
    if not present.any():
        return 0.0
    return float(f1_score(truth[:, present], values[:, present] >= 0.5, average="macro", zero_division=0))


def confusion_frame(y_true: list[str], y_pred: list[str]) -> pd.DataFrame:
    """Rows of (actual, predicted): the input DVC's confusion plot template expects."""
    return pd.DataFrame({"actual": list(y_true), "predicted": list(y_pred)})


def plot_confusion(y_true: list[str], y_pred: list[str], classes: tuple[str, ...], title: str, path: Path) -> None:
    matrix = confusion_matrix(y_true, y_pred, labels=list(classes))
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(1.2 * len(classes) + 2, 1.1 * len(classes) + 1.5))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(classes)), classes, rotation=45, ha="right")
    ax.set_yticks(range(len(classes)), classes)
    ax.set_xlabel("predicted")
    ax.set_ylabel("actual")
    ax.set_title(title)
    for i in range(len(classes)):
        for j in range(len(classes)):
            ax.text(j, i, int(matrix[i, j]), ha="center", va="center",
                    color="white" if matrix[i, j] > matrix.max() / 2 else "black")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def precision_recall_frame(y_true: list[bool], scores: list[float]) -> pd.DataFrame:
    precision, recall, thresholds = precision_recall_curve(y_true, scores)
    return pd.DataFrame({"precision": precision[:-1], "recall": recall[:-1], "threshold": thresholds})


# -- Intervals: sessions resampled with replacement, turns going with their session.
#
# Each figure is computed from a confusion matrix, and a resample's confusion
# matrix is a weighted sum of per-session confusion matrices, so every bootstrap
# replicate costs one matrix product instead of a pass over the rows.

NO_PREDICTION = "<none>"


def with_interval(metrics: dict[str, float], key: str) -> str:
    """`value [low, high]` of one figure and its `_ci_low`/`_ci_high` entries; the value
    alone where it has no interval, a dash where it is missing (tables, logs, the model card)."""
    if key not in metrics:
        return "—"
    low, high = metrics.get(f"{key}_ci_low"), metrics.get(f"{key}_ci_high")
    return f"{metrics[key]:.3f} [{low:.3f}, {high:.3f}]" if low is not None else f"{metrics[key]:.3f}"


def bootstrap_weights(n_sessions: int, samples: int, seed: int) -> np.ndarray:
    """(samples, n_sessions) counts: how often each session is drawn in each replicate."""
    rng = np.random.default_rng(seed)
    return rng.multinomial(n_sessions, np.full(n_sessions, 1.0 / n_sessions), size=samples).astype(np.float64)


def session_confusions(session_ids: list[str] | np.ndarray, y_true: list[str], y_pred: list[str],
                       classes: tuple[str, ...], sessions: np.ndarray) -> np.ndarray:
    """(len(sessions), K, K+1) confusion counts per session; the last column is
    a prediction outside `classes` (a session without any predicted turn)."""
    k = len(classes)
    index = {c: i for i, c in enumerate(classes)}
    position = {s: i for i, s in enumerate(sessions)}
    out = np.zeros((len(sessions), k, k + 1))
    for sid, truth, pred in zip(session_ids, y_true, y_pred):
        out[position[sid], index[truth], index.get(pred, k)] += 1
    return out


def confusion_scores(confusion: np.ndarray, classes: tuple[str, ...],
                     present: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Figures from (..., K, K+1) confusion counts, the same definitions as single_label_metrics:
    macro-F1 over the classes present in gold or prediction (or over `present`), zero where undefined."""
    k = len(classes)
    tp = np.diagonal(confusion[..., :k], axis1=-2, axis2=-1)
    gold = confusion.sum(axis=-1)
    predicted = confusion[..., :k].sum(axis=-2)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(predicted > 0, tp / predicted, 0.0)
        recall = np.where(gold > 0, tp / gold, 0.0)
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
        present = (gold + predicted) > 0 if present is None else np.broadcast_to(present, f1.shape)
        total = gold.sum(axis=-1)
        out = {
            "macro_f1": np.where(present.any(axis=-1), (f1 * present).sum(axis=-1) / present.sum(axis=-1), 0.0),
            "accuracy": np.where(total > 0, tp.sum(axis=-1) / total, 0.0),
        }
    for i, cls in enumerate(classes):
        out[f"{cls}.precision"], out[f"{cls}.recall"], out[f"{cls}.f1"] = precision[..., i], recall[..., i], f1[..., i]
    return out


def flag_confusions(session_ids: np.ndarray, y_true: pd.DataFrame, y_pred: pd.DataFrame,
                    classes: tuple[str, ...], sessions: np.ndarray) -> np.ndarray:
    """(len(sessions), n_flags, 2, 2) per-session confusion of each flag (false/true)."""
    position = pd.Series(np.arange(len(sessions)), index=sessions)[session_ids].to_numpy()
    out = np.zeros((len(sessions), len(classes), 2, 2))
    for j, cls in enumerate(classes):
        truth = y_true[cls].astype(bool).to_numpy().astype(int)
        pred = y_pred[cls].astype(bool).to_numpy().astype(int)
        np.add.at(out, (position, j, truth, pred), 1)
    return out


def flag_scores(confusion: np.ndarray, classes: tuple[str, ...],
                present: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Per-flag P/R/F1 of the positive class and macro-F1 over flags present in gold or prediction
    (multilabel_metrics' definitions)."""
    tp = confusion[..., 1, 1]
    gold = confusion[..., 1, :].sum(axis=-1)
    predicted = confusion[..., :, 1].sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(predicted > 0, tp / predicted, 0.0)
        recall = np.where(gold > 0, tp / gold, 0.0)
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
        present = (gold + predicted) > 0 if present is None else np.broadcast_to(present, f1.shape)
        out = {"macro_f1": np.where(present.any(axis=-1), (f1 * present).sum(axis=-1) / present.sum(axis=-1), 0.0)}
    for j, cls in enumerate(classes):
        out[f"{cls}.precision"], out[f"{cls}.recall"], out[f"{cls}.f1"] = precision[..., j], recall[..., j], f1[..., j]
    return out


def _per_session(units: pd.DataFrame, classes: tuple[str, ...], kind: str, sessions: np.ndarray) -> np.ndarray:
    ids = units["session_id"].to_numpy()
    if kind == "multilabel":
        truth = units[[f"true.{c}" for c in classes]].set_axis(list(classes), axis=1)
        pred = units[[f"pred.{c}" for c in classes]].set_axis(list(classes), axis=1)
        return flag_confusions(ids, truth, pred, classes, sessions)
    return session_confusions(ids, units["y_true"].tolist(), units["y_pred"].tolist(), classes, sessions)


def _present(per_session: np.ndarray, kind: str, n_classes: int) -> np.ndarray:
    """Classes (flags) that occur in the gold labels or the predictions of the whole set."""
    whole = per_session.sum(axis=0)
    if kind == "multilabel":
        return (whole[..., 1, :].sum(axis=-1) + whole[..., :, 1].sum(axis=-1)) > 0
    return (whole.sum(axis=-1) + whole[:, :n_classes].sum(axis=0)) > 0


def _scores(per_session: np.ndarray, classes: tuple[str, ...], kind: str, present: np.ndarray,
            weights: np.ndarray | None) -> dict[str, np.ndarray]:
    flat = per_session.reshape(len(per_session), -1)
    totals = flat.sum(axis=0, keepdims=True) if weights is None else weights @ flat
    score = flag_scores if kind == "multilabel" else confusion_scores
    return score(totals.reshape((len(totals),) + per_session.shape[1:]), classes, present)


def unit_scores(units: pd.DataFrame, classes: tuple[str, ...], kind: str, sessions: np.ndarray,
                weights: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Figures of one model's predictions (`units`: session_id, y_true/y_pred or flag columns),
    on the whole set (weights None: one row) or on every bootstrap replicate.

    Macro-F1 averages over the classes present in the whole set, in every replicate
    too: a replicate that happens to draw none of a rare class's three sessions
    must not jump to a macro-F1 over fewer classes."""
    per_session = _per_session(units, classes, kind, sessions)
    return _scores(per_session, classes, kind, _present(per_session, kind, len(classes)), weights)


def interval(values: np.ndarray, confidence: float) -> tuple[float, float]:
    """Percentile interval of bootstrap replicates."""
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return float(low), float(high)


def bootstrap_intervals(units: pd.DataFrame, classes: tuple[str, ...], kind: str, samples: int,
                        confidence: float, seed: int) -> dict[str, float]:
    """`<figure>_ci_low` / `<figure>_ci_high` for every figure of unit_scores."""
    sessions = np.sort(units["session_id"].unique())
    replicates = unit_scores(units, classes, kind, sessions, bootstrap_weights(len(sessions), samples, seed))
    out = {}
    for name, values in replicates.items():
        out[f"{name}_ci_low"], out[f"{name}_ci_high"] = interval(values, confidence)
    return out


def paired_difference(challenger: pd.DataFrame, champion: pd.DataFrame, classes: tuple[str, ...], kind: str,
                      figures: tuple[str, ...], samples: int, confidence: float, seed: int) -> dict[str, dict]:
    """Challenger minus champion on the same sessions, each replicate drawing the same
    sessions for both: the point difference and its interval per figure.

    Both macro-F1s average over one class set (gold plus either model's predictions),
    so a class only one model predicts counts against that model's precision but
    does not change the other model's denominator. Sessions only one side has are
    left out and counted (`sessions_only_one_side`)."""
    sessions = np.sort(np.intersect1d(challenger["session_id"].unique(), champion["session_id"].unique()))
    union = set(challenger["session_id"]) | set(champion["session_id"])
    new_units = challenger[challenger["session_id"].isin(sessions)]
    old_units = champion[champion["session_id"].isin(sessions)]
    new_sessions, old_sessions = (_per_session(u, classes, kind, sessions) for u in (new_units, old_units))
    present = _present(new_sessions, kind, len(classes)) | _present(old_sessions, kind, len(classes))
    weights = bootstrap_weights(len(sessions), samples, seed)
    new_point, old_point = (_scores(c, classes, kind, present, None) for c in (new_sessions, old_sessions))
    new, old = (_scores(c, classes, kind, present, weights) for c in (new_sessions, old_sessions))
    out = {}
    for name in figures:
        low, high = interval(new[name] - old[name], confidence)
        out[name] = {"challenger": float(new_point[name][0]), "champion": float(old_point[name][0]),
                     "difference": float(new_point[name][0] - old_point[name][0]),
                     "ci_low": low, "ci_high": high, "sessions": len(sessions),
                     "sessions_only_one_side": len(union) - len(sessions)}
    return out


def binomial_interval(successes: int, trials: int, confidence: float) -> tuple[float, float]:
    """Clopper-Pearson interval of a proportion: exact, and not degenerate when every
    trial succeeded (a percentile bootstrap of 10/10 gives [1, 1])."""
    if trials == 0:
        return 0.0, 0.0
    tail = (1 - confidence) / 2
    low = 0.0 if successes == 0 else float(beta.ppf(tail, successes, trials - successes + 1))
    high = 1.0 if successes == trials else float(beta.ppf(1 - tail, successes + 1, trials - successes))
    return low, high
