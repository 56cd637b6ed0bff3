#!/usr/bin/env python3
"""Convert the hand-written, inline-marked source files into the two jsonl files
and validate them.  Markup in positives: {value|T}; T in N P M I B E S L A.
A '?' inside an I (resident ID) or B (bank card) span is the check digit, filled here.
Markup in negatives: {substring} marks a keep substring."""
import json, re, sys, glob, unicodedata, collections, os
sys.path.insert(0, os.path.dirname(__file__))
from ck import id_check, luhn_check, id_ok, luhn_ok

TYPES = {"N": "NAME", "P": "PHONE", "M": "MESSAGING", "I": "ID", "B": "BANKCARD",
         "E": "EMAIL", "S": "PASSPORT", "L": "PLATE", "A": "ADDRESS"}
SHAPES = {"c": "chat", "f": "form pasted into chat", "e": "e-mail to the service desk",
          "n": "narrative complaint", "ac": "speech transcript 客服：/客户：",
          "an": "speech transcript 客服/客户 without colons", "al": "speech transcript without labels",
          "x": "chat export with glued labels", "s": "message template / note"}
ORDER = ["NAME", "PHONE", "MESSAGING", "ID", "BANKCARD", "EMAIL", "PASSPORT", "PLATE", "ADDRESS"]
NUM = {"零": "0", "〇": "0", "洞": "0", "一": "1", "幺": "1", "二": "2", "两": "2", "三": "3",
       "四": "4", "五": "5", "六": "6", "七": "7", "拐": "7", "八": "8", "九": "9", "勾": "9",
       "叉": "X", "x": "X", "X": "X"}
CH = "零一二三四五六七八九"

def norm(s):
    out = []
    for ch in s:
        if ch.isdigit() and ch.isascii(): out.append(ch)
        elif ch in NUM: out.append(NUM[ch])
        elif ch == "?": out.append("?")
    return "".join(out)

def fill(val, t):
    if "?" not in val: return val
    n = norm(val)
    assert n.endswith("?") and n.count("?") == 1, val
    d = id_check(n[:-1]) if t == "I" else luhn_check(n[:-1])
    if re.search(r"[零一二三四五六七八九幺]", val):
        d = "X" if d == "X" else ("幺" if d == "1" and "幺" in val else CH[int(d)])
    return val.replace("?", d)

bad_edge = lambda ch: ch.isspace() or unicodedata.category(ch)[0] in "PS"
errors = []
MARK = re.compile(r"\{([^{}|]+)\|([NPMIBESLA])\}")

def parse_pos(line):
    text, spans, pos = "", [], 0
    for m in MARK.finditer(line):
        text += line[pos:m.start()]
        val = fill(m.group(1), m.group(2))
        spans.append([len(text), len(text) + len(val), TYPES[m.group(2)]])
        text += val
        pos = m.end()
    text += line[pos:]
    if re.search(r"[{}|]", text): errors.append("stray markup: " + line)
    return text, spans

def parse_neg(line):
    keep = re.findall(r"\{([^{}]+)\}", line)
    text = re.sub(r"\{([^{}]+)\}", r"\1", line)
    if re.search(r"[{}|]", text): errors.append("stray markup: " + line)
    return text, keep

here = os.path.dirname(os.path.abspath(__file__))
pos_rows, neg_rows = [], []
for fn in sorted(glob.glob(os.path.join(here, "pos_*.txt"))):
    for ln in open(fn, encoding="utf-8"):
        ln = ln.rstrip("\n")
        if not ln.strip() or ln.startswith("#"): continue
        code, body = ln.split("\t", 1)
        text, spans = parse_pos(body.replace("\\n", "\n"))
        types = []
        for t in ORDER:
            if any(s[2] == t for s in spans): types.append(t)
        pos_rows.append({"id": "o-%04d" % (len(pos_rows) + 1), "text": text, "spans": spans,
                         "note": "%s; [%s]" % (SHAPES[code], ", ".join(types))})
for fn in sorted(glob.glob(os.path.join(here, "neg_*.txt"))):
    for ln in open(fn, encoding="utf-8"):
        ln = ln.rstrip("\n")
        if not ln.strip() or ln.startswith("#"): continue
        code, body, what = ln.split("\t", 2)
        text, keep = parse_neg(body.replace("\\n", "\n"))
        neg_rows.append({"id": "on-%04d" % (len(neg_rows) + 1), "text": text, "keep": keep,
                         "note": "%s; %s" % (SHAPES[code], what)})

out = os.path.dirname(here)
with open(os.path.join(out, "pii_cases.jsonl"), "w", encoding="utf-8") as f:
    for r in pos_rows: f.write(json.dumps(r, ensure_ascii=False) + "\n")
with open(os.path.join(out, "negatives.jsonl"), "w", encoding="utf-8") as f:
    for r in neg_rows: f.write(json.dumps(r, ensure_ascii=False) + "\n")

# ---- validation, from the written files ----
pos = [json.loads(l) for l in open(os.path.join(out, "pii_cases.jsonl"), encoding="utf-8")]
neg = [json.loads(l) for l in open(os.path.join(out, "negatives.jsonl"), encoding="utf-8")]
ids = [r["id"] for r in pos + neg]
if len(ids) != len(set(ids)): errors.append("duplicate ids")
texts = collections.Counter(r["text"] for r in pos + neg)
for t, c in texts.items():
    if c > 1: errors.append("duplicate text: " + t)
span_count, text_count = collections.Counter(), collections.Counter()
ids_checked = cards_checked = 0
for r in pos:
    t = r["text"]
    if not r["spans"]: errors.append(r["id"] + " no spans")
    last = -1
    for s, e, ty in sorted(r["spans"]):
        v = t[s:e]
        if e <= s: errors.append(r["id"] + " empty span")
        elif bad_edge(v[0]) or bad_edge(v[-1]): errors.append("%s edge: %r" % (r["id"], v))
        if s < last: errors.append(r["id"] + " overlap")
        last = e
        span_count[ty] += 1
        n = norm(v)
        if ty == "ID" and len(n) == 18:
            ids_checked += 1
            if not id_ok(n): errors.append("%s bad ID %r" % (r["id"], v))
        if ty == "ID" and 15 <= len(n) < 18:
            print("  note: %s ID piece of length %d %r" % (r["id"], len(n), v))
        if ty == "BANKCARD" and 16 <= len(n) <= 19 and n.isdigit():
            cards_checked += 1
            if not luhn_ok(n): errors.append("%s bad card %r" % (r["id"], v))
    for ty in set(x[2] for x in r["spans"]): text_count[ty] += 1
joined = 0
for r in pos:
    for ty, ok, lens in (("ID", id_ok, (18,)), ("BANKCARD", luhn_ok, (16, 17, 18, 19))):
        parts = [norm(r["text"][s:e]) for s, e, t in sorted(r["spans"]) if t == ty]
        parts = [p for p in parts if len(p) not in lens]
        acc = ""
        for p in parts:
            acc += p
            if len(acc) in lens and (ty == "BANKCARD" or len(acc) == 18):
                if ty == "BANKCARD" and len(acc) < 16: continue
                joined += 1
                if not ok(acc): errors.append("%s pieces of %s join to a bad value %s" % (r["id"], ty, acc))
                acc = ""
print("pieces joined and checked", joined)
for r in neg:
    if not r["keep"]: errors.append(r["id"] + " empty keep")
    for k in r["keep"]:
        if k not in r["text"]: errors.append(r["id"] + " keep missing " + k)
print("positives", len(pos), "spans", sum(span_count.values()), "negatives", len(neg))
for ty in ORDER: print("  %-10s spans %4d texts %4d" % (ty, span_count[ty], text_count[ty]))
print("whole IDs checked", ids_checked, "whole cards checked", cards_checked)
shapes = collections.Counter(r["note"].split(";")[0] for r in pos)
print("shapes", dict(shapes))
print("neg shapes", dict(collections.Counter(r["note"].split(";")[0] for r in neg)))
print("keep substrings", sum(len(r["keep"]) for r in neg))
print("ERRORS", len(errors))
for e in errors: print("  ", e)
