"""Stage `crossval`: grouped k-fold cross-validation and cross-source transfer.

The fixed test split decides promotion; this stage says how good a recipe is,
with intervals a data scientist can compare:

- **Grouped k-fold** over every labelled real session (`cv.folds`, stratified on
  legitimacy, grouped by customer for JDDC and by session for the shop chats): fold
  f is the test fold, fold f+1 selects the epoch (BERT) and fits the temperatures
  (calibration) and, with the written validation sessions, the decision
  thresholds (pipeline/thresholds.py), the rest trains, with
  the team-written training sessions added to every training set and never tested
  on. Out-of-fold predictions of all folds are pooled and scored through
  `evaluate`'s code: every figure with its bootstrap interval over sessions, per
  source, plus the mean and spread of the per-fold figures.
- **Transfer**: train on one real corpus (plus the written training sessions), test
  on the other, both directions.
- With more than one model in `cv.models`, the paired difference of each figure
  (later model minus the first, same sessions) and its interval.

Everything goes to one DVC metrics file and one MLflow run.
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from pathlib import Path

import mlflow
import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedGroupKFold

from pipeline import calibration, thresholds, tracking
from pipeline.evaluate import TEST, evaluate_model, predicted_figures, score_units
from pipeline.io import read_table, write_json
from pipeline.metrics import paired_difference, with_interval
from pipeline.params import Params, TargetParams, load_params
from pipeline.split import placement_rank

TRANSFER_VALID_FRACTION = 0.15


def labelled_real_sessions(sessions: pd.DataFrame, params: Params) -> pd.DataFrame:
    written = set(params.split.written_sources)
    sources = {s for name in params.cv.targets for s in params.target(name).sources} - written
    return sessions[sessions["source"].isin(sources) & sessions["legitimacy"].notna()].reset_index(drop=True)


def grouped_folds(sessions: pd.DataFrame, folds: int, seed: int, stratify_on: str) -> pd.Series:
    """Fold number per session: no group (customer) in two folds, label shares kept."""
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    fold = pd.Series(-1, index=sessions.index, dtype="int64")
    y = sessions[stratify_on].astype(str).to_numpy()
    for number, (_, test) in enumerate(splitter.split(np.zeros(len(sessions)), y, sessions["group_id"])):
        fold.iloc[test] = number
    return fold


def fold_plans(real: pd.DataFrame, written_train: pd.Series, params: Params):
    """(name, train_ids, valid_ids, test_ids) for every CV fold and transfer direction."""
    cv = params.cv
    fold = grouped_folds(real, cv.folds, cv.seed, params.split.stratify_on) if cv.folds else None
    for f in range(cv.folds):
        valid = (f + 1) % cv.folds
        yield (f"fold{f}", pd.concat([real.loc[~fold.isin([f, valid]), "session_id"], written_train]),
               real.loc[fold == valid, "session_id"], real.loc[fold == f, "session_id"])
    if not cv.transfer:
        return
    for source in sorted(real["source"].unique()):
        own, other = real[real["source"] == source], real[real["source"] != source]
        if other.empty:
            continue
        # A seeded hash of the group picks the selection sessions, as the split stage does.
        in_valid = own["group_id"].map(lambda g: int(placement_rank(cv.seed, g), 16) % 1000
                                       < TRANSFER_VALID_FRACTION * 1000)
        yield (f"transfer.{source}_to_{'+'.join(sorted(other['source'].unique()))}",
               pd.concat([own.loc[~in_valid, "session_id"], written_train]), own.loc[in_valid, "session_id"],
               other["session_id"])


def build_model(kind: str, targets: tuple[TargetParams, ...], params: Params, encoder: str | None):
    if kind == "baseline":
        from pipeline.tfidf import TfidfModel
        return TfidfModel(targets, params.baseline)
    from pipeline.bert import BertTriageModel
    names = {t.name for t in targets}
    bert = dataclasses.replace(params.bert, targets=tuple(t.name for t in targets),
                               selection_targets=tuple(n for n in params.bert.selection_targets if n in names))
    if encoder is None:
        raise ValueError("cv.models has bert: pass --encoder (the base_model checkpoint)")
    return BertTriageModel(targets, bert, encoder)


def pooled_metrics(predictions: dict[str, list[pd.DataFrame]], targets: dict[str, tuple], params: Params) -> dict:
    out = {}
    for key, parts in predictions.items():
        classes, kind = targets[key]
        out.update({f"{key}.{k}": v for k, v in score_units(pd.concat(parts), classes, kind, params).items()})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--turns", required=True)
    parser.add_argument("--sessions", required=True)
    parser.add_argument("--encoder", default=None, help="base encoder checkpoint (needed when cv.models has bert)")
    parser.add_argument("--metrics-out", required=True)
    args = parser.parse_args()
    params = load_params(args.params)
    turns, sessions = read_table(args.turns), read_table(args.sessions)
    targets = tuple(params.target(name) for name in params.cv.targets)
    real = labelled_real_sessions(sessions, params)
    written_train = sessions.loc[sessions["source"].isin(params.split.train_only_sources), "session_id"]
    written_valid = sessions.loc[sessions["source"].isin(params.split.valid_only_sources), "session_id"]
    plans = list(fold_plans(real, written_train, params))
    print(f"crossval: {len(real)} labelled real sessions, {len(written_train)} written training sessions, "
          f"{len(plans)} train/test plans x {list(params.cv.models)}")

    metrics: dict[str, float] = {"sessions": len(real), "folds": params.cv.folds}
    oof: dict[str, dict[str, list[pd.DataFrame]]] = {}
    kinds = predicted_figures(targets, params)
    with tempfile.TemporaryDirectory(prefix="crossval-") as plots:
        for model_kind in params.cv.models:
            fold_figures: dict[str, list[float]] = {}
            seconds = 0.0
            for name, train_ids, valid_ids, test_ids in plans:
                started = time.perf_counter()
                model = build_model(model_kind, targets, params, args.encoder)
                model.fit(turns, sessions, train_ids, valid_ids)
                calibration.fit(model, turns, sessions, valid_ids, params.calibration)
                thresholds.choose(model, turns, sessions, valid_ids, written_valid, params)
                seconds += time.perf_counter() - started
                fold_metrics, predictions = evaluate_model(model, turns, sessions, {TEST: test_ids}, params, Path(plots))
                if name.startswith("transfer."):
                    prefix = f"{name}.{model_kind}"
                    metrics.update({f"{prefix}.{k}": v for k, v in fold_metrics.items()
                                    if k.split(".")[0] in kinds and ".source." not in k
                                    and not k.endswith((".n", ".support"))})
                    continue
                for key, units in predictions.items():
                    oof.setdefault(model_kind, {}).setdefault(key, []).append(units)
                    fold_figures.setdefault(key, []).append(fold_metrics[f"{key}.macro_f1"])
                print(f"crossval: {model_kind} {name}: " + ", ".join(
                    f"{k} {fold_metrics[k + '.macro_f1']:.3f}" for k in predictions))
            metrics.update({f"cv.{model_kind}.{k}": v for k, v in
                            pooled_metrics(oof.get(model_kind, {}), kinds, params).items()})
            for key, values in fold_figures.items():
                metrics[f"cv.{model_kind}.{key}.fold_mean"] = float(np.mean(values))
                metrics[f"cv.{model_kind}.{key}.fold_std"] = float(np.std(values, ddof=1)) if len(values) > 1 else 0.0
            metrics[f"cv.{model_kind}.train_minutes"] = round(seconds / 60, 2)

    first, *others = params.cv.models
    ev = params.evaluate
    for other in others:
        for key in sorted(set(oof.get(first, {})) & set(oof.get(other, {}))):
            classes, kind = kinds[key]
            diff = paired_difference(pd.concat(oof[other][key]), pd.concat(oof[first][key]), classes, kind,
                                     ("macro_f1",), ev.bootstrap_samples, ev.confidence, ev.seed)["macro_f1"]
            for field in ("difference", "ci_low", "ci_high"):
                metrics[f"cv.{other}_minus_{first}.{key}.macro_f1.{field}"] = diff[field]
    write_json(metrics, args.metrics_out)

    tracking.configure(params.tracking.experiment)
    with mlflow.start_run(run_name=f"crossval-{'-'.join(params.cv.models)}"):
        mlflow.set_tag("run_kind", "crossval")
        tracking.log_lineage({"turns": args.turns, "sessions": args.sessions, "params": args.params})
        mlflow.log_params({f"cv.{k}": v for k, v in dataclasses.asdict(params.cv).items()})
        mlflow.log_metrics(tracking.flatten("crossval", {k: v for k, v in metrics.items() if isinstance(v, (int, float))}))
    for key in sorted(k for k in metrics if k.startswith("cv.") and k.endswith(".macro_f1")):
        print(f"{key:55s} {with_interval(metrics, key)}")


if __name__ == "__main__":
    main()
