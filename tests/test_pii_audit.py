"""The real-turn audit: labels hold keys and offsets only, and the figures follow the verdicts."""

import json

import pandas as pd
import pytest

from pipeline import pii_audit

TURNS = [
    ("s1", 0, "customer", "我叫王小明,电话13912345678", "cped"),
    ("s1", 1, "agent", "好的王先生", "cped"),
    ("s2", 0, "customer", "今天天气不错", "cped"),
    ("s3", 0, "customer", "//@小熊不吃鱼_:哈哈哈", "ewect"),
    ("s4", 0, "customer", "[姓名x]您好", "jddc"),
    ("s5", 0, "customer", "written text", "written_test"),
]


@pytest.fixture()
def corpus(tmp_path):
    path = tmp_path / "turns.parquet"
    pd.DataFrame(TURNS, columns=["session_id", "turn_index", "role", "text", "source"]).to_parquet(path)
    return path


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_sample_keeps_no_text_and_only_real_masker_finds(corpus, tmp_path):
    labels = tmp_path / "labels"
    pii_audit.sample(pii_audit.read_real_turns(corpus), labels, per_stratum=10, turns_per_source=10, seed=0)
    masks = _lines(labels / "masks.jsonl")
    kinds = {(m["source"], m["type"]) for m in masks}
    assert ("cped", "PHONE") in kinds and ("cped", "NAME") in kinds and ("ewect", "MESSAGING") in kinds
    assert all(m["source"] != "written_test" for m in masks)
    assert all(m["source"] != "jddc" for m in masks), "JDDC's own [姓名x] is no find of the masker"
    stored = (labels / "masks.jsonl").read_text(encoding="utf-8") + (labels / "turns.jsonl").read_text(encoding="utf-8")
    for _, _, _, text, _ in TURNS:
        for piece in ("王小明", "13912345678", "小熊不吃鱼", "天气"):
            assert piece not in stored
    assert {t["source"] for t in _lines(labels / "turns.jsonl")} == {"cped", "ewect", "jddc"}


def test_verdicts_and_gold_spans_give_precision_and_recall(corpus, tmp_path):
    labels = tmp_path / "labels"
    turns = pii_audit.read_real_turns(corpus)
    pii_audit.sample(turns, labels, per_stratum=10, turns_per_source=10, seed=0)
    masks = _lines(labels / "masks.jsonl")
    judged_masks = tmp_path / "jm.jsonl"
    judged_masks.write_text("\n".join(json.dumps({"i": i, "verdict": "not_personal" if m["type"] == "MESSAGING"
                                                  else "personal"}) for i, m in enumerate(masks)), encoding="utf-8")
    picked = _lines(labels / "turns.jsonl")
    gold = {"s1|0": [{"text": "王小明", "type": "NAME"}], "s2|0": [{"text": "天气", "type": "NAME"}]}
    judged_turns = tmp_path / "jt.jsonl"
    judged_turns.write_text("\n".join(json.dumps({"i": i, "pii": gold.get(f"{t['session_id']}|{t['turn_index']}", [])},
                                                 ensure_ascii=False) for i, t in enumerate(picked)), encoding="utf-8")
    pii_audit.import_judgements(turns, labels, judged_masks, judged_turns)
    assert "王小明" not in (labels / "turns.jsonl").read_text(encoding="utf-8")
    figures = pii_audit.report(turns, labels)
    assert figures["precision"]["cped.NAME"]["sampled"]["value"] == 1.0
    assert figures["precision"]["cped.NAME"]["still_masked"]["n"] == figures["precision"]["cped.NAME"]["sampled"]["n"]
    assert figures["precision"]["ewect.MESSAGING"]["sampled"]["value"] == 0.0
    # 王小明 is masked, 天气 (judged a name here) is not: recall 1 of 2
    assert figures["recall"]["cped.NAME"]["successes"] == 1 and figures["recall"]["cped.NAME"]["n"] == 2
    assert figures["stale_labels"] == 0 and figures["absent_turns"] == 0
    # a turn gone from the input is counted, a changed turn is flagged
    fewer = corpus.parent / "fewer.parquet"
    changed = [t if t[0] != "s2" else ("s2", 0, "customer", "今天天气很好", "cped") for t in TURNS if t[0] != "s1"]
    pd.DataFrame(changed, columns=["session_id", "turn_index", "role", "text", "source"]).to_parquet(fewer)
    later = pii_audit.report(pii_audit.read_real_turns(fewer), labels)
    assert later["absent_turns"] >= 2 and later["stale_labels"] == 1


def test_a_bad_verdict_or_a_span_not_in_the_turn_is_an_error(corpus, tmp_path):
    labels = tmp_path / "labels"
    turns = pii_audit.read_real_turns(corpus)
    pii_audit.sample(turns, labels, per_stratum=10, turns_per_source=10, seed=0)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"i": 0, "verdict": "maybe"}), encoding="utf-8")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="verdict"):
        pii_audit.import_judgements(turns, labels, bad, empty)
    missing = tmp_path / "missing.jsonl"
    missing.write_text(json.dumps({"i": 0, "pii": [{"text": "不在这里", "type": "NAME"}]}, ensure_ascii=False),
                       encoding="utf-8")
    with pytest.raises(ValueError, match="not found"):
        pii_audit.import_judgements(turns, labels, empty, missing)
