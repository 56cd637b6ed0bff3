"""Build and check dev_t from the hand-written sources in this folder.

Positive sources: cases_*.txt.  One case per line; a span is written inline as
{C:value} where C is a one-letter type code (below).  A line "## note" sets the
note of the cases that follow; lines starting "#!" are comments; a literal
backslash-n in a line becomes a newline in the text.

Negative sources: negatives_*.txt.  One case per line: "text ||| keep || keep";
"## note" lines as above.

The script strips the markup, computes span offsets, and checks every span
(text[start:end] == value, no outer spaces), every resident ID (ISO 7064 MOD
11-2, also when given in pieces), every bank card (Luhn, also in pieces),
every keep substring, duplicate texts; then writes pii_cases.jsonl and
negatives.jsonl and prints counts per type.
"""
import glob
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
CODES = {"N": "NAME", "P": "PHONE", "M": "MESSAGING", "I": "ID", "B": "BANKCARD",
         "E": "EMAIL", "S": "PASSPORT", "L": "PLATE", "A": "ADDRESS"}
MARK = re.compile(r"\{([NPMIBESLA]):([^{}]+)\}")
ZH = {"零": "0", "〇": "0", "洞": "0", "一": "1", "幺": "1", "二": "2", "两": "2", "三": "3",
      "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9", "叉": "X",
      "x": "X", "X": "X"}
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHK = "10X98765432"


def norm_digits(s):
    return "".join(ZH.get(c, c) for c in s if c.isdigit() or c in ZH)


def id_ok(s):
    if not re.fullmatch(r"\d{17}[\dX]", s):
        return False
    return CHK[sum(int(d) * w for d, w in zip(s, W)) % 11] == s[17]


def luhn_ok(s):
    if not re.fullmatch(r"\d{16,19}", s):
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


def parse_marked(line):
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        before = line[pos:m.start()]
        text.append(before)
        out_len += len(before)
        val = m.group(2)
        spans.append([out_len, out_len + len(val), CODES[m.group(1)]])
        text.append(val)
        out_len += len(val)
        pos = m.end()
    text.append(line[pos:])
    return "".join(text), spans


def read_lines(pattern):
    for path in sorted(glob.glob(os.path.join(HERE, pattern))):
        note = ""
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.rstrip("\n")
                if not line.strip() or line.startswith("#!"):
                    continue
                if line.startswith("## "):
                    note = line[3:].strip()
                    continue
                yield os.path.basename(path), n, note, line.replace("\\n", "\n")


def check_group(vals, kind, where, errors):
    """vals: normalized strings of the spans of one type in one text."""
    ok = id_ok if kind == "ID" else luhn_ok
    full = [v for v in vals if ok(v)]
    rest = [v for v in vals if not ok(v)]
    # pieces: join consecutive remaining values until they make a valid value;
    # a piece that cannot be completed must be a wrong start or partial read of
    # a value that the text also gives whole
    i = 0
    while i < len(rest):
        joined = ""
        for j in range(i, len(rest)):
            joined += rest[j]
            if ok(joined):
                i = j + 1
                break
        else:
            if any(f.startswith(rest[i]) for f in full):
                i += 1
                continue
            errors.append(f"{where}: {kind} not valid: {rest[i:]} (full ones: {full})")
            return


def main():
    errors, cases, seen = [], [], set()
    for fn, n, note, line in read_lines("cases_*.txt"):
        where = f"{fn}:{n}"
        if "{" in MARK.sub("", line) or "}" in MARK.sub("", line):
            errors.append(f"{where}: stray brace")
        text, spans = parse_marked(line)
        if not spans:
            errors.append(f"{where}: no span")
        for s, e, t in spans:
            v = text[s:e]
            if v != v.strip():
                errors.append(f"{where}: span with outer space {v!r}")
        if text in seen:
            errors.append(f"{where}: duplicate text")
        seen.add(text)
        for kind in ("ID", "BANKCARD"):
            vals = [norm_digits(text[s:e]) for s, e, t in spans if t == kind]
            if vals:
                check_group(vals, kind, where, errors)
        cases.append({"text": text, "spans": spans, "note": note})

    negs = []
    for fn, n, note, line in read_lines("negatives_*.txt"):
        where = f"{fn}:{n}"
        if "|||" not in line:
            errors.append(f"{where}: no keep part")
            continue
        text, keeps = line.split("|||", 1)
        text = text.strip()
        keeps = [k.strip() for k in keeps.split("||") if k.strip()]
        if not keeps:
            errors.append(f"{where}: empty keep")
        for k in keeps:
            if k not in text:
                errors.append(f"{where}: keep {k!r} not in text")
        if text in seen:
            errors.append(f"{where}: duplicate text")
        seen.add(text)
        if MARK.search(text):
            errors.append(f"{where}: markup in negative")
        negs.append({"text": text, "keep": keeps, "note": note})

    # re-check offsets on the final objects
    for i, c in enumerate(cases, 1):
        c["id"] = f"dev_t-p{i:04d}"
        for s, e, t in c["spans"]:
            assert 0 <= s < e <= len(c["text"]), c
    for i, c in enumerate(negs, 1):
        c["id"] = f"dev_t-n{i:04d}"
        for k in c["keep"]:
            assert k in c["text"]

    if errors:
        print("\n".join(errors))
        print(f"{len(errors)} errors")
        sys.exit(1)

    with open(os.path.join(OUT, "pii_cases.jsonl"), "w", encoding="utf-8") as f:
        for c in cases:
            f.write(json.dumps({"id": c["id"], "text": c["text"], "spans": c["spans"],
                                "note": c["note"]}, ensure_ascii=False) + "\n")
    with open(os.path.join(OUT, "negatives.jsonl"), "w", encoding="utf-8") as f:
        for c in negs:
            f.write(json.dumps({"id": c["id"], "text": c["text"], "keep": c["keep"],
                                "note": c["note"]}, ensure_ascii=False) + "\n")
    cnt = Counter(t for c in cases for _, _, t in c["spans"])
    total = sum(cnt.values())
    print(f"texts {len(cases)}  spans {total}  negatives {len(negs)}")
    for t in CODES.values():
        print(f"  {t:10s} {cnt[t]:4d}  {cnt[t] / max(total, 1):.1%}")


if __name__ == "__main__":
    main()
