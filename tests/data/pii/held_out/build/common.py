"""Shared helpers: markup parsing, digit normalisation, check digits.

Markup in the hand-written source files (one case per line):
  ⟦TYPE|value⟧   a personal-data span (positives files)
  ⟪value⟫        a keep string (negatives files)
  text ## note   optional note after ' ## '
Type aliases: N=NAME P=PHONE M=MESSAGING ID=ID BC=BANKCARD E=EMAIL PP=PASSPORT PL=PLATE A=ADDRESS
Escapes: \\n newline, \\t tab, {ZW} U+200B, {ZWNJ} U+200C, {ZWJ} U+200D, {FEFF} U+FEFF, {NBSP} U+00A0
Check digits: inside an ID span a trailing '?' is replaced by the ISO 7064 MOD 11-2 check character;
inside a BANKCARD span a trailing '?' is replaced by the Luhn digit (written in the same digit style as
the digit before it: ASCII, full-width or Chinese numeral).
"""
import re
import datetime

TYPES = {
    "N": "NAME", "NAME": "NAME",
    "P": "PHONE", "PHONE": "PHONE",
    "M": "MESSAGING", "MESSAGING": "MESSAGING",
    "ID": "ID",
    "BC": "BANKCARD", "BANKCARD": "BANKCARD",
    "E": "EMAIL", "EMAIL": "EMAIL",
    "PP": "PASSPORT", "PASSPORT": "PASSPORT",
    "PL": "PLATE", "PLATE": "PLATE",
    "A": "ADDRESS", "ADDRESS": "ADDRESS",
}
ALL_TYPES = ["NAME", "PHONE", "MESSAGING", "ID", "BANKCARD", "EMAIL", "PASSPORT", "PLATE", "ADDRESS"]

CN_DIGITS = {"零": 0, "〇": 0, "洞": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "拐": 7, "勾": 9,
             "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
FW = {chr(0xFF10 + i): i for i in range(10)}


def digit_value(ch):
    if "0" <= ch <= "9":
        return int(ch)
    if ch in FW:
        return FW[ch]
    if ch in CN_DIGITS:
        return CN_DIGITS[ch]
    return None


def digits_of(s):
    """Digits (as ASCII str) in s, counting full-width digits and Chinese numerals; X/x kept."""
    out = []
    for ch in s:
        v = digit_value(ch)
        if v is not None:
            out.append(str(v))
        elif ch in "Xx":
            out.append("X")
    return "".join(out)


def render_digit(d, like):
    """Write digit d in the style of character `like`."""
    if "0" <= like <= "9":
        return str(d)
    if like in FW:
        return chr(0xFF10 + d)
    if like in CN_DIGITS:
        return "零一二三四五六七八九"[d] if like not in "幺洞拐勾两" else "洞幺两三四五六拐八勾"[d]
    return str(d)


ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_C = "10X98765432"


def id_check(d17):
    return ID_C[sum(int(a) * w for a, w in zip(d17, ID_W)) % 11]


def valid_date(y, m, d):
    try:
        dt = datetime.date(y, m, d)
    except ValueError:
        return False
    return datetime.date(1900, 1, 1) <= dt <= datetime.date(2025, 12, 31)


def id_valid(s):
    """s: normalised digit string (may end in X)."""
    if len(s) == 18:
        if not s[:17].isdigit():
            return False
        if not valid_date(int(s[6:10]), int(s[10:12]), int(s[12:14])):
            return False
        return id_check(s[:17]) == s[17].upper()
    if len(s) == 15 and s.isdigit():
        return valid_date(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]))
    return False


def luhn_ok(s):
    if not s.isdigit():
        return False
    tot = 0
    for i, ch in enumerate(reversed(s)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10 == 0


def luhn_digit(body):
    for d in range(10):
        if luhn_ok(body + str(d)):
            return d


def unescape(s):
    s = s.replace("\\\\", "\x00")
    s = s.replace("\\n", "\n").replace("\\t", "\t")
    s = s.replace("\x00", "\\")
    for k, v in {"{ZW}": "\u200b", "{ZWNJ}": "\u200c", "{ZWJ}": "\u200d", "{FEFF}": "\ufeff",
                 "{NBSP}": "\u00a0"}.items():
        s = s.replace(k, v)
    return s


def fill_check(typ, value):
    if not value.endswith("?"):
        return value
    body = value[:-1]
    prev = [c for c in body if digit_value(c) is not None][-1]
    if typ == "ID":
        d = digits_of(body)
        c = id_check(d)
        if c == "X":
            return body + "X"
        return body + render_digit(int(c), prev)
    if typ == "BANKCARD":
        return body + render_digit(luhn_digit(digits_of(body)), prev)
    raise ValueError("'?' check digit only for ID/BANKCARD: " + value)


SPAN_RE = re.compile(r"⟦([A-Z]+)\|(.*?)⟧")
KEEP_RE = re.compile(r"⟪(.*?)⟫")


def split_note(line):
    if " ## " in line:
        t, n = line.split(" ## ", 1)
        return t, n.strip()
    return line, ""


def read_lines(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for ln, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            out.append((ln, line))
    return out


def parse_positive(line):
    src, note = split_note(line)
    src = unescape(src)
    text, spans, pos = [], [], 0
    cur = 0
    for m in SPAN_RE.finditer(src):
        text.append(src[pos:m.start()])
        cur += len(src[pos:m.start()])
        typ = TYPES[m.group(1)]
        val = fill_check(typ, m.group(2))
        spans.append([cur, cur + len(val), typ])
        text.append(val)
        cur += len(val)
        pos = m.end()
    text.append(src[pos:])
    t = "".join(text)
    if "⟦" in t or "⟧" in t or "⟪" in t:
        raise ValueError("stray markup: " + line)
    return t, spans, note


def parse_negative(line):
    src, note = split_note(line)
    src = unescape(src)
    keep = [m.group(1) for m in KEEP_RE.finditer(src)]
    t = KEEP_RE.sub(lambda m: m.group(1), src)
    if "⟦" in t or "⟪" in t or "⟫" in t:
        raise ValueError("stray markup: " + line)
    return t, keep, note
