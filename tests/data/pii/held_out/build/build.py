"""Assemble the hand-written source files into pii_cases.jsonl and negatives.jsonl.

Only converts markup to offsets and fills check digits; every text is written by hand in
build/pos_*.txt and build/neg_*.txt. A line '#@ context' sets the context prefix used in notes.
"""
import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import parse_positive, parse_negative  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)


def iter_source(pattern):
    for path in sorted(glob.glob(os.path.join(HERE, pattern))):
        ctx = ""
        with open(path, encoding="utf-8") as f:
            for ln, raw in enumerate(f, 1):
                line = raw.rstrip("\n")
                if line.startswith("#@"):
                    ctx = line[2:].strip()
                    continue
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                yield os.path.basename(path), ln, ctx, line


def main():
    pos, neg = [], []
    for fn, ln, ctx, line in iter_source("pos_*.txt"):
        try:
            text, spans, note = parse_positive(line)
        except Exception as e:  # report and stop
            sys.exit(f"{fn}:{ln}: {e}")
        full_note = "; ".join(x for x in (ctx, note) if x)
        pos.append({"id": f"q{len(pos) + 1:04d}", "text": text, "spans": spans, "note": full_note,
                    "_src": f"{fn}:{ln}"})
    for fn, ln, ctx, line in iter_source("neg_*.txt"):
        try:
            text, keep, note = parse_negative(line)
        except Exception as e:
            sys.exit(f"{fn}:{ln}: {e}")
        full_note = "; ".join(x for x in (ctx, note) if x)
        neg.append({"id": f"r{len(neg) + 1:04d}", "text": text, "keep": keep, "note": full_note,
                    "_src": f"{fn}:{ln}"})
    # source locations kept in a side file for debugging; not in the deliverable
    with open(os.path.join(HERE, "source_map.tsv"), "w", encoding="utf-8") as f:
        for r in pos + neg:
            f.write(f"{r['id']}\t{r.pop('_src')}\n")
    with open(os.path.join(OUT, "pii_cases.jsonl"), "w", encoding="utf-8") as f:
        for r in pos:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(os.path.join(OUT, "negatives.jsonl"), "w", encoding="utf-8") as f:
        for r in neg:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(pos)} positive texts, {len(neg)} negative texts")


if __name__ == "__main__":
    main()
