"""Helpers shared by the pii_final build scripts.

Texts are written with inline markers and the spans are computed from them:
  pii cases:  ⟦T|value⟧   T = one-letter type code (see TYPES)
  negatives:  ⟪value⟫     substring that must survive masking unchanged
"""
import datetime
import re

TYPES = {
    "P": "PHONE",
    "N": "NAME",
    "M": "MESSAGING",
    "I": "ID",
    "B": "BANKCARD",
    "E": "EMAIL",
    "S": "PASSPORT",
    "L": "PLATE",
    "A": "ADDRESS",
}

_ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_C = "10X98765432"


def id_check(s17):
    assert len(s17) == 17 and s17.isdigit(), s17
    return _ID_C[sum(int(d) * w for d, w in zip(s17, _ID_W)) % 11]


def idn(s17):
    """18-digit resident ID from its first 17 digits (valid birth date asserted)."""
    datetime.date(int(s17[6:10]), int(s17[10:12]), int(s17[12:14]))
    return s17 + id_check(s17)


def idx(area, birth, start=100):
    """18-digit ID whose check character is X (searching the sequence number)."""
    for seq in range(start, 1000):
        s17 = f"{area}{birth}{seq:03d}"
        if id_check(s17) == "X":
            return idn(s17)
    raise ValueError


def luhn_digit(body):
    total = 0
    for i, d in enumerate(reversed(body)):
        n = int(d)
        if i % 2 == 0:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return str((10 - total % 10) % 10)


def luhn(body):
    """Bank card number: body (n-1 digits) + Luhn check digit."""
    assert body.isdigit()
    return body + luhn_digit(body)


def luhn_ok(num):
    total = 0
    for i, d in enumerate(reversed(num)):
        n = int(d)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def grp(s, sizes, sep=" "):
    out, i = [], 0
    for n in sizes:
        out.append(s[i:i + n])
        i += n
    if i < len(s):
        out.append(s[i:])
    return sep.join(out)


FW = str.maketrans("0123456789", "０１２３４５６７８９")


def fullwidth(s):
    return s.translate(FW)


_SPAN_RE = re.compile(r"⟦([A-Z])\|(.*?)⟧", re.S)
_KEEP_RE = re.compile(r"⟪(.*?)⟫", re.S)


def parse_case(marked):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in _SPAN_RE.finditer(marked):
        pre = marked[pos:m.start()]
        text.append(pre)
        out_len += len(pre)
        val = m.group(2)
        spans.append([out_len, out_len + len(val), TYPES[m.group(1)]])
        text.append(val)
        out_len += len(val)
        pos = m.end()
    text.append(marked[pos:])
    t = "".join(text)
    assert "⟦" not in t and "⟧" not in t, marked
    return t, spans


def parse_neg(marked):
    keeps = [m.group(1) for m in _KEEP_RE.finditer(marked)]
    t = marked.replace("⟪", "").replace("⟫", "")
    assert "⟦" not in t, marked
    return t, keeps
