"""Text normalisation and PII masking shared by training and scoring.

`clean_text` is the single implementation used everywhere (clean stage, scorer,
registered pyfunc model), so a transcript is cleaned the same way whether it is
trained on or scored.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import ftfy
import opencc

# Typed placeholders. ASCII in square brackets so they survive NFKC, OpenCC and
# a second cleaning pass unchanged (clean_text is idempotent).
PLACEHOLDERS = (
    "PHONE", "EMAIL", "URL", "QQ", "ID", "BANKCARD", "ADDRESS", "ORDER",
    "NAME", "NUM", "AMOUNT", "DATE", "TIME", "SITE", "ORG", "IMAGE", "EMOJI",
)

# JDDC ships its own anonymisation tokens; map them into the same vocabulary so
# a model never sees two spellings of one concept.
JDDC_PLACEHOLDERS = {
    "订单": "ORDER", "电话": "PHONE", "地址": "ADDRESS", "姓名": "NAME",
    "身份证号": "ID", "邮箱": "EMAIL", "链接": "URL", "数字": "NUM",
    "金额": "AMOUNT", "日期": "DATE", "时间": "TIME", "站点": "SITE",
    "组织机构": "ORG", "QQ": "QQ", "银行卡": "BANKCARD",
}
_JDDC_TOKEN = re.compile(r"\[(" + "|".join(map(re.escape, JDDC_PLACEHOLDERS)) + r")x\]")

# Chat-client markup (JDDC 2.1 shop chats): a sent picture arrives as its file
# name, an emoji as a code such as #E-s57 (meaning unknown: typed, not
# guessed), a link as <url>. Replaced before PII masking so the digits of a file
# name are never read as an order number.
_MARKUP: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("IMAGE", re.compile(r"(?<![0-9A-Za-z])[0-9a-f]{32}\.(?:jpe?g|png|gif|bmp|webp)(?![0-9A-Za-z])", re.IGNORECASE)),
    ("EMOJI", re.compile(r"#E-[a-z]\d{1,3}")),
    ("URL", re.compile(r"<url>", re.IGNORECASE)),
)

# Pinyin annotation after a Han character, e.g. 服務(wù) or 轉(zhuǎn): lower-case
# latin letters with tone marks, containing a vowel, in parentheses.
_PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_PINYIN_VOWELS = "aeiouvüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_ANNOTATION = re.compile(
    rf"(?<=[\u4e00-\u9fff])\((?=[{_PINYIN_LETTERS}]*[{_PINYIN_VOWELS}])[{_PINYIN_LETTERS}]{{1,7}}[1-5]?\)"
)

_D = r"(?<![0-9A-Za-z])"  # left digit boundary
_E = r"(?![0-9A-Za-z])"  # right digit boundary

# Order matters: the most specific and longest patterns run first, so an e-mail
# is not half-eaten by the QQ rule and an ID number is not read as a phone.
_PII_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("URL", re.compile(r"(?:https?://|www\.)[^\s\u4e00-\u9fff，。！？、]+", re.IGNORECASE)),
    ("EMAIL", re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")),
    ("URL", re.compile(r"(?<![@\w.])(?:[a-z0-9-]+\.)+(?:com|cn|net|org|com\.cn|gov\.cn)(?:/[^\s\u4e00-\u9fff]*)?(?![\w.])", re.IGNORECASE)),
    ("ID", re.compile(_D + r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]" + _E)),
    ("QQ", re.compile(r"(?:QQ|qq|扣扣)(?:号|号码)?\s*[:：是为]?\s*[1-9]\d{4,10}" + _E)),
    ("ORDER", re.compile(r"(?:订单|单号|运单|快递单)(?:号|编号|号码)?\s*[:：是为]?\s*[A-Za-z]{0,4}\d{6,24}" + _E)),
    ("PHONE", re.compile(_D + r"[48]00[-\s]?\d{3}[-\s]?\d{4}" + _E)),
    ("PHONE", re.compile(_D + r"(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}" + _E)),
    ("PHONE", re.compile(_D + r"(?:\(0\d{2,3}\)|0\d{2,3}[-\s])\d{7,8}(?:-\d{1,5})?" + _E)),
    ("BANKCARD", re.compile(_D + r"(?:62|4\d|5[1-5])\d{2}(?:[-\s]?\d{4}){3}(?:[-\s]?\d{1,3})?" + _E)),
    # A bare long digit run left over is most likely an order or tracking number.
    ("ORDER", re.compile(_D + r"\d{10,}" + _E)),
    ("ADDRESS", re.compile(
        r"(?:(?![的是在我你他她了到从给寄送往址和与就都也还要想把被呢吗吧啊])[\u4e00-\u9fff]){2,8}"
        r"(?:省|市|自治区|区|县|镇|乡)"
        r"[\u4e00-\u9fff\dA-Za-z]{0,20}?"
        r"(?:路|街|大道|巷|弄|号院|号楼|小区|大厦|商务楼|公寓|花园|村|栋|幢|单元)"
        r"(?:[\dA-Za-z\-－#号院楼栋幢单元室层]{0,20})"
    )),
)

# The street part of an address after a masked city/district (JDDC masks only the
# first part: "厦门[地址x] 湖里区 [姓名x]街道高林中路[数字x]号"): segments that end in
# an address word, with spaces and other placeholders, are folded into the mask.
_ADDRESS_TAIL = re.compile(
    r"\[ADDRESS\](?:(?:\s|\[(?:NAME|NUM|ADDRESS|ORG)\]|[\u4e00-\u9fff\dA-Za-z\-#]){0,12}?"
    r"(?:街道|大道|小区|大厦|花园|公寓|广场|单元|区|县|镇|乡|路|街|巷|弄|(?<![税账帐单型编])号|栋|幢|室|楼|村))+"
)

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
_PLACEHOLDER_TOKEN = re.compile(r"\[(" + "|".join(PLACEHOLDERS) + r")\]")


@dataclass
class CleanStats:
    """What cleaning did to one or many texts; summed into the cleaning report."""

    masks: Counter = field(default_factory=Counter)
    markup: Counter = field(default_factory=Counter)
    mojibake_fixed: int = 0
    traditional_converted: int = 0
    pinyin_removed: int = 0
    width_normalised: int = 0

    def add(self, other: "CleanStats") -> None:
        self.masks.update(other.masks)
        self.markup.update(other.markup)
        self.mojibake_fixed += other.mojibake_fixed
        self.traditional_converted += other.traditional_converted
        self.pinyin_removed += other.pinyin_removed
        self.width_normalised += other.width_normalised

    def as_metrics(self) -> dict[str, int]:
        out = {f"mask_{kind.lower()}": int(self.masks.get(kind, 0)) for kind in PLACEHOLDERS
               if kind not in ("IMAGE", "EMOJI")}
        out.update({f"markup_{kind.lower()}": int(self.markup.get(kind, 0)) for kind, _ in _MARKUP})
        out.update(
            mojibake_fixed=self.mojibake_fixed,
            traditional_converted=self.traditional_converted,
            pinyin_annotations_removed=self.pinyin_removed,
            width_normalised=self.width_normalised,
        )
        return out


# Text made only of these characters is left as it is by ftfy up to the width
# fixes that NFKC repeats below (ASCII without "&", CJK ideographs and
# punctuation, full-width forms): skipping ftfy there saves most of the cleaning
# time. Checked against ftfy on every ingested turn (tests/test_text.py).
_FTFY_NO_OP = re.compile(r"[\t\n\x20-\x25\x27-\x7e\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e]*")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def replace_markup(text: str, stats: CleanStats | None = None) -> str:
    """Chat-client markup (picture file names, emoji codes, <url>) to typed placeholders."""
    for kind, pattern in _MARKUP:
        text, n = pattern.subn(f"[{kind}]", text)
        if stats is not None and n:
            stats.markup[kind] += n
    return text


def mask_pii(text: str, stats: CleanStats | None = None) -> str:
    """Replace personal data by typed placeholders such as ``[PHONE]``."""

    def _jddc(match: re.Match[str]) -> str:
        kind = JDDC_PLACEHOLDERS[match.group(1)]
        if stats is not None:
            stats.masks[kind] += 1
        return f"[{kind}]"

    text = _JDDC_TOKEN.sub(_jddc, text)
    for kind, pattern in _PII_PATTERNS:
        text, n = pattern.subn(f"[{kind}]", text)
        if stats is not None and n:
            stats.masks[kind] += n
    return _ADDRESS_TAIL.sub("[ADDRESS]", text)


def clean_text_with_stats(text: str) -> tuple[str, CleanStats]:
    stats = CleanStats()
    if not text:
        return "", stats
    fixed = text if _FTFY_NO_OP.fullmatch(text) else ftfy.fix_text(text, normalization="NFC")
    if fixed != text and _looks_like_mojibake(text):
        stats.mojibake_fixed = 1
    # NFKC folds full-width ASCII (ＡＢＣ１２３，) to half-width so the PII rules
    # see plain digits; Han characters are untouched by it.
    width = unicodedata.normalize("NFKC", fixed)
    stats.width_normalised = int(width != fixed)
    no_pinyin, n_pinyin = _PINYIN_ANNOTATION.subn("", width)
    stats.pinyin_removed = n_pinyin
    simplified = _t2s().convert(no_pinyin)
    stats.traditional_converted = int(simplified != no_pinyin)
    masked = mask_pii(replace_markup(simplified, stats), stats)
    return _WS.sub(" ", masked).strip(), stats


def clean_text(text: str) -> str:
    """Normalise one turn: mojibake, width, pinyin, Traditional→Simplified, chat markup, PII, spaces."""
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
        if _PLACEHOLDER_TOKEN.sub("", cleaned).strip(" :,.;-|"):
            kept.append(cleaned)
    return "\n".join(kept)


def placeholder_counts(text: str) -> Counter:
    return Counter(_PLACEHOLDER_TOKEN.findall(text))


def _looks_like_mojibake(text: str) -> bool:
    # UTF-8 read as cp1252/latin-1 produces runs of Latin-1 letters such as æˆ‘.
    return bool(re.search(r"[ÃÂâåæçèéä][\u0080-\u00ff\u0152-\u2122]", text))


def dedup_key(text: str) -> str:
    """Key for near-identical texts: drop placeholders, punctuation, digits and spaces."""
    text = _PLACEHOLDER_TOKEN.sub("", text)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LS" and not ch.isdigit()).lower()
