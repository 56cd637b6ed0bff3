"""Character-level normalisation before masking: web-export residue, mojibake,
width, pinyin annotations, Traditional→Simplified, chat-client markup."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

import ftfy
import opencc

# Chat-client markup (JDDC 2.1 shop chats): a sent picture arrives as its file
# name, an emoji as a code such as #E-s57 (meaning unknown: typed, not
# guessed), a link as <url>. Replaced before PII masking so the digits of a file
# name are never read as an order number.
MARKUP: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("IMAGE", re.compile(r"(?<![0-9A-Za-z])[0-9a-f]{32}\.(?:jpe?g|png|gif|bmp|webp)(?![0-9A-Za-z])", re.IGNORECASE)),
    ("EMOJI", re.compile(r"#E-[a-z]\d{1,3}")),
    ("URL", re.compile(r"<url>", re.IGNORECASE)),
)

# Pinyin annotation after a Han character, e.g. 服務(wù) or 轉(zhuǎn): lower-case
# latin letters with tone marks, containing a vowel, in parentheses.
_PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_PINYIN_VOWELS = "aeiouvüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_ANNOTATION = re.compile(
    rf"(?<=[\u4e00-\u9fff])\((?=[{_PINYIN_LETTERS}]*[{_PINYIN_VOWELS}])[{_PINYIN_LETTERS}]{{1,7}}[1-5]?\)"
)

# Web exports: scripts, styles and comments go with their content; any other
# tag goes alone. A tag starts with an ASCII letter, so "<50cm", "<3" and a
# decoded "<京东自营>" stay; the shop chats' "<url>" is markup, typed later.
_WEB_BLOCK = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_WEB_TAG = re.compile(r"</?(?!url>)[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
ZERO_WIDTH_JOINER = "\u200d"

# Text made only of these characters is left as it is by ftfy up to the width
# fixes that NFKC repeats below (ASCII without "&", CJK ideographs and
# punctuation, full-width forms): skipping ftfy there saves most of the cleaning
# time. Checked against ftfy on every ingested turn (tests/test_text.py).
FTFY_NO_OP = re.compile(r"[\t\n\x20-\x25\x27-\x7e\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e]*")
# Characters that may carry web residue or invisible format characters.
_MAYBE_RESIDUE = re.compile(r"[<&\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


@lru_cache(maxsize=1)
def t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _is_pictographic(ch: str) -> bool:
    return unicodedata.category(ch) == "So" or 0x1F000 <= ord(ch) <= 0x1FAFF


def strip_web_residue(text: str) -> str:
    """Decode HTML entities, remove tags and invisible format characters.

    Entities are decoded until nothing changes ("&amp;lt;" in one pass), so a
    second call finds nothing to do. A zero-width joiner between two pictographs
    is part of an emoji sequence (👨‍👩‍👧) and stays.
    """
    if not _MAYBE_RESIDUE.search(text):
        return text
    for _ in range(4):
        decoded = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
        # A tag becomes a space: table cells and lines must not run together
        # ("<td>毛晓彤</td><td>136…" is a name and a phone, not one token).
        decoded = _WEB_TAG.sub(" ", _WEB_BLOCK.sub(" ", decoded))
        if decoded == text:
            break
        text = decoded
    kept = []
    for i, ch in enumerate(text):
        if unicodedata.category(ch) != "Cf":
            kept.append(ch)
        elif ch == ZERO_WIDTH_JOINER and 0 < i < len(text) - 1 and kept and _is_pictographic(kept[-1]) \
                and _is_pictographic(text[i + 1]):
            kept.append(ch)
    return "".join(kept)


def replace_markup(text: str, counts=None) -> str:
    """Chat-client markup (picture file names, emoji codes, <url>) to typed placeholders."""
    for kind, pattern in MARKUP:
        text, n = pattern.subn(f"[{kind}]", text)
        if counts is not None and n:
            counts[kind] += n
    return text


def looks_like_mojibake(text: str) -> bool:
    # UTF-8 read as cp1252/latin-1 produces runs of Latin-1 letters such as æˆ‘.
    return bool(re.search(r"[ÃÂâåæçèéä][\u0080-\u00ff\u0152-\u2122]", text))


def fix_encoding(text: str) -> str:
    return text if FTFY_NO_OP.fullmatch(text) else ftfy.fix_text(text, normalization="NFC")
