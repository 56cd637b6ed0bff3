"""From raw turns to one row per session: the code inside the registered model.

`SessionPredictor` does the whole path — input checks, `clean_text` (PII
masking included), the model's probabilities, session aggregation and
thresholds — and never drops a session: each gets predictions or an
`error: <reason>` status. `TriagePyfunc` wraps it as an MLflow pyfunc, so the
batch scorer, `mlflow models predict` and Spark all run the same code.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import mlflow.pyfunc
import pandas as pd

from pipeline.aggregate import REVIEW, decide, session_emotions
from pipeline.model import TriageModel
from pipeline.params import DecisionParams, SessionEmotionParams
from pipeline.reporting.profile import REFERENCE_FILE
from pipeline.runtime import load_served
from pipeline.sources import ROLES
from pipeline.text import clean_text

INPUT_COLUMNS = ("session_id", "role", "text")
OPTIONAL_COLUMNS = ("turn_index",)
# A turn longer than this is cut before cleaning: the encoder reads a few
# hundred tokens at most, and a 100 kB paste must not stall a batch.
MAX_TURN_CHARS = 5000
_REPLACEMENT_OR_CONTROL = re.compile(r"[\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]")


def is_garbage(text: str) -> bool:
    """Binary junk decoded as text: mostly replacement, control or private-use characters."""
    return bool(text) and len(_REPLACEMENT_OR_CONTROL.findall(text)) > 0.3 * len(text)


def normalize_turns(frame: pd.DataFrame) -> pd.DataFrame:
    """Coerce an input turn table to the contract; turn_index defaults to file order."""
    missing = [c for c in INPUT_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"input is missing column(s) {missing}; required: {list(INPUT_COLUMNS)}")
    out = pd.DataFrame({
        "session_id": frame["session_id"].astype("string").fillna("").to_numpy(dtype=object),
        "role": frame["role"].astype("string").str.strip().str.lower().to_numpy(dtype=object),
        "text": frame["text"].astype("string").fillna("").to_numpy(dtype=object),
    })
    if "turn_index" in frame.columns and frame["turn_index"].notna().all():
        out["turn_index"] = pd.to_numeric(frame["turn_index"], errors="coerce").to_numpy()
    else:
        out["turn_index"] = out.groupby("session_id", sort=False).cumcount()
    return out


def session_status(turns: pd.DataFrame) -> pd.Series:
    """'ok' or 'error: <reason>' per session, in order of first appearance.

    Rules in order of precedence: missing session_id, non-numeric turn_index,
    duplicate turn_index, missing/unknown role, no customer turn, no customer text.
    """
    sid = turns["session_id"]
    order = pd.unique(sid)

    def per_session(mask: pd.Series) -> pd.Series:
        return mask.groupby(sid, sort=False).any().reindex(order, fill_value=False)

    customer = turns["role"] == "customer"
    no_index = per_session(turns["turn_index"].isna())
    duplicate = turns["turn_index"].notna() & turns.duplicated(["session_id", "turn_index"])
    bad_role = ~turns["role"].isin(ROLES)
    status = pd.Series("ok", index=order, dtype=object, name="status")
    # Lowest precedence first: a later rule overwrites an earlier one.
    status[~per_session(customer & (turns["text"] != ""))] = "error: no customer text"
    status[~per_session(customer)] = "error: no customer turns"
    for rows, message in ((bad_role, "missing or unknown role at turn_index"), (duplicate, "duplicate turn_index")):
        first = turns.loc[rows & turns["turn_index"].notna()].groupby("session_id", sort=False)["turn_index"].first()
        for session, index in first.items():
            status[session] = f"error: {message} {int(index)}"
    status[no_index] = "error: turn_index is not a number"
    if "" in status.index:
        status[""] = "error: missing session_id"
    return status


class SessionPredictor:
    def __init__(self, model: TriageModel, decision: DecisionParams, session_emotion: SessionEmotionParams):
        self.model = model
        self.decision = decision
        self.session_emotion = session_emotion
        self.targets = {t.name: t for t in model.targets}
        self.batch_size: int | None = None  # fixed inference batch size; overrides batch_tokens
        # Padded tokens per inference batch (register.batch_tokens): a few long
        # sessions or many short turns per batch, see benchmarks/score.py.
        self.batch_tokens: int | None = None

    def output_columns(self) -> list[str]:
        cols = ["session_id"]
        for target in self.model.targets:
            if target.level == "session" and target.kind == "single":
                cols += [target.name] + [f"{target.name}_p_{c}" for c in target.classes]
                if target.name in self.decision.review_targets:
                    cols.append(REVIEW.format(target.name))
            elif target.level == "session":
                for flag in target.classes:
                    cols += [flag, f"{flag}_p"]
        turn = self.targets.get(self.session_emotion.turn_target)
        if turn is not None:
            for name in ("emotion_peak", "emotion_end"):
                cols += [name] + [f"{name}_p_{c}" for c in turn.classes]
        return cols + ["n_turns", "status"]

    def predict(self, raw: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(one row per input session, per-turn emotion rows)."""
        turns = normalize_turns(raw)
        turns["text"] = [
            "" if is_garbage(t) else clean_text(t[:MAX_TURN_CHARS]) for t in turns["text"]
        ]
        status = session_status(turns)
        n_turns = turns.groupby("session_id", sort=False).size()
        ok_ids = status.index[status == "ok"]
        usable = turns[turns["session_id"].isin(ok_ids) & (turns["text"] != "")]
        usable = usable.assign(turn_index=usable["turn_index"].astype("int64"))

        out = pd.DataFrame({"session_id": status.index.to_numpy(dtype=object)})
        turn_rows = pd.DataFrame(columns=["session_id", "turn_index"])
        probabilities = self.model.predict_proba(usable, batch_size=self.batch_size,
                                                 batch_tokens=self.batch_tokens) if len(usable) else {}
        for name, probs in probabilities.items():
            target = self.targets[name]
            if target.level != "session":
                continue
            decided = pd.concat([probs[["session_id"]], decide(target, probs, self.decision, self.model.thresholds)], axis=1)
            if target.kind == "single":
                renamed = probs.rename(columns={c: f"{name}_p_{c}" for c in target.classes})
                out = out.merge(decided, on="session_id", how="left").merge(renamed, on="session_id", how="left")
            else:
                renamed = probs.rename(columns={c: f"{c}_p" for c in target.classes})
                out = out.merge(decided, on="session_id", how="left").merge(renamed, on="session_id", how="left")
        turn_target = self.targets.get(self.session_emotion.turn_target)
        if turn_target is not None and turn_target.name in probabilities:
            turn_probs = probabilities[turn_target.name]
            emotions = session_emotions(usable, turn_probs, turn_target.classes,
                                        self.session_emotion.trivial_max_chars)
            out = out.merge(emotions, on="session_id", how="left")
            decided = decide(turn_target, turn_probs, self.decision, self.model.thresholds)
            turn_rows = pd.concat([turn_probs[["session_id", "turn_index"]], decided,
                                   turn_probs[list(turn_target.classes)].add_prefix(f"{turn_target.name}_p_")],
                                  axis=1)
        out = out.reindex(columns=self.output_columns()[:-2])
        # Label columns are strings even when no session of the batch got a prediction:
        # an all-NaN float column would not convert to a string column downstream (Spark).
        labels = [c for c in out.columns[1:] if c in self.targets or c in ("emotion_peak", "emotion_end")]
        labels = [c for c in labels if self.targets.get(c) is None or self.targets[c].kind == "single"]
        out[labels] = out[labels].astype(object)
        out["n_turns"] = n_turns.reindex(out["session_id"]).to_numpy()
        out["status"] = status.reindex(out["session_id"]).to_numpy()
        # A session that passed the checks but produced no prediction (e.g. all
        # customer text was unreadable) is an error, not a silent blank.
        missing = (out["status"] == "ok") & out[self.output_columns()[1]].isna()
        out.loc[missing, "status"] = "error: no readable customer text"
        for target in self.model.targets:
            if target.kind == "multilabel":
                for flag in target.classes:
                    out[flag] = out[flag].astype("boolean")
            elif REVIEW.format(target.name) in out:
                out[REVIEW.format(target.name)] = out[REVIEW.format(target.name)].astype("boolean")
        return out, turn_rows


class TriagePyfunc(mlflow.pyfunc.PythonModel):
    """Registered-model entry point: a turn table in, one row per session out."""

    def load_context(self, context) -> None:
        config = json.loads(Path(context.artifacts["serving_config"]).read_text(encoding="utf-8"))
        self.model_name = config["model_name"]
        # `model_config={"runtime": ...}` at load (or COMPLAINT_TRIAGE_RUNTIME) names one
        # of the prepared runtimes; otherwise an `auto` model times them here.
        choice = (getattr(context, "model_config", None) or {}).get("runtime")
        model, self.runtime = load_served(context.artifacts["model"], choice)
        self.runtime_choice = model.runtime_choice
        self.predictor = SessionPredictor(
            model,
            DecisionParams(**config["decision"]),
            SessionEmotionParams(**config["session_emotion"]),
        )
        self.predictor.batch_tokens = config.get("batch_tokens")
        # The training data's profile for the batch report's drift check (absent in
        # versions registered before it existed).
        reference = Path(context.artifacts["model"]) / REFERENCE_FILE
        self.reference = json.loads(reference.read_text(encoding="utf-8")) if reference.exists() else None

    def predict(self, context, model_input: pd.DataFrame, params: dict | None = None) -> pd.DataFrame:
        """Turn table in, one row per session out; or, for row-aligned engines such as
        `mlflow.pyfunc.spark_udf`, one row per session in (`turns` = JSON list of
        {turn_index, role, text}) and one row out per input row."""
        params = params or {}
        if "turns" in model_input.columns:
            sessions = self._predict_session_rows(model_input)
        else:
            sessions, _ = self.predictor.predict(model_input)
        sessions.insert(len(sessions.columns) - 1, "model_name", params.get("model_name") or self.model_name)
        sessions.insert(len(sessions.columns) - 1, "model_version", str(params.get("model_version") or ""))
        # Plain object strings: Arrow-backed pandas strings reach Spark as chunked
        # arrays, which its result conversion rejects.
        strings = [c for c in sessions.columns if pd.api.types.is_string_dtype(sessions[c])]
        return sessions.astype({c: object for c in strings})

    def _predict_session_rows(self, model_input: pd.DataFrame) -> pd.DataFrame:
        rows = []
        for position, turns in enumerate(model_input["turns"]):
            try:
                parsed = json.loads(turns) if isinstance(turns, str) else list(turns)
            except (TypeError, ValueError):
                parsed = None
            if not isinstance(parsed, list):
                parsed = [{"role": "<unreadable turns>", "text": ""}]
            for turn in parsed:
                rows.append({"session_id": str(position), "role": turn.get("role"), "text": turn.get("text"),
                             "turn_index": turn.get("turn_index")})
        frame = pd.DataFrame(rows, columns=["session_id", "role", "text", "turn_index"])
        if frame["turn_index"].isna().any():
            frame = frame.drop(columns="turn_index")
        sessions, _ = self.predictor.predict(frame)
        aligned = sessions.set_index("session_id").reindex([str(i) for i in range(len(model_input))]).reset_index()
        aligned["session_id"] = model_input["session_id"].astype(str).to_numpy()
        return aligned

