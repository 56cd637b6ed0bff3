"""`clean_text`: one turn from raw transcript text to what models and logs may see."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from pipeline.text.normalise import (
    MARKUP,
    PINYIN_ANNOTATION,
    fix_encoding,
    looks_like_mojibake,
    replace_markup,
    strip_web_residue,
    t2s,
)
from pipeline.text.pii import mask_pii
from pipeline.text.placeholders import PLACEHOLDER_TOKEN, PLACEHOLDERS

# Lines of scraped web pages that carry no content (seed 002): navigation,
# contact blocks, breadcrumbs, share/footer widgets.
_BOILERPLATE_LINE = re.compile(
    r"^(?:首\s*页|新闻中心|新闻分类|产品分类|联系我们|在线客服|联系电话|在线留言|在线咨询|最近浏览"
    r"|您的当前位置|当前位置|关键词|本文网址|本文链接|发布日期|发布时间|作者|点击|来源|上一篇|下一篇"
    r"|销售|传真|技术|邮箱|网址|地址|电话|手机|QQ|微信|版权所有|Copyright|预览|相关阅读)"
    r"\s*(?:[:：>]|$|\s)",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^[•·\-\*]\s*")
_WS = re.compile(r"\s+")


@dataclass
class CleanStats:
    """What cleaning did to one or many texts; summed into the cleaning report."""

    masks: Counter = field(default_factory=Counter)
    markup: Counter = field(default_factory=Counter)
    mojibake_fixed: int = 0
    traditional_converted: int = 0
    pinyin_removed: int = 0
    width_normalised: int = 0
    web_residue_removed: int = 0

    def add(self, other: "CleanStats") -> None:
        self.masks.update(other.masks)
        self.markup.update(other.markup)
        self.mojibake_fixed += other.mojibake_fixed
        self.traditional_converted += other.traditional_converted
        self.pinyin_removed += other.pinyin_removed
        self.width_normalised += other.width_normalised
        self.web_residue_removed += other.web_residue_removed

    def as_metrics(self) -> dict[str, int]:
        out = {f"mask_{kind.lower()}": int(self.masks.get(kind, 0)) for kind in PLACEHOLDERS
               if kind not in ("IMAGE", "EMOJI")}
        out.update({f"markup_{kind.lower()}": int(self.markup.get(kind, 0)) for kind, _ in MARKUP})
        out.update(
            mojibake_fixed=self.mojibake_fixed,
            traditional_converted=self.traditional_converted,
            pinyin_annotations_removed=self.pinyin_removed,
            width_normalised=self.width_normalised,
            web_residue_removed=self.web_residue_removed,
        )
        return out


def normalise(text: str, stats: CleanStats | None = None) -> str:
    """Every step of `clean_text` before masking: what the PII rules read."""
    stats = stats if stats is not None else CleanStats()
    no_residue = strip_web_residue(text)
    stats.web_residue_removed = int(no_residue != text)
    fixed = fix_encoding(no_residue)
    if fixed != no_residue and looks_like_mojibake(no_residue):
        stats.mojibake_fixed = 1
    # NFKC folds full-width ASCII (ＡＢＣ１２３，) to half-width so the PII rules
    # see plain digits; Han characters are untouched by it.
    width = unicodedata.normalize("NFKC", fixed)
    stats.width_normalised = int(width != fixed)
    no_pinyin, stats.pinyin_removed = PINYIN_ANNOTATION.subn("", width)
    simplified = t2s().convert(no_pinyin)
    stats.traditional_converted = int(simplified != no_pinyin)
    return replace_markup(simplified, stats.markup)


def clean_text_with_stats(text: str) -> tuple[str, CleanStats]:
    stats = CleanStats()
    if not text:
        return "", stats
    # Spaces are collapsed before masking, not after: the rules must read the text
    # they return, or a second cleaning (a line break now a space) could find more.
    # A placeholder adds no space, so the masked text needs no second collapse.
    return mask_pii(_WS.sub(" ", normalise(text, stats)).strip(), stats.masks), stats


def clean_text(text: str) -> str:
    """Normalise one turn: web residue, mojibake, width, pinyin, Traditional→Simplified,
    chat markup, personal data, spaces."""
    return clean_text_with_stats(text)[0]


def is_boilerplate_line(line: str) -> bool:
    return bool(_BOILERPLATE_LINE.match(_BULLET.sub("", line.strip())))


def clean_document(text: str) -> str:
    """Clean a scraped document: drop web boilerplate lines, clean the rest.

    Boilerplate is judged on the raw line (before masking), since a contact
    block is recognised by its labels (电话:, 邮箱:, 地址:).
    """
    kept = []
    for line in text.splitlines():
        line = unicodedata.normalize("NFKC", line).strip()
        if not line or is_boilerplate_line(line):
            continue
        cleaned = clean_text(line)
        if PLACEHOLDER_TOKEN.sub("", cleaned).strip(" :,.;-|"):
            kept.append(cleaned)
    return "\n".join(kept)


def dedup_key(text: str) -> str:
    """Key for near-identical texts: drop placeholders, punctuation, digits and spaces."""
    text = PLACEHOLDER_TOKEN.sub("", text)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LS" and not ch.isdigit()).lower()
