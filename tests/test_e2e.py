"""A tiny end-to-end `dvc repro` with debug-size params in a temporary copy of the project."""

import itertools
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from conftest import ROOT, SHARED

PROJECT_FILES = ("dvc.yaml", "params.yaml", "pyproject.toml", "pipeline", "data/labels", "data/pii_audit", "tests/data/pii")
PII_CASES = ROOT / "tests/data/pii/dev_a/pii_cases.jsonl"
# Filled by the `project` fixture: every personal-data value planted in its JDDC input.
PLANTED: dict[str, list] = {}


def plant_personal_data(source: Path, target: Path, sessions: int) -> list[tuple[str, str, str]]:
    """Copy of the JDDC sample whose first `sessions` sessions carry every positive of
    the PII test set, appended to customer turns. Returns (turn text, value, type)."""
    cases = [json.loads(line) for line in PII_CASES.read_text(encoding="utf-8").splitlines() if line.strip()]
    planted, out, seen, at = [], [], [], 0
    for line in source.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if fields[0] not in seen:
            seen.append(fields[0])
        if len(seen) <= sessions and fields[2] == "0" and at < len(cases):
            extra = [cases[at + k] for k in range(2) if at + k < len(cases)]
            at += len(extra)
            fields[6] = fields[6] + " " + " ".join(re.sub(r"\s+", " ", c["text"]) for c in extra)
            planted += [(fields[6], case["text"][a:b], kind) for case in extra for a, b, kind in case["spans"]]
        out.append("\t".join(fields))
    assert at == len(cases), "not enough customer turns to plant every case"
    target.write_text("\n".join(out) + "\n", encoding="utf-8")
    return planted


def debug_params(jddc_path: Path) -> dict:
    params = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))
    data = params["data"]
    data["jddc_path"] = str(jddc_path)
    data["shop_dir"] = str(SHARED / "datasets/jddc21_shop")
    data["ewect_dir"] = str(SHARED / "datasets/smp2020_ewect")
    data["cped_dir"] = str(SHARED / "datasets/cped")
    data["shopping_reviews_path"] = str(SHARED / "datasets/online_shopping_10_cats/online_shopping_10_cats.csv")
    data["delivery_reviews_path"] = str(SHARED / "datasets/waimai_10k/waimai_10k.csv")
    data["max_sessions_per_source"] = 60
    data["chunk_turns"] = 500  # several chunks per corpus: the streamed path, not one chunk
    params["baseline"].update(max_features=5000, min_df=1, max_iter=300)
    params["evaluate"].update(bootstrap_samples=200)
    params["cv"].update(folds=3)
    params["bert"].update(layers=1, max_length=64, turn_max_length=32, epochs=1, max_train_examples=48,
                          batch_size=8, turn_batch_size=16)
    # One small epoch of domain-adaptive pre-training: the stage's real path, not its pass-through.
    params["dapt"].update(epochs=1, review_texts=64, head_steps=2, max_length=32, batch_size=32)
    # The masking report's real path on the first texts of each PII set (the tagger still trains on whole sets).
    params["pii_report"] = {"max_texts_per_set": 40}
    return params


def run(args, cwd, env):
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{args} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    work = tmp_path_factory.mktemp("project")
    raw = tmp_path_factory.mktemp("raw")  # outside the project: the input is allowed to hold personal data
    jddc = raw / "chat.txt"
    PLANTED["turns"] = plant_personal_data(SHARED / "datasets/jddc2019_sample/chat.txt", jddc, sessions=60)
    PLANTED["input"] = jddc
    for name in PROJECT_FILES:
        source, target = ROOT / name, work / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    (work / "params.yaml").write_text(yaml.safe_dump(debug_params(jddc), allow_unicode=True, sort_keys=False),
                                      encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    env["PYTHONPATH"] = str(work)
    run([sys.executable, "-m", "dvc", "init", "--no-scm", "-q"], work, env)
    first = run([sys.executable, "-m", "dvc", "repro"], work, env)
    second = run([sys.executable, "-m", "dvc", "repro"], work, env)
    PLANTED["logs"] = first + second
    return work, first, second


def test_repro_runs_every_stage(project):
    work, first, _ = project
    for stage in ("ingest", "clean", "split", "baseline", "base_model", "train", "ensemble", "evaluate@baseline",
                  "evaluate@bert", "evaluate@ensemble", "register", "agreement", "crossval", "shortcut", "pii_report", "dapt"):
        assert f"Running stage '{stage}'" in first
    for out in ("data/interim/turns.parquet", "data/clean/turns.parquet", "data/split/test.parquet",
                "models/baseline/model.json", "metrics/eval_baseline.json", "plots/baseline/confusion_ewect.png",
                "models/base/model.safetensors", "models/bert/heads.safetensors", "metrics/eval_bert.json",
                "metrics/register.json", "metrics/cv.json", "data/split/written_test.parquet",
                "metrics/shortcut.json", "reports/model_card.md", "metrics/pii.json",
                "models/ensemble/members/bert/heads.safetensors", "metrics/eval_ensemble.json",
                "models/encoder/model.safetensors"):
        assert (work / out).exists(), out
    dapt = json.loads((work / "metrics/dapt.json").read_text())
    assert dapt["adapted"] and dapt["texts_reviews"] == 64 and dapt["steps"] > dapt["head_steps"]
    assert dapt["held_back_masked_loss_before"] > 0 and dapt["held_back_masked_loss_after"] > 0


def test_second_repro_is_a_no_op(project):
    _, _, second = project
    assert "Running stage" not in second
    assert "Data and pipelines are up to date" in second


def test_metrics_are_flat_and_cover_every_target(project):
    work, _, _ = project
    metrics = json.loads((work / "metrics/eval_baseline.json").read_text())
    assert all(isinstance(v, (int, float)) for v in metrics.values())
    assert 0.0 <= metrics["ewect.macro_f1"] <= 1.0
    assert "ewect.angry.precision" in metrics and "ewect.angry.support" in metrics
    report = json.loads((work / "metrics/cleaning.json").read_text())
    assert report["turns_in"] >= report["turns_out"] > 0 and report["mask_num"] > 0
    assert report["routing_lines_to_metadata"] > 0 and report["markup_image"] > 0 and report["markup_emoji"] > 0


def test_every_figure_carries_an_interval_and_a_per_source_breakdown(project):
    work, _, _ = project
    metrics = json.loads((work / "metrics/eval_baseline.json").read_text())
    for target in ("legitimacy", "flags", "emotion", "emotion_peak", "emotion_end", "emotion_peak_direct"):
        low, point, high = (metrics[f"{target}.macro_f1{s}"] for s in ("_ci_low", "", "_ci_high"))
        # A percentile interval need not contain the point, but it brackets the figure's range.
        assert 0.0 <= low <= high <= 1.0 and 0.0 <= point <= 1.0, target
        for source in ("jddc", "jddc21_shop"):
            assert f"{target}.source.{source}.macro_f1_ci_high" in metrics, (target, source)
    assert "legitimacy.legitimate.f1_ci_low" in metrics
    labels = json.loads((work / "metrics/labels.json").read_text())
    assert labels["jddc.sessions_labelled"] == labels["jddc21_shop.sessions_labelled"] == 60
    cv = json.loads((work / "metrics/cv.json").read_text())
    assert cv["cv.baseline.legitimacy.macro_f1_ci_low"] <= cv["cv.baseline.legitimacy.macro_f1"]
    assert "transfer.jddc_to_jddc21_shop.baseline.legitimacy.macro_f1_ci_high" in cv
    shortcut = json.loads((work / "metrics/shortcut.json").read_text())
    assert 0.0 <= shortcut["probe.real_vs_written_test.roc_auc"] <= 1.0
    assert "style_removed.legitimacy.macro_f1.ci_high" in shortcut
    agreement = json.loads((work / "metrics/agreement.json").read_text())
    assert "jddc.legitimacy.kappa" in agreement and "jddc21_shop.legitimacy.kappa" in agreement


def test_mlflow_run_has_params_metrics_lineage_in_the_embedded_store(project):
    work, _, _ = project
    manifest = json.loads((work / "models/baseline/model.json").read_text())
    db = sqlite3.connect(work / "mlflow.db")
    run_id = manifest["mlflow_run_id"]
    tags = dict(db.execute("select key, value from tags where run_uuid = ?", (run_id,)))
    metrics = {k for (k,) in db.execute("select key from metrics where run_uuid = ?", (run_id,))}
    params = {k for (k,) in db.execute("select key from params where run_uuid = ?", (run_id,))}
    assert "mlflow.source.git.commit" in tags and len(tags["input.turns.md5"]) == 32
    assert "test/ewect.macro_f1" in metrics and "train/ewect/train_examples" in metrics
    assert "baseline.C" in params
    artifacts = list((work / "mlartifacts").rglob("*.safetensors"))
    assert artifacts, "model weights are logged as safetensors artifacts in the project store"


def test_both_model_kinds_share_one_evaluation_path(project):
    work, _, _ = project
    baseline = json.loads((work / "metrics/eval_baseline.json").read_text())
    bert = json.loads((work / "metrics/eval_bert.json").read_text())
    for key in ("legitimacy.macro_f1", "emotion.macro_f1", "flags.macro_f1", "emotion_peak.macro_f1",
                "legitimacy.abusive.precision_at_operating_point", "legitimacy.ece", "legitimacy.ece_uncalibrated",
                "emotion.ece", "legitimacy.review.share"):
        assert key in baseline and key in bert
    for kind in ("baseline", "bert"):
        assert (work / f"plots/{kind}/reliability_emotion.png").exists()
        # every target has a temperature, or the reason it has none (debug valid splits are small)
        manifest = json.loads((work / f"models/{kind}/model.json").read_text())
        calibration = manifest["calibration"]
        assert set(calibration) == {t["name"] for t in manifest["targets"]}
        for info in calibration.values():  # fitted: a temperature that lowered the valid NLL; else the reason
            if info["status"] == "fitted":
                assert info["valid_nll_after"] <= info["valid_nll_before"] and info["temperature"] > 0
            else:
                assert info["status"].startswith("not fitted") and info["temperature"] == 1.0
    assert json.loads((work / "models/bert/model.json").read_text())["calibration"]["emotion"]["status"] == "fitted"
    # The ensemble goes through the same path; its members keep their own temperatures,
    # and its weights (chosen on validation) sum to one per target.
    ensemble = json.loads((work / "metrics/eval_ensemble.json").read_text())
    assert all(key in ensemble for key in ("legitimacy.macro_f1", "written_test.legitimacy.macro_f1", "legitimacy.ece"))
    manifest = json.loads((work / "models/ensemble/model.json").read_text())
    assert manifest["kind"] == "ensemble" and manifest["members"] == ["baseline", "bert"]
    assert set(manifest["weights"]) == {t["name"] for t in manifest["targets"]}
    for weights in manifest["weights"].values():
        assert set(weights) == {"baseline", "bert"} and sum(weights.values()) == pytest.approx(1.0)
    for member in ("baseline", "bert"):
        kept = json.loads((work / f"models/ensemble/members/{member}/model.json").read_text())
        assert kept == json.loads((work / f"models/{member}/model.json").read_text())


def test_registered_model_is_champion(project):
    work, _, _ = project
    report = json.loads((work / "metrics/register.json").read_text())
    assert report["promoted"] == 1 and report["champion_version"] == report["version"] == 1
    assert report["model_kind"] == "ensemble"  # the default: its BERT member carries the encoder runtimes
    # auto: PyTorch fp32 always kept; every other runtime was evaluated against it
    kept = report["runtime_candidates"].split(",")
    assert report["runtime"] == "auto" and report["runtime_judged"] in kept and "torch" in kept
    assert {r for r in kept if r != "torch"} <= {k.split(".", 1)[1] for k in report if k.startswith("runtime_deviation.")}


def test_model_card_states_the_registered_figures_and_is_the_version_description(project):
    work, _, _ = project
    report = json.loads((work / "metrics/register.json").read_text())
    card = (work / "reports/model_card.md").read_text(encoding="utf-8")
    assert card.startswith(f"# complaint-triage v{report['version']}")
    for key in ("legitimacy.macro_f1", "written_test.legitimacy.macro_f1", "emotion_end.macro_f1"):
        shown = (f"{report['challenger.' + key]:.3f} [{report['challenger.' + key + '_ci_low']:.3f}, "
                 f"{report['challenger.' + key + '_ci_high']:.3f}]")
        assert shown in card, key
    assert "never justifies refusing service" in card and "| synthetic |" in card
    assert f"figures below as served by `{report['runtime_judged']}`" in card  # auto: which runtime's figures
    assert "largest change per runtime" in card
    db = sqlite3.connect(work / "mlflow.db")
    (description,) = db.execute("select description from model_versions where version = ?",
                                (report["version"],)).fetchone()
    assert description == card


def test_second_registration_is_judged_against_the_re_evaluated_champion(project, tmp_path):
    # The same model registered again: the champion is downloaded from the registry,
    # re-evaluated as it serves on the same sessions, and the paired difference is zero.
    work, _, _ = project
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    env["PYTHONPATH"] = str(work)
    out = tmp_path / "register.json"
    # The runtime the champion's figures come from, fixed: choosing among runtimes is the
    # first registration's test; this one is about the champion, and each extra runtime
    # is one more evaluation.
    params = yaml.safe_load((work / "params.yaml").read_text(encoding="utf-8"))
    params["register"]["runtime"] = json.loads((work / "metrics/register.json").read_text())["runtime_judged"]
    (tmp_path / "params.yaml").write_text(yaml.safe_dump(params, allow_unicode=True, sort_keys=False), encoding="utf-8")
    registered = params["register"]["model"]
    log = run([sys.executable, "-m", "pipeline.register", "--params", str(tmp_path / "params.yaml"),
               "--model", f"models/{registered}",
               "--eval-metrics", f"metrics/eval_{registered}.json", "--turns", "data/clean/turns.parquet",
               "--sessions", "data/clean/sessions.parquet", "--split-dir", "data/split", "--report-out", str(out),
               "--card-out", str(tmp_path / "model_card.md")],
              work, env)
    report = json.loads(out.read_text())
    assert "could not be loaded" not in log
    assert report["version"] == 2 and report["previous_champion_version"] == 1 and report["promoted"] == 1
    assert report["gate_paired"] == 1
    assert report["gate.legitimacy.macro_f1.difference"] == 0.0
    assert report["gate.legitimacy.macro_f1.ci_low"] == report["gate.legitimacy.macro_f1.ci_high"] == 0.0
    assert "gate.written_test.legitimacy.macro_f1.difference" in report


@pytest.mark.slow
def test_comparison_notebook_runs_top_to_bottom_on_tracked_outputs():
    """Needs the outputs of a full `dvc repro` in the project root."""
    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient

    if not (ROOT / "metrics/eval_bert.json").exists() or not (ROOT / "data/clean/turns.parquet").exists():
        pytest.skip("run `dvc repro` first")
    notebook = nbformat.read(ROOT / "notebooks/compare_runs.ipynb", as_version=4)
    NotebookClient(notebook, timeout=600, resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    outputs = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "actual" in outputs and "predicted" in outputs


# Vocabulary files of the base encoder come from its package, not from the data.
_FROM_THE_BASE_MODEL = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")


def weight_file_text(path: Path) -> str:
    """The strings of a weight file without its tensor payload: tensor names, shapes
    and metadata are read, the float and int8 bytes are not text. (Decoding hundreds
    of MB of weights as UTF-8 and searching them was most of this test's 10 minutes.)"""
    if path.suffix == ".safetensors":
        with path.open("rb") as handle:
            header = int.from_bytes(handle.read(8), "little")
            return handle.read(header).decode("utf-8", errors="ignore")
    import onnx
    from google.protobuf import text_format

    model = onnx.load(str(path), load_external_data=False)
    for tensor in model.graph.initializer:  # string_data, names and doc strings stay
        for field in ("raw_data", "float_data", "int32_data", "int64_data", "double_data", "uint64_data"):
            tensor.ClearField(field)
    # Bytes fields (string tensors, string attributes) print as octal escapes a search
    # would miss: they are added decoded.
    strings = [s for t in model.graph.initializer for s in t.string_data]
    for node in model.graph.node:
        for attribute in node.attribute:
            strings += [attribute.s, *attribute.strings, *attribute.t.string_data]
    return "\n".join([text_format.MessageToString(model, as_utf8=True)]
                     + [s.decode("utf-8", errors="ignore") for s in strings])


def stored_texts(paths):
    """Every string a person could read back from the stored files: parquet cells,
    SQLite cells (the MLflow store), the strings of weight files, and any other
    file as UTF-8."""
    for path in paths:
        if path.is_dir():
            yield from stored_texts(sorted(path.rglob("*")))
            continue
        if not path.is_file() or path.name in _FROM_THE_BASE_MODEL or "artifacts/code/" in path.as_posix():
            continue  # the package's own source, logged with the model, is code, not data
        with path.open("rb") as handle:
            head = handle.read(16)
        if path.suffix in (".safetensors", ".onnx"):
            yield str(path), weight_file_text(path)
        elif head.startswith(b"PAR1"):
            frame = pd.read_parquet(path)
            for column in frame.columns:
                if frame[column].dtype == object or str(frame[column].dtype).startswith("string"):
                    yield str(path), " ".join(frame[column].dropna().astype(str))
        elif head.startswith(b"SQLite format 3"):
            db = sqlite3.connect(path)
            for (table,) in db.execute("select name from sqlite_master where type = 'table'"):
                # one text per table: a scan per row cost minutes on MLflow's metric tables
                yield f"{path}:{table}", "\n".join(" ".join(str(v) for v in row if isinstance(v, (str, bytes)))
                                                   for row in db.execute(f'select * from "{table}"'))
        else:
            yield str(path), path.read_bytes().decode("utf-8", errors="ignore")


@pytest.fixture(scope="module")
def scored_planted_input(project, tmp_path_factory):
    """The registered model scores the JDDC input with the planted personal data
    (its own fixture, so --durations shows scoring and the scan apart)."""
    work, _, _ = project
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    env["PYTHONPATH"] = str(work)
    scored = tmp_path_factory.mktemp("scored")
    log = run([sys.executable, "-m", "pipeline.score", "--input", str(PLANTED["input"]),
               "--output", str(scored / "sessions.parquet"), "--turns-output", str(scored / "turns.parquet")],
              work, env)
    return scored, log


def test_no_planted_personal_data_is_stored_or_logged_downstream_of_clean(project, scored_planted_input):
    # Every positive of the PII test set was planted in the JDDC input. Whatever
    # clean_text masks in those turns must appear nowhere after `clean`: cleaned
    # and split tables, models, metrics, plots, reports, the MLflow store and its
    # artifacts, the pipeline's logs, and the scorer's outputs and log. (What
    # clean_text misses is measured by `pii_report`, not here.)
    from pipeline.text import clean_text, normalise

    work, _, _ = project
    scored, score_log = scored_planted_input

    others = pd.read_parquet(work / "data/interim/turns.parquet")
    unplanted = " ".join(others.loc[others["source"] != "jddc", "text"])
    wanted = {}
    for turn, value, kind in PLANTED["turns"]:
        forms = {re.sub(r"\s+", " ", normalise(value)).strip()}
        digits = re.sub(r"\D", "", forms.copy().pop())
        if len(digits) >= 7:
            forms.add(digits)
        forms = {f for f in forms if len(f) >= 2 and f not in unplanted}
        if forms and all(f not in clean_text(turn) for f in forms):
            wanted.update({f: kind for f in forms})
    assert len(wanted) > 300 and {"NAME", "PHONE", "ID", "BANKCARD", "MESSAGING", "PLATE"} <= set(wanted.values())

    roots = [work / name for name in ("data/clean", "data/split", "models/baseline", "models/bert", "models/ensemble", "metrics",
                                      "plots", "reports", "mlartifacts", "mlruns", "mlflow.db")] + [scored]
    leaks = []
    # A value's digits alone are a leak as a number of their own, not inside a longer run of
    # digits: 1234567 is no leak in a figure such as 0.12345679012345678 (10/81 in metrics/pii.json).
    digit_values = sorted((v for v in wanted if v.isdigit()), key=len, reverse=True)
    assert digit_values
    digit_runs = re.compile(r"(?<!\d)(?:" + "|".join(digit_values) + r")(?!\d)")
    # One file's text at a time: the served model holds several encoder files, and
    # holding every decoded file at once took 16 GB.
    for where, text in itertools.chain(stored_texts(r for r in roots if r.exists()),
                                       [("dvc repro log", PLANTED["logs"]), ("score log", score_log)]):
        leaks += [(where, value) for value in wanted if not value.isdigit() and value in text]
        leaks += [(where, value) for value in set(digit_runs.findall(text))]
    assert not leaks, leaks[:20]
