#!/usr/bin/env python3
"""Build the held-out PII masking test set.

Usage: python3 build.py OUT_DIR

Writes OUT_DIR/pii_cases.jsonl, OUT_DIR/negatives.jsonl and OUT_DIR/README.md.
No randomness: the output is byte-identical on every run.

Source texts live in the pos_*.py / neg_*.py modules next to this file.
Markup used in the sources (removed in the output):
  positives:  ⟦T|value⟧  where T is one of the one-letter codes in TYPES.
              For ID and BANKCARD values a single '?' is replaced by the
              computed check digit (ISO 7064 MOD 11-2 / Luhn).
  negatives:  ⟪value⟫     marks a substring that must survive masking.
"""
import importlib
import json
import os
import re
import sys

sys.dont_write_bytecode = True  # keep build/ free of __pycache__
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

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
TYPE_ORDER = ["NAME", "PHONE", "ADDRESS", "MESSAGING", "ID", "BANKCARD",
              "EMAIL", "PASSPORT", "PLATE"]

POS_MODULES = ["pos_ecom", "pos_courier", "pos_telecom", "pos_bank",
               "pos_travel", "pos_car", "pos_appliance", "pos_food",
               "pos_secondhand", "pos_edu", "pos_misc", "pos_extra"]
NEG_MODULES = ["neg_a", "neg_b", "neg_c"]

POS_MARK = re.compile(r"⟦([A-Z])\|(.*?)⟧", re.S)
NEG_MARK = re.compile(r"⟪(.*?)⟫", re.S)

FW = {chr(0xFF10 + i): str(i) for i in range(10)}


def norm_digits(s):
    return "".join(FW.get(c, c) for c in s)


ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_C = "10X98765432"


def id_check(d17):
    return ID_C[sum(int(a) * b for a, b in zip(d17, ID_W)) % 11]


def fill_id(v):
    assert v.count("?") == 1 and v.rstrip().endswith("?"), v
    digits = [c for c in norm_digits(v) if c.isdigit()]
    assert len(digits) == 17, v
    k = id_check("".join(digits))
    if any(c in FW for c in v):
        k = "Ｘ" if k == "X" else chr(0xFF10 + int(k))
    return v.replace("?", k)


def luhn_ok(num):
    total = 0
    for i, c in enumerate(reversed(num)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def fill_luhn(v):
    assert v.count("?") == 1 and v.rstrip().endswith("?"), v
    digits = "".join(c for c in norm_digits(v) if c.isdigit())
    fullwidth = any(c in FW for c in v)
    for k in "0123456789":
        if luhn_ok(digits + k):
            if fullwidth:
                k = chr(0xFF10 + int(k))
            return v.replace("?", k)
    raise AssertionError(v)


def render_pos(src):
    out, spans, pos, n = [], [], 0, 0
    for m in POS_MARK.finditer(src):
        pre = src[pos:m.start()]
        out.append(pre)
        n += len(pre)
        t = TYPES[m.group(1)]
        v = m.group(2)
        if t == "ID" and "?" in v:
            v = fill_id(v)
        if t == "BANKCARD" and "?" in v:
            v = fill_luhn(v)
        spans.append([n, n + len(v), t])
        out.append(v)
        n += len(v)
        pos = m.end()
    out.append(src[pos:])
    text = "".join(out)
    assert "⟦" not in text and "⟧" not in text, src
    return text, spans


def render_neg(src):
    keep = [m.group(1) for m in NEG_MARK.finditer(src)]
    text = NEG_MARK.sub(lambda m: m.group(1), src)
    assert "⟪" not in text and "⟫" not in text, src
    return text, keep


def load(mods, attr):
    items = []
    for name in mods:
        mod = importlib.import_module(name)
        items.extend(getattr(mod, attr))
    return items


def build_cases():
    cases = []
    for i, (note, src) in enumerate(load(POS_MODULES, "CASES"), 1):
        text, spans = render_pos(src)
        cases.append({"id": "k%04d" % i, "text": text, "spans": spans,
                      "note": note})
    return cases


def build_negs():
    negs = []
    for i, (note, src) in enumerate(load(NEG_MODULES, "NEGS"), 1):
        text, keep = render_neg(src)
        negs.append({"id": "m%04d" % i, "text": text, "keep": keep,
                     "note": note})
    return negs


def counts(cases):
    c = {t: 0 for t in TYPE_ORDER}
    for case in cases:
        for _, _, t in case["spans"]:
            c[t] += 1
    return c


def readme(cases, negs):
    import readme_text
    c = counts(cases)
    rows = "\n".join("| %s | %d |" % (t, c[t]) for t in TYPE_ORDER)
    nspans = sum(c.values())
    nkeep = sum(len(n["keep"]) for n in negs)
    multi = sum(1 for x in cases if "\n" in x["text"])
    id_lens = [len(re.sub(r"\s", "", x["text"][a:b]))
               for x in cases for a, b, t in x["spans"] if t == "ID"]
    return readme_text.TEMPLATE.format(
        n_cases=len(cases), n_spans=nspans, rows=rows, n_negs=len(negs),
        n_keep=nkeep, n_multiline=multi, n_id18=id_lens.count(18),
        n_id15=id_lens.count(15))


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: build.py OUT_DIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    cases = build_cases()
    negs = build_negs()
    write_jsonl(os.path.join(out, "pii_cases.jsonl"), cases)
    write_jsonl(os.path.join(out, "negatives.jsonl"), negs)
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8",
              newline="\n") as f:
        f.write(readme(cases, negs))
    c = counts(cases)
    print("cases=%d spans=%d negatives=%d" % (len(cases), sum(c.values()),
                                               len(negs)))
    for t in TYPE_ORDER:
        print("  %-10s %d" % (t, c[t]))


if __name__ == "__main__":
    main()
