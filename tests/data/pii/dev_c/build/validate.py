"""Validate tests/data/pii/dev_c. Usage: python3 validate.py [DIR]"""
import collections, datetime, json, os, re, sys, unicodedata

D = sys.argv[1] if len(sys.argv) > 1 else __import__("os").path.join(__import__("os").path.dirname(__import__("os").path.abspath(__file__)), "..")
TYPES = {"PHONE", "NAME", "MESSAGING", "ID", "BANKCARD", "EMAIL", "PASSPORT", "PLATE", "ADDRESS"}
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
errors = []


def err(msg):
    errors.append(msg)


def norm_digits(s):
    return "".join(unicodedata.normalize("NFKC", ch) for ch in s)


def id_ok(raw):
    s = re.sub(r"[\s\-]", "", norm_digits(raw)).upper()
    try:
        if len(s) == 18 and s[:17].isdigit():
            datetime.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
            return "10X98765432"[sum(int(d) * w for d, w in zip(s[:17], W)) % 11] == s[17]
        if len(s) == 15 and s.isdigit():
            datetime.date(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]))
            return True
    except ValueError:
        return False
    return False


def luhn_ok(raw):
    s = re.sub(r"[\s\-]", "", norm_digits(raw))
    if not (s.isdigit() and 16 <= len(s) <= 19):
        return False
    tot = 0
    for i, d in enumerate(reversed(s)):
        n = int(d) * (2 if i % 2 else 1)
        tot += n - 9 if n > 9 else n
    return tot % 10 == 0


def suspicious(text):
    """Digit runs that look like personal data (used on unlabelled text)."""
    out = []
    t = norm_digits(text)
    for m in re.finditer(r"\d+", t):
        run = m.group()
        pre = t[max(0, m.start() - 1):m.start()]
        if pre.isalpha() and pre.isascii():
            continue  # SF1409..., JD0123..., CA1234 etc.
        if re.fullmatch(r"1[3-9]\d{9}", run):
            out.append(("mobile", run))
        if 16 <= len(run) <= 19 and luhn_ok(run):
            out.append(("luhn", run))
        if len(run) == 18 and id_ok(run):
            out.append(("id18", run))
    if re.search(r"[\w.\-]+[@＠][\w\-]+\.[A-Za-z]", t):
        out.append(("email", t))
    return out


cases = [json.loads(l) for l in open(os.path.join(D, "pii_cases.jsonl"), encoding="utf-8")]
negs = [json.loads(l) for l in open(os.path.join(D, "negatives.jsonl"), encoding="utf-8")]

ids = [r["id"] for r in cases] + [r["id"] for r in negs]
if len(ids) != len(set(ids)):
    err("duplicate ids")
if len({r["text"] for r in cases}) != len(cases):
    err("duplicate case texts")
if len({r["text"] for r in negs}) != len(negs):
    err("duplicate negative texts")

cnt = collections.Counter()
for r in cases:
    t, spans = r["text"], r["spans"]
    if set(r) != {"id", "text", "spans", "note"}:
        err(f"{r['id']}: keys {set(r)}")
    if not spans:
        err(f"{r['id']}: no spans")
    prev_end = -1
    for s, e, typ in sorted(spans):
        if typ not in TYPES:
            err(f"{r['id']}: bad type {typ}")
        if not (0 <= s < e <= len(t)):
            err(f"{r['id']}: span out of range {s},{e}")
            continue
        v = t[s:e]
        if v != v.strip():
            err(f"{r['id']}: whitespace at span edge {v!r}")
        if s < prev_end:
            err(f"{r['id']}: overlapping spans")
        prev_end = max(prev_end, e)
        cnt[typ] += 1
        if typ == "ID" and not id_ok(v):
            err(f"{r['id']}: ID fails check {v!r}")
        if typ == "BANKCARD" and not luhn_ok(v):
            err(f"{r['id']}: card fails Luhn {v!r}")
    # unlabelled remainder must not look like personal data
    rest = list(t)
    for s, e, _ in spans:
        for i in range(s, e):
            rest[i] = " "
    for kind, v in suspicious("".join(rest)):
        err(f"{r['id']}: unlabelled {kind} {v!r}")

for r in negs:
    if set(r) != {"id", "text", "keep", "note"}:
        err(f"{r['id']}: keys {set(r)}")
    if not r["keep"]:
        err(f"{r['id']}: empty keep")
    for k in r["keep"]:
        if not k or k not in r["text"]:
            err(f"{r['id']}: keep {k!r} not in text")
    for kind, v in suspicious(r["text"]):
        err(f"{r['id']}: negative contains {kind} {v!r}")

n_spans = sum(cnt.values())
if len(cases) < 260: err(f"only {len(cases)} case texts")
if n_spans < 380: err(f"only {n_spans} spans")
if len(negs) < 300: err(f"only {len(negs)} negatives")
for t in sorted(TYPES):
    if cnt[t] < 35:
        err(f"type {t}: only {cnt[t]} spans")

print(f"cases={len(cases)} spans={n_spans} negatives={len(negs)}")
print(" ".join(f"{t}={cnt[t]}" for t in sorted(TYPES)))
if errors:
    print("\n".join(errors))
    sys.exit(1)
print("OK")
