"""Re-check the built JSONL files against their source marks and formats."""
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent
TYPES = {"NAME", "PHONE", "MESSAGING", "ID", "BANKCARD", "EMAIL", "PASSPORT", "PLATE", "ADDRESS"}
NUM = {"零": "0", "〇": "0", "洞": "0", "幺": "1", "一": "1", "二": "2", "两": "2", "三": "3",
       "四": "4", "五": "5", "六": "6", "七": "7", "拐": "7", "八": "8", "九": "9", "叉": "X", "x": "X"}
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
MARK = re.compile(r"\{([A-Z]+)\|([^{}|]*)\}")


def digits(v):
    return "".join(NUM.get(c, c) for c in v if c.isalnum())


def id_ok(v):
    d = digits(v)
    if not re.fullmatch(r"\d{17}[\dX]", d):
        return False
    return "10X98765432"[sum(int(a) * w for a, w in zip(d, W)) % 11] == d[-1]


def luhn_ok(v):
    d = digits(v)
    if not re.fullmatch(r"\d{13,19}", d):
        return False
    t = 0
    for i, ch in enumerate(reversed(d)):
        n = int(ch)
        if i % 2:
            n *= 2
            n -= 9 if n > 9 else 0
        t += n
    return t % 10 == 0


def phone_ok(v):
    return 7 <= len(digits(v)) <= 13


def piece_ok(r, j, test):
    """A value given in pieces is one span per piece: accept a span when it,
    or a run of neighbouring spans of the same type that holds it, passes."""
    spans = r["spans"]
    t = spans[j][2]
    lo = j
    while lo > 0 and spans[lo - 1][2] == t:
        lo -= 1
    hi = j
    while hi + 1 < len(spans) and spans[hi + 1][2] == t:
        hi += 1
    for a in range(lo, j + 1):
        for b in range(j, hi + 1):
            if test("".join(r["text"][s:e] for s, e, _ in spans[a:b + 1])):
                return True
    return False


def main():
    errors = []
    pos = [json.loads(l) for l in open(OUT / "pii_cases.jsonl", encoding="utf-8")]
    neg = [json.loads(l) for l in open(OUT / "negatives.jsonl", encoding="utf-8")]
    # expected values straight from the source marks, in order
    src_pos, src_neg = [], []
    for pattern, bucket in (("pos_*.txt", src_pos), ("neg_*.txt", src_neg)):
        for path in sorted(HERE.glob(pattern)):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip() and not line.startswith("#"):
                    bucket.append([(t, v) for t, v in MARK.findall(line.split("\t")[0])])
    if len(src_pos) != len(pos) or len(src_neg) != len(neg):
        errors.append("source and JSONL differ in length; rebuild")
    ids = Counter(r["id"] for r in pos + neg)
    errors += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    texts = Counter(r["text"] for r in pos + neg)
    errors += [f"duplicate text {t[:30]}" for t, n in texts.items() if n > 1]
    count = Counter()
    for k, r in enumerate(pos):
        if set(r) != {"id", "text", "spans", "note"} or not r["spans"]:
            errors.append(f"{r['id']}: bad keys or no spans")
        last = 0
        for j, (s, e, t) in enumerate(r["spans"]):
            v = r["text"][s:e]
            count[t] += 1
            if t not in TYPES:
                errors.append(f"{r['id']}: bad type {t}")
            if s < last or e <= s:
                errors.append(f"{r['id']}: spans overlap or empty")
            last = e
            if k < len(src_pos) and j < len(src_pos[k]) and src_pos[k][j] != (t, v):
                errors.append(f"{r['id']}: span {v!r} differs from source {src_pos[k][j]}")
            if v != v.strip():
                errors.append(f"{r['id']}: span {v!r} has outer spaces")
            test = {"ID": id_ok, "BANKCARD": luhn_ok, "PHONE": phone_ok}.get(t)
            if test and not piece_ok(r, j, test):
                errors.append(f"{r['id']}: {t} {v!r} fails its format check (alone and with its pieces)")
        if k < len(src_pos) and len(src_pos[k]) != len(r["spans"]):
            errors.append(f"{r['id']}: span count differs from source")
    for r in neg:
        if set(r) != {"id", "text", "keep", "note"} or not r["keep"]:
            errors.append(f"{r['id']}: bad keys or no keep")
        for v in r["keep"]:
            if v not in r["text"]:
                errors.append(f"{r['id']}: keep {v!r} not in text")
    for r in pos + neg:
        if any(c in r["text"] for c in "{}\t\n"):
            errors.append(f"{r['id']}: stray mark, tab or newline in text")
    for e in errors:
        print(e)
    print(f"positives {len(pos)}, spans {sum(count.values())}, negatives {len(neg)}")
    for t in sorted(count, key=lambda t: -count[t]):
        print(f"  {t:10s} {count[t]}")
    print("OK" if not errors else f"{len(errors)} errors")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
