"""Inference runtimes for a fine-tuned encoder: PyTorch, or ONNX Runtime (fp32 / dynamic int8).

Training and evaluation run in PyTorch. For serving, `register` exports the
encoder to ONNX (fp32 and/or int8 weights) beside the safetensors weights and
records what it prepared in `runtime.json`. With `register.runtime: auto` every
runtime that passes its parity check (and register's figure tolerance) is kept,
and the machine that loads the model times them and uses the fastest: which one
that is depends on the CPU (VNNI and bf16 units), so it is measured where the
model runs. The heads, pooling and all pre/post-processing stay the same code.
`benchmarks/score.py` measures speed and macro-F1 of each runtime;
`benchmarks/isa_parity.py` compares served figures across instruction sets.

On a machine with a CUDA GPU a loaded model scores there (`serving_device`):
PyTorch fp32 on the GPU, or ONNX Runtime's CUDA provider when an ONNX runtime is
asked for and onnxruntime-gpu is installed in place of onnxruntime (README).
COMPLAINT_TRIAGE_DEVICE=cpu keeps it on the CPU. `register` judges on the CPU,
so the registry's figures do not depend on where it ran.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import onnx
import torch
from torch import nn

from pipeline.bert import mean_pool
from pipeline.io import read_json, write_json
from pipeline.model import TriageModel, load_model

RUNTIME_FILE = "runtime.json"
ONNX_FILE = "encoder.onnx"
RUNTIMES = ("torch", "torch_bf16", "onnx", "onnx_int8")
# The exported graph must reproduce the PyTorch encoder on padded batches.
PARITY_TOLERANCE = 1e-3
# int8 and bf16 cannot match fp32 exactly; their pooled embeddings must stay this close.
INT8_MIN_COSINE = 0.98
# bf16 without native units is emulated and was 0.4x the naive loop
# (benchmarks/score.py on an AVX2-only CPU): not worth timing there.
BF16_UNITS = ("AVX512BF16",)
# PyTorch threads once the encoder runs in ONNX Runtime (see attach_runtime).
TORCH_THREADS_WITH_ONNX = 1


class OnnxEncoder(nn.Module):
    """Drop-in for the transformers encoder at inference: same call, same output field."""

    def __init__(self, path: Path, threads: int, providers: tuple[str, ...] = ("CPUExecutionProvider",)):
        super().__init__()
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(path), options, providers=list(providers))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> SimpleNamespace:
        (hidden,) = self.session.run(None, {"input_ids": input_ids.numpy(), "attention_mask": attention_mask.numpy()})
        return SimpleNamespace(last_hidden_state=torch.from_numpy(hidden))


class _HiddenStates(nn.Module):
    def __init__(self, encoder: nn.Module):
        super().__init__()
        self.encoder = encoder

    def forward(self, input_ids, attention_mask):
        return self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state


def _probe_batch(vocab_size: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Padded rows of different lengths: the export must not bake in 'no padding'."""
    generator = torch.Generator().manual_seed(0)
    ids = torch.randint(5, min(vocab_size, 20000), (3, 24), generator=generator)
    mask = torch.ones_like(ids)
    mask[1, 15:] = 0
    mask[2, 6:] = 0
    return ids, mask


def _fuse_transformer_ops(path: Path, config) -> Path:
    """ONNX Runtime's transformer fusions (attention, skip-LayerNorm, GELU) for BERT-like encoders."""
    from onnxruntime.transformers.optimizer import optimize_model

    if config.model_type not in ("bert", "roberta", "xlm-roberta"):
        return path
    fused = path.with_name("fused.onnx")
    optimize_model(str(path), model_type="bert", num_heads=config.num_attention_heads,
                   hidden_size=config.hidden_size, opt_level=1).save_model_to_file(str(fused))
    return fused


def min_pooled_cosine(reference: torch.Tensor, served: torch.Tensor, mask: torch.Tensor) -> float:
    """Smallest cosine between the mean-pooled rows of two encoders' hidden states:
    the parity figure of a reduced-precision runtime."""
    return float(torch.nn.functional.cosine_similarity(mean_pool(reference, mask), mean_pool(served, mask),
                                                       dim=1).min())


def export_encoder(encoder: nn.Module, path: Path, quantize: bool) -> dict[str, float]:
    """Write the encoder as ONNX (dynamic batch and length); returns parity figures."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    exported = copy.deepcopy(encoder).eval()
    # Eager attention exports the padding mask as plain ops; the SDPA path may
    # specialise on the example's mask.
    exported.config._attn_implementation = "eager"
    if hasattr(exported, "set_attn_implementation"):
        exported.set_attn_implementation("eager")
    ids, mask = _probe_batch(exported.config.vocab_size)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / ONNX_FILE
        torch.onnx.export(_HiddenStates(exported), (ids, mask), str(fp32), input_names=["input_ids", "attention_mask"],
                          output_names=["last_hidden_state"], opset_version=17, dynamo=False,
                          dynamic_axes={name: {0: "batch", 1: "tokens"}
                                        for name in ("input_ids", "attention_mask", "last_hidden_state")})
        fused = _fuse_transformer_ops(fp32, exported.config)
        if quantize:
            # u8 weights (U8U8): x86 kernels widen both operands to int16, so the
            # integer products are exact on every instruction set. s8 weights
            # (U8S8) run on VNNI units where present, but without VNNI the pairwise
            # int16 sums saturate: the same model then served other figures on
            # AVX2 (pooled cosine 0.993 between an AVX-512 VNNI CPU and AVX2;
            # 0.99993 with U8U8, benchmarks/isa_parity.py). 7-bit s8 weights
            # (reduce_range) also reproduce but lost 0.036 written-test
            # legitimacy F1. Per-channel scales: smallest pooled cosine to fp32
            # 0.997 over 48 real test sessions (0.988 per tensor).
            quantize_dynamic(str(fused), str(path), weight_type=QuantType.QUInt8, per_channel=True,
                             extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
        else:
            shutil.copyfile(fused, path)
    with torch.inference_mode():
        reference = encoder.eval()(input_ids=ids, attention_mask=mask).last_hidden_state
    served = OnnxEncoder(path, threads=1)(ids, mask).last_hidden_state
    cosine = min_pooled_cosine(reference, served, mask)
    max_abs = float((reference - served).abs()[mask.bool()].max())
    if not quantize and max_abs > PARITY_TOLERANCE:
        raise ParityError(f"ONNX export differs from the PyTorch encoder: max |diff| {max_abs:.2e} "
                          f"> {PARITY_TOLERANCE:.0e}")
    if quantize and cosine < INT8_MIN_COSINE:
        raise ParityError(f"int8 encoder drifts from fp32: pooled cosine {cosine:.4f} < {INT8_MIN_COSINE}")
    return {"max_abs_diff": max_abs, "min_pooled_cosine": cosine, "onnx_mb": round(path.stat().st_size / 1e6, 1)}


class ParityError(ValueError):
    """A runtime's encoder does not reproduce the PyTorch fp32 encoder closely enough."""


# When a runtime fails its parity check the next one is tried: int8 gives way to
# ONNX fp32, which gives way to PyTorch itself (parity by construction).
FALLBACK = {"onnx_int8": "onnx", "onnx": "torch", "torch_bf16": "torch"}
# What `auto` prepares, in this order (each checked for parity).
AUTO_CANDIDATES = ("onnx_int8", "onnx", "torch_bf16", "torch")
ONNX_FILES = {"onnx": ONNX_FILE, "onnx_int8": "encoder.int8.onnx"}
# Overrides the runtime of an `auto` model (or picks another prepared one) where
# the model is loaded: `mlflow models serve`, Spark UDFs, batch jobs.
RUNTIME_ENV = "COMPLAINT_TRIAGE_RUNTIME"
DEVICE_ENV = "COMPLAINT_TRIAGE_DEVICE"
SERVING_DEVICES = ("auto", "cpu", "cuda")


def serving_device(requested: str | None = None, cuda_available: bool | None = None) -> torch.device:
    """Where a loaded model scores: `requested`, else COMPLAINT_TRIAGE_DEVICE, else `auto`
    (CUDA when present). A forced `cuda` without a GPU is an error, not a silent CPU run."""
    requested = requested or os.environ.get(DEVICE_ENV) or "auto"
    if requested not in SERVING_DEVICES:
        raise ValueError(f"serving device must be one of {SERVING_DEVICES}, not {requested!r}")
    cuda = torch.cuda.is_available() if cuda_available is None else cuda_available
    if requested == "cuda" and not cuda:
        raise RuntimeError(f"{DEVICE_ENV}=cuda but no CUDA device is available")
    return torch.device("cuda") if cuda and requested != "cpu" else torch.device("cpu")


def onnx_providers(device: torch.device, available: list[str] | None = None) -> tuple[str, ...]:
    """ONNX Runtime providers for `device`: CUDA first when the installed build has it."""
    if device.type == "cuda":
        if available is None:
            import onnxruntime as ort

            available = ort.get_available_providers()
        if "CUDAExecutionProvider" in available:
            return "CUDAExecutionProvider", "CPUExecutionProvider"
    return ("CPUExecutionProvider",)


# Rows of `max_length` tokens timed per candidate at load time: one served batch
# at the default `register.batch_tokens` (1536 = 6 x 256).
PROBE_ROWS = 6
PROBE_REPEATS = 3
PROBE_WARM_UP = 2  # oneDNN builds bf16 kernels on the first calls of a shape
# Another runtime replaces the preferred one only when this much faster.
PROBE_MARGIN = 0.15


def bf16_parity(encoder: nn.Module) -> dict[str, float]:
    ids, mask = _probe_batch(encoder.config.vocab_size)
    with torch.inference_mode():
        reference = encoder.eval()(input_ids=ids, attention_mask=mask).last_hidden_state
        with torch.autocast("cpu", dtype=torch.bfloat16):
            served = encoder(input_ids=ids, attention_mask=mask).last_hidden_state.float()
    cosine = min_pooled_cosine(reference, served, mask)
    if cosine < INT8_MIN_COSINE:
        raise ParityError(f"bf16 encoder drifts from fp32: pooled cosine {cosine:.4f} < {INT8_MIN_COSINE}")
    return {"autocast": "bf16", "min_pooled_cosine": cosine}


def _prepare(net, out_dir: Path, runtime: str) -> dict:
    if runtime == "torch":
        return {}
    if runtime == "torch_bf16":
        return bf16_parity(net.encoder)
    path = out_dir / ONNX_FILES[runtime]
    try:
        return {"onnx": path.name, **export_encoder(net.encoder, path, quantize=runtime == "onnx_int8")}
    except ParityError:
        path.unlink(missing_ok=True)
        raise


def prepare_serving_dir(model, model_dir: Path, out_dir: Path, runtime: str) -> dict:
    """Copy a model directory and add the runtime's files; returns what was done.

    `runtime` is one of RUNTIMES or `auto`. A fixed runtime that fails its parity
    check gives way to the next one (FALLBACK) with a warning; the result records
    the runtime asked for and why it was not used (`requested`, `fallback_reason`),
    so `register` tags the version with both instead of stopping. `auto` prepares
    every runtime that passes its parity check (`candidates`); the machine that
    loads the model picks among them (attach_runtime). Model kinds without an
    encoder (TF-IDF) serve as they are.
    """
    if runtime not in RUNTIMES + ("auto",):
        raise ValueError(f"unknown runtime {runtime!r}; choose one of {RUNTIMES + ('auto',)}")
    shutil.copytree(model_dir, out_dir, dirs_exist_ok=True)
    net = getattr(encoder_model(model), "net", None)
    if net is None:
        info = {"runtime": "native", "candidates": {"native": {}}}
        write_json(info, out_dir / RUNTIME_FILE)
        return info
    candidates, rejected = {}, {}
    if runtime == "auto":
        for current in AUTO_CANDIDATES:
            try:
                candidates[current] = _prepare(net, out_dir, current)
            except ParityError as exc:
                rejected[current] = str(exc)
                print(f"register: WARNING runtime {current} fails its parity check ({exc})")
    current = None if runtime == "auto" else runtime
    while current is not None:
        try:
            candidates[current] = _prepare(net, out_dir, current)
            break
        except ParityError as exc:
            rejected[current] = str(exc)
            print(f"register: WARNING runtime {current} fails its parity check ({exc}); "
                  f"falling back to {FALLBACK[current]}")
        current = FALLBACK[current]
    info = {"runtime": runtime if runtime == "auto" else next(iter(candidates)), "candidates": candidates}
    if rejected:
        info["rejected"] = rejected
    if runtime != "auto" and rejected:
        info |= {"requested": runtime, "fallback_reason": "; ".join(f"{k}: {v}" for k, v in rejected.items())}
    write_json(info, out_dir / RUNTIME_FILE)
    return info


def drop_candidate(serving_dir: Path, runtime: str, reason: str) -> dict:
    """Remove a prepared runtime that failed a later check (register's figure tolerance)."""
    path = Path(serving_dir) / RUNTIME_FILE
    info = read_json(path)
    dropped = info["candidates"].pop(runtime)
    if dropped.get("onnx"):
        (Path(serving_dir) / dropped["onnx"]).unlink(missing_ok=True)
    info.setdefault("rejected", {})[runtime] = reason
    write_json(info, path)
    return info


def read_runtime_info(model_dir: Path) -> dict:
    """runtime.json in today's shape; directories from before `candidates` existed still load."""
    path = Path(model_dir) / RUNTIME_FILE
    if not path.exists():
        return {"runtime": "torch", "candidates": {"torch": {}}}
    info = read_json(path)
    if "candidates" not in info:
        info["candidates"] = {info["runtime"]: {"onnx": info["onnx"]} if info.get("onnx") else {}}
    # write_json sorts keys: candidates are put back in AUTO_CANDIDATES' order of preference
    rank = {name: i for i, name in enumerate(AUTO_CANDIDATES)}
    info["candidates"] = dict(sorted(info["candidates"].items(), key=lambda item: rank.get(item[0], len(rank))))
    return info


def _cpu_features() -> dict[str, bool]:
    """CPUID as numpy's dispatcher reads it (not /proc/cpuinfo, which an emulator
    or container may not match)."""
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as features
    except ImportError:  # numpy < 2
        from numpy.core._multiarray_umath import __cpu_features__ as features
    return features


def cpu_description() -> str:
    """The instruction sets that decide which runtime is fast here (for the log)."""
    shown = [f for f in ("AVX2", "AVX512F", "AVX512VNNI", *BF16_UNITS) if _cpu_features().get(f)]
    return f"{torch.backends.cpu.get_cpu_capability()} ({' '.join(shown) or 'no AVX2'})"


def has_bf16_units() -> bool:
    return any(_cpu_features().get(unit) for unit in BF16_UNITS)


def _use(model, model_dir: Path, spec: dict, encoder: nn.Module, trained_bf16: bool) -> None:
    """Put the candidate's encoder in place of `encoder` (the PyTorch fp32 one).

    bf16 is the model's own autocast switch (`bert.bf16`), so the heads run as in
    a model trained with it; a model trained with autocast keeps it everywhere.
    """
    model.params = dataclasses.replace(model.params, bf16=trained_bf16 or spec.get("autocast") == "bf16")
    if spec.get("onnx"):
        model.net.encoder = OnnxEncoder(Path(model_dir) / spec["onnx"], model.params.threads)
        torch.set_num_threads(TORCH_THREADS_WITH_ONNX)
        return
    model.net.encoder = encoder
    torch.set_num_threads(model.params.threads)


def time_candidates(model, model_dir: Path, candidates: dict[str, dict], trained_bf16: bool = False
                    ) -> dict[str, float]:
    """Milliseconds per probe batch (best of PROBE_REPEATS after PROBE_WARM_UP calls) of each candidate's encoder."""
    rows, length = PROBE_ROWS, model.params.max_length
    vocab = model.net.encoder.config.vocab_size
    ids = torch.randint(5, min(vocab, 20000), (rows, length), generator=torch.Generator().manual_seed(0))
    mask = torch.ones_like(ids)
    mask[rows // 2:, length // 2:] = 0  # padded rows, as in a real batch
    torch_encoder = model.net.encoder
    timings = {}
    for name, spec in candidates.items():
        try:
            _use(model, model_dir, spec, torch_encoder, trained_bf16)
            runs = []
            with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=model.params.bf16):
                for _ in range(PROBE_WARM_UP + PROBE_REPEATS):
                    started = time.perf_counter()
                    model.net.encoder(input_ids=ids, attention_mask=mask)
                    runs.append(time.perf_counter() - started)
            timings[name] = round(1000 * min(runs[PROBE_WARM_UP:]), 1)
        except Exception as exc:  # noqa: BLE001 - a runtime that cannot run here is skipped, not fatal
            print(f"runtime: WARNING {name} cannot run on this machine ({exc!r:.200}); skipped", file=sys.stderr)
        finally:
            model.net.encoder = torch_encoder
    return timings


def pick(timings: dict[str, float]) -> str:
    """The first candidate in order of preference within PROBE_MARGIN of the fastest:
    near-ties (int8 and bf16 here) do not flip the runtime from one load to the next."""
    fastest = min(timings.values())
    return next(name for name, ms in timings.items() if ms <= fastest * (1 + PROBE_MARGIN))


def encoder_model(model):
    """The model whose encoder the runtimes replace: the model itself, an ensemble's
    member with an encoder (`encoder_model`), or None for a kind without one (TF-IDF).
    Its runtime files live in the top model directory either way."""
    if hasattr(model, "encoder_model"):
        return model.encoder_model
    return model if hasattr(model, "net") else None


def attach_runtime(model, model_dir: Path, choice: str | None = None, honour_env: bool = True,
                   device: str | None = None) -> str:
    """Swap in the runtime the directory was prepared for (see _attach); returns the runtime used.
    For an ensemble, its encoder member gets the runtime and the ensemble reports its choice."""
    holder = encoder_model(model)
    if holder is None:
        model.runtime_choice = {"runtime": "native"}
        return "native"
    used = _attach(holder, model_dir, choice, honour_env, device)
    model.runtime_choice = holder.runtime_choice
    return used


def _attach(model, model_dir: Path, choice: str | None = None, honour_env: bool = True,
            device: str | None = None) -> str:
    """attach_runtime for a model with an encoder (`model.net`).

    `device` (else COMPLAINT_TRIAGE_DEVICE, else auto) decides CPU or GPU first:
    on a GPU see `_attach_gpu`; the rest of this applies to the CPU.

    A fixed runtime is used as prepared. Of an `auto` directory's candidates
    (all within the parity and figure tolerances of fp32), this machine times
    each and uses the first in order of preference that is within PROBE_MARGIN of
    the fastest: bf16/VNNI units and int8 kernels rank them differently on
    different CPUs, so it is measured here, not decided once. `choice` names a
    prepared candidate instead (an error if it was not prepared); the
    COMPLAINT_TRIAGE_RUNTIME environment variable does the same as a preference
    (a warning if this model lacks it, e.g. an older fixed-runtime version).
    The ONNX session gets the model's threads; PyTorch is left with pooling and
    the heads, so it gets TORCH_THREADS_WITH_ONNX: two thread pools spinning on
    the same cores made scoring about 10 % slower (benchmarks/score.py).
    """
    info = read_runtime_info(model_dir)
    model.device = torch.device("cpu")
    model.net.to(model.device)
    candidates = info["candidates"]
    if choice is not None and choice not in candidates:
        raise ValueError(f"runtime {choice!r} was not prepared for this model; prepared: {list(candidates)}"
                         + (f"; rejected: {info['rejected']}" if info.get("rejected") else ""))
    preferred = os.environ.get(RUNTIME_ENV) if honour_env and choice is None else None
    if preferred and preferred not in candidates:
        print(f"runtime: WARNING {RUNTIME_ENV}={preferred} was not prepared for this model "
              f"(prepared: {list(candidates)}); choosing among those", file=sys.stderr)
    elif preferred:
        choice = preferred
    # The PyTorch fp32 encoder and the trained autocast flag, kept from the first attach.
    encoder = model.__dict__.setdefault("fp32_encoder", model.net.encoder)
    trained_bf16 = model.__dict__.setdefault("trained_bf16", model.params.bf16)
    target = serving_device(device if device or honour_env else "cpu")
    if target.type == "cuda":
        return _attach_gpu(model, model_dir, candidates, choice, encoder, trained_bf16, target)
    timings = {}
    if choice is None:
        timed = {k: v for k, v in candidates.items() if v.get("autocast") != "bf16" or has_bf16_units()}
        if info["runtime"] == "auto" and len(timed) > 1:
            model.net.encoder = encoder
            timings = time_candidates(model, model_dir, timed, trained_bf16)
        choice = pick(timings) if timings else next(iter(timed or candidates))
    _use(model, model_dir, candidates[choice], encoder, trained_bf16)
    model.runtime_choice = {"runtime": choice, "prepared": info["runtime"], "cpu": cpu_description(),
                            **({"probe_ms": timings} if timings else {})}
    if timings:
        print(f"runtime: auto chose {choice} on {model.runtime_choice['cpu']}; "
              f"ms per {PROBE_ROWS}x{model.params.max_length} batch: {timings}", file=sys.stderr)
    return choice


def _attach_gpu(model, model_dir: Path, candidates: dict, choice: str | None, encoder: nn.Module,
                trained_bf16: bool, target: torch.device) -> str:
    """Score on the GPU. The CPU runtimes' timings and int8 kernels mean nothing there:
    PyTorch fp32 (the reference every runtime was checked against) runs on the GPU,
    unless an ONNX runtime is asked for and ONNX Runtime has its CUDA provider; then
    the encoder runs there and the small heads stay on the CPU."""
    spec = candidates.get(choice, {}) if choice else {}
    providers = onnx_providers(target) if spec.get("onnx") else ()
    if spec.get("onnx") and providers[0] == "CUDAExecutionProvider":
        model.net.encoder = OnnxEncoder(Path(model_dir) / spec["onnx"], model.params.threads, providers)
        model.params = dataclasses.replace(model.params, bf16=False)
        used, where = choice, "cuda (ONNX Runtime CUDA provider)"
    else:
        if spec.get("onnx"):
            print(f"runtime: WARNING {choice} asked for, but this ONNX Runtime has no CUDA provider (install "
                  f"the `gpu` extra, onnxruntime-gpu); scoring with PyTorch fp32 on the GPU", file=sys.stderr)
        model.params = dataclasses.replace(model.params, bf16=trained_bf16)
        model.net.encoder = encoder
        model.device = target
        model.net.to(target)
        used, where = "torch", str(target)
    model.runtime_choice = {"runtime": used, "device": where, "prepared": list(candidates),
                            "gpu": torch.cuda.get_device_name(target) if torch.cuda.is_available() else None}
    print(f"runtime: scoring on {where} with {used}", file=sys.stderr)
    return used


def load_served(model_dir: str | Path, choice: str | None = None, device: str | None = None
                ) -> tuple[TriageModel, str]:
    """Load a model directory with its runtime (see attach_runtime); returns (model, runtime)."""
    model = load_model(model_dir)
    return model, attach_runtime(model, Path(model_dir), choice, device=device)
