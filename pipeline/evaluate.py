"""Stage `evaluate`: one evaluation path for every model kind.

Sections: the fixed test split of the real corpora (keys `<target>.*`) and the
team-written test set (keys `written_test.<target>.*`), each reported apart so
no figure mixes real and written sessions. Per target: macro-F1, per-class
precision/recall/F1/support, each with a bootstrap confidence interval over
sessions (a turn is resampled with its session), a per-source breakdown
(`<target>.source.<source>.*`), the confusion matrix (PNG + DVC plot data);
session emotion_peak/emotion_end derived from turn predictions; for `abusive`
the precision at the operating point and a PR curve. Metrics go to a flat DVC
metrics JSON and to the model's MLflow training run.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import mlflow
import numpy as np
import pandas as pd

from pipeline import calibration, tracking
from pipeline.aggregate import REVIEW, decide, session_emotions
from pipeline.thresholds import flag_threshold, high_precision_threshold
from pipeline.examples import key_columns, labelled_examples, predictions_for
from pipeline.io import read_split_ids, read_table, write_json
from pipeline.metrics import (NO_PREDICTION, binomial_interval, bootstrap_intervals, bootstrap_weights,
                              calibration_sums, confusion_frame, ece_from_sums, expected_calibration_error, interval, multilabel_metrics, plot_confusion, plot_reliability,
                              precision_recall_frame, reliability_frame, single_label_metrics, with_interval)
from pipeline.model import TriageModel, load_model, read_manifest
from pipeline.params import Params, TargetParams, load_params

TEST, WRITTEN_TEST = "test", "written_test"
SECTIONS = (TEST, WRITTEN_TEST)
SESSION_EMOTIONS = ("emotion_peak", "emotion_end")


def predicted_figures(targets: tuple[TargetParams, ...], params: Params) -> dict[str, tuple[tuple[str, ...], str]]:
    """Name -> (classes, kind) of everything evaluate_model reports for these targets:
    the targets themselves and the session emotions derived from the turn target."""
    out = {t.name: (t.classes, t.kind) for t in targets}
    turn = out.get(params.session_emotion.turn_target)
    if turn is not None:
        out.update({name: turn for name in SESSION_EMOTIONS})
    return out


def section_sources(target: TargetParams, section: str, params: Params) -> tuple[str, ...]:
    """The sources a section judges a target on: the real ones that reach the test
    split, or the held-out written ones."""
    if section == WRITTEN_TEST:
        return params.split.held_out_sources
    excluded = set(params.split.written_sources)
    return tuple(s for s in target.sources if s not in excluded)


def section_target(target: TargetParams, section: str, params: Params) -> TargetParams:
    return TargetParams(**{**target.__dict__, "sources": section_sources(target, section, params)})


def section_prefix(section: str) -> str:
    return "" if section == TEST else f"{section}."


def predict_units(model: TriageModel, target: TargetParams, turns: pd.DataFrame, sessions: pd.DataFrame,
                  ids: pd.Series, params: Params, batch_tokens: int | None = None) -> pd.DataFrame | None:
    """One row per evaluated unit: keys, source, gold and decided labels (`y_true`/`y_pred`,
    or `true.<flag>`/`pred.<flag>`) and the class probabilities (`p.<class>`)."""
    gold = labelled_examples(target, turns, sessions, ids)
    if gold.empty:
        return None
    keys = key_columns(target)
    probs = predictions_for(model, target, turns, gold, batch_tokens=batch_tokens)
    if probs is None:
        return None
    raw = calibration.uncalibrated(probs, target, getattr(model, "calibration", {}))
    chosen = getattr(model, "thresholds", {})
    decided = decide(target, probs, params.decision, chosen)
    units = gold[keys].copy()
    units["source"] = units["session_id"].map(sessions.set_index("session_id")["source"])
    if target.kind == "multilabel":
        for cls in target.classes:
            units[f"true.{cls}"] = gold[cls].astype(bool).to_numpy()
            units[f"pred.{cls}"] = decided[cls].to_numpy()
    else:
        units["y_true"] = gold[target.label].to_numpy()
        units["y_pred"] = decided[target.name].to_numpy()
        # the decision the model made before temperature scaling (thresholds can differ)
        units["y_pred_uncalibrated"] = decide(target, raw, params.decision, chosen)[target.name].to_numpy()
    for cls in target.classes:
        units[f"p.{cls}"] = probs[cls].to_numpy()
        # the same as p.* for a target without a temperature: pooled folds stay comparable
        units[f"p_uncalibrated.{cls}"] = raw[cls].to_numpy()
    if REVIEW.format(target.name) in decided:
        units["review"] = decided[REVIEW.format(target.name)].to_numpy()
    return units


def derived_session_emotion_units(model: TriageModel, turn_target: TargetParams, turns: pd.DataFrame,
                                  sessions: pd.DataFrame, ids: pd.Series, params: Params,
                                  batch_tokens: int | None = None) -> dict[str, pd.DataFrame]:
    """emotion_peak / emotion_end derived from turn predictions, as unit frames."""
    gold = sessions[sessions["session_id"].isin(ids) & sessions["source"].isin(turn_target.sources)
                    & sessions["emotion_peak"].notna()]
    if gold.empty:
        return {}
    part = turns[turns["session_id"].isin(gold["session_id"])]
    probabilities = model.predict_proba(part, [turn_target.name], batch_tokens=batch_tokens)
    if turn_target.name not in probabilities:
        return {}
    derived = session_emotions(part, probabilities[turn_target.name], turn_target.classes,
                               params.session_emotion.trivial_max_chars)
    joined = gold[["session_id", "source", *SESSION_EMOTIONS]].merge(
        derived[["session_id", *SESSION_EMOTIONS]], on="session_id", how="left", suffixes=("", "_pred"))
    # A session with no customer turn has no prediction: it counts as wrong.
    return {name: pd.DataFrame({"session_id": joined["session_id"], "source": joined["source"],
                                "y_true": joined[name], "y_pred": joined[f"{name}_pred"].fillna(NO_PREDICTION)})
            for name in SESSION_EMOTIONS}


def score_units(units: pd.DataFrame, classes: tuple[str, ...], kind: str, params: Params,
                by: str | None = "source") -> dict[str, float]:
    """Point figures with their bootstrap intervals; per `by` group when the units have several."""
    def figures(part: pd.DataFrame) -> dict[str, float]:
        if kind == "multilabel":
            truth = part[[f"true.{c}" for c in classes]].set_axis(list(classes), axis=1)
            pred = part[[f"pred.{c}" for c in classes]].set_axis(list(classes), axis=1)
            out = multilabel_metrics(truth, pred, classes)
        else:
            out = single_label_metrics(part["y_true"].tolist(), part["y_pred"].tolist(), classes)
            if all(f"p.{c}" in part for c in classes):
                # calibration of the decision as served (the decided class's probability),
                # and before temperature scaling, with intervals and the paired change
                out.update(calibration_figures(part, classes, params))
            if "review" in part:
                out.update(review_figures(part, classes, params))
        ev = params.evaluate
        out.update(bootstrap_intervals(part, classes, kind, ev.bootstrap_samples, ev.confidence, ev.seed))
        return out

    result = figures(units)
    if by and by in units and units[by].nunique() > 1:
        for group, part in units.groupby(by):
            for key, value in figures(part).items():
                result[f"{by}.{group}.{key}"] = value
    return result


def decided_confidence(units: pd.DataFrame, classes: tuple[str, ...], calibrated: bool = True
                       ) -> tuple[np.ndarray, np.ndarray]:
    """(correct, probability of the decided class) of the units that got a decision, as
    served or as the model decided before temperature scaling."""
    column, decision = ("p", "y_pred") if calibrated else ("p_uncalibrated", "y_pred_uncalibrated")
    decided = units[units[decision].isin(classes)]
    confidence = decided[[f"{column}.{c}" for c in classes]].to_numpy()[
        np.arange(len(decided)), [classes.index(c) for c in decided[decision]]]
    return (decided["y_true"] == decided[decision]).to_numpy(), confidence


def calibration_figures(units: pd.DataFrame, classes: tuple[str, ...], params: Params) -> dict[str, float]:
    """`ece` (as served), `ece_uncalibrated` (before temperature scaling) and
    `ece_change` (served - before), each with a bootstrap interval over sessions;
    both sides of the change are computed on the same resampled sessions."""
    ev = params.evaluate
    sessions = np.sort(units["session_id"].unique())
    weights = bootstrap_weights(len(sessions), ev.bootstrap_samples, ev.seed)
    sides = {"ece": True}
    if "y_pred_uncalibrated" in units:
        sides["ece_uncalibrated"] = False
    out, replicates = {}, {}
    for name, calibrated in sides.items():
        decision = "y_pred" if calibrated else "y_pred_uncalibrated"
        ids = units.loc[units[decision].isin(classes), "session_id"].to_numpy()
        correct, confidence = decided_confidence(units, classes, calibrated)
        out[name] = expected_calibration_error(correct, confidence)
        sums = calibration_sums(ids, correct, confidence, sessions)
        replicates[name] = ece_from_sums(np.einsum("rs,sbk->rbk", weights, sums))
        out[f"{name}_ci_low"], out[f"{name}_ci_high"] = interval(replicates[name], ev.confidence)
    if len(replicates) == 2:
        out["ece_change"] = out["ece"] - out["ece_uncalibrated"]
        out["ece_change_ci_low"], out["ece_change_ci_high"] = interval(
            replicates["ece"] - replicates["ece_uncalibrated"], ev.confidence)
    return out


def review_figures(units: pd.DataFrame, classes: tuple[str, ...], params: Params) -> dict[str, float]:
    """Abstention (decision.review_below): how many sessions go to a person, and how often
    the model is right on the ones it decides and on the ones it hands over (exact
    binomial intervals; one unit = one session)."""
    review = units["review"].astype(bool)
    correct = units["y_true"] == units["y_pred"]
    decided = units[~review]
    out = {"review.threshold": params.decision.review_below, "review.units": int(review.sum())}
    for name, hits, trials in (("share", int(review.sum()), len(units)),
                               ("accuracy_decided", int(correct[~review].sum()), int((~review).sum())),
                               ("accuracy_review", int(correct[review].sum()), int(review.sum()))):
        if trials:  # no session on one side: no figure rather than NaN in the metrics file
            out[f"review.{name}"] = hits / trials
            out[f"review.{name}_ci_low"], out[f"review.{name}_ci_high"] = binomial_interval(
                hits, trials, params.evaluate.confidence)
    if len(decided):
        out["review.macro_f1_decided"] = single_label_metrics(decided["y_true"].tolist(), decided["y_pred"].tolist(),
                                                              classes)["macro_f1"]
    return out


def write_reliability(units: pd.DataFrame, classes: tuple[str, ...], name: str, title: str, plots: Path) -> None:
    """Reliability diagram (PNG) and its bins (CSV), before and after temperature scaling."""
    curves = {"before temperature scaling": reliability_frame(*decided_confidence(units, classes, False)),
              "calibrated (as served)": reliability_frame(*decided_confidence(units, classes))}
    pd.concat([frame.assign(curve=label) for label, frame in curves.items()]).to_csv(
        plots / f"reliability_{name}.csv", index=False)
    plot_reliability(curves, title, plots / f"reliability_{name}.png")


def high_precision_figures(units: pd.DataFrame, result: dict[str, float], params: Params, plots: Path,
                           file_prefix: str, operating_threshold: float) -> dict[str, float]:
    """Guide section 1: `abusive` routes a case to a person, so its precision and recall at
    the operating threshold are reported on their own, with the PR curve. Their
    intervals are exact binomial ones (one unit = one session): with few predictions
    and no error a bootstrap interval would collapse to [1, 1]."""
    special = params.decision.high_precision_class
    is_positive = (units["y_true"] == special).tolist()
    hits = int(((units["y_true"] == special) & (units["y_pred"] == special)).sum())
    predicted = int((units["y_pred"] == special).sum())
    out = {
        f"{special}.precision_at_operating_point": result[f"{special}.precision"],
        f"{special}.recall_at_operating_point": result[f"{special}.recall"],
        f"{special}.operating_threshold": operating_threshold,
        f"{special}.test_support": sum(is_positive),
    }
    out[f"{special}.predicted_at_operating_point"] = predicted
    for name, trials in (("precision", predicted), ("recall", sum(is_positive))):
        low, high = binomial_interval(hits, trials, params.evaluate.confidence)
        out[f"{special}.{name}_at_operating_point_ci_low"] = low
        out[f"{special}.{name}_at_operating_point_ci_high"] = high
    if any(is_positive):
        precision_recall_frame(is_positive, units[f"p.{special}"].tolist()).to_csv(
            plots / f"{file_prefix}pr_{special}.csv", index=False)
    return out


def write_confusion(units: pd.DataFrame, keys: list[str], classes: tuple[str, ...], name: str, title: str,
                    plots: Path) -> None:
    # Keys and confidence ride along the confusion rows, for error analysis.
    frame = pd.concat([units[keys].reset_index(drop=True),
                       confusion_frame(units["y_true"].tolist(), units["y_pred"].tolist())], axis=1)
    probability_columns = [f"p.{c}" for c in classes if f"p.{c}" in units]
    if probability_columns:
        frame["confidence"] = units[probability_columns].max(axis=1).round(4).to_numpy()
    frame.to_csv(plots / f"confusion_{name}.csv", index=False)
    plot_confusion(units["y_true"].tolist(), units["y_pred"].tolist(), classes, title, plots / f"confusion_{name}.png")


def evaluate_model(model: TriageModel, turns: pd.DataFrame, sessions: pd.DataFrame,
                   split_ids: dict[str, pd.Series], params: Params, plots: Path,
                   batch_tokens: int | None = None) -> tuple[dict[str, float], dict[str, pd.DataFrame]]:
    """Every target of the model in every section that has labels, plus the session
    emotion derived from its turn predictions.

    Returns the flat metrics and the unit predictions behind them, keyed by metrics
    prefix (`legitimacy`, `written_test.emotion_peak`, ...), for paired comparisons.
    `batch_tokens`: inference batches as the scorer makes them (register evaluates the served model so).
    """
    metrics: dict[str, float] = {}
    predictions: dict[str, pd.DataFrame] = {}
    chosen = getattr(model, "thresholds", {})  # thresholds chosen on valid (pipeline/thresholds.py)
    for section in SECTIONS:
        ids = split_ids.get(section)
        if ids is None or ids.empty:
            continue
        prefix, file_prefix = section_prefix(section), section_prefix(section).replace(".", "_")
        for target in model.targets:
            scoped = section_target(target, section, params)
            units = predict_units(model, scoped, turns, sessions, ids, params, batch_tokens)
            if units is None:
                if section == TEST:
                    metrics[f"{target.name}.status_no_test_labels"] = 1
                continue
            predictions[f"{prefix}{target.name}"] = units
            # Public corpora mix domains in one test split (EWECT usual / virus): report each.
            by = "source_split" if scoped.sources == ("ewect",) else "source"
            if by == "source_split":
                units = units.assign(source_split=units["session_id"].map(
                    sessions.set_index("session_id")["source_split"]))
            result = score_units(units, target.classes, target.kind, params, by)
            if target.kind == "multilabel":
                result.update({f"{c}.threshold": flag_threshold(params.decision, chosen, c) for c in target.classes})
            if target.kind == "single":
                write_confusion(units, key_columns(target), target.classes, f"{file_prefix}{target.name}",
                                f"{target.name} ({section})", plots)
                write_reliability(units, target.classes, f"{file_prefix}{target.name}",
                                  f"{target.name} ({section}): reliability", plots)
                if params.decision.high_precision_class in target.classes:
                    result.update(high_precision_figures(units, result, params, plots, file_prefix,
                                                         high_precision_threshold(params.decision, chosen)))
            metrics.update({f"{prefix}{target.name}.{k}": v for k, v in result.items()})
        turn_target = next((t for t in model.targets if t.name == params.session_emotion.turn_target), None)
        if turn_target is None:
            continue
        scoped = section_target(turn_target, section, params)
        for name, units in derived_session_emotion_units(model, scoped, turns, sessions, ids, params,
                                                         batch_tokens).items():
            predictions[f"{prefix}{name}"] = units
            result = score_units(units, turn_target.classes, "single", params)
            write_confusion(units, ["session_id"], turn_target.classes, f"{file_prefix}{name}",
                            f"{name} ({section}, derived)", plots)
            metrics.update({f"{prefix}{name}.{k}": v for k, v in result.items()})
    return metrics, predictions


def read_evaluation_splits(split_dir: str | Path) -> dict[str, pd.Series]:
    """Session ids of every evaluation section present in the split directory."""
    return {s: read_split_ids(split_dir, s) for s in SECTIONS if (Path(split_dir) / f"{s}.parquet").exists()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--model", required=True)
    parser.add_argument("--turns", required=True)
    parser.add_argument("--sessions", required=True)
    parser.add_argument("--split-dir", required=True)
    parser.add_argument("--metrics-out", required=True)
    parser.add_argument("--plots-out", required=True)
    args = parser.parse_args()
    params = load_params(args.params)
    plots = Path(args.plots_out)
    plots.mkdir(parents=True, exist_ok=True)

    model = load_model(args.model)
    turns, sessions = read_table(args.turns), read_table(args.sessions)
    metrics, _ = evaluate_model(model, turns, sessions, read_evaluation_splits(args.split_dir), params, plots)
    write_json(metrics, args.metrics_out)

    run_id = read_manifest(Path(args.model)).get("mlflow_run_id")
    if run_id:
        tracking.configure(params.tracking.experiment)
        with mlflow.start_run(run_id=run_id):
            mlflow.log_metrics(tracking.flatten("test", metrics))
            mlflow.log_artifacts(str(plots), artifact_path="evaluation")
    summary = {k: with_interval(metrics, k)
               for k, v in metrics.items() if k.endswith("macro_f1") and ".source." not in k and ".domain" not in k
               and k + "_ci_low" in metrics}
    print(f"evaluate {args.model}:", summary)


if __name__ == "__main__":
    main()
