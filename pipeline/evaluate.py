"""Stage `evaluate`: one evaluation path for every model kind, on the fixed test split.

Per target: macro-F1, per-class precision/recall/F1/support, confusion matrix
(PNG + DVC plot data); session emotion_peak/emotion_end derived from turn
predictions; for `abusive` the precision at the operating point and a PR curve.
Metrics go to a flat DVC metrics JSON and to the model's MLflow training run.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import mlflow
import pandas as pd

from pipeline import tracking
from pipeline.aggregate import decide, session_emotions
from pipeline.examples import key_columns, labelled_examples
from pipeline.io import read_split_ids, read_table, write_json
from pipeline.labels import EMOTIONS
from pipeline.metrics import (confusion_frame, multilabel_metrics, plot_confusion, precision_recall_frame,
                              single_label_metrics)
from pipeline.model import TriageModel, load_model, read_manifest
from pipeline.params import Params, TargetParams, load_params


def evaluation_target(target: TargetParams) -> TargetParams:
    """Evaluate on the primary source only: synthetic sessions never reach valid or test."""
    return TargetParams(**{**target.__dict__, "sources": target.sources[:1]})


def evaluate_target(model: TriageModel, target: TargetParams, turns: pd.DataFrame, sessions: pd.DataFrame,
                    test_ids: pd.Series, params: Params, plots: Path,
                    batch_tokens: int | None = None) -> dict[str, float]:
    target = evaluation_target(target)
    gold = labelled_examples(target, turns, sessions, test_ids)
    if gold.empty:
        return {"status_no_test_labels": 1}
    keys = key_columns(target)
    probabilities = model.predict_proba(turns[turns["session_id"].isin(gold["session_id"])], [target.name],
                                        batch_tokens=batch_tokens)
    if target.name not in probabilities:
        return {"status_not_trained": 1}
    probs = gold[keys].merge(probabilities[target.name], on=keys, how="left")
    decided = decide(target, probs, params.decision)
    if target.kind == "multilabel":
        return multilabel_metrics(gold[list(target.classes)], decided, target.classes)

    y_true, y_pred = gold[target.label].tolist(), decided[target.name].tolist()
    result = single_label_metrics(y_true, y_pred, target.classes)
    # Keys and confidence ride along the confusion rows, for error analysis.
    confusion = pd.concat([gold[keys], confusion_frame(y_true, y_pred)], axis=1)
    confusion["confidence"] = probs[list(target.classes)].max(axis=1).round(4)
    confusion.to_csv(plots / f"confusion_{target.name}.csv", index=False)
    plot_confusion(y_true, y_pred, target.classes, f"{target.name} (test)", plots / f"confusion_{target.name}.png")

    special = params.decision.high_precision_class
    if special in target.classes:
        # Guide section 1: this class routes a case to a person, so its precision
        # at the operating threshold is reported on its own.
        is_positive = [y == special for y in y_true]
        result[f"{special}.precision_at_operating_point"] = result[f"{special}.precision"]
        result[f"{special}.operating_threshold"] = params.decision.high_precision_threshold
        result[f"{special}.test_support"] = sum(is_positive)
        if any(is_positive):
            curve = precision_recall_frame(is_positive, probs[special].tolist())
            curve.to_csv(plots / f"pr_{special}.csv", index=False)

    # Public corpora mix domains in one test split (EWECT usual / virus): report each.
    domains = sessions.set_index("session_id").loc[gold["session_id"], "source_split"].to_numpy()
    if len(set(domains)) > 1:
        for domain in sorted(set(domains)):
            mask = domains == domain
            sub = single_label_metrics([y for y, m in zip(y_true, mask) if m], [y for y, m in zip(y_pred, mask) if m],
                                       target.classes)
            result[f"domain.{domain}.macro_f1"] = sub["macro_f1"]
            result[f"domain.{domain}.accuracy"] = sub["accuracy"]
            result[f"domain.{domain}.n"] = sub["n"]
    return result


def evaluate_session_emotion(model: TriageModel, turns: pd.DataFrame, sessions: pd.DataFrame,
                             test_ids: pd.Series, params: Params, plots: Path,
                             batch_tokens: int | None = None) -> dict[str, float]:
    """emotion_peak / emotion_end derived from turn predictions, against the session labels."""
    turn_target = evaluation_target(params.target(params.session_emotion.turn_target))
    gold = sessions[sessions["session_id"].isin(test_ids) & sessions["source"].isin(turn_target.sources)
                    & sessions["emotion_peak"].notna()]
    if gold.empty:
        return {}
    part = turns[turns["session_id"].isin(gold["session_id"])]
    probabilities = model.predict_proba(part, [turn_target.name], batch_tokens=batch_tokens)
    if turn_target.name not in probabilities:
        return {}
    derived = session_emotions(part, probabilities[turn_target.name], turn_target.classes,
                               params.session_emotion.trivial_max_chars)
    joined = gold[["session_id", "emotion_peak", "emotion_end"]].merge(
        derived[["session_id", "emotion_peak", "emotion_end"]], on="session_id", how="left", suffixes=("", "_pred"))
    out = {}
    for name in ("emotion_peak", "emotion_end"):
        # A session with no customer turn has no prediction: it counts as wrong.
        y_pred = joined[f"{name}_pred"].fillna("<none>").tolist()
        y_true = joined[name].tolist()
        for key, value in single_label_metrics(y_true, y_pred, EMOTIONS).items():
            out[f"{name}.{key}"] = value
        plot_confusion(y_true, y_pred, EMOTIONS, f"{name} (test, derived)", plots / f"confusion_{name}.png")
        pd.concat([joined[["session_id"]], confusion_frame(y_true, y_pred)], axis=1).to_csv(
            plots / f"confusion_{name}.csv", index=False)
    return out


def evaluate_model(model: TriageModel, turns: pd.DataFrame, sessions: pd.DataFrame, test_ids: pd.Series,
                   params: Params, plots: Path, batch_tokens: int | None = None) -> dict[str, float]:
    """Every target of the model, plus the session emotion derived from its turn predictions.

    `batch_tokens`: inference batches as the scorer makes them (register evaluates the served model so).
    """
    metrics: dict[str, float] = {}
    for target in model.targets:
        for key, value in evaluate_target(model, target, turns, sessions, test_ids, params, plots,
                                          batch_tokens).items():
            metrics[f"{target.name}.{key}"] = value
    if any(t.name == params.session_emotion.turn_target for t in model.targets):
        metrics.update(evaluate_session_emotion(model, turns, sessions, test_ids, params, plots, batch_tokens))
    return metrics


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
    test_ids = read_split_ids(args.split_dir, "test")

    metrics = evaluate_model(model, turns, sessions, test_ids, params, plots)
    write_json(metrics, args.metrics_out)

    run_id = read_manifest(Path(args.model)).get("mlflow_run_id")
    if run_id:
        tracking.configure(params.tracking.experiment)
        with mlflow.start_run(run_id=run_id):
            mlflow.log_metrics(tracking.flatten("test", metrics))
            mlflow.log_artifacts(str(plots), artifact_path="evaluation")
    summary = {k: round(v, 3) for k, v in metrics.items() if k.endswith("macro_f1")}
    print(f"evaluate {args.model}:", summary)


if __name__ == "__main__":
    main()
