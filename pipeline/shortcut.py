"""Stage `shortcut`: does the model read the writing style instead of the decisive cue?

Team-written sessions teach the rare classes, so "reads like a written session"
could predict a class by itself. Three measurements, written to one DVC metrics file:

- **Source probe**: TF-IDF + logistic regression trained to tell real from written
  sessions on the train split, scored (ROC AUC) on the real test split against the
  written test set. A high AUC only says the style is visible; the next two say
  whether the model uses it.
- **Errors vs probe**: on the real test sessions, how the model's legitimacy errors
  and its rare-class predictions relate to the probe's "written-like" score (ROC AUC
  of the score for an error, 0.5 = unrelated).
- **Style removed**: the written test set re-scored after shortening agent turns to
  their first clause and adding the real chats' noise (a picture turn, emoji codes,
  no final punctuation); the paired difference of each figure and its interval.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from pipeline.evaluate import TEST, WRITTEN_TEST, evaluate_model, predicted_figures, read_evaluation_splits
from pipeline.examples import session_texts
from pipeline.io import read_split_ids, read_table, write_json
from pipeline.metrics import paired_difference
from pipeline.model import load_model
from pipeline.params import Params, load_params
from pipeline.text import clean_text

RARE = ("excessive", "unfounded", "abusive")
_FIRST_CLAUSE = re.compile(r"^.*?[，。！？,.!?]")


def source_probe(turns: pd.DataFrame, sessions: pd.DataFrame, train_ids: pd.Series,
                 written: tuple[str, ...]) -> tuple[TfidfVectorizer, LogisticRegression]:
    """Real (0) vs written (1) from the session text, on the train split's labelled sessions."""
    chosen = sessions[sessions["session_id"].isin(train_ids) & sessions["legitimacy"].notna()]
    texts = session_texts(turns[turns["session_id"].isin(chosen["session_id"])])
    is_written = texts["session_id"].map(chosen.set_index("session_id")["source"]).isin(written)
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, max_features=50000, sublinear_tf=True)
    probe = LogisticRegression(C=1.0, max_iter=1000, class_weight="balanced")
    probe.fit(vectorizer.fit_transform(texts["text"]), is_written)
    return vectorizer, probe


def probe_scores(vectorizer, probe, turns: pd.DataFrame, ids: pd.Series) -> pd.Series:
    texts = session_texts(turns[turns["session_id"].isin(ids)])
    return pd.Series(probe.predict_proba(vectorizer.transform(texts["text"]))[:, 1], index=texts["session_id"])


def without_written_style(turns: pd.DataFrame) -> pd.DataFrame:
    """Agent turns cut to their first clause; a picture turn after the first customer turn;
    emoji codes on agent turns; customer turns without final punctuation. Cleaned again
    as every input is, so the markup becomes the placeholders the model knows."""
    out = []
    for sid, part in turns.sort_values(["session_id", "turn_index"]).groupby("session_id", sort=False):
        rows = []
        for row in part.itertuples(index=False):
            text = row.text
            if row.role == "agent":
                match = _FIRST_CLAUSE.match(text)
                text = (match.group(0) if match else text)[:20] + "#E-s21"
            else:
                text = text.rstrip("。！？!?.,，")
            rows.append({**row._asdict(), "text": text})
        first_customer = next((i for i, r in enumerate(rows) if r["role"] == "customer"), 0)
        picture = {**rows[first_customer], "text": "0123456789abcdef0123456789abcdef.jpg"}
        rows.insert(first_customer + 1, picture)
        if "emotion" in picture:
            picture["emotion"] = None  # not scored: an added easy turn would lift turn emotion by itself
        for index, row in enumerate(rows):
            row["turn_index"] = index
            row["text"] = clean_text(row["text"])
        out += rows
    return pd.DataFrame(out, columns=turns.columns).astype({"turn_index": "int64"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--model", required=True)
    parser.add_argument("--turns", required=True)
    parser.add_argument("--sessions", required=True)
    parser.add_argument("--split-dir", required=True)
    parser.add_argument("--metrics-out", required=True)
    args = parser.parse_args()
    params: Params = load_params(args.params)
    turns, sessions = read_table(args.turns), read_table(args.sessions)
    splits = read_evaluation_splits(args.split_dir)
    written = params.split.written_sources
    metrics: dict[str, float] = {}

    vectorizer, probe = source_probe(turns, sessions, read_split_ids(args.split_dir, "train"), written)
    real_test = splits[TEST][splits[TEST].isin(sessions.loc[sessions["legitimacy"].notna(), "session_id"])]
    real_scores = probe_scores(vectorizer, probe, turns, real_test)
    if WRITTEN_TEST in splits:
        written_scores = probe_scores(vectorizer, probe, turns, splits[WRITTEN_TEST])
        y = np.r_[np.zeros(len(real_scores)), np.ones(len(written_scores))]
        metrics["probe.real_vs_written_test.roc_auc"] = float(roc_auc_score(y, np.r_[real_scores, written_scores]))
    metrics["probe.real_test.mean_written_score"] = float(real_scores.mean())

    model = load_model(args.model)
    with_plots = Path(tempfile.mkdtemp(prefix="shortcut-"))  # confusion files of the re-scored sets, not kept
    _, predictions = evaluate_model(model, turns, sessions, splits, params, with_plots)
    legitimacy = predictions["legitimacy"].set_index("session_id")
    score = real_scores.reindex(legitimacy.index)
    wrong = legitimacy["y_true"] != legitimacy["y_pred"]
    rare = legitimacy["y_pred"].isin(RARE)
    metrics["errors.real_test.legitimacy_error_rate"] = float(wrong.mean())
    if wrong.any() and not wrong.all():
        metrics["errors.real_test.probe_auc_for_error"] = float(roc_auc_score(wrong, score))
    metrics["errors.real_test.rare_class_predictions"] = int(rare.sum())
    metrics["errors.real_test.rare_predicted_mean_written_score"] = float(score[rare].mean()) if rare.any() else 0.0
    metrics["errors.real_test.other_predicted_mean_written_score"] = float(score[~rare].mean())
    metrics["errors.real_test.correlation_error_written_score"] = float(np.corrcoef(wrong.astype(float), score)[0, 1])

    if WRITTEN_TEST in splits:
        ids = splits[WRITTEN_TEST]
        plain = without_written_style(turns[turns["session_id"].isin(ids)])
        rest = turns[~turns["session_id"].isin(ids)]
        _, restyled = evaluate_model(model, pd.concat([rest, plain], ignore_index=True), sessions,
                                     {WRITTEN_TEST: ids}, params, with_plots)
        ev = params.evaluate
        kinds = predicted_figures(model.targets, params)
        for key, units in predictions.items():
            if not key.startswith(f"{WRITTEN_TEST}.") or key not in restyled:
                continue
            name = key.split(".", 1)[1]
            classes, kind = kinds[name]
            diff = paired_difference(restyled[key], units, classes, kind, ("macro_f1",), ev.bootstrap_samples,
                                     ev.confidence, ev.seed)["macro_f1"]
            for field in ("champion", "challenger", "difference", "ci_low", "ci_high"):
                label = {"champion": "as_written", "challenger": "style_removed"}.get(field, field)
                metrics[f"style_removed.{name}.macro_f1.{label}"] = diff[field]
    write_json(metrics, args.metrics_out)
    for key, value in metrics.items():
        print(f"{key:60s} {value:.3f}")


if __name__ == "__main__":
    main()
