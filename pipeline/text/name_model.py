"""A learned scorer for person names: where the context rules of `names` see no cue.

The rules find a name after a cue someone wrote down (收件人：, 我叫, 我老公,
王先生). A name mentioned with no such cue (刚才周雨婷打电话了, 帮我看下汪涛那单)
is found here: every place where a listed surname starts a two- or
three-character word is a candidate, and a logistic regression trained on the
team's PII sets (`python -m pipeline.name_tagger`) scores it from the candidate's
characters, its neighbours, what jieba's dictionary says of the words around
it (a frequent word such as 方便 or 高兴 is no name; a word the dictionary knows
as a person name is likely one) and how jieba segments the sentence (its HMM
joins an unknown name into one word). The weights are a JSON file of feature →
weight shipped inside the package, so the cleaning of every stage, the scorer
and the registered model read the same tagger.

Scoring is a sum of dictionary lookups, no matrix library, and jieba segments a
sentence only when that could still change the decision: cleaning stays fast
(turns without a surname character cost one regular-expression scan).
"""

from __future__ import annotations

import json
import math
import os
import re
from contextlib import contextmanager
from functools import lru_cache
from itertools import repeat
from pathlib import Path

from pipeline.text.names import COMPOUND_SURNAMES, SINGLE_SURNAMES, surname_length

WEIGHTS_PATH = Path(__file__).resolve().parent.parent / "resources" / "name_tagger.json"
_CANDIDATE_START = re.compile("|".join(sorted(COMPOUND_SURNAMES)) + "|[" + "".join(sorted(SINGLE_SURNAMES)) + "]")


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _char_class(ch: str) -> str:
    if not ch:
        return "edge"
    if _is_han(ch):
        return "han"
    if ch.isdigit():
        return "digit"
    if ch.isascii() and ch.isalpha():
        return "latin"
    if ch.isspace():
        return "space"
    return "punct"


def _bucket(count: int) -> str:
    return "0" if count <= 0 else str(min(6, int(math.log10(count) * 2) + 1))


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, int], dict[str, str], dict[str, int]]:
    """jieba's word frequencies and tags, and how often a character is the given
    name of a person name the dictionary lists (surname + one or two characters)."""
    from pipeline.text.names import _tagger  # jieba, loaded once per process

    import jieba

    tags = _tagger().dt.word_tag_tab
    freq = jieba.dt.FREQ
    given: dict[str, int] = {}
    for word, tag in tags.items():
        if tag == "nr" and 2 <= len(word) <= 3 and word[0] in SINGLE_SURNAMES and all(map(_is_han, word)):
            for ch in word[1:]:
                given[ch] = given.get(ch, 0) + 1
    return freq, tags, given


@lru_cache(maxsize=1 << 16)
def _word(word: str) -> str:
    """The dictionary's tag and frequency band of `word` ("none" if unknown)."""
    freq, tags, _ = _lexicon()
    tag = tags.get(word)
    if tag is None:
        return "none"
    return f"{tag[:2]}:{_bucket(freq.get(word, 0))}"


@lru_cache(maxsize=1 << 14)
def _given_band(ch: str) -> str:
    return _bucket(_lexicon()[2].get(ch, 0))


def candidates(text: str) -> list[tuple[int, int]]:
    """(start, end) of every surname-led run of Han characters two or three long
    (three or four after a compound surname)."""
    out = []
    for match in _CANDIDATE_START.finditer(text):
        start, surname_end = match.span()
        for given_length in (1, 2):
            end = surname_end + given_length
            if end <= len(text) and all(_is_han(ch) for ch in text[surname_end:end]):
                out.append((start, end))
    return out


def _given_length(candidate: str) -> int:
    """Characters after the surname (every candidate starts with one): 1 or 2."""
    return len(candidate) - surname_length(candidate)


def non_overlapping(scored: list[tuple[float, int, int]]) -> list[tuple[int, int]]:
    """(start, end) of the best-scored spans that do not overlap, in text order:
    of 王芳 and 王芳芳 the better-scored length wins."""
    taken: list[tuple[int, int]] = []
    for _, start, end in sorted(scored, reverse=True):
        if all(end <= s or start >= e for s, e in taken):
            taken.append((start, end))
    return sorted(taken)


def features(text: str, start: int, end: int) -> list[str]:
    """What the scorer sees of one candidate without segmenting: its characters, one
    neighbour on each side (a placeholder next to it counts as one), and the
    dictionary's view of the candidate and of the words it would cut. Only
    `text[start-2:end+2]` is read, so a score can be remembered by that window."""
    word = text[start:end]
    n_surname = surname_length(word)
    surname, given = word[:n_surname], word[n_surname:]
    left1, left2 = text[start - 1:start], text[max(0, start - 2):start]
    right1 = text[end:end + 1]
    placeholder_left, placeholder_right = left1 == "]", right1 == "["
    length = f"L{len(given)}"
    out = [
        "bias", length, f"s={surname}", f"g={given}", f"c={word}", f"g0={given[0]}", f"g-1={given[-1]}",
        # One neighbour each side: wider literal context fitted the training sets'
        # phrasings and generalised worse to a set written apart (benchmarks/name_tagger_sets.py).
        f"l1={left1 if not placeholder_left else '[P]'}", f"r1={right1 if not placeholder_right else '[P]'}",
        f"l1c={'ph' if placeholder_left else _char_class(left1)}|{length}",
        f"r1c={'ph' if placeholder_right else _char_class(right1)}|{length}",
        f"word={_word(word)}", f"given={_word(given)}",
        f"gn0={_given_band(given[0])}", f"gn-1={_given_band(given[-1])}",
        # Words the candidate would cut: 地方 (left char + surname), 文件夹 (candidate + next).
        f"pre={_word(left1 + surname) if left1 else 'edge'}",
        f"pre2={_word(left2 + surname) if len(left2) == 2 else 'edge'}",
        f"ext={_word(word + right1) if right1 else 'edge'}",
        f"tail={_word(given[-1] + right1) if right1 else 'edge'}",
        f"head={_word(word[:n_surname + 1])}",
    ]
    if len(given) == 2:
        out.append(f"g2={_word(given)}")
        out.append(f"sg={_word(word[:n_surname + 1])}|{_word(given[1] + right1) if right1 else 'edge'}")
    return out


_PLACE_END = frozenset("路街巷")
_REGION_AFTER = frozenset("区县镇乡市省")
_REGION_END = frozenset("区县市省")
_TITLE_AFTER_REGION = frozenset("长委里上")  # 区长, 县委; 王芳区里派来的, 张强镇上开店的
_CONTEXT = 5  # characters on each side that jieba tags around a candidate


@lru_cache(maxsize=1 << 13)
def _segment(window: str) -> tuple[tuple[str, str], ...]:
    """jieba's segmentation of a window (its HMM joins unknown names into one word:
    刚才周雨婷给我 → 刚才/周雨婷/给/我), each word with its dictionary tag, or "new"
    for a word the HMM made up. Twenty times faster than jieba.posseg, which
    tags with a second HMM."""
    import jieba

    _, tags, _ = _lexicon()
    return tuple((word, tags.get(word) or ("new" if len(word) > 1 else "x")) for word in jieba.lcut(window, HMM=True))


def context_features(text: str, start: int, end: int) -> list[str]:
    """jieba's segmentation of the candidate's sentence: the tag of the word that
    starts at the candidate, whether a word is exactly the candidate, whether one
    ends with it, and the tags of the words before and after it."""
    left = max(0, start - _CONTEXT)
    starting, exact, ends, before, after = "mid", "no", "no", "edge", "edge"
    at = left
    for word, tag in _segment(text[left:end + _CONTEXT]):
        word_start, at = at, at + len(word)
        if word_start == start:
            starting = tag[:2]
            exact = tag[:2] if at == end else "no"
        if at == end and word_start >= start:
            ends = "yes"
        if at == start:
            before = tag[:1]
        if word_start == end:
            after = tag[:1]
    length = f"L{_given_length(text[start:end])}"
    return [f"t_start={starting}", f"t_exact={exact}", f"t_ends={ends}", f"t_start|{length}={starting}",
            f"t_exact|{length}={exact}", f"t_before={before}", f"t_after={after}", f"t_around={before}|{after}"]


class NameModel:
    """Weights of the learned scorer and the probability above which a candidate is a name."""

    def __init__(self, weights: dict[str, float], threshold: float, meta: dict | None = None):
        self.weights = weights
        self.threshold = threshold
        self.meta = meta or {}
        # Chats repeat their words: a candidate's score is remembered by the window it reads.
        self._window_score = lru_cache(maxsize=1 << 16)(self._score_of_window)
        self._context_score = lru_cache(maxsize=1 << 15)(self._score_of_context)
        # Tagging is slow: a candidate is tagged only when the most the tagger's features
        # could add would lift it over the threshold, which decides exactly as tagging all.
        self._threshold_score = math.log(threshold / (1 - threshold))
        self._context_headroom = {length: self._most_context_adds(length) for length in ("L1", "L2")}

    @classmethod
    def load(cls, path: Path = WEIGHTS_PATH) -> "NameModel":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["weights"], data["threshold"], data.get("meta"))

    def save(self, path: Path) -> None:
        """Write atomically: the file ships in the package, and a killed run must not
        leave every later cleaning with half a tagger."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        body = {"threshold": self.threshold, "meta": self.meta,
                "weights": {k: round(v, 5) for k, v in sorted(self.weights.items())}}
        partial = path.with_name(path.name + ".partial")
        partial.write_text(json.dumps(body, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        os.replace(partial, path)

    def _most_context_adds(self, length: str) -> float:
        """The largest sum `context_features` can give a candidate of `length`: its
        features come in linked groups (the starting word's tag appears in two of them,
        the exact word is none or that tag, before/after/around share two tags), so the
        maximum is taken per group over the values that can occur together."""
        w = self.weights.get
        starts = {f.split("=", 1)[1] for f in self.weights if f.startswith(("t_start=", f"t_start|{length}="))}
        tags_before = {f.split("=", 1)[1] for f in self.weights if f.startswith("t_before=")} | {"edge"}
        tags_after = {f.split("=", 1)[1] for f in self.weights if f.startswith("t_after=")} | {"edge"}
        starting = max([w(f"t_start={t}", 0.0) + w(f"t_start|{length}={t}", 0.0)
                        + max(w("t_exact=no", 0.0) + w(f"t_exact|{length}=no", 0.0),
                              w(f"t_exact={t}", 0.0) + w(f"t_exact|{length}={t}", 0.0))
                        for t in starts | {"mid"}])
        ends = max(w("t_ends=yes", 0.0), w("t_ends=no", 0.0))
        around = max(w(f"t_before={b}", 0.0) + w(f"t_after={a}", 0.0) + w(f"t_around={b}|{a}", 0.0)
                     for b in tags_before for a in tags_after)
        return starting + ends + around

    def score(self, feats: list[str]) -> float:
        return sum(map(self.weights.get, feats, repeat(0.0)))

    def probability(self, feats: list[str]) -> float:
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, self.score(feats)))))

    def _score_of_window(self, window: str, start: int, end: int) -> float:
        return self.score(features(window, start, end))

    def _score_of_context(self, window: str, start: int, end: int) -> float:
        return self.score(context_features(window, start, end))

    def find(self, text: str) -> list[tuple[int, int]]:
        """Non-overlapping name spans whose probability clears the threshold, the
        more probable first (王芳芳 or 王芳: the better-scored length wins)."""
        if not _CANDIDATE_START.search(text):
            return []
        scored = []
        for start, end in candidates(text):
            if text[end - 1] in _PLACE_END or "几" in text[start:end]:
                continue  # a road or a district (曹杨路), a question (周几开): no name, whatever it scores
            if text[end - 1] in _REGION_END or (text[end:end + 1] in _REGION_AFTER
                                                 and text[end + 1:end + 2] not in _TITLE_AFTER_REGION):
                continue  # a district's, county's or town's name (闵行区, 龙岗区); 区长, 县委 follow a person
            left = max(0, start - 2)
            score = self._window_score(text[left:end + 2], start - left, end - left)
            if score + self._context_headroom[f"L{_given_length(text[start:end])}"] < self._threshold_score:
                continue
            left = max(0, start - _CONTEXT)
            score += self._context_score(text[left:end + _CONTEXT], start - left, end - left)
            if score >= self._threshold_score:
                scored.append((score, start, end))
        return non_overlapping(scored)


_OVERRIDE: list[NameModel | None] = []


@lru_cache(maxsize=1)
def _shipped() -> NameModel | None:
    return NameModel.load() if WEIGHTS_PATH.exists() else None


def active() -> NameModel | None:
    """The tagger cleaning uses: the shipped weights, unless `using` replaced them."""
    return _OVERRIDE[-1] if _OVERRIDE else _shipped()


@contextmanager
def using(model: NameModel | None):
    """Clean with another tagger (None: the rules alone), e.g. while training one."""
    _OVERRIDE.append(model)
    try:
        yield
    finally:
        _OVERRIDE.pop()
