"""Stage `clean`: normalise and mask every turn, remove duplicates, report what was done.

Nothing disappears silently: every removed turn or session is listed with its
reason in the removals table, and counted in the cleaning report (DVC metrics).

Streams: turns are read, cleaned and written one chunk of whole sessions at a
time (`data.chunk_turns`), in two passes over the turn table — pass 1 cleans
and drops repeated turns into a staging file, pass 2 removes duplicate
sessions, labelled sessions first so a labelled session is never the one
dropped, against an index on disk (pipeline/dedup.py). Memory holds a chunk,
the labelled sessions' documents and the index's bounded page cache: it does
not grow with the corpus.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.compute as pc
import pyarrow.parquet as pq
from tqdm import tqdm

from pipeline.dedup import SessionDeduplicator
from pipeline.io import (InputError, TableWriter, iter_table, map_large_blocks, release_freed_memory, whole_sessions,
                         write_json)
from pipeline.params import load_params
from pipeline.text import CleanStats, clean_text_with_stats, dedup_key, names

REMOVAL_REASONS = ("empty_after_cleaning", "repeated_turn", "no_turns_left", "exact_duplicate_session",
                   "near_duplicate_session")


def clean_turns(turns: pd.DataFrame) -> tuple[pd.DataFrame, CleanStats, float]:
    """Cleaned turns, what cleaning did, and the seconds it took."""
    stats = CleanStats()
    cleaned, traditional = [], []
    names.warm_up()  # a one-off load: turns/s below is the steady rate a large corpus sees
    started = time.perf_counter()
    for text in tqdm(turns["text"], desc="clean", unit="turn", mininterval=5):
        value, turn_stats = clean_text_with_stats(text)
        stats.add(turn_stats)
        cleaned.append(value)
        traditional.append(bool(turn_stats.traditional_converted))
    elapsed = time.perf_counter() - started
    # Whether the raw turn was in Traditional script: the batch report's drift
    # check compares a scored batch's share with the training data's.
    return turns.assign(text=cleaned, traditional=traditional), stats, elapsed


def _removal(frame: pd.DataFrame, reason: str, duplicate_of: pd.Series | None = None) -> pd.DataFrame:
    return pd.DataFrame({
        "session_id": frame["session_id"].to_numpy(),
        "turn_index": frame["turn_index"].to_numpy() if "turn_index" in frame else -1,
        "reason": reason,
        "duplicate_of": duplicate_of.to_numpy() if duplicate_of is not None else "",
    })


def drop_duplicate_turns(turns: pd.DataFrame) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """Empty turns, and a turn repeating the previous turn of the same speaker (a double send)."""
    keys = turns["text"].map(dedup_key)
    empty = turns["text"].str.strip() == ""
    grouped = turns.assign(_key=keys).groupby("session_id", sort=False)
    repeated = (
        (keys == grouped["_key"].shift(1))
        & (turns["role"] == grouped["role"].shift(1))
        & (keys != "")
        & ~empty
    )
    removals = [_removal(turns[empty], "empty_after_cleaning"), _removal(turns[repeated], "repeated_turn")]
    return turns[~empty & ~repeated], removals


def _session_documents(turns: pd.DataFrame) -> pd.Series:
    # A text with nothing left after dropping punctuation and placeholders (a
    # bare link, an order card) is compared verbatim, not as an empty key.
    keys = turns["text"].map(dedup_key)
    keys = keys.where(keys != "", turns["text"])
    lines = turns["role"].str[0] + ":" + keys
    return lines.groupby(turns["session_id"], sort=False).agg("\n".join)


def source_structure_counts(turns: pd.DataFrame) -> dict[str, int]:
    """Turns a reader moved out of the turn table (shop routing lines into session
    metadata, client events dropped), counted from each session's meta once."""
    counts = {"routing_lines_to_metadata": 0, "system_events_removed": 0}
    for meta in turns.drop_duplicates("session_id")["meta"]:
        fields = json.loads(meta) if meta else {}
        counts["routing_lines_to_metadata"] += int(fields.get("routing_lines", 0))
        counts["system_events_removed"] += int(fields.get("system_events", 0))
    return counts


class SessionsInTurnOrder:
    """Streams the session table alongside the turn table: `ingest` writes both in
    the same session order, so each chunk's rows are read once, in order."""

    def __init__(self, path: str, rows: int):
        self._batches = iter_table(path, rows)
        self._held = pd.DataFrame()

    def take(self, ids: pd.Series) -> pd.DataFrame:
        """The session rows of `ids` (in order); rows before them (sessions removed earlier) are passed over."""
        if ids.empty:
            return self._held.iloc[:0]
        last = ids.iloc[-1]
        while last not in set(self._held.get("session_id", pd.Series(dtype=str)).tolist()):
            batch = next(self._batches, None)
            if batch is None:
                raise InputError(f"session {last!r} of the turn table is missing from the session table, "
                                 f"or the two tables are not in the same session order")
            self._held = pd.concat([self._held, batch], ignore_index=True) if len(self._held) else batch
        end = int(np.flatnonzero(self._held["session_id"].to_numpy() == last)[0]) + 1
        window, self._held = self._held.iloc[:end], self._held.iloc[end:].reset_index(drop=True)
        found = window[window["session_id"].isin(ids)].reset_index(drop=True)
        if len(found) != len(ids):
            missing = ids[~ids.isin(found["session_id"])].iloc[0]
            raise InputError(f"session {missing!r} of the turn table is missing from the session table, "
                             f"or the two tables are not in the same session order")
        return found


def labelled_session_ids(path: str) -> set[str]:
    """Sessions with a legitimacy label: people write those, so they are few enough to hold."""
    table = pq.read_table(path, columns=["session_id", "legitimacy"])
    return set(table.filter(pc.is_valid(table["legitimacy"]))["session_id"].to_pylist())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--turns", required=True)
    parser.add_argument("--sessions", required=True)
    parser.add_argument("--turns-out", required=True)
    parser.add_argument("--sessions-out", required=True)
    parser.add_argument("--removed-out", required=True)
    parser.add_argument("--report-out", required=True)
    args = parser.parse_args()
    map_large_blocks()
    all_params = load_params(args.params)
    params, rows = all_params.clean, all_params.data.chunk_turns

    labelled = labelled_session_ids(args.sessions)
    empty_turns = clean_turns(pq.read_schema(args.turns).empty_table().to_pandas())[0]
    Path(args.turns_out).parent.mkdir(parents=True, exist_ok=True)
    stats, counts = CleanStats(), Counter()
    structure = Counter()
    cleaning_seconds = 0.0
    labelled_documents = []  # (group, session id, document) of labelled sessions, deduplicated first
    removed_labelled: set[str] = set()

    with (tempfile.TemporaryDirectory(dir=Path(args.turns_out).parent, prefix=".clean-") as staging,
          TableWriter(args.removed_out) as removed_writer):
        staged_path = Path(staging) / "turns.parquet"
        dedup = SessionDeduplicator(params.near_duplicate_threshold, params.num_perm, params.shingle_size,
                                    Path(staging) / "duplicates.sqlite")
        # Pass 1: clean every turn and drop repeated turns, one chunk of whole sessions at a time.
        with TableWriter(staged_path) as staged:
            for chunk in whole_sessions(iter_table(args.turns, rows)):
                counts["turns_in"] += len(chunk)
                structure.update(source_structure_counts(chunk))
                cleaned, chunk_stats, seconds = clean_turns(chunk)
                stats.add(chunk_stats)
                cleaning_seconds += seconds
                kept, removals = drop_duplicate_turns(cleaned)
                # A session whose every turn was removed has nothing left to learn from.
                emptied = chunk.drop_duplicates("session_id")
                emptied = emptied.loc[~emptied["session_id"].isin(kept["session_id"]), ["session_id"]]
                removals.append(_removal(emptied, "no_turns_left"))
                for removal in removals:
                    if len(removal):
                        removed_writer.write(removal)
                        counts.update(removal["reason"].tolist())
                documents = _session_documents(kept[kept["session_id"].isin(labelled)])
                firsts = kept.drop_duplicates("session_id").set_index("session_id")
                labelled_documents += [((firsts.at[sid, "source"], firsts.at[sid, "source_split"]), sid, doc)
                                       for sid, doc in documents.items()]
                staged.write(kept)
                release_freed_memory()
            staged.close(empty_turns)

        # Pass 2: duplicate sessions within a source split, labelled sessions kept first.
        def decide(group, ids, docs):
            return [] if group[1] in params.keep_duplicates_in else dedup.check(group, ids, docs)

        def write_removed(rows_removed):
            frame = pd.DataFrame(rows_removed, columns=["session_id", "reason", "duplicate_of"])
            removed_writer.write(_removal(frame, "", frame["duplicate_of"]).assign(reason=frame["reason"].to_numpy()))
            counts.update(frame["reason"].tolist())

        for group, part in pd.DataFrame(labelled_documents, columns=["group", "sid", "doc"]).groupby(
                "group", sort=False):
            verdicts = decide(group, part["sid"].tolist(), part["doc"].tolist())
            removed_labelled.update(sid for sid, _, _ in verdicts)
            if verdicts:
                write_removed(verdicts)

        sessions_in_order = SessionsInTurnOrder(args.sessions, rows)
        per_source = Counter()
        with TableWriter(args.turns_out) as turns_writer, TableWriter(args.sessions_out) as sessions_writer:
            for chunk in whole_sessions(iter_table(staged_path, rows)):
                documents = _session_documents(chunk[~chunk["session_id"].isin(labelled)])
                firsts = chunk.drop_duplicates("session_id").set_index("session_id")
                verdicts = []
                groups = pd.MultiIndex.from_frame(firsts.loc[documents.index, ["source", "source_split"]])
                for group in dict.fromkeys(groups):
                    mask = groups == group
                    verdicts += decide(group, documents.index[mask].tolist(), documents[mask].tolist())
                if verdicts:
                    write_removed(verdicts)
                dropped = removed_labelled | {sid for sid, _, _ in verdicts}
                turns_out = chunk[~chunk["session_id"].isin(dropped)]
                sessions = sessions_in_order.take(chunk["session_id"].drop_duplicates())
                sessions = sessions[~sessions["session_id"].isin(dropped)]
                sessions = sessions.assign(n_turns=sessions["session_id"].map(
                    turns_out.groupby("session_id").size()).astype("int64"))
                turns_writer.write(turns_out)
                sessions_writer.write(sessions)
                counts["turns_out"] += len(turns_out)
                counts["sessions_out"] += len(sessions)
                per_source.update(sessions["source"].tolist())
                release_freed_memory()
            turns_writer.close(empty_turns)
            sessions_writer.close(pq.read_schema(args.sessions).empty_table().to_pandas())
        removed_writer.close(_removal(pd.DataFrame({"session_id": [], "turn_index": []}), ""))
        dedup.close()

    report = {
        "turns_in": counts["turns_in"],
        "turns_out": counts["turns_out"],
        "sessions_in": pq.ParquetFile(args.sessions).metadata.num_rows,
        "sessions_out": counts["sessions_out"],
        "turns_per_second": round(counts["turns_in"] / max(cleaning_seconds, 1e-9), 1),
        **{f"removed_{reason}": int(counts[reason]) for reason in REMOVAL_REASONS if counts[reason]},
        **stats.as_metrics(),
        **structure,
        **{f"{source}.sessions_out": n for source, n in per_source.items()},
    }
    write_json(report, args.report_out)
    print("clean:", {k: v for k, v in report.items() if not k.startswith("mask_")})


if __name__ == "__main__":
    main()
