# -*- coding: utf-8 -*-
"""Build dev_r/pii_cases.jsonl and dev_r/negatives.jsonl from the source lists.

Positives (cases_names.py, cases_other.py, cases_mixed.py) mark each span
inline as ⟦T:value⟧; negatives (negatives_src.py) mark each look-alike that
must survive as ⟪value⟫.  Offsets are computed here from the strings, never
typed by hand.  The script then checks that

* every span's text equals the annotated string and spans do not overlap,
* no markup is left in a text and no text occurs twice,
* every contiguous resident ID has a valid check digit and every contiguous
  card number passes Luhn (Chinese numerals are read as digits for the check),
* every keep string of a negative occurs in its text.

Run:  python3 build.py   (from any directory)
"""
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import cases_names  # noqa: E402
import cases_other  # noqa: E402
import cases_mixed  # noqa: E402
import negatives_src  # noqa: E402
from idnumbers import id_ok, luhn_ok  # noqa: E402

TYPES = {
    "N": "NAME", "P": "PHONE", "M": "MESSAGING", "A": "ADDRESS", "E": "EMAIL",
    "I": "ID", "B": "BANKCARD", "S": "PASSPORT", "L": "PLATE",
}
SPAN_RE = re.compile(r"⟦([A-Z]):(.*?)⟧", re.S)
KEEP_RE = re.compile(r"⟪(.*?)⟫", re.S)


def to_digits(s):
    """Digits of a value as typed or said (spaces, dashes, numerals dropped)."""
    table = {"零": "0", "〇": "0", "幺": "1", "一": "1", "二": "2", "两": "2",
             "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8",
             "九": "9", "叉": "X", "x": "X"}
    out = []
    for ch in s:
        if ch in table:
            out.append(table[ch])
        elif ch.isdigit() or ch == "X":
            out.append(ch)
    return "".join(out)


def parse_positive(src):
    text, spans, pos, last = [], [], 0, 0
    for m in SPAN_RE.finditer(src):
        text.append(src[last:m.start()])
        pos += m.start() - last
        value = m.group(2)
        spans.append([pos, pos + len(value), TYPES[m.group(1)], value])
        text.append(value)
        pos += len(value)
        last = m.end()
    text.append(src[last:])
    return "".join(text), spans


def parse_negative(src):
    keep = KEEP_RE.findall(src)
    return KEEP_RE.sub(lambda m: m.group(1), src), keep


def main():
    problems = []
    seen = set()
    positives = []
    for module in (cases_names, cases_other, cases_mixed):
        for note, texts in module.SECTIONS:
            for src in texts:
                text, spans = parse_positive(src)
                positives.append((note, text, spans))
    negatives = []
    for note, texts in negatives_src.SECTIONS:
        for src in texts:
            text, keep = parse_negative(src)
            negatives.append((note, text, keep))

    type_count = collections.Counter()
    with open(os.path.join(OUT, "pii_cases.jsonl"), "w", encoding="utf-8") as f:
        for i, (note, text, spans) in enumerate(positives, 1):
            cid = f"r-{i:04d}"
            if not spans:
                problems.append(f"{cid}: no span")
            if any(c in text for c in "⟦⟧⟪⟫"):
                problems.append(f"{cid}: markup left in text")
            if text in seen:
                problems.append(f"{cid}: duplicate text")
            seen.add(text)
            spans.sort()
            for s, e, t, value in spans:
                if text[s:e] != value:
                    problems.append(f"{cid}: span text {text[s:e]!r} != {value!r}")
                if value != value.strip() or not value:
                    problems.append(f"{cid}: span {value!r} has outer blanks")
                digits = to_digits(value)
                if t == "ID" and len(digits) == 18 and not id_ok(digits):
                    problems.append(f"{cid}: bad ID check digit {value}")
                if t == "BANKCARD" and 16 <= len(digits) <= 19 and not luhn_ok(digits):
                    problems.append(f"{cid}: card fails Luhn {value}")
                type_count[t] += 1
            for a, b in zip(spans, spans[1:]):
                if b[0] < a[1]:
                    problems.append(f"{cid}: overlapping spans {a} {b}")
            rec = {"id": cid, "text": text,
                   "spans": [[s, e, t] for s, e, t, _ in spans], "note": note}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")

    with open(os.path.join(OUT, "negatives.jsonl"), "w", encoding="utf-8") as f:
        for i, (note, text, keep) in enumerate(negatives, 1):
            nid = f"rn-{i:03d}"
            if not keep:
                problems.append(f"{nid}: no keep string")
            if any(c in text for c in "⟦⟧⟪⟫"):
                problems.append(f"{nid}: markup left in text")
            if text in seen:
                problems.append(f"{nid}: duplicate text")
            seen.add(text)
            for k in keep:
                if k not in text:
                    problems.append(f"{nid}: keep {k!r} not in text")
            rec = {"id": nid, "text": text, "keep": keep, "note": note}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")

    print(f"positives: {len(positives)} texts, {sum(type_count.values())} spans")
    for t in TYPES.values():
        print(f"  {t:10s} {type_count[t]}")
    print(f"negatives: {len(negatives)} texts, "
          f"{sum(len(k) for _, _, k in negatives)} keep strings")
    if problems:
        print("PROBLEMS:")
        for p in problems:
            print("  " + p)
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
