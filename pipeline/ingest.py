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
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline import labels as L
from pipeline.io import (InputError, TableWriter, iter_table, map_large_blocks, release_freed_memory, scratch_database,
                         write_json)
from pipeline.params import Params, load_params
from pipeline.sources import TURN_COLUMNS, iter_cped, iter_ewect, iter_jddc, iter_shop, validate_turns

SESSION_LABEL_FIELDS = ("legitimacy", "emotion_peak", "emotion_end", *L.FLAGS)
# Label columns of the turn table: the team's turn emotions and the public corpora's own labels.
LABEL_COLUMNS = ("emotion", "ewect_emotion", "cped_emotion")
WRITTEN_DIR = "written"
# The real corpora with label folders of their own (`<labels_dir>/<source>/`).
REAL_SOURCES = ("jddc", "jddc21_shop")



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


class LabelJoin:
    """The team's label file of one source, joined chunk by chunk to the streamed turns.

    Label files are small (people write them); the corpus is not. Every label
    row must meet its record somewhere in the stream: what is never met is
    reported at the end as a typo'd id, not dropped.
    """

    def __init__(self, labels: pd.DataFrame, key: list[str], path: Path):
        self.labels, self.key, self.path = labels.reset_index(drop=True), key, path
        self._keys = pd.MultiIndex.from_frame(self.labels[key])
        self.met = np.zeros(len(labels), dtype=bool)

    def join(self, frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
        present = self._keys.isin(pd.MultiIndex.from_frame(frame[self.key]))
        self.met |= present
        return frame.merge(self.labels.loc[present, [*self.key, *columns]], on=self.key, how="left")

    def check_all_met(self, subset: bool) -> None:
        # Debug runs read a subset of the source: labels of sessions not read are
        # expected then, so only a full read insists that every label id exists.
        if not subset:
            L.check_ids_exist(self.labels[~self.met], self.labels[self.met], self.key, self.path)


def turn_label_join(path: Path) -> LabelJoin:
    return LabelJoin(L.read_turn_labels(path), ["session_id", "turn_index"], path)


def join_turn_labels(turns: pd.DataFrame, labels: LabelJoin) -> pd.DataFrame:
    joined = labels.join(turns[["session_id", "turn_index", "role"]], ["emotion", "_line"])
    agent = joined[joined["emotion"].notna() & (joined["role"] != "customer")]
    if len(agent):
        row = agent.iloc[0]
        raise InputError(f"{labels.path}: row {int(row['_line'])}, column 'turn_index': turn {row['turn_index']} of "
                         f"session {row['session_id']} is an agent turn; only customer turns get emotions")
    return turns.assign(emotion=joined["emotion"].to_numpy())


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


class LabelDistribution:
    """Counts of sessions and labels per source (DVC metrics), added up chunk by chunk."""

    def __init__(self, written: tuple[str, ...]):
        self.written = written
        self.counts: Counter = Counter()
        self.sources: list[str] = []
        self.labelled_sources: set[str] = set()
        self.turn_sources: set[str] = set()

    def add(self, sessions: pd.DataFrame, turns: pd.DataFrame) -> None:
        out = self.counts
        for source, part in sessions.groupby("source", sort=False):
            if source not in self.sources:
                self.sources.append(source)
            labelled = part[part["legitimacy"].notna()]
            out[f"{source}.sessions"] += len(part)
            out[f"{source}.sessions_labelled"] += len(labelled)
            if labelled.empty:
                continue
            self.labelled_sources.add(source)
            for field in ("legitimacy", "emotion_peak", "emotion_end"):
                allowed = L.LEGITIMACY if field == "legitimacy" else L.EMOTIONS
                counts = Counter(labelled[field])
                for value in allowed:
                    out[f"{source}.{field}.{value}"] += int(counts.get(value, 0))
            for flag in L.FLAGS:
                out[f"{source}.flag.{flag}"] += int(labelled[flag].fillna(False).astype(bool).sum())
        real = sessions[~sessions["source"].isin(self.written) & sessions["legitimacy"].notna()]
        out["real.sessions_labelled"] += len(real)
        for source, part in turns[turns["emotion"].notna()].groupby("source"):
            self.turn_sources.add(source)
            out[f"{source}.turns_labelled"] += len(part)
            counts = Counter(part["emotion"])
            for value in L.EMOTIONS:
                out[f"{source}.turn_emotion.{value}"] += int(counts.get(value, 0))
        for column in ("ewect_emotion", "cped_emotion"):
            for value, count in turns[column].dropna().value_counts().items():
                out[f"{column}.{value}"] += int(count)

    def as_metrics(self) -> dict[str, int]:
        return {key: int(value) for key, value in self.counts.items()}


def read_real_sources(params: Params, chunk_turns: int) -> dict[str, Iterator[pd.DataFrame]]:
    """Every real corpus named in params, by source name (its label folder's name), as chunk streams."""
    data = params.data
    return {
        "jddc": iter_jddc(data.jddc_path, data.max_sessions_per_source, chunk_turns),
        "jddc21_shop": iter_shop(data.shop_dir, data.shop_files, data.max_sessions_per_source, chunk_turns),
    }


def read_labels(labels_dir: Path, written_sessions: list[pd.DataFrame]) -> dict[str, LabelJoin]:
    """Session label files of the real sources, plus the written sessions' labels, checked
    for a session labelled twice."""
    joins = {}
    for source in REAL_SOURCES:
        label_file = labels_dir / source / "sessions.csv"
        if label_file.exists():
            labels = L.read_session_labels(label_file)
            joins[source] = LabelJoin(labels[["session_id", *SESSION_LABEL_FIELDS, "annotator", "_line"]],
                                      ["session_id"], label_file)
    everything = pd.concat([j.labels[["session_id"]] for j in joins.values()]
                           + [s[["session_id"]] for s in written_sessions] + [pd.DataFrame({"session_id": []})],
                           ignore_index=True)
    dup = everything[everything.duplicated("session_id")]
    if len(dup):
        raise InputError(f"session {dup['session_id'].iloc[0]!r} is labelled in two label files")
    return joins


class IdRegistry:
    """Every session id met, as two 64-bit hashes per session (not the id itself), in a
    scratch SQLite file: memory stays flat however many sessions come, and the grouped
    query that finds a hash met twice sorts on disk beyond the page cache."""

    def __init__(self, path: Path):
        self.db = scratch_database(path)
        self.db.execute("CREATE TABLE ids (plain INTEGER, with_source INTEGER)")

    @staticmethod
    def _hashes(sessions: pd.DataFrame, with_source: bool) -> np.ndarray:
        keys = sessions["source"] + "\x1f" + sessions["session_id"] if with_source else sessions["session_id"]
        return pd.util.hash_array(keys.to_numpy(dtype=object))

    def add(self, sessions: pd.DataFrame) -> None:
        # SQLite integers are signed: the same 64 bits, read as int64
        plain = self._hashes(sessions, with_source=False).view(np.int64).tolist()
        with_source = self._hashes(sessions, with_source=True).view(np.int64).tolist()
        self.db.executemany("INSERT INTO ids VALUES (?, ?)", zip(plain, with_source))

    def repeated(self) -> tuple[set[int], set[int]]:
        """Hashes of ids met twice within one source (non-contiguous turns) and across sources."""
        def twice(column: str) -> set[int]:
            found = [h for (h,) in self.db.execute(f"SELECT {column} FROM ids GROUP BY {column} HAVING COUNT(*) > 1")]
            return set(np.array(found, dtype=np.int64).view(np.uint64).tolist())
        return twice("with_source"), twice("plain")

    def close(self) -> None:
        self.db.close()

    @classmethod
    def ids_with_hash(cls, path: Path, hashes: set[int], with_source: bool, chunk_rows: int) -> list[str]:
        """The session ids behind `hashes`, read back from the session table written so far."""
        found = []
        for part in iter_table(path, chunk_rows, columns=["session_id", "source"]):
            hashed = cls._hashes(part, with_source)
            found += part.loc[np.isin(hashed, np.fromiter(hashes, np.uint64)), "session_id"].tolist()
        return list(dict.fromkeys(found))


def _turn_chunk(frame: pd.DataFrame) -> pd.DataFrame:
    """The turn table's fixed column order and dtypes, whatever the source supplied."""
    for column in LABEL_COLUMNS:
        if column not in frame:
            frame = frame.assign(**{column: None})
    frame = frame[[*TURN_COLUMNS, *LABEL_COLUMNS]]
    return frame.astype({column: "string" for column in LABEL_COLUMNS})


def _session_chunk(turns: pd.DataFrame, labels: LabelJoin | None) -> pd.DataFrame:
    sessions = build_sessions(turns)
    if labels is not None:
        sessions = labels.join(sessions, [*SESSION_LABEL_FIELDS, "annotator"])
    else:
        sessions = sessions.assign(**{f: None for f in (*SESSION_LABEL_FIELDS, "annotator")})
    for field in ("legitimacy", "emotion_peak", "emotion_end", "annotator"):
        sessions[field] = sessions[field].astype("string")
    for flag in L.FLAGS:
        sessions[flag] = sessions[flag].astype("boolean")
    return sessions


def ingest(params: Params, turns_out: str | Path, sessions_out: str | Path) -> dict:
    """Stream every source into the turn and session tables; returns the label distribution.

    One chunk of whole sessions is in memory at a time (`data.chunk_turns`
    turns); the session ids met are kept only as hashes, on disk (IdRegistry).
    """
    data = params.data
    labels_dir = Path(data.labels_dir)
    subset = data.max_sessions_per_source is not None
    written = params.split.written_sources
    written_parts = [read_written(path, written) for path in sorted((labels_dir / WRITTEN_DIR).glob("*.jsonl"))]
    session_labels = read_labels(labels_dir, [s for _, s in written_parts])
    turn_labels = {source: turn_label_join(labels_dir / source / "turns.csv")
                   for source in REAL_SOURCES if (labels_dir / source / "turns.csv").exists()}

    streams: list[tuple[str, Iterator[pd.DataFrame]]] = list(read_real_sources(params, data.chunk_turns).items())
    streams += [
        ("ewect", iter_ewect(data.ewect_dir, data.ewect_files, data.max_sessions_per_source, data.chunk_turns)),
        ("cped", iter_cped(data.cped_dir, data.cped_files, data.max_sessions_per_source, data.chunk_turns)),
    ]
    written_labels = LabelJoin(pd.concat([s for _, s in written_parts], ignore_index=True).assign(_line=0),
                               ["session_id"], labels_dir / WRITTEN_DIR) if written_parts else None
    streams.append(("written", iter(t for t, _ in written_parts)))

    distribution = LabelDistribution(written)
    written_turns, written_sessions = [], []
    with (TableWriter(turns_out) as turn_writer, TableWriter(sessions_out) as session_writer,
          tempfile.TemporaryDirectory(dir=Path(turns_out).parent, prefix=".ingest-") as staging):
        ids = IdRegistry(Path(staging) / "session_ids.sqlite")
        for source, chunks in streams:
            labels = written_labels if source == "written" else session_labels.get(source)
            for chunk in chunks:
                if source in turn_labels:
                    chunk = join_turn_labels(chunk, turn_labels[source])
                chunk = _turn_chunk(chunk)
                sessions = _session_chunk(chunk, labels)
                ids.add(sessions)
                distribution.add(sessions, chunk)
                if source == "written":
                    written_turns.append(chunk)
                    written_sessions.append(sessions)
                turn_writer.write(chunk)
                session_writer.write(sessions)
                release_freed_memory()
        within, across = ids.repeated()
        ids.close()
        if within or across:
            written_sessions_file = session_writer.written_so_far()
            if within:
                repeated = IdRegistry.ids_with_hash(written_sessions_file, within, True, data.chunk_turns)
                raise InputError(f"turns of a session are not contiguous in its source file (or its id repeats "
                                 f"there): {repeated[:3]}")
            repeated = IdRegistry.ids_with_hash(written_sessions_file, across, False, data.chunk_turns)
            raise InputError(f"session ids repeat across sources (label files are keyed by id): {repeated[:3]}")
        for join in [*turn_labels.values(), *session_labels.values()]:
            join.check_all_met(subset)
        turn_writer.close(_turn_chunk(pd.DataFrame(columns=list(TURN_COLUMNS))))
        session_writer.close()
    metrics = distribution.as_metrics()
    if written_turns:
        metrics.update(repeated_ngram_shares(pd.concat(written_turns, ignore_index=True),
                                             pd.concat(written_sessions, ignore_index=True), written))
    return metrics


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--turns-out", required=True)
    parser.add_argument("--sessions-out", required=True)
    parser.add_argument("--metrics-out", required=True)
    args = parser.parse_args()
    map_large_blocks()
    distribution = ingest(load_params(args.params), args.turns_out, args.sessions_out)
    write_json(distribution, args.metrics_out)
    print(f"ingest: {sum(v for k, v in distribution.items() if k.endswith('.sessions'))} sessions "
          f"({distribution.get('real.sessions_labelled', 0)} real sessions with labels)")


if __name__ == "__main__":
    main()
