"""Turn the turn table into model inputs: one text per session or per turn.

Every model kind (TF-IDF, BERT) and the scorer build inputs here, so a session
reads the same to a model at training and at scoring time.
"""

from __future__ import annotations

import pandas as pd

from pipeline.params import TargetParams

ROLE_PREFIX = {"customer": "客户:", "agent": "客服:"}
SESSION_KEY = ["session_id"]
TURN_KEY = ["session_id", "turn_index"]


def key_columns(target: TargetParams) -> list[str]:
    return SESSION_KEY if target.level == "session" else TURN_KEY


def predictions_for(model, target: TargetParams, turns: pd.DataFrame, gold: pd.DataFrame,
                    **predict_args) -> pd.DataFrame | None:
    """The model's probabilities for the `gold` units, row for row (keys + one column
    per class; NaN where a unit got no prediction); None if the model does not
    predict the target (e.g. a baseline head skipped for lack of training labels)."""
    predicted = model.predict_proba(turns[turns["session_id"].isin(gold["session_id"])], [target.name],
                                    **predict_args).get(target.name)
    if predicted is None:
        return None
    keys = key_columns(target)
    return gold[keys].merge(predicted, on=keys, how="left")


def session_texts(turns: pd.DataFrame) -> pd.DataFrame:
    """One row per session: its turns in order, each prefixed by the speaker's role."""
    ordered = turns.sort_values(TURN_KEY, kind="stable")
    lines = ordered["role"].map(ROLE_PREFIX).fillna("") + ordered["text"]
    texts = lines.groupby(ordered["session_id"], sort=False).agg("\n".join)
    return texts.rename("text").reset_index()


def target_inputs(target: TargetParams, turns: pd.DataFrame) -> pd.DataFrame:
    """Key columns plus `text` for every unit the target predicts in this turn table."""
    if target.level == "session":
        return session_texts(turns)
    rows = turns[turns["role"].isin(target.roles)]
    return rows[TURN_KEY + ["text"]].reset_index(drop=True)


def labelled_examples(target: TargetParams, turns: pd.DataFrame, sessions: pd.DataFrame,
                      session_ids: pd.Series) -> pd.DataFrame:
    """Inputs joined with gold labels, for the given sessions and the target's sources."""
    chosen = sessions[sessions["session_id"].isin(session_ids) & sessions["source"].isin(target.sources)]
    part = turns[turns["session_id"].isin(chosen["session_id"])]
    inputs = target_inputs(target, part)
    if target.level == "session":
        label_columns = list(target.classes) if target.kind == "multilabel" else [target.label]
        frame = inputs.merge(chosen[SESSION_KEY + label_columns], on=SESSION_KEY)
    else:
        label_columns = [target.label]
        frame = inputs.merge(part[TURN_KEY + label_columns], on=TURN_KEY)
    frame = frame.dropna(subset=label_columns)
    if target.kind == "single":
        frame = frame[frame[target.label].isin(target.classes)]
    else:
        frame[label_columns] = frame[label_columns].astype(bool)
    return frame.reset_index(drop=True)
