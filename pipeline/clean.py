"""Stage `clean`: normalise and mask every turn, remove duplicates, report what was done.

Nothing disappears silently: every removed turn or session is listed with its
reason in the removals table, and counted in the cleaning report (DVC metrics).
"""

from __future__ import annotations

import argparse
import json
import time

import pandas as pd
from datasketch import MinHash, MinHashLSH
from tqdm import tqdm

from pipeline.io import read_table, write_json, write_table
from pipeline.params import CleanParams, load_params
from pipeline.text import CleanStats, clean_text_with_stats, dedup_key, names


def clean_turns(turns: pd.DataFrame) -> tuple[pd.DataFrame, CleanStats, float]:
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
    return turns.assign(text=cleaned, traditional=traditional), stats, len(turns) / max(elapsed, 1e-9)


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


def find_duplicate_sessions(sessions: pd.DataFrame, documents: pd.Series, params: CleanParams) -> pd.DataFrame:
    """Exact and MinHash near-duplicate sessions within one source split; labelled sessions are kept first."""
    order = sessions.assign(_labelled=sessions["legitimacy"].notna()).sort_values(
        "_labelled", ascending=False, kind="stable")
    rows = []
    for (_, source_split), part in order.groupby(["source", "source_split"], sort=False):
        if source_split in params.keep_duplicates_in:
            continue
        seen: dict[str, str] = {}
        lsh = MinHashLSH(threshold=params.near_duplicate_threshold, num_perm=params.num_perm)
        ids = part["session_id"].tolist()
        docs = [documents[sid] for sid in ids]
        shingles = [
            {doc[i:i + params.shingle_size].encode() for i in range(max(1, len(doc) - params.shingle_size + 1))}
            for doc in docs
        ]
        hashes = MinHash.bulk(shingles, num_perm=params.num_perm, seed=1)
        for sid, doc, minhash in zip(ids, docs, hashes):
            if doc in seen:
                rows.append((sid, "exact_duplicate_session", seen[doc]))
                continue
            near = lsh.query(minhash)
            if near:
                rows.append((sid, "near_duplicate_session", sorted(near)[0]))
                continue
            seen[doc] = sid
            lsh.insert(sid, minhash)
    return pd.DataFrame(rows, columns=["session_id", "reason", "duplicate_of"])


def source_structure_counts(turns: pd.DataFrame) -> dict[str, int]:
    """Turns a reader moved out of the turn table (shop routing lines into session
    metadata, client events dropped), counted from each session's meta once."""
    counts = {"routing_lines_to_metadata": 0, "system_events_removed": 0}
    for meta in turns.drop_duplicates("session_id")["meta"]:
        fields = json.loads(meta) if meta else {}
        counts["routing_lines_to_metadata"] += int(fields.get("routing_lines", 0))
        counts["system_events_removed"] += int(fields.get("system_events", 0))
    return counts


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
    params = load_params(args.params).clean

    turns, sessions = read_table(args.turns), read_table(args.sessions)
    cleaned, stats, turns_per_second = clean_turns(turns)
    kept_turns, removals = drop_duplicate_turns(cleaned)

    # A session whose every turn was removed has nothing left to learn from.
    emptied = sessions[~sessions["session_id"].isin(kept_turns["session_id"])]
    removals.append(_removal(emptied, "no_turns_left"))
    sessions = sessions[sessions["session_id"].isin(kept_turns["session_id"])]

    duplicates = find_duplicate_sessions(sessions, _session_documents(kept_turns), params)
    removals.append(_removal(duplicates, "", duplicates["duplicate_of"]).assign(reason=duplicates["reason"].to_numpy()))
    sessions_out = sessions[~sessions["session_id"].isin(duplicates["session_id"])]
    turns_out = kept_turns[kept_turns["session_id"].isin(sessions_out["session_id"])]
    sessions_out = sessions_out.assign(
        n_turns=sessions_out["session_id"].map(turns_out.groupby("session_id").size()).astype("int64"))

    removed = pd.concat(removals, ignore_index=True)
    report = {
        "turns_in": len(turns),
        "turns_out": len(turns_out),
        "sessions_in": len(sessions),
        "sessions_out": len(sessions_out),
        "turns_per_second": round(turns_per_second, 1),
        **{f"removed_{reason}": int(n) for reason, n in removed["reason"].value_counts().items()},
        **stats.as_metrics(),
        **source_structure_counts(turns),
    }
    for source, part in sessions_out.groupby("source"):
        report[f"{source}.sessions_out"] = len(part)
    write_table(turns_out, args.turns_out)
    write_table(sessions_out, args.sessions_out)
    write_table(removed, args.removed_out)
    write_json(report, args.report_out)
    print("clean:", {k: v for k, v in report.items() if not k.startswith("mask_")})


if __name__ == "__main__":
    main()
