"""The label vocabulary of ../shared/labeling-guide.md (the contract) and label-file checks."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.io import InputError

LEGITIMACY = ("no_complaint", "legitimate", "excessive", "unfounded", "abusive")
EMOTIONS = ("calm", "anxious", "dissatisfied", "furious", "distressed")
# Guide section 4: furious > distressed > dissatisfied > anxious > calm.
EMOTION_INTENSITY = {"calm": 0, "anxious": 1, "dissatisfied": 2, "distressed": 3, "furious": 4}
# Acknowledgements and closers that never define emotion_end (labeling notes, rule 17).
TRIVIAL_MESSAGES = frozenset({
    "好", "好的", "好吧", "那好吧", "哦", "嗯", "嗯嗯", "ok", "对", "对的", "知道了", "没了", "没有了",
    "再见", "行", "可以", "是的",
})
FLAGS = ("exposure_threat", "regulator_or_legal", "safety", "repeat_contact", "escalation_request")

SESSION_LABEL_COLUMNS = (
    "session_id", "legitimacy", "emotion_peak", "emotion_end", *FLAGS, "annotator", "note",
)
TURN_LABEL_COLUMNS = ("session_id", "turn_index", "emotion", "annotator")

_BOOL_VALUES = {"true": True, "false": False, "1": True, "0": False}


def _fail(path: Path, line: int, column: str, message: str) -> InputError:
    return InputError(f"{path}: row {line}, column '{column}': {message}")


def read_label_csv(path: Path, columns: tuple[str, ...], key: tuple[str, ...]) -> pd.DataFrame:
    """Read a team label file as strings and check columns and key uniqueness.

    Row numbers in errors are file lines (header = line 1), so an annotator can
    jump straight to the offending line.
    """
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 at byte {exc.start}") from exc
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {missing}; expected {list(columns)}")
    extra = [c for c in frame.columns if c not in columns]
    if extra:
        raise InputError(f"{path}: unexpected column(s) {extra}; expected {list(columns)}")
    frame["_line"] = range(2, len(frame) + 2)
    dup = frame.duplicated(list(key), keep="first")
    if dup.any():
        row = frame[dup].iloc[0]
        raise _fail(path, int(row["_line"]), key[-1], f"duplicate key {tuple(row[k] for k in key)}")
    return frame


def _check_values(frame: pd.DataFrame, path: Path, column: str, allowed: tuple[str, ...], required: bool = True) -> None:
    for line, value in zip(frame["_line"], frame[column]):
        if value == "" and not required:
            continue
        if value not in allowed:
            raise _fail(path, int(line), column, f"unknown value {value!r}; allowed {list(allowed)}")


def read_session_labels(path: Path) -> pd.DataFrame:
    frame = read_label_csv(path, SESSION_LABEL_COLUMNS, ("session_id",))
    _check_values(frame, path, "legitimacy", LEGITIMACY)
    _check_values(frame, path, "emotion_peak", EMOTIONS)
    _check_values(frame, path, "emotion_end", EMOTIONS)
    for flag in FLAGS:
        _check_values(frame, path, flag, tuple(_BOOL_VALUES))
        frame[flag] = frame[flag].str.lower().map(_BOOL_VALUES)
    return frame


def read_turn_labels(path: Path) -> pd.DataFrame:
    frame = read_label_csv(path, TURN_LABEL_COLUMNS, ("session_id", "turn_index"))
    for line, value in zip(frame["_line"], frame["turn_index"]):
        if not value.isdigit():
            raise _fail(path, int(line), "turn_index", f"not a non-negative integer: {value!r}")
    frame["turn_index"] = frame["turn_index"].astype("int64")
    _check_values(frame, path, "emotion", EMOTIONS)
    return frame


def check_ids_exist(labels: pd.DataFrame, known: pd.DataFrame, key: list[str], path: Path) -> None:
    """Every label row must point at a record of the source: a typo'd id is an error, not a drop."""
    joined = labels.merge(known[key].drop_duplicates(), on=key, how="left", indicator=True)
    orphan = joined[joined["_merge"] == "left_only"]
    if len(orphan):
        row = orphan.iloc[0]
        raise _fail(path, int(row["_line"]), key[-1],
                    f"{dict((k, row[k]) for k in key)} is not in the source data ({len(orphan)} such rows)")


def emotion_peak(emotions: list[str]) -> str:
    return max(emotions, key=EMOTION_INTENSITY.__getitem__)
