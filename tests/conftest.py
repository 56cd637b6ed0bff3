import dataclasses
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
JDDC = SHARED / "datasets/jddc2019_sample/chat.txt"


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    """The five seed articles by number ('000'..'004')."""
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))}


@pytest.fixture(scope="session")
def registry(tmp_path_factory):
    """A TF-IDF model trained on a slice of JDDC with its labels, registered as champion in a temp store."""
    work = tmp_path_factory.mktemp("registry")
    os.environ["MLFLOW_TRACKING_URI"] = f"sqlite:///{work / 'mlflow.db'}"
    from pipeline import calibration, register
    from pipeline.io import write_json, write_table
    from pipeline.params import load_params
    from pipeline.sources import read_jddc
    from pipeline.text import clean_text
    from pipeline.tfidf import TfidfModel

    params = load_params(ROOT / "params.yaml")

    turns = read_jddc(JDDC, max_sessions=200)
    turns["text"] = turns["text"].map(clean_text)
    labels = pd.read_csv(ROOT / "data/labels/jddc/sessions.csv", dtype=str, keep_default_na=False)
    turn_labels = pd.read_csv(ROOT / "data/labels/jddc/turns.csv")
    turns = turns.merge(turn_labels[["session_id", "turn_index", "emotion"]], on=["session_id", "turn_index"], how="left")
    sessions = turns.groupby("session_id", as_index=False).first()[["session_id", "source", "source_split"]].merge(
        labels, on="session_id")
    for flag in params.target("flags").classes:
        sessions[flag] = sessions[flag] == "true"
    targets = tuple(t for t in params.targets if t.name != "ewect")
    model = TfidfModel(targets, dataclasses.replace(params.baseline, min_df=1, max_features=20000))
    ids = sessions["session_id"]
    model.fit(turns, sessions, ids[:150], ids[150:])
    calibration.fit(model, turns, sessions, ids[150:], params.calibration)
    model_dir = work / "model"
    model.save(model_dir)
    write_table(turns, work / "turns.parquet")
    write_table(sessions, work / "sessions.parquet")
    (work / "split").mkdir()
    write_table(pd.DataFrame({"session_id": ids[150:]}), work / "split/test.parquet")
    write_table(pd.DataFrame({"session_id": ids[:150]}), work / "split/train.parquet")
    write_json({"legitimacy.macro_f1": 0.5, "emotion.macro_f1": 0.5}, work / "eval.json")
    sys.argv = ["register", "--params", str(ROOT / "params.yaml"), "--model", str(model_dir),
                "--eval-metrics", str(work / "eval.json"), "--turns", str(work / "turns.parquet"),
                "--sessions", str(work / "sessions.parquet"),
                "--split-dir", str(work / "split"), "--report-out", str(work / "register.json"),
                "--card-out", str(work / "model_card.md")]
    register.main()
    yield work
    os.environ.pop("MLFLOW_TRACKING_URI", None)


@pytest.fixture
def toy():
    """A tiny labelled corpus: angry vs calm customers, one flag that occurs."""
    from pipeline.params import load_params
    flag_names = load_params(ROOT / "params.yaml").target("flags").classes
    rng = np.random.default_rng(0)
    angry = ["太慢了什么服务", "气死我了骗子", "垃圾服务我要投诉", "说好的呢又没到"]
    calm = ["好的谢谢", "请问发票怎么开", "地址可以改吗", "嗯嗯好的"]
    turns, sessions = [], []
    for i in range(60):
        is_angry = i % 2 == 0
        text = angry[rng.integers(4)] if is_angry else calm[rng.integers(4)]
        sid = f"s{i}"
        turns += [
            {"session_id": sid, "turn_index": 0, "role": "customer", "text": text,
             "emotion": "dissatisfied" if is_angry else "calm"},
            {"session_id": sid, "turn_index": 1, "role": "agent", "text": "您好请稍等", "emotion": None},
            {"session_id": sid, "turn_index": 2, "role": "customer", "text": "好的", "emotion": "calm"},
        ]
        sessions.append({"session_id": sid, "source": "jddc" if i < 50 else "synthetic",
                         "legitimacy": "legitimate" if is_angry else "no_complaint",
                         "emotion_peak": "dissatisfied" if is_angry else "calm",
                         **{f: (f == "repeat_contact" and is_angry) for f in flag_names}})
    return pd.DataFrame(turns), pd.DataFrame(sessions)


@pytest.fixture(scope="session")
def tiny_encoder(tmp_path_factory):
    """A small random BERT with the project's real XLM-R tokenizer: fast enough for a unit test."""
    from transformers import BertConfig, BertModel
    from pipeline.base_model import TOKENIZER_PACKAGE, TOKENIZER_PATH, package_file
    from transformers import XLMRobertaTokenizerFast

    path = tmp_path_factory.mktemp("tiny_encoder")
    tokenizer = XLMRobertaTokenizerFast(tokenizer_file=str(package_file(TOKENIZER_PACKAGE, TOKENIZER_PATH)))
    config = BertConfig(vocab_size=len(tokenizer), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=128, pad_token_id=tokenizer.pad_token_id)
    BertModel(config, add_pooling_layer=False).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path
