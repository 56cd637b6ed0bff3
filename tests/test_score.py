"""Batch scoring through a registered model: formats, bad input, resume after SIGKILL, no PII leaks."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline.params import load_params

from conftest import JDDC, ROOT

PARAMS = load_params(ROOT / "params.yaml")
PII = ("13912345678", "zhang.san@example.com", "11010519491231002X", "6222021234567890128")


def run_score(registry, *args):
    env = {**os.environ, "MLFLOW_TRACKING_URI": f"sqlite:///{registry / 'mlflow.db'}"}
    return subprocess.run([sys.executable, "-m", "pipeline.score", "--params", str(ROOT / "params.yaml"), *map(str, args)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def first_jddc_lines(n_sessions: int) -> list[str]:
    """The raw JDDC lines of its first `n_sessions` sessions."""
    kept, sessions = [], set()
    for line in JDDC.read_text(encoding="utf-8").splitlines():
        sessions.add(line.split("\t")[0])
        if len(sessions) > n_sessions:
            break
        kept.append(line)
    return kept


def turn_table(n_sessions=30):
    rows = []
    for line in first_jddc_lines(n_sessions):
        f = line.split("\t")
        rows.append({"session_id": f[0], "role": "customer" if f[2] == "0" else "agent", "text": f[6]})
    return pd.DataFrame(rows)


def test_registration_sets_champion_and_challenger(registry):
    report = json.loads((registry / "register.json").read_text())
    assert report["promoted"] == 1 and report["version"] == 1 and report["champion_version"] == 1
    # the gate figures are measured on the served model, not copied from the evaluate report
    assert report["trained_model.legitimacy.macro_f1"] == 0.5
    assert 0 <= report["challenger.legitimacy.macro_f1"] <= 1 and report["challenger.legitimacy.macro_f1"] != 0.5
    assert "challenger.emotion_end.macro_f1" in report and report["runtime"] == "native"
    card = (registry / "model_card.md").read_text(encoding="utf-8")
    assert "`emotion`: temperature" in card and "legitimacy_review` is true when" in card


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_formats_give_one_row_per_session(registry, tmp_path, suffix):
    frame = turn_table()
    path = tmp_path / f"in{suffix}"
    {".csv": lambda: frame.to_csv(path, index=False),
     ".jsonl": lambda: frame.to_json(path, orient="records", lines=True, force_ascii=False),
     ".parquet": lambda: frame.to_parquet(path)}[suffix]()
    result = run_score(registry, "--input", path, "--output", tmp_path / "out.csv")
    assert result.returncode == 0, result.stderr
    out = pd.read_csv(tmp_path / "out.csv")
    assert len(out) == frame["session_id"].nunique()
    assert (out["status"] == "ok").all()
    assert set(out["model_version"]) == {1} and set(out["model_name"]) == {PARAMS.register.model_name}
    for column in ("legitimacy", "legitimacy_p_abusive", "emotion_peak", "emotion_end_p_calm", "safety", "safety_p",
                   "n_turns"):
        assert column in out


def test_raw_jddc_input_and_turns_output(registry, tmp_path):
    result = run_score(registry, "--input", JDDC, "--output", tmp_path / "out.parquet",
                       "--turns-output", tmp_path / "turns.parquet", "--batch-size", "64")
    assert result.returncode == 0, result.stderr
    out = pd.read_parquet(tmp_path / "out.parquet")
    assert len(out) == 794 and out["session_id"].is_unique
    # abstention: exactly the sessions whose top (calibrated) legitimacy probability is below the threshold
    top = out[[f"legitimacy_p_{c}" for c in PARAMS.target("legitimacy").classes]].max(axis=1)
    assert str(out["legitimacy_review"].dtype) == "boolean"
    assert (out["legitimacy_review"] == (top < PARAMS.decision.review_below)).all()
    assert 0 < out["legitimacy_review"].sum() < len(out)
    turns = pd.read_parquet(tmp_path / "turns.parquet")
    assert set(turns.columns) >= {"session_id", "turn_index", "emotion", "emotion_p_calm"}
    assert len(turns) > 4000  # customer turns


def test_bad_input_never_crashes_or_drops_a_session(registry, tmp_path):
    rows = [
        ("empty", "customer", ""), ("empty", "agent", "您好"),
        ("null", "customer", None), ("null", "customer", "在吗"),
        ("partly_empty", "customer", "   "), ("partly_empty", "customer", "发票开错了"),
        ("emoji", "customer", "😡😡😡"),
        ("huge", "customer", "快递太慢了" * 20000),
        ("garbage", "customer", "\x00\x01\x02\ufffd\ufffd\x03\x04\x05"),
        ("norole", "customer", "我要退货"), ("norole", None, "好的"),
        ("agentonly", "agent", "您好，请问有什么可以帮您"),
        ("mixed", "customer", "我的快遞怎麼還沒到"), ("mixed", "customer", "说好的三天呢"),
    ]
    frame = pd.DataFrame(rows, columns=["session_id", "role", "text"])
    dup = pd.DataFrame([("dup", "customer", "第一次", 0), ("dup", "customer", "第二次", 0)],
                       columns=["session_id", "role", "text", "turn_index"])
    frame = pd.concat([frame.assign(turn_index=frame.groupby("session_id").cumcount()), dup], ignore_index=True)
    frame.to_parquet(tmp_path / "bad.parquet")
    result = run_score(registry, "--input", tmp_path / "bad.parquet", "--output", tmp_path / "out.csv")
    assert result.returncode == 0, result.stderr
    out = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False).set_index("session_id")
    assert len(out) == frame["session_id"].nunique()
    expected = {
        "empty": "error: no customer text", "null": "ok", "partly_empty": "ok", "emoji": "ok", "huge": "ok", "mixed": "ok",
        "garbage": "error: no customer text",
        "norole": "error: missing or unknown role at turn_index 1",
        "agentonly": "error: no customer turns",
        "dup": "error: duplicate turn_index 0",
    }
    assert out["status"].to_dict() == expected
    assert out.loc["emoji", "legitimacy"] in PARAMS.target("legitimacy").classes
    assert out.loc["garbage", "legitimacy"] == ""  # no prediction for an error row


@pytest.mark.parametrize("chunk_sessions", [2, 100])
def test_session_rows_that_are_not_contiguous_are_flagged_not_merged(registry, tmp_path, chunk_sessions):
    blocks = [("a", ["快递到哪了", "怎么还没到"]), ("b", ["发票怎么开"]), ("a", ["在吗"]), ("c", ["好的谢谢"]), ("a", ["人呢"])]
    frame = pd.DataFrame([(sid, "customer", text) for sid, texts in blocks for text in texts],
                         columns=["session_id", "role", "text"])
    frame.to_csv(tmp_path / "in.csv", index=False)
    result = run_score(registry, "--input", tmp_path / "in.csv", "--output", tmp_path / "out.csv",
                       "--chunk-sessions", chunk_sessions)
    assert result.returncode == 0, result.stderr
    out = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    # one row per contiguous block, in input order; a block after the first of its id is an error row
    assert out["session_id"].tolist() == ["a", "b", "a", "c", "a"]
    bad = "error: session rows are not contiguous in the input"
    assert out["status"].tolist() == ["ok", "ok", bad, "ok", bad]
    assert out["n_turns"].tolist() == ["2", "1", "1", "1", "1"]


def test_wrong_encoding_is_decoded(registry, tmp_path):
    frame = turn_table(5)
    path = tmp_path / "gbk.csv"
    path.write_bytes(frame.to_csv(index=False).encode("gb18030"))
    result = run_score(registry, "--input", path, "--output", tmp_path / "out.csv")
    assert result.returncode == 0, result.stderr
    assert (pd.read_csv(tmp_path / "out.csv")["status"] == "ok").all()


@pytest.mark.parametrize("content, message", [
    ("session_id,speaker,text\ns1,customer,hi\n", "missing column(s) ['role']"),
    (None, "no such file"),
])
def test_missing_column_or_file_fails_fast(registry, tmp_path, content, message):
    path = tmp_path / "in.csv"
    if content is not None:
        path.write_text(content)
    result = run_score(registry, "--input", path, "--output", tmp_path / "out.csv")
    assert result.returncode == 2 and message in result.stderr
    assert not (tmp_path / "out.csv").exists()


def test_corrupt_parquet_fails_fast(registry, tmp_path):
    (tmp_path / "in.parquet").write_bytes(b"PAR1 not really")
    result = run_score(registry, "--input", tmp_path / "in.parquet", "--output", tmp_path / "out.csv")
    assert result.returncode == 2 and "cannot read input" in result.stderr


def first_jddc_sessions(target: Path, n_sessions: int) -> Path:
    """The raw JDDC file cut after its first `n_sessions` sessions (same format)."""
    target.write_text("\n".join(first_jddc_lines(n_sessions)) + "\n", encoding="utf-8")
    return target


def test_sigkill_then_rerun_gives_the_uninterrupted_output(registry, tmp_path):
    # 150 sessions in 30 chunks: enough chunks to be killed mid-run, about half the time
    # of scoring the whole sample three times over (87 s → 43-53 s here).
    chunks = 30
    args = ["--input", first_jddc_sessions(tmp_path / "chat.txt", 5 * chunks), "--chunk-sessions", "5"]
    reference = run_score(registry, *args, "--output", tmp_path / "reference.parquet")
    assert reference.returncode == 0, reference.stderr

    env = {**os.environ, "MLFLOW_TRACKING_URI": f"sqlite:///{registry / 'mlflow.db'}"}
    output = tmp_path / "resumed.parquet"
    partial = tmp_path / "resumed.parquet.partial"
    process = subprocess.Popen([sys.executable, "-m", "pipeline.score", "--params", str(ROOT / "params.yaml"),
                                *map(str, args), "--output", str(output)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    while time.time() < deadline and len(list(partial.glob("sessions-*.parquet"))) < 6:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL, "the scorer finished before it could be killed"
    assert not output.exists()
    done = json.loads((partial / "state.json").read_text())["chunks_done"]
    assert 0 < done < chunks

    resumed = run_score(registry, *args, "--output", output)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{done} chunks resumed" in resumed.stderr
    pd.testing.assert_frame_equal(pd.read_parquet(output), pd.read_parquet(tmp_path / "reference.parquet"))
    assert not partial.exists()


def test_no_raw_pii_in_outputs_logs_or_mlflow(registry, tmp_path):
    frame = turn_table(10)
    frame.loc[0, "text"] = f"我的手机{PII[0]}，邮箱{PII[1]}"
    frame.loc[2, "text"] = f"身份证{PII[2]} 卡号{PII[3]}"
    frame.to_csv(tmp_path / "in.csv", index=False)
    result = run_score(registry, "--input", tmp_path / "in.csv", "--output", tmp_path / "out.jsonl",
                       "--turns-output", tmp_path / "turns.csv")
    assert result.returncode == 0, result.stderr
    artifacts = [tmp_path / "out.jsonl", tmp_path / "turns.csv", registry / "mlflow.db",
                 *[p for p in (registry / "mlartifacts").rglob("*") if p.is_file()]] \
        if (registry / "mlartifacts").exists() else [tmp_path / "out.jsonl", tmp_path / "turns.csv", registry / "mlflow.db"]
    artifacts += [p for p in Path(registry).rglob("*") if p.is_file() and p.suffix != ".db"]
    logs = result.stdout + result.stderr
    for secret in PII:
        assert secret not in logs
        for path in artifacts:
            assert secret.encode() not in path.read_bytes(), f"{secret} leaked into {path}"


def test_mlflow_models_predict_cli(registry, tmp_path):
    frame = turn_table(4)
    (tmp_path / "in.json").write_text(json.dumps({"dataframe_split": frame.to_dict(orient="split")},
                                                 ensure_ascii=False))
    env = {**os.environ, "MLFLOW_TRACKING_URI": f"sqlite:///{registry / 'mlflow.db'}"}
    result = subprocess.run(
        [sys.executable, "-m", "mlflow", "models", "predict", "-m", f"models:/{PARAMS.register.model_name}@champion",
         "-i", str(tmp_path / "in.json"), "-t", "json", "-o", str(tmp_path / "out.json"), "--env-manager", "local"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    predictions = json.loads((tmp_path / "out.json").read_text())["predictions"]
    assert len(predictions) == frame["session_id"].nunique()
    assert all(p["status"] == "ok" and p["legitimacy"] for p in predictions)
