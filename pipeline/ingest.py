"""Stage `ingest`: read every source into one turn table and join the team's labels.

Outputs a turn table (one row per turn, all sources) and a session table (one
row per session with the session labels), plus the label distribution as DVC
metrics. Label files are optional: absent or partial labels leave nulls.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import pandas as pd

from pipeline import labels as L
from pipeline.io import InputError, write_json, write_table
from pipeline.params import Params, load_params
from pipeline.sources import TURN_COLUMNS, read_cped, read_ewect, read_jddc, validate_turns

SESSION_LABEL_FIELDS = ("legitimacy", "emotion_peak", "emotion_end", *L.FLAGS)


def read_synthetic(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Team-written sessions for rare classes (training only): turns and session labels."""
    turns, sessions = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: row {number}: invalid JSON ({exc.msg})") from None
        where = f"{path}: row {number}"
        if rec.get("source") != "synthetic":
            raise InputError(f"{where}, column 'source': must be 'synthetic'")
        for field, allowed in (("legitimacy", L.LEGITIMACY), ("emotion_peak", L.EMOTIONS), ("emotion_end", L.EMOTIONS)):
            if rec.get(field) not in allowed:
                raise InputError(f"{where}, column '{field}': unknown value {rec.get(field)!r}")
        for flag in L.FLAGS:
            if not isinstance(rec.get(flag), bool):
                raise InputError(f"{where}, column '{flag}': expected true/false")
        sid = rec["session_id"]
        sessions.append({"session_id": sid, **{f: rec[f] for f in SESSION_LABEL_FIELDS},
                         "annotator": rec.get("annotator", "")})
        for index, turn in enumerate(rec["turns"]):
            if turn.get("role") not in ("customer", "agent"):
                raise InputError(f"{where}, turn {index}, column 'role': {turn.get('role')!r}")
            emotion = turn.get("emotion")
            if turn["role"] == "customer" and emotion not in L.EMOTIONS:
                raise InputError(f"{where}, turn {index}, column 'emotion': unknown value {emotion!r}")
            turns.append({"session_id": sid, "turn_index": index, "role": turn["role"], "text": turn["text"],
                          "source": "synthetic", "source_split": "", "group_id": sid, "meta": "{}",
                          "emotion": emotion if turn["role"] == "customer" else None})
    turn_frame = pd.DataFrame(turns)
    turn_frame["turn_index"] = turn_frame["turn_index"].astype("int64")
    return validate_turns(turn_frame, str(path)), pd.DataFrame(sessions)


def join_turn_labels(turns: pd.DataFrame, path: Path, subset: bool) -> pd.DataFrame:
    labels = L.read_turn_labels(path)
    if subset:
        labels = labels[labels["session_id"].isin(turns["session_id"])]
    L.check_ids_exist(labels, turns, ["session_id", "turn_index"], path)
    joined = labels.merge(turns[["session_id", "turn_index", "role"]], on=["session_id", "turn_index"])
    agent = joined[joined["role"] != "customer"]
    if len(agent):
        row = agent.iloc[0]
        raise InputError(f"{path}: row {int(row['_line'])}, column 'turn_index': turn {row['turn_index']} of "
                         f"session {row['session_id']} is an agent turn; only customer turns get emotions")
    return turns.merge(labels[["session_id", "turn_index", "emotion"]], on=["session_id", "turn_index"], how="left")


def build_sessions(turns: pd.DataFrame) -> pd.DataFrame:
    grouped = turns.groupby("session_id", sort=False)
    return pd.DataFrame({
        "source": grouped["source"].first(),
        "source_split": grouped["source_split"].first(),
        "group_id": grouped["group_id"].first(),
        "n_turns": grouped.size(),
    }).reset_index()


def label_distribution(sessions: pd.DataFrame, turns: pd.DataFrame) -> dict:
    out: dict[str, int] = {}
    for source, part in sessions.groupby("source"):
        labelled = part[part["legitimacy"].notna()]
        out[f"{source}.sessions"] = len(part)
        out[f"{source}.sessions_labelled"] = len(labelled)
        if labelled.empty:
            continue
        for field in ("legitimacy", "emotion_peak", "emotion_end"):
            allowed = L.LEGITIMACY if field == "legitimacy" else L.EMOTIONS
            counts = Counter(labelled[field])
            for value in allowed:
                out[f"{source}.{field}.{value}"] = int(counts.get(value, 0))
        for flag in L.FLAGS:
            out[f"{source}.flag.{flag}"] = int(labelled[flag].fillna(False).astype(bool).sum())
    for source, part in turns[turns["emotion"].notna()].groupby("source"):
        out[f"{source}.turns_labelled"] = len(part)
        counts = Counter(part["emotion"])
        for value in L.EMOTIONS:
            out[f"{source}.turn_emotion.{value}"] = int(counts.get(value, 0))
    for column in ("ewect_emotion", "cped_emotion"):
        if column in turns:
            for value, count in turns[column].dropna().value_counts().sort_index().items():
                out[f"{column}.{value}"] = int(count)
    return out


def ingest(params: Params) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    data = params.data
    jddc = read_jddc(data.jddc_path, data.max_sessions_per_source)
    labels_dir = Path(data.labels_dir)
    turn_labels = labels_dir / "turns.csv"
    # Debug runs read a subset of the source: labels of sessions not read are
    # expected then, so only a full read insists that every label id exists.
    subset = data.max_sessions_per_source is not None
    jddc = join_turn_labels(jddc, turn_labels, subset) if turn_labels.exists() else jddc.assign(emotion=None)
    parts = [
        jddc,
        read_ewect(data.ewect_dir, data.ewect_files, data.max_sessions_per_source),
        read_cped(data.cped_dir, data.cped_files, data.max_sessions_per_source),
    ]
    synthetic_path = labels_dir / "synthetic_sessions.jsonl"
    synthetic_sessions = None
    if synthetic_path.exists():
        synthetic_turns, synthetic_sessions = read_synthetic(synthetic_path)
        parts.append(synthetic_turns)
    turns = pd.concat(parts, ignore_index=True)
    label_columns = [c for c in turns.columns if c not in TURN_COLUMNS]
    turns = turns[list(TURN_COLUMNS) + label_columns]
    for column in label_columns:
        turns[column] = turns[column].astype("string")

    sessions = build_sessions(turns)
    session_labels = labels_dir / "sessions.csv"
    labelled = []
    if session_labels.exists():
        frame = L.read_session_labels(session_labels)
        if subset:
            frame = frame[frame["session_id"].isin(sessions["session_id"])]
        L.check_ids_exist(frame, sessions[sessions["source"] == "jddc"], ["session_id"], session_labels)
        labelled.append(frame[["session_id", *SESSION_LABEL_FIELDS, "annotator"]])
    if synthetic_sessions is not None:
        labelled.append(synthetic_sessions)
    if labelled:
        sessions = sessions.merge(pd.concat(labelled, ignore_index=True), on="session_id", how="left")
    else:
        sessions = sessions.assign(**{f: None for f in (*SESSION_LABEL_FIELDS, "annotator")})
    for field in ("legitimacy", "emotion_peak", "emotion_end", "annotator"):
        sessions[field] = sessions[field].astype("string")
    for flag in L.FLAGS:
        sessions[flag] = sessions[flag].astype("boolean")
    return turns, sessions, label_distribution(sessions, turns)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--turns-out", required=True)
    parser.add_argument("--sessions-out", required=True)
    parser.add_argument("--metrics-out", required=True)
    args = parser.parse_args()
    turns, sessions, distribution = ingest(load_params(args.params))
    write_table(turns, args.turns_out)
    write_table(sessions, args.sessions_out)
    write_json(distribution, args.metrics_out)
    print(f"ingest: {len(turns)} turns, {len(sessions)} sessions "
          f"({sessions['legitimacy'].notna().sum()} with session labels)")


if __name__ == "__main__":
    main()
