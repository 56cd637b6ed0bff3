"""Build dev_s/pii_cases.jsonl and dev_s/negatives.jsonl from the hand-written sources in this folder.

Markup in the sources (one text per non-empty line, `\\n` for a line break inside a text):
  {T|value}       a span of type T: N NAME, P PHONE, M MESSAGING, I ID, B BANKCARD,
                  E EMAIL, S PASSPORT, L PLATE, A ADDRESS
  {I|11010519900307231?}   `?` is replaced by the ISO 7064 MOD 11-2 check digit
  {B|6222 0210 0112 345?}  `?` is replaced by the Luhn check digit (spaces/dashes kept)
  {I~cn|...} / {I~yao|...} the value (after the check digit) said in Chinese numerals
                           (cn: 一…, yao: 幺 for 1)
  <<keep>>        in negatives: a substring that must survive masking
Every span is checked: text[start:end] equals the value, IDs pass MOD 11-2, cards pass Luhn.
Run:  python tests/data/pii/dev_s/src/build.py
"""
import importlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent
sys.path.insert(0, str(HERE))
from checks import digits_of, id_check_digit, id_valid, luhn_check_digit, luhn_valid  # noqa: E402

TYPES = {"N": "NAME", "P": "PHONE", "M": "MESSAGING", "I": "ID", "B": "BANKCARD",
         "E": "EMAIL", "S": "PASSPORT", "L": "PLATE", "A": "ADDRESS"}
SPAN_RE = re.compile(r"\{([A-Z])(?:~(\w+))?\|([^{}]*)\}")
KEEP_RE = re.compile(r"<<(.+?)>>")
CN = dict(zip("0123456789", "零一二三四五六七八九"))
YAO = dict(CN, **{"1": "幺"})

POS_MODULES = ["pos_names", "pos_names2", "pos_msg", "pos_addr", "pos_ids", "pos_mixed"]
NEG_MODULES = ["neg_a", "neg_b"]


def fill_check(t, value, buf):
    """Fill a `?` check digit; `buf` holds the digits of earlier pieces of the same value."""
    if "?" not in value:
        return value
    assert value.endswith("?"), value
    body = buf + digits_of(value[:-1])
    if t == "I":
        return value[:-1] + id_check_digit(body)
    if t == "B":
        return value[:-1] + luhn_check_digit(body)
    raise ValueError(f"? in {t}: {value}")


def render(mode, value):
    if not mode:
        return value
    table = {"cn": CN, "yao": YAO}[mode]
    return "".join(table.get(c, c) for c in value)


def parse_positive(line):
    line = line.replace("\\n", "\n")
    text, spans, pos = [], [], 0
    out_len = 0
    bufs = {"I": "", "B": ""}
    for m in SPAN_RE.finditer(line):
        pre = line[pos:m.start()]
        text.append(pre)
        out_len += len(pre)
        t, mode, value = m.group(1), m.group(2), m.group(3)
        assert t in TYPES, (t, line)
        if t in bufs:
            raw = value
            value = fill_check(t, value, bufs[t])
            bufs[t] = "" if "?" in raw or len(digits_of(raw)) >= 15 else bufs[t] + digits_of(raw)
        value = render(mode, value)
        spans.append((out_len, out_len + len(value), TYPES[t], value))
        text.append(value)
        out_len += len(value)
        pos = m.end()
    text.append(line[pos:])
    return "".join(text), spans


def check_values(text, spans):
    """IDs pass MOD 11-2 and cards pass Luhn; a value given in pieces is checked once joined."""
    for typ, valid, full in (("ID", id_valid, lambda d: len(d) == 18),
                             ("BANKCARD", luhn_valid, lambda d: 16 <= len(d) <= 19)):
        acc = ""
        for s, e, t, v in spans:
            if t != typ:
                continue
            acc += digits_of(v)
            if full(acc) and valid(acc):
                acc = ""
        assert acc == "", f"{typ} fails its check: {acc} in {text}"


def passes_checksum(text):
    """Digit runs in a text that pass the ID or card check (negatives must hold none)."""
    hits = [r for r in re.findall(r"\d{17}[\dXx]", text) if id_valid(r)]
    hits += [r for r in re.findall(r"(?<!\d)\d{16,19}(?!\d)", text) if luhn_valid(r)]
    return hits


def blocks(module_names):
    for name in module_names:
        mod = importlib.import_module(name)
        for note, block in mod.GROUPS:
            for line in block.strip("\n").split("\n"):
                line = line.strip()
                if line and not line.startswith("#"):
                    yield name, note, line


def main():
    pos, seen = [], set()
    counts = Counter()
    for name, note, line in blocks(POS_MODULES):
        text, spans = parse_positive(line)
        assert spans, f"no span: {line}"
        assert not re.search(r"[{}|]|<<|>>", text), f"stray markup: {text}"
        assert text not in seen, f"duplicate: {text}"
        seen.add(text)
        for s, e, t, v in spans:
            assert text[s:e] == v, (text, s, e, v)
            assert v == v.strip() and v, f"span with edge space: {v!r}"
            counts[t] += 1
        check_values(text, spans)
        pos.append({"id": f"dev_s-p{len(pos) + 1:04d}", "text": text,
                    "spans": [[s, e, t] for s, e, t, _ in spans], "note": note})
    neg, keeps = [], 0
    for name, note, line in blocks(NEG_MODULES):
        keep = KEEP_RE.findall(line)
        text = KEEP_RE.sub(lambda m: m.group(1), line).replace("\\n", "\n")
        assert keep, f"no keep: {line}"
        assert not re.search(r"[{}]|<<|>>", text), f"stray markup: {text}"
        assert text not in seen, f"duplicate: {text}"
        seen.add(text)
        for k in keep:
            assert k in text and k.strip() == k
        assert not passes_checksum(text), f"negative holds a valid ID/card: {text}"
        keeps += len(keep)
        neg.append({"id": f"dev_s-n{len(neg) + 1:04d}", "text": text, "keep": keep, "note": note})
    with open(OUT / "pii_cases.jsonl", "w", encoding="utf-8") as f:
        for r in pos:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(OUT / "negatives.jsonl", "w", encoding="utf-8") as f:
        for r in neg:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    total = sum(counts.values())
    print(f"positive texts {len(pos)}, spans {total}")
    for t in TYPES.values():
        print(f"  {t:10s} {counts[t]:4d}  {counts[t] / max(total, 1):.1%}")
    print(f"negative texts {len(neg)}, keep substrings {keeps}")


if __name__ == "__main__":
    main()
