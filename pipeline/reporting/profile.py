"""Statistics of a batch of transcripts and of the model's answers on it.

The same function describes the training data (`register` stores the result
with the model version as `reference_profile.json`) and a scored batch (the
scorer's `--report`), so the drift check compares like with like:

- predicted class shares of `legitimacy`, `emotion_peak` and `emotion_end`
- customer text: length of the cleaned turn (binned), placeholders per turn
  (binned), share of turns that arrived in Traditional script, share of tokens
  the model does not know (the encoder's [UNK], or characters outside the
  TF-IDF vocabulary)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from pipeline.text import clean_text_with_stats, placeholder_counts

PREDICTED = ("legitimacy", "emotion_peak", "emotion_end")
REFERENCE_FILE = "reference_profile.json"
PLACEHOLDER_BINS = (0, 1, 2, 3)  # 0, 1, 2, 3 or more per turn


def share(values: pd.Series, classes: Iterable[str]) -> dict[str, float]:
    counts = values.value_counts()
    total = max(int(counts.sum()), 1)
    return {c: float(counts.get(c, 0)) / total for c in classes}


def binned(values: np.ndarray, edges: list[float]) -> list[float]:
    """Share of values per bin [edges[i], edges[i+1]); the last bin is open."""
    index = np.searchsorted(np.asarray(edges[1:], dtype=float), values, side="right")
    counts = np.bincount(index, minlength=len(edges))[: len(edges)]
    return (counts / max(len(values), 1)).tolist()


def unknown_counter(model) -> Callable[[list[str]], tuple[int, int]]:
    """(unknown, total) units of texts for the model: encoder tokens that map to
    [UNK], or characters outside a TF-IDF model's character vocabulary."""
    tokenizer = getattr(model, "tokenizer", None)
    if tokenizer is not None:
        unk = tokenizer.unk_token_id

        def count(texts: list[str]) -> tuple[int, int]:
            ids = tokenizer(texts, add_special_tokens=False)["input_ids"] if texts else []
            return sum(row.count(unk) for row in ids), sum(len(row) for row in ids)
        return count
    heads = getattr(model, "heads", None) or {}
    vocabulary = set()
    for head in heads.values():
        vocabulary |= {term for term in head.vectorizer.vocabulary_ if len(term) == 1}

    def count_chars(texts: list[str]) -> tuple[int, int]:
        chars = [ch for text in texts for ch in text if not ch.isspace()]
        return (sum(ch not in vocabulary for ch in chars), len(chars)) if vocabulary else (0, len(chars))
    return count_chars


class TextStats:
    """Customer-turn statistics, accumulated block by block (bounded memory)."""

    def __init__(self, length_edges: list[float], count_unknown: Callable[[list[str]], tuple[int, int]]):
        self.length_edges = length_edges
        self.count_unknown = count_unknown
        self.lengths: list[np.ndarray] = []
        self.placeholders: list[np.ndarray] = []
        self.turns = self.traditional = self.unknown = self.units = 0

    def add(self, cleaned: pd.Series, traditional: pd.Series | None) -> None:
        """Cleaned customer turns and whether each arrived in Traditional script
        (the `clean` stage's flag, or `clean_raw`'s for a raw batch)."""
        texts = [t for t in cleaned.fillna("").astype(str)]
        self.turns += len(texts)
        self.lengths.append(np.fromiter((len(t) for t in texts), dtype=float, count=len(texts)))
        self.placeholders.append(np.fromiter((sum(placeholder_counts(t).values()) for t in texts), dtype=float,
                                             count=len(texts)))
        if traditional is not None:
            self.traditional += int(traditional.fillna(False).astype(bool).sum())
        unknown, units = self.count_unknown(texts)
        self.unknown += unknown
        self.units += units

    def summary(self) -> dict:
        lengths = np.concatenate(self.lengths) if self.lengths else np.empty(0)
        placeholders = np.concatenate(self.placeholders) if self.placeholders else np.empty(0)
        return {
            "turns": self.turns,
            "length_edges": list(self.length_edges),
            "length": binned(lengths, list(self.length_edges)),
            "placeholder_edges": list(PLACEHOLDER_BINS),
            "placeholders": binned(placeholders, list(PLACEHOLDER_BINS)),
            "traditional_share": self.traditional / max(self.turns, 1),
            "unknown_rate": self.unknown / max(self.units, 1),
        }


def predicted_profile(sessions: pd.DataFrame, classes: dict[str, tuple[str, ...]]) -> dict:
    ok = sessions[sessions["status"] == "ok"]
    return {"sessions": int(len(ok)),
            **{name: share(ok[name], classes[name]) for name in PREDICTED if name in ok and name in classes}}


def classes_of(predictor) -> dict[str, tuple[str, ...]]:
    """Class lists of the session outputs a predictor writes."""
    targets = {t.name: t.classes for t in predictor.model.targets}
    turn = targets.get(predictor.session_emotion.turn_target, ())
    return {"legitimacy": targets.get("legitimacy", ()), "emotion_peak": turn, "emotion_end": turn}


def clean_raw(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Raw turns cleaned as the `clean` stage cleans them, with the same
    Traditional-script flag, so a batch and the training data are measured alike."""
    results = [clean_text_with_stats(t) for t in raw.fillna("").astype(str)]
    return (pd.Series([text for text, _ in results], index=raw.index),
            pd.Series([bool(stats.traditional_converted) for _, stats in results], index=raw.index))


def reference_profile(predictor, turns: pd.DataFrame, train_ids: pd.Series, test_ids: pd.Series,
                      sources: list[str], length_edges: list[float]) -> dict:
    """The training data as the batch report sees a batch: customer-text statistics
    of the real training turns, and the served model's class shares on the real
    test sessions (the stratified split gives them the training distribution;
    predictions on the training sessions themselves would be overfit)."""
    real = turns["source"].isin(sources)
    train = turns[real & turns["session_id"].isin(train_ids) & (turns["role"] == "customer")]
    test = turns[real & turns["session_id"].isin(test_ids)]
    scored, _ = predictor.predict(test[["session_id", "turn_index", "role", "text"]])
    stats = TextStats(length_edges, unknown_counter(predictor.model))
    stats.add(train["text"], train["traditional"] if "traditional" in train else None)
    return {"sources": list(sources), "train_sessions": int(train["session_id"].nunique()),
            "predicted": predicted_profile(scored, classes_of(predictor)), "text": stats.summary()}
