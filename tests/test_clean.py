"""The clean stage streams: chunked output equals whole-table output, duplicates are
found as datasketch's MinHashLSH finds them, labelled sessions are kept first."""

import random
import sys

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml
from datasketch import MinHash, MinHashLSH

from pipeline import clean as clean_stage
from pipeline.dedup import SessionDeduplicator
from pipeline.io import TableWriter, iter_table, read_table, whole_sessions, write_table
from pipeline.params import load_params

from conftest import ROOT

STORY = "我的快递三天了还没到，订单号[订单x]，你们到底什么时候发货，我已经问过两次了"


def turn_rows(session_id, source, source_split, texts, roles=None):
    roles = roles or ["customer" if i % 2 == 0 else "agent" for i in range(len(texts))]
    return [{"session_id": session_id, "turn_index": i, "role": roles[i], "text": t,
             "source": source, "source_split": source_split, "group_id": session_id, "meta": "{}",
             "emotion": None, "ewect_emotion": None, "cped_emotion": None} for i, t in enumerate(texts)]


@pytest.fixture
def interim(tmp_path):
    rows = []
    rows += turn_rows("u1", "jddc", "", [STORY, "您好，马上为您查询", "好的"])
    rows += turn_rows("u2", "jddc", "", [STORY, "您好，马上为您查询", "好的"])             # exact copy of u1
    rows += turn_rows("l3", "jddc", "", [STORY, "您好，马上为您查询", "好的"])             # labelled copy: kept first
    rows += turn_rows("u4", "jddc", "", [STORY + "!", "您好，马上为您查询", "好的呀"])     # near copy
    rows += turn_rows("u5", "jddc", "", ["发票开错了", "发票开错了!", "抱歉，马上重开"],
                      ["customer", "customer", "agent"])                                   # a double send
    rows += turn_rows("u6", "jddc", "", ["  ", "<br>"])                                    # nothing left
    rows += turn_rows("t7", "ewect", "usual_test_labeled", ["太开心了"])
    rows += turn_rows("t8", "ewect", "usual_test_labeled", ["太开心了"])                    # kept: official test set
    rows += turn_rows("u9", "cped", "valid_split", [STORY, "您好，马上为您查询", "好的"])   # another source: kept
    turns = pd.DataFrame(rows)
    for column in ("emotion", "ewect_emotion", "cped_emotion"):
        turns[column] = turns[column].astype("string")
    sessions = turns.groupby("session_id", sort=False).agg(
        source=("source", "first"), source_split=("source_split", "first"), group_id=("group_id", "first"),
        n_turns=("text", "size")).reset_index()
    sessions["legitimacy"] = pd.array([None, None, "legitimate", None, None, None, None, None, None], dtype="string")
    write_table(turns, tmp_path / "turns.parquet")
    write_table(sessions, tmp_path / "sessions.parquet")
    return tmp_path


def run_clean(monkeypatch, directory, out, chunk_turns):
    params = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))
    params["data"]["chunk_turns"] = chunk_turns
    (out / "params.yaml").parent.mkdir(parents=True, exist_ok=True)
    (out / "params.yaml").write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(sys, "argv", [
        "clean", "--params", str(out / "params.yaml"), "--turns", str(directory / "turns.parquet"),
        "--sessions", str(directory / "sessions.parquet"), "--turns-out", str(out / "turns.parquet"),
        "--sessions-out", str(out / "sessions.parquet"), "--removed-out", str(out / "removed.parquet"),
        "--report-out", str(out / "cleaning.json")])
    clean_stage.main()
    return {name: read_table(out / f"{name}.parquet") for name in ("turns", "sessions", "removed")}


def test_duplicates_and_removals(monkeypatch, interim):
    out = run_clean(monkeypatch, interim, interim / "whole", 10_000)
    removed = out["removed"][out["removed"]["turn_index"] == -1].set_index("session_id")
    assert set(out["sessions"]["session_id"]) == {"l3", "u5", "t7", "t8", "u9"}
    assert removed.loc["u1", "reason"] == "exact_duplicate_session" and removed.loc["u1", "duplicate_of"] == "l3"
    assert removed.loc["u2", "reason"] == "exact_duplicate_session"
    assert removed.loc["u4", "reason"] == "near_duplicate_session" and removed.loc["u4", "duplicate_of"] == "l3"
    assert removed.loc["u6", "reason"] == "no_turns_left" and removed.loc["u6", "turn_index"] == -1
    assert out["removed"][out["removed"]["reason"] == "repeated_turn"]["session_id"].tolist() == ["u5"]
    assert (out["removed"]["reason"] == "empty_after_cleaning").sum() == 2
    assert out["sessions"].set_index("session_id").loc["u5", "n_turns"] == 2
    assert out["turns"]["session_id"].isin(out["sessions"]["session_id"]).all()
    assert not list((interim / "whole").glob(".clean-*")), "the staging file is removed"


@pytest.mark.parametrize("chunk_turns", [1, 2, 5])
def test_chunk_size_changes_memory_not_output(monkeypatch, interim, chunk_turns):
    whole = run_clean(monkeypatch, interim, interim / "whole", 10_000)
    chunked = run_clean(monkeypatch, interim, interim / f"chunk{chunk_turns}", chunk_turns)
    for name in ("turns", "sessions"):
        pd.testing.assert_frame_equal(whole[name], chunked[name])
    key = ["session_id", "turn_index", "reason", "duplicate_of"]
    pd.testing.assert_frame_equal(whole["removed"].sort_values(key).reset_index(drop=True),
                                  chunked["removed"].sort_values(key).reset_index(drop=True))


def test_session_table_out_of_turn_order_is_an_error(monkeypatch, interim):
    sessions = read_table(interim / "sessions.parquet")
    write_table(sessions.iloc[::-1].reset_index(drop=True), interim / "sessions.parquet")
    with pytest.raises(ValueError, match="not in the same session order"):
        run_clean(monkeypatch, interim, interim / "out", 4)


@pytest.mark.parametrize("batch", [1, 7, 1500])
def test_deduplicator_decides_as_datasketch_lsh(tmp_path, batch):
    """Same decisions as the MinHashLSH index it replaces, on sessions with many near copies,
    whether they are checked one by one or in batches."""
    clean = load_params(ROOT / "params.yaml").clean
    rng = random.Random(3)
    alphabet = "的了是我你他们快递订单退款发货客服怎么还没到什么时候东西坏了质量问题"
    bases = ["".join(rng.choice(alphabet) for _ in range(rng.randint(20, 120))) for _ in range(150)]
    documents = []
    for _ in range(1500):
        base = list(rng.choice(bases))
        for _ in range(rng.choice([0, 0, 1, 2, 5, 20])):
            base[rng.randrange(len(base))] = rng.choice(alphabet)
        documents.append("".join(base))
    ids = [f"id{i}" for i in range(len(documents))]

    ours = SessionDeduplicator(clean.near_duplicate_threshold, clean.num_perm, clean.shingle_size,
                               tmp_path / "index.sqlite")
    repeats = {}
    for start in range(0, len(documents), batch):
        for sid, reason, earlier in ours.check(("s", ""), ids[start:start + batch], documents[start:start + batch]):
            repeats[sid] = (reason, earlier)
    assert ours.check(("other", ""), ids[:1], documents[:1]) == []  # groups are independent

    lsh, seen, expected = MinHashLSH(threshold=clean.near_duplicate_threshold, num_perm=clean.num_perm), {}, {}
    shingles = [{d[i:i + clean.shingle_size].encode() for i in range(max(1, len(d) - clean.shingle_size + 1))}
                for d in documents]
    for i, (doc, minhash) in enumerate(zip(documents, MinHash.bulk(shingles, num_perm=clean.num_perm, seed=1))):
        if doc in seen:
            expected[ids[i]] = ("exact_duplicate_session", seen[doc])
        elif near := lsh.query(minhash):
            expected[ids[i]] = ("near_duplicate_session", min(near, key=lambda k: int(k[2:])))
        else:
            seen[doc] = ids[i]
            lsh.insert(ids[i], minhash)
    assert repeats == expected
    reasons = {reason for reason, _ in repeats.values()}
    assert reasons == {"exact_duplicate_session", "near_duplicate_session"} and 100 < len(repeats) < 1350


def test_whole_sessions_never_splits_a_session():
    frame = pd.DataFrame({"session_id": list("aaabccddddde"), "x": range(12)})
    for size in (1, 2, 3, 5, 12):
        chunks = list(whole_sessions(frame.iloc[i:i + size] for i in range(0, len(frame), size)))
        assert pd.concat(chunks, ignore_index=True).equals(frame)
        assert all(not set(a["session_id"]) & set(b["session_id"]) for a, b in zip(chunks, chunks[1:]))


def test_table_writer_leaves_no_file_when_the_stage_fails(tmp_path):
    with pytest.raises(RuntimeError):
        with TableWriter(tmp_path / "out.parquet") as writer:
            writer.write(pd.DataFrame({"a": [1]}))
            raise RuntimeError("killed")
    assert not list(tmp_path.iterdir())
    with TableWriter(tmp_path / "out.parquet") as writer:
        writer.write(pd.DataFrame({"a": [1], "b": pd.array(["x"], dtype="string")}))
        writer.write(pd.DataFrame({"a": [2], "b": pd.array([None], dtype="string")}))
        writer.close()
    back = read_table(tmp_path / "out.parquet")
    assert back["a"].tolist() == [1, 2] and str(back["b"].dtype) == "string"



def test_iter_table_reads_one_row_group_at_a_time(tmp_path):
    """A single batch reader over a whole file kept buffers of the row groups it had
    passed (apache/arrow#39808): clean's memory grew with the corpus (benchmarks/scale.py).
    iter_table opens one reader per row group, so no batch spans two row groups; the
    rows and dtypes are those of read_table."""
    rng = np.random.default_rng(0)
    alphabet = np.array(list("退款订单快递发票客服投诉质量问题"))
    path = tmp_path / "turns.parquet"
    sizes = [2000, 500, 2000, 1]
    with TableWriter(path) as writer:
        for group, size in enumerate(sizes):
            writer.write(pd.DataFrame({
                "session_id": [f"s{group}-{i}" for i in range(size)],
                "text": ["".join(row) for row in rng.choice(alphabet, (size, 20))],
            }))
        writer.close()
    assert pq.ParquetFile(path).num_row_groups == len(sizes)
    chunks = list(iter_table(path, 1500))
    assert [len(c) for c in chunks] == [1500, 500, 500, 1500, 500, 1]
    assert all(c["session_id"].str.split("-").str[0].nunique() == 1 for c in chunks)
    assert pd.concat(chunks, ignore_index=True).equals(read_table(path))
