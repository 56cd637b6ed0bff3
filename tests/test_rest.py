"""REST serving: `mlflow models serve` on the registered champion answers real requests."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest


GOOD = [  # one real JDDC session, as a caller would send it
    {"session_id": "s-good", "turn_index": 0, "role": "customer", "text": "我买的空调到现在还没发货，都一个星期了"},
    {"session_id": "s-good", "turn_index": 1, "role": "agent", "text": "亲，非常抱歉，这边马上为您催促仓库"},
    {"session_id": "s-good", "turn_index": 2, "role": "customer", "text": "再不发我就退款了，太气人了"},
]
BAD = [  # a session without any customer turn: answered with a status, not an HTTP error
    {"session_id": "s-bad", "turn_index": 0, "role": "agent", "text": "您好，请问有什么可以帮您"},
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def post(url: str, rows: list[dict]) -> dict:
    body = json.dumps({"dataframe_records": rows}, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
        return json.loads(response.read())


@pytest.fixture(scope="module")
def server(registry):
    port = free_port()
    env = {**os.environ, "MLFLOW_TRACKING_URI": f"sqlite:///{registry / 'mlflow.db'}"}
    log = open(registry / "serve.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "mlflow", "models", "serve", "-m", "models:/complaint-triage@champion",
         "--env-manager", "local", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=registry)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180
    while time.time() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited: {(registry / 'serve.log').read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/ping", timeout=2) as response:
                if response.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(1)
    else:
        process.kill()
        raise AssertionError(f"server not up in 180 s: {(registry / 'serve.log').read_text()[-3000:]}")
    yield url
    process.terminate()
    process.wait(timeout=30)
    log.close()


def predictions(answer: dict) -> list[dict]:
    rows = answer["predictions"]
    return rows if isinstance(rows, list) else [dict(zip(rows, values)) for values in zip(*rows.values())]


def test_rest_server_scores_a_good_session(server):
    (row,) = predictions(post(f"{server}/invocations", GOOD))
    assert row["session_id"] == "s-good" and row["status"] == "ok"
    assert row["legitimacy"] in ("legitimate", "excessive", "unfounded", "abusive", "no_complaint")
    assert 0.0 <= row["legitimacy_p_legitimate"] <= 1.0 and row["emotion_peak"] and row["model_name"]


def test_rest_server_answers_a_bad_session_with_a_status(server):
    rows = predictions(post(f"{server}/invocations", GOOD + BAD))
    by_id = {row["session_id"]: row for row in rows}
    assert by_id["s-good"]["status"] == "ok"
    bad = by_id["s-bad"]
    assert bad["status"] == "error: no customer turns"
    assert bad["legitimacy"] is None or bad["legitimacy"] != bad["legitimacy"]  # null or NaN, never a guess
