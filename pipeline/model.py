"""The one model interface every model kind implements (design.md).

`evaluate`, `register` and `score` only see this interface: fit on the split,
`predict_proba` on a turn table, save/load from a directory holding
`model.json` (kind, targets, MLflow run id) and the kind's own weight files.
"""

from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path
from typing import Protocol

import pandas as pd

from pipeline.io import read_json, write_json
from pipeline.params import TargetParams

MODEL_FILE = "model.json"
# kind -> "module:Class"; a new model kind is one line here.
KINDS = {"tfidf": "pipeline.tfidf:TfidfModel", "bert": "pipeline.bert:BertTriageModel",
         "ensemble": "pipeline.averaged:AveragedModel"}


class TriageModel(Protocol):
    kind: str
    targets: tuple[TargetParams, ...]
    # Per target {"temperature": T, ...}, fitted on valid by calibration.fit and
    # applied inside predict_proba; empty = probabilities as trained.
    calibration: dict[str, dict]
    # Decision thresholds chosen on valid by thresholds.choose (flags, the
    # high-precision class); empty = the configured ones (params decision).
    thresholds: dict

    def fit(self, turns: pd.DataFrame, sessions: pd.DataFrame, train_ids: pd.Series,
            valid_ids: pd.Series) -> dict[str, float]:
        """Train every target; returns training metrics to log."""

    def predict_proba(self, turns: pd.DataFrame, targets: list[str] | None = None,
                      batch_size: int | None = None, batch_tokens: int | None = None) -> dict[str, pd.DataFrame]:
        """Per target: key columns (session_id[, turn_index]) + one probability column per class.

        batch_size / batch_tokens size inference batches (rows / padded tokens);
        kinds that need no batching ignore them.
        """

    def save(self, directory: Path) -> None: ...

    @classmethod
    def load(cls, directory: Path) -> "TriageModel": ...


def write_manifest(directory: Path, kind: str, targets: tuple[TargetParams, ...], **extra: object) -> None:
    write_json({"kind": kind, "targets": [dataclasses.asdict(t) for t in targets], **extra},
               Path(directory) / MODEL_FILE)


def read_manifest(directory: Path) -> dict:
    return read_json(Path(directory) / MODEL_FILE)


def targets_from_manifest(manifest: dict) -> tuple[TargetParams, ...]:
    return tuple(TargetParams(**{k: tuple(v) if isinstance(v, list) else v for k, v in t.items()})
                 for t in manifest["targets"])


def save_model(model: TriageModel, directory: str | Path, run_id: str) -> Path:
    """Save through the interface and stamp the MLflow run that trained it into model.json."""
    directory = Path(directory)
    model.save(directory)
    manifest = read_manifest(directory)
    manifest["mlflow_run_id"] = run_id
    write_json(manifest, directory / MODEL_FILE)
    return directory


def load_model(directory: str | Path) -> TriageModel:
    kind = read_manifest(Path(directory))["kind"]
    if kind not in KINDS:
        raise ValueError(f"{directory}: unknown model kind {kind!r}; known: {sorted(KINDS)}")
    module, name = KINDS[kind].split(":")
    return getattr(importlib.import_module(module), name).load(Path(directory))
