import dataclasses
import os
import sys
from pathlib import Path

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
    from pipeline import register
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
