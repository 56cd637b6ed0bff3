"""Where training runs: the device, its mixed precision, and the process group under torchrun.

- `bert.device: auto` picks CUDA, then Apple MPS, then the CPU; `cpu`, `cuda`
  or `mps` force one (a forced device that is missing is an error, not a
  silent fallback).
- Mixed precision: bf16 autocast on a CUDA device that has it, else fp16 with a
  gradient scaler; off on MPS and on the CPU unless `bert.bf16` asks for it
  there (the CPU's bf16 units are measured per machine, see the README).
- `torchrun --nproc_per_node N -m pipeline.train ...` sets RANK / WORLD_SIZE /
  LOCAL_RANK: each process then joins one process group (`nccl` on CUDA, `gloo`
  otherwise), rank r uses cuda:r on a GPU machine, and
  DistributedDataParallel averages the gradients. A plain `python -m` run is a
  group of one and takes none of these paths.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import torch
import torch.distributed as dist

DEVICES = ("auto", "cpu", "cuda", "mps")


@dataclass(frozen=True)
class Ranks:
    rank: int = 0
    world_size: int = 1
    local_rank: int = 0

    @property
    def distributed(self) -> bool:
        return self.world_size > 1

    @property
    def is_main(self) -> bool:
        """Rank 0 validates for the log, logs to MLflow and writes the model and metrics."""
        return self.rank == 0


def ranks_from_env() -> Ranks:
    """The process's place in a torchrun launch (a group of one without torchrun)."""
    return Ranks(int(os.environ.get("RANK", 0)), int(os.environ.get("WORLD_SIZE", 1)),
                 int(os.environ.get("LOCAL_RANK", 0)))


def _mps_available() -> bool:
    return bool(getattr(torch.backends, "mps", None)) and torch.backends.mps.is_available()


def pick(requested: str, ranks: Ranks = Ranks(), cuda_available: bool | None = None,
         mps_available: bool | None = None) -> torch.device:
    """The training device for `bert.device` (availability injectable for tests)."""
    if requested not in DEVICES:
        raise ValueError(f"bert.device must be one of {DEVICES}, not {requested!r}")
    cuda = torch.cuda.is_available() if cuda_available is None else cuda_available
    mps = _mps_available() if mps_available is None else mps_available
    if requested == "cuda" and not cuda:
        raise RuntimeError("bert.device is cuda but no CUDA device is available")
    if requested == "mps" and not mps:
        raise RuntimeError("bert.device is mps but Apple MPS is not available")
    if requested == "cuda" or (requested == "auto" and cuda):
        return torch.device("cuda", ranks.local_rank)
    if requested == "mps" or (requested == "auto" and mps):
        return torch.device("mps")
    return torch.device("cpu")


def precision(device: torch.device, cpu_bf16: bool, cuda_bf16: bool | None = None) -> torch.dtype | None:
    """The autocast dtype on `device`, or None for full fp32."""
    if device.type == "cuda":
        bf16 = torch.cuda.is_bf16_supported() if cuda_bf16 is None else cuda_bf16
        return torch.bfloat16 if bf16 else torch.float16
    if device.type == "cpu" and cpu_bf16:
        return torch.bfloat16
    return None


def autocast(device: torch.device, dtype: torch.dtype | None):
    return torch.autocast(device.type, dtype=dtype, enabled=dtype is not None)


def grad_scaler(device: torch.device, dtype: torch.dtype | None) -> torch.amp.GradScaler:
    """fp16 gradients underflow without loss scaling; bf16 and fp32 need none."""
    return torch.amp.GradScaler(device.type, enabled=dtype == torch.float16)


def join_group(ranks: Ranks, device: torch.device) -> None:
    """Join the torchrun process group once (a no-op for a group of one)."""
    if ranks.distributed and not dist.is_initialized():
        if device.type == "cuda":
            torch.cuda.set_device(device)
        dist.init_process_group(backend="nccl" if device.type == "cuda" else "gloo")


def mean_across_ranks(value: float, ranks: Ranks, device: torch.device) -> float:
    if not ranks.distributed:
        return value
    tensor = torch.tensor([value], dtype=torch.float64, device=device)  # nccl reduces CUDA tensors only
    dist.all_reduce(tensor)
    return float(tensor.item()) / ranks.world_size


def from_main(value: float, ranks: Ranks, device: torch.device) -> float:
    """Rank 0's value on every rank: decisions (early stopping) must not differ between
    ranks, or one rank stops while the others wait in the next collective."""
    if not ranks.distributed:
        return value
    tensor = torch.tensor([value], dtype=torch.float64, device=device)
    dist.broadcast(tensor, src=0)
    return float(tensor.item())


def describe(device: torch.device, dtype: torch.dtype | None, ranks: Ranks) -> dict[str, str | int]:
    """What MLflow records about where a model was trained."""
    return {"device": str(device), "precision": str(dtype).replace("torch.", "") if dtype else "fp32",
            "world_size": ranks.world_size,
            "backend": ("nccl" if device.type == "cuda" else "gloo") if ranks.distributed else "none"}
