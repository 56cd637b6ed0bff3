import dataclasses
import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline import ingest as ingest_stage
from pipeline.io import InputError, read_table
from pipeline.params import load_params

from conftest import ROOT

JDDC = [
    ("s1", "USERID_1", "0", "0", "0", "nan", "我的快递怎么还没到"),
    ("s1", "USERID_1", "1", "0", "0", "nan", "您好，请提供订单号"),
    ("s1", "USERID_1", "0", "0", "0", "nan", "[订单x]"),
    ("s2", "USERID_2", "0", "0", "1", "123", "发票开错了，第二次找你们了"),
    ("s2", "USERID_2", "1", "0", "1", "123", "抱歉，马上为您处理"),
]
SHOP = [
    {"id": "a" * 32, "labels": [], "binary_labels": [],
     "dialogs": ["用户发起转人工", "壶类---收货后疑问解答", "您好#E-s57我是客服", "78b191fb9008a1acfdbd83ef674c831e.jpg",
                 "烧水漏水 <url>", "非常抱歉"],
     "roles": ["顾客", "顾客", "客服", "顾客", "顾客", "客服"]},
    {"id": "b" * 32, "labels": [], "binary_labels": [], "dialogs": ["未购买→售前咨询组", "有黑色的吗", "没有哦"],
     "roles": ["顾客", "顾客", "客服"]},
]
SESSION_HEADER = ("session_id,legitimacy,emotion_peak,emotion_end,exposure_threat,regulator_or_legal,safety,"
                  "repeat_contact,escalation_request,annotator,note")


@pytest.fixture
def corpus(tmp_path):
    jddc = tmp_path / "chat.txt"
    jddc.write_text("".join("\t".join(r) + "\n" for r in JDDC), encoding="utf-8")
    ewect = tmp_path / "ewect"
    ewect.mkdir()
    (ewect / "virus_train.txt").write_text(json.dumps(
        [{"id": 1, "content": "太开心了", "label": "happy"}, {"id": 2, "content": "气死了", "label": "angry"}],
        ensure_ascii=False), encoding="utf-8")
    cped = tmp_path / "cped"
    cped.mkdir()
    (cped / "valid_split.csv").write_text(
        "\ufeffTV_ID,Dialogue_ID,Utterance_ID,Speaker,Emotion,Sentiment,Utterance\n"
        "1,1_000,1_000_000,A,neutral,neutral,你好\n1,1_000,1_000_001,B,anger,negative,走开\n", encoding="utf-8")
    shop = tmp_path / "shop"
    shop.mkdir()
    (shop / "dev.json").write_text(json.dumps(SHOP, ensure_ascii=False), encoding="utf-8")
    labels = tmp_path / "labels"
    (labels / "jddc").mkdir(parents=True)
    base = load_params(ROOT / "params.yaml")
    data = dataclasses.replace(base.data, jddc_path=str(jddc), ewect_dir=str(ewect), ewect_files=("virus_train.txt",),
                               cped_dir=str(cped), cped_files=("valid_split.csv",), labels_dir=str(labels),
                               shop_dir=str(shop), shop_files=("dev.json",))
    return dataclasses.replace(base, data=data), labels / "jddc"


def ingest(params, out=None):
    """The stage as its tables read back: (turns, sessions, label distribution)."""
    import tempfile
    out = Path(out or tempfile.mkdtemp(prefix="ingest-"))
    distribution = ingest_stage.ingest(params, out / "turns.parquet", out / "sessions.parquet")
    return read_table(out / "turns.parquet"), read_table(out / "sessions.parquet"), distribution


def write_sessions(labels, *rows):
    (labels / "sessions.csv").write_text("\n".join((SESSION_HEADER, *rows)) + "\n", encoding="utf-8")


def test_runs_without_label_files(corpus):
    params, _ = corpus
    turns, sessions, distribution = ingest(params)
    assert set(turns["source"]) == {"jddc", "jddc21_shop", "ewect", "cped"}
    assert turns[turns.session_id == "s1"]["turn_index"].tolist() == [0, 1, 2]
    assert turns[turns.session_id == "s1"]["role"].tolist() == ["customer", "agent", "customer"]
    assert sessions["legitimacy"].isna().all()
    assert distribution["jddc.sessions_labelled"] == 0
    assert json.loads(turns[turns.session_id == "s2"]["meta"].iloc[0]) == {"is_transferred": 0, "is_repeated": 1,
                                                                          "sku": "123"}
    assert turns[turns.source == "ewect"]["ewect_emotion"].tolist() == ["happy", "angry"]


def test_partial_labels_join(corpus):
    params, labels = corpus
    write_sessions(labels, "s2,legitimate,dissatisfied,calm,false,false,false,true,false,a1,")
    (labels / "turns.csv").write_text("session_id,turn_index,emotion,annotator\ns2,0,dissatisfied,a1\n")
    turns, sessions, distribution = ingest(params)
    s = sessions.set_index("session_id")
    assert s.loc["s2", "legitimacy"] == "legitimate" and bool(s.loc["s2", "repeat_contact"]) is True
    assert pd.isna(s.loc["s1", "legitimacy"])
    t = turns.set_index(["session_id", "turn_index"])
    assert t.loc[("s2", 0), "emotion"] == "dissatisfied" and pd.isna(t.loc[("s1", 0), "emotion"])
    assert distribution["jddc.legitimacy.legitimate"] == 1 and distribution["jddc.flag.repeat_contact"] == 1


@pytest.mark.parametrize("rows, message", [
    (["s1,legit,calm,calm,false,false,false,false,false,a1,"], r"sessions.csv: row 2, column 'legitimacy': unknown value 'legit'"),
    (["s1,legitimate,calm,calm,false,false,false,false,false,a1,",
      "s1,legitimate,calm,calm,false,false,false,false,false,a2,"], r"sessions.csv: row 3, column 'session_id': duplicate key"),
    (["nope,legitimate,calm,calm,false,false,false,false,false,a1,"], r"sessions.csv: row 2, column 'session_id': .*not in the source"),
    (["s1,legitimate,calm,calm,maybe,false,false,false,false,a1,"], r"row 2, column 'exposure_threat': unknown value 'maybe'"),
])
def test_bad_session_label_rows_name_file_row_and_column(corpus, rows, message):
    params, labels = corpus
    write_sessions(labels, *rows)
    with pytest.raises(InputError, match=message):
        ingest(params)


def test_missing_label_column(corpus):
    params, labels = corpus
    (labels / "sessions.csv").write_text("session_id,legitimacy\ns1,legitimate\n")
    with pytest.raises(InputError, match=r"sessions.csv: missing column\(s\) \['emotion_peak'"):
        ingest(params)


@pytest.mark.parametrize("body, message", [
    ("s1,1,calm,a1\n", r"turns.csv: row 2, column 'turn_index': turn 1 of session s1 is an agent turn"),
    ("s1,7,calm,a1\n", r"turns.csv: row 2, column 'turn_index': .*not in the source"),
    ("s1,0,angry,a1\n", r"turns.csv: row 2, column 'emotion': unknown value 'angry'"),
    ("s1,0,calm,a1\ns1,0,calm,a2\n", r"turns.csv: row 3, column 'turn_index': duplicate key"),
    ("s1,x,calm,a1\n", r"turns.csv: row 2, column 'turn_index': not a non-negative integer"),
])
def test_bad_turn_label_rows(corpus, body, message):
    params, labels = corpus
    (labels / "turns.csv").write_text("session_id,turn_index,emotion,annotator\n" + body)
    with pytest.raises(InputError, match=message):
        ingest(params)


def test_undecodable_source_bytes_name_the_row(corpus):
    params, _ = corpus
    path = params.data.jddc_path
    with open(path, "ab") as handle:
        handle.write(b"s3\tUSERID_3\t0\t0\t0\tnan\t\xff\xfe bad\n")
    with pytest.raises(InputError, match=r"chat.txt: row 6: undecodable bytes"):
        ingest(params)


def test_wrong_column_count_and_role(corpus):
    params, _ = corpus
    with open(params.data.jddc_path, "a", encoding="utf-8") as handle:
        handle.write("s3\tUSERID_3\t0\tonly four\n")
    with pytest.raises(InputError, match=r"chat.txt: row 6: expected 7 tab-separated columns"):
        ingest(params)


def test_unknown_role_value(corpus):
    params, _ = corpus
    with open(params.data.jddc_path, "a", encoding="utf-8") as handle:
        handle.write("s3\tUSERID_3\t2\t0\t0\tnan\t你好\n")
    with pytest.raises(InputError, match=r"chat.txt: row 6, column 'waiter_send': expected 0 or 1"):
        ingest(params)


def test_synthetic_sessions_are_ingested_with_labels(corpus):
    params, labels = corpus
    record = {"session_id": "syn-0001", "source": "synthetic", "legitimacy": "abusive", "emotion_peak": "furious",
              "emotion_end": "furious", "exposure_threat": True, "regulator_or_legal": False, "safety": False,
              "repeat_contact": False, "escalation_request": False, "annotator": "t", "note": "",
              "turns": [{"role": "customer", "text": "不赔五百我就发微博", "emotion": "furious"},
                        {"role": "agent", "text": "请您冷静", "emotion": None}]}
    written = labels.parent / "written"
    written.mkdir()
    pair = [dict(record, session_id="syn-0002", pair_id="p1"), dict(record, session_id="syn-0003", pair_id="p1")]
    (written / "train.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [record, *pair]) + "\n")
    test_record = dict(record, session_id="wt-0001", source="written_test")
    (written / "test.jsonl").write_text(json.dumps(test_record, ensure_ascii=False) + "\n")
    turns, sessions, distribution = ingest(params)
    s = sessions.set_index("session_id")
    assert s.loc["syn-0001", "legitimacy"] == "abusive" and s.loc["syn-0001", "source"] == "synthetic"
    assert turns[turns.session_id == "syn-0001"]["emotion"].tolist()[0] == "furious"
    assert s.loc["wt-0001", "source"] == "written_test"
    # The members of a contrast pair share a group, so no split separates them.
    assert s.loc["syn-0002", "group_id"] == s.loc["syn-0003", "group_id"] == "p1"
    assert distribution["real.sessions_labelled"] == 0 and distribution["synthetic.sessions_labelled"] == 3


def test_written_session_with_unknown_source_is_refused(corpus):
    params, labels = corpus
    (labels.parent / "written").mkdir()
    (labels.parent / "written" / "x.jsonl").write_text('{"session_id": "w1", "source": "real"}\n')
    with pytest.raises(InputError, match=r"x.jsonl: row 1, column 'source'"):
        ingest(params)


def test_shop_chats_routing_line_and_system_events_leave_the_customer_text(corpus):
    params, _ = corpus
    turns, sessions, _ = ingest(params)
    shop = turns[turns.session_id == "a" * 32]
    # turn_index keeps the source position (the label files' key); the event and the routing line are gone.
    assert shop["turn_index"].tolist() == [2, 3, 4, 5]
    assert shop["role"].tolist() == ["agent", "customer", "customer", "agent"]
    meta = json.loads(shop["meta"].iloc[0])
    assert meta == {"category": "壶类", "intent": "收货后疑问解答", "routing_lines": 1, "system_events": 1}
    other = json.loads(turns.loc[turns.session_id == "b" * 32, "meta"].iloc[0])
    assert other["intent"] == "售前咨询组" and other["category"] == "未购买"
    assert sessions.set_index("session_id").loc["a" * 32, "group_id"] == "a" * 32


def test_shop_labels_join_by_source_position(corpus):
    params, labels = corpus
    shop_labels = labels.parent / "jddc21_shop"
    shop_labels.mkdir()
    write_sessions(shop_labels, f"{'a' * 32},legitimate,dissatisfied,dissatisfied,false,false,false,false,false,s1,")
    (shop_labels / "turns.csv").write_text(f"session_id,turn_index,emotion,annotator\n{'a' * 32},4,dissatisfied,s1\n")
    turns, sessions, distribution = ingest(params)
    t = turns.set_index(["session_id", "turn_index"])
    assert t.loc[("a" * 32, 4), "emotion"] == "dissatisfied"
    assert distribution["jddc21_shop.sessions_labelled"] == 1 and distribution["real.sessions_labelled"] == 1
    # A label on the routing line (not a customer turn any more) is an error, not a silent drop.
    (shop_labels / "turns.csv").write_text(f"session_id,turn_index,emotion,annotator\n{'a' * 32},1,calm,s1\n")
    with pytest.raises(InputError, match=r"turns.csv: row 2, column 'turn_index': .*not in the source"):
        ingest(params)


def test_shop_record_with_mismatched_roles_names_the_record(corpus):
    params, _ = corpus
    path = Path(params.data.shop_dir) / "dev.json"
    path.write_text(json.dumps([dict(SHOP[0], roles=["顾客"])], ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError, match=r"dev.json: record 0: 6 dialogs but 1 roles"):
        ingest(params)


def test_chunk_size_changes_memory_not_output(corpus, tmp_path):
    params, labels = corpus
    write_sessions(labels, "s2,legitimate,dissatisfied,calm,false,false,false,true,false,a1,")
    (labels / "turns.csv").write_text("session_id,turn_index,emotion,annotator\ns2,0,dissatisfied,a1\n")
    whole = ingest(params, tmp_path / "whole")
    # One turn per chunk: every session is cut across reads and must be re-joined.
    tiny = ingest(dataclasses.replace(params, data=dataclasses.replace(params.data, chunk_turns=1)), tmp_path / "tiny")
    pd.testing.assert_frame_equal(whole[0], tiny[0])
    pd.testing.assert_frame_equal(whole[1], tiny[1])
    assert whole[2] == tiny[2]
    assert len(whole[1]) == 7 and whole[1]["n_turns"].sum() == len(whole[0])


def test_a_session_split_in_two_places_of_its_file_is_an_error(corpus, tmp_path):
    params, _ = corpus
    with open(params.data.jddc_path, "a", encoding="utf-8") as handle:
        handle.write("s1\tUSERID_1\t0\t0\t0\tnan\t又是我\n")  # s1 again, after s2
    with pytest.raises(InputError, match=r"not contiguous in its source file.*'s1'"):
        ingest(dataclasses.replace(params, data=dataclasses.replace(params.data, chunk_turns=2)), tmp_path)
    # Nothing half-written is left behind as if it were the stage's output.
    assert not list(tmp_path.glob("*.parquet"))


def test_a_session_id_in_two_sources_is_an_error(corpus):
    params, _ = corpus
    with open(params.data.jddc_path, "a", encoding="utf-8") as handle:
        handle.write(f"{'b' * 32}\tUSERID_9\t0\t0\t0\tnan\t你好\n")  # the id of a shop chat
    with pytest.raises(InputError, match=r"repeat across sources.*'b{32}'"):
        ingest(params)
