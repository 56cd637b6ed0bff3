#!/usr/bin/env python3
"""Validate the held-out PII set.  Usage: python3 validate.py SET_DIR"""
import collections
import datetime
import json
import os
import re
import sys

TYPES = ["NAME", "PHONE", "ADDRESS", "MESSAGING", "ID", "BANKCARD", "EMAIL",
         "PASSPORT", "PLATE"]
MIN_PER_TYPE = {t: 40 for t in TYPES}
MIN_PER_TYPE["NAME"] = 120
FW = {chr(0xFF10 + i): str(i) for i in range(10)}
FW["Ｘ"] = "X"
ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_C = "10X98765432"
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
CN_DIGITS = set("零一二三四五六七八九幺两〇")

errors = []


def err(msg):
    errors.append(msg)


def norm(s):
    return "".join(FW.get(c, c) for c in s)


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


def valid_date(y, m, d):
    try:
        dt = datetime.date(y, m, d)
    except ValueError:
        return False
    return datetime.date(1900, 1, 1) <= dt <= datetime.date(2024, 12, 31)


def id18_ok(s):
    if not re.fullmatch(r"\d{17}[\dX]", s):
        return False
    if ID_C[sum(int(a) * b for a, b in zip(s[:17], ID_W)) % 11] != s[17]:
        return False
    return valid_date(int(s[6:10]), int(s[10:12]), int(s[12:14]))


def id15_ok(s):
    if not re.fullmatch(r"\d{15}", s):
        return False
    return valid_date(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]))


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.endswith("\n"):
                err("%s:%d no trailing newline" % (path, n))
            rows.append(json.loads(line))
    return rows


def check_cases(rows):
    counts = collections.Counter()
    ids, texts = set(), set()
    for r in rows:
        if set(r) != {"id", "text", "spans", "note"}:
            err("%s: bad keys %s" % (r.get("id"), sorted(r)))
        rid, text = r["id"], r["text"]
        if not re.fullmatch(r"k\d{4}", rid) or rid in ids:
            err("%s: bad/duplicate id" % rid)
        ids.add(rid)
        if text in texts:
            err("%s: duplicate text" % rid)
        texts.add(text)
        if not r["note"].strip():
            err("%s: empty note" % rid)
        if not r["spans"]:
            err("%s: no spans" % rid)
        prev_end = -1
        for s, e, t in r["spans"]:
            if t not in TYPES:
                err("%s: bad type %s" % (rid, t))
            if not (0 <= s < e <= len(text)):
                err("%s: span out of range %d %d" % (rid, s, e))
                continue
            if s < prev_end:
                err("%s: overlapping or unsorted spans at %d" % (rid, s))
            prev_end = e
            v = text[s:e]
            if v != v.strip():
                err("%s: whitespace around span %r" % (rid, v))
            counts[t] += 1
            compact = norm(re.sub(r"[\s\-.·．]", "", v))
            if t == "ID":
                if len(compact) == 18:
                    if not id18_ok(compact):
                        err("%s: invalid 18-digit ID %r" % (rid, v))
                    counts["ID18"] += 1
                elif len(compact) == 15:
                    if not id15_ok(compact):
                        err("%s: invalid 15-digit ID %r" % (rid, v))
                    counts["ID15"] += 1
                else:
                    err("%s: ID of length %d %r" % (rid, len(compact), v))
            elif t == "BANKCARD":
                if not re.fullmatch(r"\d{16,19}", compact):
                    err("%s: bankcard not 16-19 digits %r" % (rid, v))
                elif not luhn_ok(compact):
                    err("%s: bankcard fails Luhn %r" % (rid, v))
            elif t == "PHONE":
                digits = sum(1 for c in norm(v) if c.isdigit() or c in CN_DIGITS)
                if digits < 3:
                    err("%s: phone with too few digits %r" % (rid, v))
                if re.match(r"^(400|800|95\d{3}|100\d\d|123\d\d)", compact):
                    err("%s: phone looks like a hotline %r" % (rid, v))
            elif t == "EMAIL":
                if not re.search(r"@|＠|\bat\b|\(at\)|\[at\]|艾特|圈a|#", v):
                    err("%s: email without @-like marker %r" % (rid, v))
            elif t == "PLATE":
                if v[0] not in PROVINCES:
                    err("%s: plate without province %r" % (rid, v))
    return counts


def check_negs(rows):
    ids, texts = set(), set()
    nkeep = 0
    for r in rows:
        if set(r) != {"id", "text", "keep", "note"}:
            err("%s: bad keys %s" % (r.get("id"), sorted(r)))
        rid, text = r["id"], r["text"]
        if not re.fullmatch(r"m\d{4}", rid) or rid in ids:
            err("%s: bad/duplicate id" % rid)
        ids.add(rid)
        if text in texts:
            err("%s: duplicate text" % rid)
        texts.add(text)
        if not r["keep"]:
            err("%s: empty keep list" % rid)
        for k in r["keep"]:
            nkeep += 1
            if not k or k != k.strip():
                err("%s: empty or padded keep %r" % (rid, k))
            if k not in text:
                err("%s: keep %r not in text" % (rid, k))
        # no accidental personal data in the negatives
        t = norm(text)
        for m in re.finditer(r"(?<!\d)\d{16,19}(?!\d)", t):
            if luhn_ok(m.group()):
                err("%s: negative holds a Luhn-valid number %s" % (rid, m.group()))
        for m in re.finditer(r"(?<![\dA-Z])\d{17}[\dX](?![\dA-Z])", t):
            if id18_ok(m.group()):
                err("%s: negative holds a valid ID %s" % (rid, m.group()))
        for m in re.finditer(r"(?<!\d)\d{15}(?!\d)", t):
            if id15_ok(m.group()) and m.group()[:2] in (
                    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 "
                    "45 46 50 51 52 53 54 61 62 63 64 65").split():
                err("%s: negative holds an old-ID-like number %s" % (rid, m.group()))
        for m in re.finditer(r"(?<![\d-])1[3-9]\d{9}(?!\d)", re.sub(r"[ -]", "", t)):
            err("%s: negative holds a mobile-like number %s" % (rid, m.group()))
        if re.search(r"[\w.]+@[\w-]+\.[\w.]+", t):
            err("%s: negative holds an e-mail" % rid)
    return nkeep


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "."
    cases = load(os.path.join(d, "pii_cases.jsonl"))
    negs = load(os.path.join(d, "negatives.jsonl"))
    counts = check_cases(cases)
    nkeep = check_negs(negs)
    total = sum(counts[t] for t in TYPES)
    if len(cases) < 300:
        err("only %d cases" % len(cases))
    if total < 450:
        err("only %d spans" % total)
    if len(negs) < 300:
        err("only %d negatives" % len(negs))
    for t in TYPES:
        if counts[t] < MIN_PER_TYPE[t]:
            err("type %s has %d < %d" % (t, counts[t], MIN_PER_TYPE[t]))
    print("cases: %d  spans: %d  negatives: %d  keep strings: %d"
          % (len(cases), total, len(negs), nkeep))
    for t in TYPES:
        print("  %-10s %d" % (t, counts[t]))
    print("  (ID: %d with 18 digits, %d with 15 digits)"
          % (counts["ID18"], counts["ID15"]))
    if errors:
        print("\n%d ERRORS" % len(errors))
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
