"""Stage `ingest`: read every source into one turn table and join the team's labels.

Outputs a turn table (one row per turn, all sources) and a session table (one
row per session with the session labels), plus the label distribution as DVC
metrics. Label files are optional: absent or partial labels leave nulls.

Label layout under `data.labels_dir`: one folder per real source
(`<source>/sessions.csv`, `<source>/turns.csv`, `<source>/agreement/`), keyed by
the source's session id and turn index, and `written/*.jsonl` for the team-written
sessions (texts are the team's own; `source` says `synthetic` for training or
`written_test` for the held-out written test set).
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
from pipeline.sources import TURN_COLUMNS, read_cped, read_ewect, read_jddc, read_shop, validate_turns

SESSION_LABEL_FIELDS = ("legitimacy", "emotion_peak", "emotion_end", *L.FLAGS)
WRITTEN_DIR = "written"



def read_written(path: Path, sources: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Team-written sessions (JSON lines with turns and labels): turns and session labels."""
    turns, sessions = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: row {number}: invalid JSON ({exc.msg})") from None
        where = f"{path}: row {number}"
        if rec.get("source") not in sources:
            raise InputError(f"{where}, column 'source': must be one of {list(sources)}")
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
                          # A contrast pair is one story told twice: its members share a group
                          # so that no split or CV fold separates them.
                          "source": rec["source"], "source_split": "", "group_id": rec.get("pair_id") or sid,
                          "meta": "{}",
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


def repeated_ngram_shares(turns: pd.DataFrame, sessions: pd.DataFrame, written: tuple[str, ...],
                          n: int = 8) -> dict[str, float]:
    """Diversity of the team-written sessions: the share of customer-text character n-grams
    (placeholders removed) that also occur in another session, over all sessions and
    between sessions of different contrast pairs. Agent turns are left out: their stock
    phrases repeat in real chats too."""
    customer = turns[turns["source"].isin(written) & (turns["role"] == "customer")]
    if customer.empty:
        return {}
    text = customer["text"].str.replace(r"\[[^\]]{1,8}x\]", "", regex=True).str.replace(r"\s+", "", regex=True)
    documents = text.groupby(customer["session_id"]).agg("".join)
    group = sessions.set_index("session_id")["group_id"]
    owners: dict[str, set[str]] = {}
    grams_of = {}
    for sid, doc in documents.items():
        grams_of[sid] = {doc[i:i + n] for i in range(len(doc) - n + 1)}
        for gram in grams_of[sid]:
            owners.setdefault(gram, set()).add(sid)
    total = sum(len(g) for g in grams_of.values())
    shared = sum(1 for sid, grams in grams_of.items() for g in grams if len(owners[g]) > 1)
    across = sum(1 for sid, grams in grams_of.items() for g in grams
                 if any(group.get(o) != group.get(sid) for o in owners[g]))
    return {f"written.repeated_{n}gram_share": round(shared / max(total, 1), 4),
            f"written.repeated_{n}gram_share_across_pairs": round(across / max(total, 1), 4)}


def label_distribution(sessions: pd.DataFrame, turns: pd.DataFrame, written: tuple[str, ...]) -> dict:
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
    real = sessions[~sessions["source"].isin(written) & sessions["legitimacy"].notna()]
    out["real.sessions_labelled"] = len(real)
    for source, part in turns[turns["emotion"].notna()].groupby("source"):
        out[f"{source}.turns_labelled"] = len(part)
        counts = Counter(part["emotion"])
        for value in L.EMOTIONS:
            out[f"{source}.turn_emotion.{value}"] = int(counts.get(value, 0))
    for column in ("ewect_emotion", "cped_emotion"):
        if column in turns:
            for value, count in turns[column].dropna().value_counts().sort_index().items():
                out[f"{column}.{value}"] = int(count)
    out.update(repeated_ngram_shares(turns, sessions, written))
    return out


def read_real_sources(params: Params) -> dict[str, pd.DataFrame]:
    """Every real corpus named in params, by source name (its label folder's name)."""
    data = params.data
    return {
        "jddc": read_jddc(data.jddc_path, data.max_sessions_per_source),
        "jddc21_shop": read_shop(data.shop_dir, data.shop_files, data.max_sessions_per_source),
    }


def ingest(params: Params) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    data = params.data
    labels_dir = Path(data.labels_dir)
    # Debug runs read a subset of the source: labels of sessions not read are
    # expected then, so only a full read insists that every label id exists.
    subset = data.max_sessions_per_source is not None
    parts, session_labels = [], []
    for source, frame in read_real_sources(params).items():
        turn_labels = labels_dir / source / "turns.csv"
        frame = join_turn_labels(frame, turn_labels, subset) if turn_labels.exists() else frame.assign(emotion=None)
        parts.append(frame)
        label_file = labels_dir / source / "sessions.csv"
        if label_file.exists():
            labels = L.read_session_labels(label_file)
            if subset:
                labels = labels[labels["session_id"].isin(frame["session_id"])]
            L.check_ids_exist(labels, frame, ["session_id"], label_file)
            session_labels.append(labels[["session_id", *SESSION_LABEL_FIELDS, "annotator"]])
    parts += [
        read_ewect(data.ewect_dir, data.ewect_files, data.max_sessions_per_source),
        read_cped(data.cped_dir, data.cped_files, data.max_sessions_per_source),
    ]
    for path in sorted((labels_dir / WRITTEN_DIR).glob("*.jsonl")):
        written_turns, written_sessions = read_written(path, params.split.written_sources)
        parts.append(written_turns)
        session_labels.append(written_sessions)
    turns = pd.concat(parts, ignore_index=True)
    owners = turns.drop_duplicates(["session_id", "source"])
    repeated = owners.loc[owners.duplicated("session_id"), "session_id"]
    if len(repeated):
        raise InputError(f"session ids repeat across sources (label files are keyed by id): {repeated.head(3).tolist()}")
    label_columns = [c for c in turns.columns if c not in TURN_COLUMNS]
    turns = turns[list(TURN_COLUMNS) + label_columns]
    for column in label_columns:
        turns[column] = turns[column].astype("string")

    sessions = build_sessions(turns)
    if session_labels:
        labelled = pd.concat(session_labels, ignore_index=True)
        dup = labelled[labelled.duplicated("session_id")]
        if len(dup):
            raise InputError(f"session {dup['session_id'].iloc[0]!r} is labelled in two label files")
        sessions = sessions.merge(labelled, on="session_id", how="left")
    else:
        sessions = sessions.assign(**{f: None for f in (*SESSION_LABEL_FIELDS, "annotator")})
    for field in ("legitimacy", "emotion_peak", "emotion_end", "annotator"):
        sessions[field] = sessions[field].astype("string")
    for flag in L.FLAGS:
        sessions[flag] = sessions[flag].astype("boolean")
    return turns, sessions, label_distribution(sessions, turns, params.split.written_sources)


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
