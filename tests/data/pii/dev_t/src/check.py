"""Independent check of the written files (run after build.py).

Reads ../pii_cases.jsonl and ../negatives.jsonl and checks: ids, span bounds,
types, no overlapping spans, no outer whitespace in a span, resident IDs
(ISO 7064 MOD 11-2) and bank cards (Luhn) valid (pieces joined), every keep
substring present; prints counts per type.
"""
import json
import os
import sys
from collections import Counter

from build import CODES, norm_digits, id_ok, luhn_ok, check_group

OUT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TYPES = set(CODES.values())


def main():
    errs = []
    pos = [json.loads(l) for l in open(os.path.join(OUT, "pii_cases.jsonl"), encoding="utf-8")]
    neg = [json.loads(l) for l in open(os.path.join(OUT, "negatives.jsonl"), encoding="utf-8")]
    cnt = Counter()
    for k, c in enumerate(pos, 1):
        if c["id"] != f"dev_t-p{k:04d}" or set(c) != {"id", "text", "spans", "note"}:
            errs.append(f"bad record {c['id']}")
        spans = sorted(c["spans"])
        for i, (s, e, t) in enumerate(spans):
            if t not in TYPES or not (0 <= s < e <= len(c["text"])):
                errs.append(f"{c['id']}: bad span {s, e, t}")
                continue
            v = c["text"][s:e]
            if v != v.strip():
                errs.append(f"{c['id']}: outer space in {v!r}")
            if i and spans[i - 1][1] > s:
                errs.append(f"{c['id']}: overlapping spans")
            cnt[t] += 1
        for kind in ("ID", "BANKCARD"):
            vals = [norm_digits(c["text"][s:e]) for s, e, t in c["spans"] if t == kind]
            if vals:
                check_group(vals, kind, c["id"], errs)
    for k, c in enumerate(neg, 1):
        if c["id"] != f"dev_t-n{k:04d}" or set(c) != {"id", "text", "keep", "note"}:
            errs.append(f"bad record {c['id']}")
        if not c["keep"]:
            errs.append(f"{c['id']}: empty keep")
        for kp in c["keep"]:
            if kp not in c["text"]:
                errs.append(f"{c['id']}: keep {kp!r} missing")
    texts = [c["text"] for c in pos + neg]
    if len(texts) != len(set(texts)):
        errs.append("duplicate texts")
    total = sum(cnt.values())
    print(f"positives {len(pos)}  spans {total}  negatives {len(neg)}  keeps {sum(len(c['keep']) for c in neg)}")
    for t in CODES.values():
        print(f"  {t:10s} {cnt[t]:4d}  {cnt[t] / total:.1%}")
    if errs:
        print("\n".join(errs))
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
