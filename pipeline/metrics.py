"""Classification metrics and plots with scikit-learn, flattened for DVC metrics files."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # batch jobs and CI have no display
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_curve, precision_recall_fscore_support


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


def confusion_frame(y_true: list[str], y_pred: list[str]) -> pd.DataFrame:
    """Rows of (actual, predicted): the input DVC's confusion plot template expects."""
    return pd.DataFrame({"actual": list(y_true), "predicted": list(y_pred)})


def plot_confusion(y_true: list[str], y_pred: list[str], classes: tuple[str, ...], title: str, path: Path) -> None:
    matrix = confusion_matrix(y_true, y_pred, labels=list(classes))
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
