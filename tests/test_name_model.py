"""The learned name tagger (pipeline/text/name_model.py, stage name_tagger)."""

import json
import random
from pathlib import Path

import pandas as pd
import pytest

from pipeline import name_tagger
from pipeline.text import clean_text
from pipeline.text.name_model import (
    NameModel,
    active,
    candidates,
    context_features,
    features,
    non_overlapping,
    using,
)

PII = Path(__file__).parent / "data/pii"


@pytest.mark.parametrize("text, name", [
    ("刚才周雨婷给我打电话了", "周雨婷"),   # no cue word at all
    ("帮我看下汪涛那单到哪了", "汪涛"),
    ("这单袁敏昨天签收的吗", "袁敏"),
    ("让孔令辉下楼拿一下", "孔令辉"),
])
def test_the_shipped_tagger_masks_names_the_rules_see_no_cue_for(text, name):
    with using(None):
        assert name in clean_text(text)  # the rules alone leave it
    assert name not in clean_text(text) and "[NAME]" in clean_text(text)


@pytest.mark.parametrize("text", ["这个方便面很好吃 高兴", "金额不对 马上处理", "王老吉和康师傅都缺货",
                                  "周末能送到江苏吗", "黄色的那款还有吗", "石家庄能发货吗"])
def test_the_shipped_tagger_keeps_words_that_start_with_a_surname(text):
    assert clean_text(text) == text


def test_a_score_reads_only_the_window_it_is_remembered_by():
    rng = random.Random(7)
    texts = [json.loads(line)["text"] for line in (PII / "dev_a/pii_cases.jsonl").read_text().splitlines()[:80]]
    for text in texts:
        for start, end in candidates(text):
            left = max(0, start - 2)
            window = text[left:end + 2]
            assert features(text, start, end) == features(window, start - left, end - left)
            # and nothing further away changes it
            noisy = "".join(rng.choice("的了吗我你") for _ in range(5)) + window
            shift = 5 if start >= 2 else None
            if shift:
                assert features(text, start, end) == features(noisy, start - left + shift, end - left + shift)


def test_tagging_only_where_it_could_matter_decides_as_tagging_every_candidate():
    model = active()
    texts = [json.loads(line)["text"] for name in ("dev_b", "dev_c", "tagger_train")
             for line in (PII / name / "pii_cases.jsonl").read_text().splitlines()[:150]]
    for text in texts:
        brute = []
        for start, end in candidates(text):
            p = model.probability(features(text, start, end) + context_features(text, start, end))
            if p >= model.threshold:
                brute.append((p, start, end))
        assert model.find(text) == non_overlapping(brute), text


def test_the_stage_trains_on_the_sets_it_is_given_and_picks_a_threshold_for_the_precision_goal(tmp_path):
    sets = []
    for name, rows in {
        "one": [{"id": "1", "text": "刚才周雨婷给我打电话了", "spans": [[2, 5, "NAME"]]},
                {"id": "2", "text": "收件人林海 电话13800001111", "spans": [[3, 5, "NAME"], [8, 19, "PHONE"]]}],
        "two": [{"id": "3", "text": "帮我问问高建国到了没", "spans": [[4, 7, "NAME"]]},
                {"id": "4", "text": "王芳昨天签收了", "spans": [[0, 2, "NAME"]]}],
    }.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / "pii_cases.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
        (folder / "negatives.jsonl").write_text(json.dumps(
            {"id": "n", "text": "方便的话周末高兴地送到江苏", "keep": ["方便"]}, ensure_ascii=False))
        sets.append(str(folder))
    pd.DataFrame({"source": ["jddc"] * 3 + ["ewect"],
                  "text": ["金额不对马上处理", "黄色的还有吗", "您好在的", "朱一龙加油"]}).to_parquet(tmp_path / "t.parquet")
    import sys
    argv = ["name_tagger", "--sets", *sets, "--turns", str(tmp_path / "t.parquet"),
            "--model-out", str(tmp_path / "m.json"), "--metrics-out", str(tmp_path / "metrics.json")]
    old, sys.argv = sys.argv, argv
    try:
        name_tagger.main()
    finally:
        sys.argv = old
    model = NameModel.load(tmp_path / "m.json")
    assert not list(tmp_path.glob("*.partial"))
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics["positive_candidates"] == 4  # 林海 is a surname-led candidate too; the PHONE is masked
    assert model.meta["trained_on"][:2] == ["one", "two"] and "3 chat turns" in model.meta["trained_on"][2]
    goal = 0.95
    passing = [float(t) for t, f in metrics["out_of_fold_by_threshold"].items() if f["precision"] >= goal]
    assert model.threshold == (min(passing) if passing else 0.95)


def test_the_stage_refuses_to_train_on_the_held_out_set(tmp_path, monkeypatch):
    import sys

    monkeypatch.setattr(sys, "argv", ["name_tagger", "--sets", str(PII / "dev_a"), str(PII / "held_out"),
                                      "--turns", str(tmp_path / "none.parquet"),
                                      "--model-out", str(tmp_path / "m.json"), "--metrics-out", str(tmp_path / "x.json")])
    with pytest.raises(SystemExit):
        name_tagger.main()
    assert not (tmp_path / "m.json").exists()


def test_the_audited_real_turns_are_never_trained_on(tmp_path):
    pd.DataFrame({"source": ["jddc"] * 3, "session_id": ["a", "a", "b"], "turn_index": [0, 1, 0],
                  "text": ["金额不对马上处理", "黄色的还有吗", "您好在的"]}).to_parquet(tmp_path / "t.parquet")
    labels = tmp_path / "audit"
    labels.mkdir()
    (labels / "masks.jsonl").write_text(json.dumps({"source": "jddc", "session_id": "a", "turn_index": 1}))
    (labels / "turns.jsonl").write_text(json.dumps({"source": "jddc", "session_id": "b", "turn_index": 0}))
    every = name_tagger.read_chat_turns(tmp_path / "t.parquet", ("jddc",), 10, 2, 0)
    kept = name_tagger.read_chat_turns(tmp_path / "t.parquet", ("jddc",), 10, 2, 0, name_tagger.audited_turns(labels))
    assert len(every) == 3 and [e.text for e in kept] == ["金额不对马上处理"]

