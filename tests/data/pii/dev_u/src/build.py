#!/usr/bin/env python3
"""Build dev_u/pii_cases.jsonl and dev_u/negatives.jsonl from the hand-written
sources in this directory, and check them.

Source format (pos_*.txt for positives, neg_*.txt for negatives):
  * blank lines and lines starting with '#' are ignored;
  * '@note some words' sets the default note of the lines that follow;
  * every other line is one case:   text  ## note   (the note is optional);
    a literal backslash-n in the text stands for a line break;
  * a span is marked inline as {T:value}; T is one of
        N NAME, P PHONE, M MESSAGING, I ID, B BANKCARD, E EMAIL,
        S PASSPORT, L PLATE, A ADDRESS,  and in negatives K (keep);
    {T#g:value} marks one piece of a value given in pieces (all pieces of
    group g in one text are joined in order and checked together, for ID and
    BANKCARD);  {T~:value} marks a deliberate fragment (a wrong start the
    speaker corrects) whose checksum is not checked.
Run:  cd src && python3 build.py
"""
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
TYPES = {"N": "NAME", "P": "PHONE", "M": "MESSAGING", "I": "ID", "B": "BANKCARD",
         "E": "EMAIL", "S": "PASSPORT", "L": "PLATE", "A": "ADDRESS"}
MARK = re.compile(r"\{([NPMIBESLAK])(#[A-Za-z0-9]+|~)?:([^{}]*)\}")

DIGIT = {}
for chars, d in [("0０零〇洞", "0"), ("1１一幺壹", "1"), ("2２二两贰", "2"),
                 ("3３三叁", "3"), ("4４四肆", "4"), ("5５五伍", "5"),
                 ("6６六陆", "6"), ("7７七柒拐", "7"), ("8８八捌", "8"),
                 ("9９九玖勾", "9"), ("XxＸｘ叉", "X")]:
    for c in chars:
        DIGIT[c] = d

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CARD_PREFIXES = ("62", "60", "43", "45", "40", "51", "52", "53", "35", "37")
STRIP_PUNCT = set("，。、：:；;,.!！?？\"'“”‘’（）【】《》「」()[]<>-—_·@+ ")
KEYWORDS = ["微信", "威信", "薇信", "V信", "QQ", "扣扣", "企鹅", "支付宝", "钉钉", "抖音",
            "快手", "小红书", "微博", "B站", "淘宝", "旺旺", "闲鱼", "拼多多", "电话", "手机",
            "号码", "邮箱", "卡号", "身份证", "护照", "车牌", "通行证", "台胞证", "地址",
            "账号", "帐号", "先生", "女士", "小姐", "师傅", "老师", "经理"]
TITLE_TAILS = ["先生", "女士", "小姐", "师傅", "老师", "经理", "阿姨", "大爷", "总", "姐", "哥"]


def digits(s, allow_x=False):
    out = []
    for c in s:
        d = DIGIT.get(c)
        if d is None:
            continue
        if d == "X" and not allow_x:
            continue
        out.append(d)
    return "".join(out)


def id_ok(s):
    n = digits(s, allow_x=True)
    if len(n) != 18 or "X" in n[:17]:
        return False, n
    if n[0] not in "123456":
        return False, n
    y, m, d = int(n[6:10]), int(n[10:12]), int(n[12:14])
    if not (1930 <= y <= 2010 and 1 <= m <= 12 and 1 <= d <= 31):
        return False, n
    total = sum(int(c) * w for c, w in zip(n[:17], W))
    return "10X98765432"[total % 11] == n[17], n


def luhn_ok(s):
    n = digits(s)
    if not (16 <= len(n) <= 19) or not n.startswith(CARD_PREFIXES):
        return False, n
    total = 0
    for i, c in enumerate(reversed(n)):
        v = int(c)
        if i % 2 == 1:
            v *= 2
            if v > 9:
                v -= 9
        total += v
    return total % 10 == 0, n


def parse_file(path, kind):
    prefix = os.path.basename(path)[4:-4]
    cases, errors = [], []
    note = ""
    n = 0
    with open(path, encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("@note"):
                note = line[5:].strip()
                continue
            src, _, own = line.partition(" ## ")
            src = src.strip().replace("\\n", "\n")
            where = "%s:%d" % (os.path.basename(path), lineno)
            text, spans = "", []
            pos = 0
            for m in MARK.finditer(src):
                text += src[pos:m.start()]
                t, flag, val = m.group(1), m.group(2) or "", m.group(3)
                start = len(text)
                text += val
                spans.append((start, len(text), t, flag, val))
                pos = m.end()
            text += src[pos:]
            if "{" in text or "}" in text:
                errors.append("%s: stray brace in %r" % (where, text))
            n += 1
            cid = "u-%s-%03d" % (prefix, n)
            cases.append({"id": cid, "text": text, "spans": spans,
                          "note": (own.strip() or note), "where": where})
    return cases, errors


def check_pos(case, errors, stats):
    text, where = case["text"], case["where"]
    groups = defaultdict(list)
    last_end = -1
    for start, end, t, flag, val in case["spans"]:
        if t == "K":
            errors.append("%s: keep mark in a positive" % where)
            continue
        typ = TYPES[t]
        if text[start:end] != val:
            errors.append("%s: offset mismatch" % where)
        if not val or val != val.strip():
            errors.append("%s: whitespace at the edge of %r" % (where, val))
        if start < last_end:
            errors.append("%s: overlapping spans" % where)
        last_end = end
        if val and val[-1] in STRIP_PUNCT and not (typ == "PHONE" and val[-1] == ")"):
            errors.append("%s: span %r ends with punctuation" % (where, val))
        if val and val[0] in STRIP_PUNCT and not (typ == "PHONE" and val[0] == "("):
            errors.append("%s: span %r starts with punctuation" % (where, val))
        for kw in KEYWORDS:
            if val.startswith(kw) and typ not in ("ADDRESS",):
                errors.append("%s: span %r starts with keyword %s" % (where, val, kw))
        if typ == "NAME":
            for tail in TITLE_TAILS:
                if val.endswith(tail) and len(val) > len(tail):
                    stats["warn"].append("%s: NAME %r ends with %s" % (where, val, tail))
        if flag.startswith("#"):
            groups[(typ, flag)].append(val)
            stats["pieces"] += 1
            continue
        if flag == "~":
            stats["fragments"] += 1
            continue
        if typ == "ID":
            ok, n = id_ok(val)
            stats["id_checked"] += 1
            if not ok:
                errors.append("%s: bad ID %r (%s)" % (where, val, n))
        elif typ == "BANKCARD":
            ok, n = luhn_ok(val)
            stats["card_checked"] += 1
            if not ok:
                errors.append("%s: bad card %r (%s)" % (where, val, n))
        elif typ == "PHONE":
            d = digits(val)
            if not (5 <= len(d) <= 16):
                stats["warn"].append("%s: PHONE %r has %d digits" % (where, val, len(d)))
        elif typ == "EMAIL":
            if not re.search(r"@|＠|艾特|圈a|圈A|小老鼠|at|AT|爱特", val):
                errors.append("%s: EMAIL %r has no @" % (where, val))
    for (typ, g), pieces in groups.items():
        joined = "".join(pieces)
        if typ == "ID":
            ok, n = id_ok(joined)
            stats["id_checked_pieces"] += 1
            if not ok:
                errors.append("%s: bad ID in pieces %r (%s)" % (where, pieces, n))
        elif typ == "BANKCARD":
            ok, n = luhn_ok(joined)
            stats["card_checked_pieces"] += 1
            if not ok:
                errors.append("%s: bad card in pieces %r (%s)" % (where, pieces, n))
        elif len(pieces) < 2 and typ in ("PHONE", "PASSPORT", "PLATE"):
            stats["warn"].append("%s: group %s has one piece" % (where, g))


def main():
    files = sorted(f for f in os.listdir(HERE) if f.endswith(".txt"))
    errors = []
    stats = {"warn": [], "fragments": 0, "pieces": 0, "id_checked": 0, "card_checked": 0,
             "id_checked_pieces": 0, "card_checked_pieces": 0}
    pos, neg = [], []
    for f in files:
        if f.startswith("pos_"):
            c, e = parse_file(os.path.join(HERE, f), "pos")
            pos += c
        elif f.startswith("neg_"):
            c, e = parse_file(os.path.join(HERE, f), "neg")
            neg += c
        else:
            continue
        errors += e
    seen = {}
    for c in pos + neg:
        key = c["text"]
        if key in seen:
            errors.append("%s: duplicate text of %s" % (c["where"], seen[key]))
        seen[key] = c["where"]
    per_type = Counter()
    for c in pos:
        if not c["spans"]:
            errors.append("%s: positive without a span" % c["where"])
        check_pos(c, errors, stats)
        for s in c["spans"]:
            per_type[TYPES.get(s[2], "?")] += 1
    n_keep = 0
    for c in neg:
        keeps = []
        for start, end, t, flag, val in c["spans"]:
            if t != "K":
                errors.append("%s: %s mark in a negative" % (c["where"], t))
                continue
            if not val or val != val.strip():
                errors.append("%s: whitespace at the edge of keep %r" % (c["where"], val))
            if val not in c["text"]:
                errors.append("%s: keep %r not verbatim" % (c["where"], val))
            keeps.append(val)
        if not keeps:
            errors.append("%s: negative without a keep" % c["where"])
        c["keep"] = keeps
        n_keep += len(keeps)
    for w in stats["warn"]:
        print("warning:", w)
    if errors:
        for e in errors:
            print("ERROR:", e)
        print("%d errors; nothing written" % len(errors))
        sys.exit(1)
    with open(os.path.join(OUT, "pii_cases.jsonl"), "w", encoding="utf-8") as fh:
        for c in pos:
            spans = [[s, e, TYPES[t]] for s, e, t, _, _ in c["spans"]]
            fh.write(json.dumps({"id": c["id"], "text": c["text"], "spans": spans,
                                 "note": c["note"]}, ensure_ascii=False) + "\n")
    with open(os.path.join(OUT, "negatives.jsonl"), "w", encoding="utf-8") as fh:
        for c in neg:
            fh.write(json.dumps({"id": c["id"], "text": c["text"], "keep": c["keep"],
                                 "note": c["note"]}, ensure_ascii=False) + "\n")
    # re-read what was written and check offsets again
    with open(os.path.join(OUT, "pii_cases.jsonl"), encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            for s, e, t in d["spans"]:
                assert d["text"][s:e].strip() == d["text"][s:e] and e > s, d["id"]
    with open(os.path.join(OUT, "negatives.jsonl"), encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            assert all(k in d["text"] for k in d["keep"]), d["id"]
    print("positives: %d texts, %d spans" % (len(pos), sum(per_type.values())))
    for t in ["NAME", "PHONE", "MESSAGING", "ID", "BANKCARD", "EMAIL", "PASSPORT",
              "PLATE", "ADDRESS"]:
        print("  %-10s %4d" % (t, per_type[t]))
    print("negatives: %d texts, %d keep strings" % (len(neg), n_keep))
    print("checksums: %d IDs whole + %d in pieces, %d cards whole + %d in pieces; "
          "%d unchecked fragments (wrong starts)" % (
              stats["id_checked"], stats["id_checked_pieces"], stats["card_checked"],
              stats["card_checked_pieces"], stats["fragments"]))


if __name__ == "__main__":
    main()
