"""Inference runtimes for a fine-tuned encoder: PyTorch, or ONNX Runtime (fp32 / dynamic int8).

Training and evaluation run in PyTorch. For serving, `register` exports the
encoder to ONNX (optionally with int8 weights) beside the safetensors weights
and records the choice in `runtime.json`; loading such a model directory swaps
the PyTorch encoder for an ONNX Runtime session. The heads, pooling and all
pre/post-processing stay the same code. `benchmarks/score.py` measures speed
and macro-F1 of each runtime; `register.runtime` picks the served one.
"""

from __future__ import annotations

import copy
import shutil
import tempfile
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
RUNTIMES = ("torch", "onnx", "onnx_int8")
# The exported graph must reproduce the PyTorch encoder on padded batches.
PARITY_TOLERANCE = 1e-3
# int8 cannot match fp32 exactly; its pooled embeddings must stay this close.
INT8_MIN_COSINE = 0.98
# PyTorch threads once the encoder runs in ONNX Runtime (see attach_runtime).
TORCH_THREADS_WITH_ONNX = 1


class OnnxEncoder(nn.Module):
    """Drop-in for the transformers encoder at inference: same call, same output field."""

    def __init__(self, path: Path, threads: int):
        super().__init__()
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

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
            # Per-channel weight scales: same speed here, and pooled embeddings stay
            # much closer to fp32 (cosine 0.995 vs 0.970 per-tensor, benchmarks/score.py).
            quantize_dynamic(str(fused), str(path), weight_type=QuantType.QInt8, per_channel=True,
                             extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
        else:
            shutil.copyfile(fused, path)
    with torch.inference_mode():
        reference = encoder.eval()(input_ids=ids, attention_mask=mask).last_hidden_state
    served = OnnxEncoder(path, threads=1)(ids, mask).last_hidden_state
    a, b = mean_pool(reference, mask), mean_pool(served, mask)
    cosine = float(torch.nn.functional.cosine_similarity(a, b, dim=1).min())
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
FALLBACK = {"onnx_int8": "onnx", "onnx": "torch"}


def prepare_serving_dir(model, model_dir: Path, out_dir: Path, runtime: str) -> dict:
    """Copy a model directory and add the runtime's files; returns what was done.

    A runtime that fails its parity check gives way to the next one (FALLBACK)
    with a warning; the result records the runtime asked for and why it was
    not used (`requested`, `fallback_reason`), so `register` tags the version
    with both instead of stopping. Model kinds without an encoder (TF-IDF)
    serve as they are.
    """
    if runtime not in RUNTIMES:
        raise ValueError(f"unknown runtime {runtime!r}; choose one of {RUNTIMES}")
    shutil.copytree(model_dir, out_dir, dirs_exist_ok=True)
    net = getattr(model, "net", None)
    reasons = []
    current = runtime
    while True:
        if current == "torch" or net is None:
            info = {"runtime": "torch" if net is not None else "native"}
            break
        try:
            info = {"runtime": current, "onnx": ONNX_FILE,
                    **export_encoder(net.encoder, out_dir / ONNX_FILE, quantize=current == "onnx_int8")}
            break
        except ParityError as exc:
            reasons.append(f"{current}: {exc}")
            print(f"register: WARNING runtime {current} fails its parity check ({exc}); "
                  f"falling back to {FALLBACK[current]}")
            (out_dir / ONNX_FILE).unlink(missing_ok=True)
            current = FALLBACK[current]
    if reasons:
        info |= {"requested": runtime, "fallback_reason": "; ".join(reasons)}
    write_json(info, out_dir / RUNTIME_FILE)
    return info


def attach_runtime(model, model_dir: Path) -> str:
    """Swap in the ONNX encoder if the directory was prepared for it; returns the runtime used.

    The ONNX session gets the model's threads. PyTorch is left with pooling and
    the heads, so it gets TORCH_THREADS_WITH_ONNX: two thread pools spinning on
    the same cores made scoring about 10 % slower (benchmarks/score.py).
    """
    path = Path(model_dir) / RUNTIME_FILE
    if not path.exists():
        return "torch" if hasattr(model, "net") else "native"
    info = read_json(path)
    if info.get("onnx"):
        model.net.encoder = OnnxEncoder(Path(model_dir) / info["onnx"], model.params.threads)
        torch.set_num_threads(TORCH_THREADS_WITH_ONNX)
    return info["runtime"]


def load_served(model_dir: str | Path) -> tuple[TriageModel, str]:
    """Load a model directory with the runtime it was prepared for; returns (model, runtime)."""
    model = load_model(model_dir)
    return model, attach_runtime(model, Path(model_dir))
