"""Device choice, mixed precision and multi-process training (pipeline/device.py)."""

import dataclasses
import json
import os
import subprocess
import sys

import pytest
import torch

from pipeline import device
from pipeline.params import load_params

from conftest import ROOT

PARAMS = load_params(ROOT / "params.yaml")


@pytest.mark.parametrize("requested, cuda, mps, expected", [
    ("auto", True, True, "cuda:0"),
    ("auto", False, True, "mps"),
    ("auto", False, False, "cpu"),
    ("cpu", True, True, "cpu"),
    ("mps", True, True, "mps"),
])
def test_auto_prefers_cuda_then_mps_then_cpu(requested, cuda, mps, expected):
    assert str(device.pick(requested, cuda_available=cuda, mps_available=mps)) == expected


def test_a_forced_device_that_is_missing_is_an_error_and_ranks_get_their_own_gpu():
    with pytest.raises(RuntimeError, match="no CUDA"):
        device.pick("cuda", cuda_available=False, mps_available=False)
    with pytest.raises(ValueError):
        device.pick("tpu")
    assert str(device.pick("auto", device.Ranks(rank=3, world_size=4, local_rank=1),
                           cuda_available=True, mps_available=False)) == "cuda:1"


def test_mixed_precision_where_the_device_has_it():
    cuda, cpu = torch.device("cuda", 0), torch.device("cpu")
    assert device.precision(cuda, cpu_bf16=False, cuda_bf16=True) == torch.bfloat16
    assert device.precision(cuda, cpu_bf16=False, cuda_bf16=False) == torch.float16
    assert device.precision(cpu, cpu_bf16=False) is None and device.precision(cpu, cpu_bf16=True) == torch.bfloat16
    assert device.precision(torch.device("mps"), cpu_bf16=True) is None
    assert device.grad_scaler(cpu, None).is_enabled() is False
    described = device.describe(cpu, None, device.Ranks(0, 2, 0))
    assert described == {"device": "cpu", "precision": "fp32", "world_size": 2, "backend": "gloo"}


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device on this machine")
def test_training_runs_on_the_gpu_with_autocast(toy, tiny_encoder):
    from pipeline.bert import BertTriageModel

    turns, sessions = toy
    params = dataclasses.replace(PARAMS.bert, targets=("legitimacy",), layers=2, epochs=1, max_length=32,
                                 batch_size=8, device="cuda")
    model = BertTriageModel((PARAMS.target("legitimacy"),), params, tiny_encoder)
    ids = sessions["session_id"]
    model.fit(turns, sessions, ids[:40], ids[40:])
    assert model.device.type == "cuda" and all(p.is_cuda for p in model.net.parameters())
    assert model.predict_proba(turns)["legitimacy"]["no_complaint"].notna().all()


def test_a_model_trained_on_a_gpu_loads_on_a_cpu_only_machine(toy, tiny_encoder, tmp_path):
    from pipeline.bert import BertTriageModel
    from pipeline.model import MODEL_FILE, load_model

    params = dataclasses.replace(PARAMS.bert, targets=("legitimacy",), layers=2, max_length=32, device="cpu")
    BertTriageModel((PARAMS.target("legitimacy"),), params, tiny_encoder).save(tmp_path)
    manifest = json.loads((tmp_path / MODEL_FILE).read_text())
    manifest["params"]["device"] = "cuda"  # as written by a training on a GPU machine
    (tmp_path / MODEL_FILE).write_text(json.dumps(manifest))
    loaded = load_model(tmp_path)
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert loaded.device.type == expected
    assert loaded.predict_proba(toy[0])["legitimacy"]["no_complaint"].between(0, 1).all()


@pytest.mark.parametrize("requested, env, cuda, expected", [
    (None, None, True, "cuda"), (None, None, False, "cpu"), ("auto", "cpu", True, "cuda"),
    (None, "cpu", True, "cpu"), ("cpu", None, True, "cpu"), ("cuda", None, True, "cuda"),
])
def test_scoring_uses_the_gpu_when_present_unless_told_otherwise(monkeypatch, requested, env, cuda, expected):
    from pipeline.runtime import DEVICE_ENV, serving_device

    monkeypatch.delenv(DEVICE_ENV, raising=False)
    if env:
        monkeypatch.setenv(DEVICE_ENV, env)
    assert serving_device(requested, cuda_available=cuda).type == expected


def test_scoring_on_a_missing_gpu_is_an_error_and_onnx_takes_cuda_only_where_built_for_it():
    from pipeline.runtime import onnx_providers, serving_device

    with pytest.raises(RuntimeError, match="no CUDA device"):
        serving_device("cuda", cuda_available=False)
    with pytest.raises(ValueError, match="serving device"):
        serving_device("gpu", cuda_available=True)
    with_cuda = ["TensorrtExecutionProvider", "CUDAExecutionProvider", "CPUExecutionProvider"]
    assert onnx_providers(torch.device("cuda"), with_cuda) == ("CUDAExecutionProvider", "CPUExecutionProvider")
    assert onnx_providers(torch.device("cuda"), ["CPUExecutionProvider"]) == ("CPUExecutionProvider",)
    assert onnx_providers(torch.device("cpu"), with_cuda) == ("CPUExecutionProvider",)


def served_tiny_model(toy, tiny_encoder, tmp_path):
    from pipeline.bert import BertTriageModel
    from pipeline.runtime import prepare_serving_dir

    params = dataclasses.replace(PARAMS.bert, targets=("legitimacy", "emotion"), layers=2, max_length=32,
                                 turn_max_length=16, device="cpu")
    model = BertTriageModel(tuple(PARAMS.target(n) for n in params.targets), params, tiny_encoder)
    model.save(tmp_path / "model")
    prepare_serving_dir(model, tmp_path / "model", tmp_path / "served", "auto")
    return tmp_path / "served"


def test_a_model_loaded_with_the_cpu_forced_stays_on_the_cpu(toy, tiny_encoder, tmp_path, monkeypatch):
    from pipeline.model import load_model
    from pipeline.runtime import DEVICE_ENV, attach_runtime

    directory = served_tiny_model(toy, tiny_encoder, tmp_path)
    served = load_model(directory)
    # As on a GPU machine: without the override the model would go to the GPU.
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setenv(DEVICE_ENV, "cpu")
    used = attach_runtime(served, directory)
    assert served.device.type == "cpu" and "device" not in served.runtime_choice
    assert served.runtime_choice["runtime"] == used
    monkeypatch.delenv(DEVICE_ENV)
    attach_runtime(served, directory, device="cpu")  # what register does, to judge on the CPU
    assert served.device.type == "cpu" and "device" not in served.runtime_choice


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device on this machine")
def test_scoring_runs_on_the_gpu_with_the_cpu_figures(toy, tiny_encoder, tmp_path, monkeypatch):
    from pipeline.runtime import DEVICE_ENV, load_served

    monkeypatch.delenv(DEVICE_ENV, raising=False)
    directory = served_tiny_model(toy, tiny_encoder, tmp_path)
    on_gpu, used = load_served(directory)
    assert used == "torch" and on_gpu.device.type == "cuda" and on_gpu.runtime_choice["device"].startswith("cuda")
    assert all(p.is_cuda for p in on_gpu.net.parameters())
    on_cpu, _ = load_served(directory, "torch", device="cpu")
    gpu, cpu = on_gpu.predict_proba(toy[0]), on_cpu.predict_proba(toy[0])
    for name in cpu:
        columns = [c for c in cpu[name].columns if cpu[name][c].dtype.kind == "f"]
        assert (gpu[name][columns] - cpu[name][columns]).abs().max().max() < 1e-3, name


def run_fit(work, encoder, nproc: int | None) -> None:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    worker = str(ROOT / "tests" / "torchrun_fit.py")
    if nproc:
        command = [sys.executable, "-m", "torch.distributed.run", "--standalone", f"--nproc_per_node={nproc}",
                   worker, str(work), str(encoder)]
    else:
        command = [sys.executable, worker, str(work), str(encoder)]
    subprocess.run(command, check=True, env=env, cwd=ROOT, capture_output=True, timeout=600)


def without_dropout(encoder, path):
    """The tiny encoder with its dropout off: each rank draws its own dropout masks,
    which would make two half batches differ from one whole batch by chance alone."""
    from transformers import AutoModel, AutoTokenizer

    model = AutoModel.from_pretrained(encoder, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0,
                                      add_pooling_layer=False)
    model.save_pretrained(path)
    AutoTokenizer.from_pretrained(encoder).save_pretrained(path)
    return path


def test_two_processes_under_torchrun_train_like_one_process_with_the_global_batch(toy, tiny_encoder, tmp_path):
    turns, sessions = toy
    encoder = without_dropout(tiny_encoder, tmp_path / "encoder")
    turns.to_parquet(tmp_path / "turns.parquet")
    sessions.to_parquet(tmp_path / "sessions.parquet")
    # Every session labelled, no class weights, no dropout, 40 training sessions = 5 global
    # batches of 8: the mean of two ranks' 4-session means is the mean over the 8.
    bert = dataclasses.replace(PARAMS.bert, targets=("legitimacy",), layers=2, epochs=2, max_length=32,
                               batch_size=4, learning_rate=1e-3, patience=5, dropout=0.0,
                               class_weighting="none", threads=1, device="cpu")
    spec = {"targets": ["legitimacy"], "n_train": 40, "bert": dataclasses.asdict(bert)}
    (tmp_path / "params.json").write_text(json.dumps(spec))
    run_fit(tmp_path, encoder, nproc=2)
    ranks = [json.loads((tmp_path / f"rank{r}_of2.json").read_text()) for r in (0, 1)]
    assert ranks[0]["weights"] == ranks[1]["weights"]  # gradients were averaged, not per rank

    spec["bert"]["batch_size"] = 8  # one process, the same global batch
    (tmp_path / "params.json").write_text(json.dumps(spec))
    run_fit(tmp_path, encoder, nproc=None)
    single = json.loads((tmp_path / "rank0_of1.json").read_text())
    distributed = ranks[0]["step_losses"]
    assert len(single["step_losses"]) == len(distributed) == 10
    # Stated tolerance: the same steps up to float summation order and padding width.
    assert max(abs(a - b) for a, b in zip(single["step_losses"], distributed)) < 1e-4


@pytest.mark.slow
def test_the_train_stage_under_torchrun_writes_one_model_and_one_run(toy, tiny_encoder, tmp_path):
    import yaml

    from pipeline.model import load_model

    turns, sessions = toy
    turns.to_parquet(tmp_path / "turns.parquet")
    sessions.to_parquet(tmp_path / "sessions.parquet")
    (tmp_path / "split").mkdir()
    for name, part in (("train", sessions[:40]), ("valid", sessions[40:50]), ("written_valid", sessions[50:])):
        part[["session_id"]].to_parquet(tmp_path / "split" / f"{name}.parquet")
    config = yaml.safe_load((ROOT / "params.yaml").read_text())
    config["bert"].update(targets=["legitimacy", "flags"], layers=2, epochs=1, max_length=32, batch_size=4,
                          threads=1, device="cpu")
    (tmp_path / "params.yaml").write_text(yaml.safe_dump(config, allow_unicode=True))
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT),
           "MLFLOW_TRACKING_URI": f"sqlite:///{tmp_path / 'mlflow.db'}"}
    subprocess.run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2",
                    "-m", "pipeline.train", "--params", str(tmp_path / "params.yaml"), "--encoder", str(tiny_encoder),
                    "--turns", str(tmp_path / "turns.parquet"), "--sessions", str(tmp_path / "sessions.parquet"),
                    "--split-dir", str(tmp_path / "split"), "--model-out", str(tmp_path / "model"),
                    "--metrics-out", str(tmp_path / "train.json")],
                   check=True, env=env, cwd=tmp_path, capture_output=True, timeout=900)
    model = load_model(tmp_path / "model")
    assert model.predict_proba(turns)["legitimacy"]["no_complaint"].between(0, 1).all()
    import mlflow
    mlflow.set_tracking_uri(env["MLFLOW_TRACKING_URI"])
    runs = mlflow.search_runs(search_all_experiments=True)
    assert len(runs) == 1  # rank 0 alone logs
    assert runs.loc[0, "params.train.world_size"] == "2" and runs.loc[0, "params.train.backend"] == "gloo"
