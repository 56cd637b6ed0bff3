"""The scorer's batch report: page, JSON, drift against the training data,
de-escalation per agent, MLflow metrics."""

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from pipeline.reporting.drift import psi
from pipeline.sources import read_jddc, read_shop

from conftest import JDDC, ROOT, SHARED


def score_with_report(registry, frame: pd.DataFrame, tmp_path, name: str):
    path = tmp_path / f"{name}.parquet"
    frame.to_parquet(path)
    env = {**os.environ, "MLFLOW_TRACKING_URI": f"sqlite:///{registry / 'mlflow.db'}"}
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.score", "--params", str(ROOT / "params.yaml"), "--input", str(path),
         "--output", str(tmp_path / f"{name}.out.parquet"), "--report", str(tmp_path / f"{name}.html")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads((tmp_path / f"{name}.json").read_text()), (tmp_path / f"{name}.html").read_text(), result.stderr


@pytest.fixture(scope="module")
def heldout_jddc():
    # The registry model was trained and its reference taken on the first 200 JDDC sessions.
    turns = read_jddc(JDDC, max_sessions=420)
    later = turns["session_id"].drop_duplicates().iloc[200:420]
    return turns[turns["session_id"].isin(later)][["session_id", "turn_index", "role", "text"]]


def test_psi_is_zero_for_equal_shares_and_grows_with_the_shift():
    assert psi([0.5, 0.5], [0.5, 0.5]) == 0
    assert 0 < psi([0.5, 0.5], [0.45, 0.55]) < psi([0.5, 0.5], [0.2, 0.8])


def test_a_held_out_jddc_batch_gets_a_report_and_no_drift_warning(registry, heldout_jddc, tmp_path):
    report, page, log = score_with_report(registry, heldout_jddc, tmp_path, "jddc")
    assert report["sessions"] == heldout_jddc["session_id"].nunique()
    assert not report["drift_warning"], [c for c in report["drift"] if c["drift"]]
    assert "WARNING drift" not in log
    assert {c["statistic"] for c in report["drift"]} >= {"predicted legitimacy", "customer turn length",
                                                          "placeholders per turn", "traditional share",
                                                          "unknown rate"}
    # self-contained: figures inline, nothing fetched
    assert page.count("data:image/png;base64,") == 4 and "http" not in page
    assert sum(report["legitimacy"].values()) == pytest.approx(1.0)
    assert sum(map(sum, report["emotion_transitions"]["counts"])) == report["sessions_ok"]
    (rows,) = report["deescalation"].values()  # no agent or queue column: one row for the input file
    assert rows[0]["group"] == "jddc.parquet" and rows[0]["sessions"] == report["sessions_ok"]
    # abstention reaches the page: the scored rows' count of legitimacy_review
    scored = pd.read_parquet(tmp_path / "jddc.out.parquet")
    unsure = int(scored.loc[scored["status"] == "ok", "legitimacy_review"].sum())
    assert unsure > 0 and report["review"]["legitimacy unsure (a person decides it)"] == unsure


def test_a_shop_batch_against_a_jddc_model_raises_the_drift_warning(registry, tmp_path):
    shop = read_shop(SHARED / "datasets/jddc21_shop", ("dev.json",), max_sessions=220)
    report, page, log = score_with_report(registry, shop[["session_id", "turn_index", "role", "text"]], tmp_path,
                                          "shop")
    assert report["drift_warning"]
    assert "WARNING drift" in log and "Drift warning" in page


def test_deescalation_is_reported_per_agent_when_the_input_names_agents(registry, heldout_jddc, tmp_path):
    ids = heldout_jddc["session_id"].drop_duplicates()
    agents = dict(zip(ids, ["agent-" + "abc"[i % 3] for i in range(len(ids))]))
    report, page, _ = score_with_report(registry, heldout_jddc.assign(agent_id=heldout_jddc["session_id"].map(agents)),
                                        tmp_path, "agents")
    rows = report["deescalation"]["agent_id"]
    assert sorted(r["group"] for r in rows) == ["agent-a", "agent-b", "agent-c"]
    assert sum(r["sessions"] for r in rows) == report["sessions_ok"]
    assert all(0 <= r["ended_calmer_than_peak"] <= 1 and 0 <= r["ended_angrier_than_start"] <= 1 for r in rows)
    assert "De-escalation by agent_id" in page


def test_report_figures_become_mlflow_metrics_of_an_active_run(registry, heldout_jddc, tmp_path, monkeypatch):
    import mlflow

    from pipeline import score

    monkeypatch.setenv("MLFLOW_TRACKING_URI", f"sqlite:///{registry / 'mlflow.db'}")
    path = tmp_path / "in.parquet"
    heldout_jddc.to_parquet(path)
    mlflow.set_tracking_uri(f"sqlite:///{registry / 'mlflow.db'}")
    with mlflow.start_run() as run:
        assert score.main(["--params", str(ROOT / "params.yaml"), "--input", str(path), "--output",
                           str(tmp_path / "out.parquet"), "--report", str(tmp_path / "r.html")]) == 0
    logged = mlflow.get_run(run.info.run_id).data.metrics
    assert logged["report.sessions"] == heldout_jddc["session_id"].nunique()
    assert "report.drift.predicted_legitimacy" in logged
