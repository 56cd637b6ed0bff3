"""Model kind `ensemble`: per target, a weighted average of trained models' calibrated probabilities.

Two members (by default the TF-IDF baseline and BERT) each predict with their
own temperature applied; the ensemble's probability of a class is
`w · p_first + (1 − w) · p_second`, with one w per target chosen on validation
(`choose_weights`, run by the `ensemble` stage), and its own flag and
high-precision thresholds chosen afterwards like any model's
(pipeline/thresholds.py). The members' thresholds are not used.

A member is a complete model directory under `members/<name>/`, loaded through
pipeline.model, so the ensemble serves with whatever its members serve with:
pipeline.runtime swaps the encoder runtime of the member that has one
(`encoder_model`); the baseline needs none.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.examples import key_columns, predictions_for
from pipeline.metrics import selection_macro_f1
from pipeline.model import TriageModel, load_model, read_manifest, targets_from_manifest, write_manifest
from pipeline.params import Params, TargetParams
from pipeline.thresholds import validation_units

MEMBERS_DIR = "members"


def shared_targets(members: dict[str, TriageModel]) -> tuple[TargetParams, ...]:
    """Targets every member predicts, in the last member's order. Averaging is only meaningful
    if a target means the same to all (level, kind, label, roles, sources, and the same
    classes in the same order, which the argmax and the thresholds index by)."""
    models = list(members.items())
    last_name, last = models[-1]
    shared = []
    for target in last.targets:
        others = [(name, {t.name: t for t in m.targets}.get(target.name)) for name, m in models[:-1]]
        if any(other is None for _, other in others):
            continue
        for name, other in others:
            if dataclasses.asdict(other) != dataclasses.asdict(target):
                raise ValueError(f"{target.name}: members {name} and {last_name} define it differently:\n"
                                 f" {other}\n {target}")
        shared.append(target)
    if not shared:
        raise ValueError(f"the members {list(members)} share no target")
    return tuple(shared)


def average(target: TargetParams, frames: dict[str, pd.DataFrame], weights: dict[str, float]) -> pd.DataFrame:
    """Per-class weighted average, rows keyed and ordered as the first frame; class
    columns matched by name. Every member must have scored exactly the same units."""
    keys, classes = key_columns(target), list(target.classes)
    names = list(frames)
    for name, frame in frames.items():
        missing = [c for c in classes if c not in frame]
        if missing:
            raise ValueError(f"{target.name}: member {name} gives no probability for {missing}")
    out = frames[names[0]][keys].reset_index(drop=True)
    total = np.zeros((len(out), len(classes)))
    for name in names:
        joined = out.merge(frames[name][keys + classes], on=keys, how="left", validate="one_to_one")
        if len(frames[name]) != len(out) or joined[classes].isna().all(axis=1).any():
            raise ValueError(f"{target.name}: the members scored different units ({name} against {names[0]})")
        total += weights[name] * joined[classes].to_numpy(np.float64)
    out[classes] = total
    return out


class AveragedModel:
    """Per target `sum(weights[target][member] · p_member)` over the members (see module doc).

    `calibration` is empty: each member's temperature is already applied inside its own
    predict_proba, so the average is of calibrated probabilities and there is no
    ensemble-level temperature (evaluate's `*_uncalibrated` figures equal the served
    ones). A target a member cannot predict at run time (a head skipped for lack of
    training labels) is averaged over the members that predict it, weights rescaled.
    """

    kind = "ensemble"

    def __init__(self, members: dict[str, TriageModel], weights: dict[str, dict[str, float]] | None = None,
                 member_dirs: dict[str, Path] | None = None):
        if len(members) < 2:
            raise ValueError(f"an ensemble needs two members or more, got {list(members)}")
        self.members = dict(members)
        self.member_dirs = dict(member_dirs or {})
        self.targets = shared_targets(self.members)
        equal = {name: 1 / len(self.members) for name in self.members}
        self.weights = {t.name: dict((weights or {}).get(t.name, equal)) for t in self.targets}
        self.calibration: dict[str, dict] = {}
        self.thresholds: dict = {}

    @property
    def encoder_model(self) -> TriageModel | None:
        """The member whose encoder pipeline.runtime exports and swaps (one at most)."""
        with_encoder = [m for m in self.members.values() if hasattr(m, "net")]
        if len(with_encoder) > 1:
            raise ValueError("an ensemble serves one encoder member at most")
        return with_encoder[0] if with_encoder else None

    def fit(self, turns, sessions, train_ids, valid_ids) -> dict[str, float]:
        raise NotImplementedError("an ensemble is built from trained members: the `ensemble` stage "
                                  "(python -m pipeline.ensemble) chooses its weights on validation")

    def predict_proba(self, turns: pd.DataFrame, targets: list[str] | None = None,
                      batch_size: int | None = None, batch_tokens: int | None = None) -> dict[str, pd.DataFrame]:
        wanted = [t for t in self.targets if targets is None or t.name in targets]
        by_member: dict[str, dict[str, pd.DataFrame]] = {}
        for name, member in self.members.items():
            # A member with weight 0 for every wanted target is not asked at all.
            names = [t.name for t in wanted if self.weights[t.name][name] > 0]
            if names:
                by_member[name] = member.predict_proba(turns, names, batch_size=batch_size,
                                                       batch_tokens=batch_tokens)
        out = {}
        for target in wanted:
            frames = {name: got[target.name] for name, got in by_member.items()
                      if target.name in got and self.weights[target.name][name] > 0}
            total = sum(self.weights[target.name][name] for name in frames)
            if frames:
                out[target.name] = average(target, frames,
                                           {name: self.weights[target.name][name] / total for name in frames})
        return out

    def save(self, directory: Path) -> None:
        directory = Path(directory)
        for name, member in self.members.items():
            target = directory / MEMBERS_DIR / name
            source = self.member_dirs.get(name)
            if source is not None and Path(source).resolve() == target.resolve():
                continue
            if source is not None:  # the member's own files, its MLflow run id included
                shutil.rmtree(target, ignore_errors=True)
                shutil.copytree(source, target)
            else:
                member.save(target)
            self.member_dirs[name] = target
        write_manifest(directory, self.kind, self.targets, members=list(self.members), weights=self.weights,
                       thresholds=self.thresholds, calibration=self.calibration)

    @classmethod
    def from_directories(cls, directories: dict[str, str | Path]) -> AveragedModel:
        members = {name: load_model(path) for name, path in directories.items()}
        return cls(members, member_dirs={name: Path(path) for name, path in directories.items()})

    @classmethod
    def load(cls, directory: Path) -> AveragedModel:
        directory = Path(directory)
        manifest = read_manifest(directory)
        model = cls.from_directories({name: directory / MEMBERS_DIR / name for name in manifest["members"]})
        model.targets = targets_from_manifest(manifest)
        model.weights = {name: dict(w) for name, w in manifest["weights"].items()}
        model.thresholds = manifest.get("thresholds", {})
        return model


def choose_weights(model: AveragedModel, turns: pd.DataFrame, sessions: pd.DataFrame, valid_ids: pd.Series,
                   written_valid_ids: pd.Series, params: Params) -> dict[str, dict]:
    """w (the first member's weight; the second gets 1 − w) per target from
    `ensemble.weight_grid`, maximising the validation figure BERT's epoch selection
    uses (metrics.selection_macro_f1), on the units pipeline/thresholds.py chooses on:
    the target's valid sessions plus the written validation set. Ties: the w nearest
    0.5, then the smaller (equal scores say nothing about which member to trust more).
    Each member predicts the validation units once. Sets `model.weights`; returns, per
    target, the choice and the score of every w, overall and on the real and the
    written part alone (what the choice leaned on)."""
    if len(model.members) != 2:
        raise ValueError(f"weights are chosen for two members, got {list(model.members)}")
    first, second = model.members
    ids = pd.concat([valid_ids, written_valid_ids], ignore_index=True)
    written = set(written_valid_ids)
    report = {}
    for target in model.targets:
        gold = validation_units(target, turns, sessions, ids, params.split.valid_only_sources)
        predicted = {} if gold.empty else {
            name: predictions_for(member, target, turns, gold) for name, member in model.members.items()}
        if gold.empty or any(p is None for p in predicted.values()):
            model.weights[target.name] = {first: 0.5, second: 0.5}
            report[target.name] = {"w": 0.5, "status": "no valid units both members predict: 0.5 kept"}
            continue
        values = {name: p[list(target.classes)].to_numpy(np.float64) for name, p in predicted.items()}
        scored = ~(np.isnan(values[first]).any(1) | np.isnan(values[second]).any(1))
        truth = (gold[target.label] if target.kind == "single" else gold[list(target.classes)]).to_numpy()
        in_written = gold["session_id"].isin(written).to_numpy()

        def score(w: float, rows: np.ndarray) -> float:
            mixed = w * values[first][rows] + (1 - w) * values[second][rows]
            return selection_macro_f1(target.classes, target.kind, truth[rows], mixed)

        scores = {w: score(w, scored) for w in params.ensemble.weight_grid}
        best = max(scores.values())
        chosen = min((w for w, s in scores.items() if s == best), key=lambda w: (abs(w - 0.5), w))
        model.weights[target.name] = {first: chosen, second: 1 - chosen}
        report[target.name] = {
            "w": chosen, "valid_units": int(scored.sum()),
            "valid_macro_f1_by_w": {str(w): round(s, 4) for w, s in scores.items()},
            "by_part": {part: {str(w): round(score(w, scored & rows), 4) for w in scores}
                        for part, rows in (("real_valid", ~in_written), ("written_valid", in_written))
                        if (scored & rows).any()},
        }
    return report


def describe(model: AveragedModel) -> str:
    """One line per target: the members' weights."""
    return "; ".join(f"{target}: " + ", ".join(f"{name} {w:.2f}" for name, w in weights.items())
                     for target, weights in model.weights.items())

