"""Build held_out_h from hand-written sources.

Only converts inline marks into character offsets, fills check digits
(marked `?` inside an ID or BANKCARD span) and validates the result.

Positive source lines:  SHAPE || text with {T:value} or {Tg:value} marks
  T: N NAME, P PHONE, M MESSAGING, I ID, B BANKCARD, E EMAIL,
     S PASSPORT, L PLATE, A ADDRESS; g: optional group label joining the
     pieces of one value (for its check digit).
Negative source lines:  SHAPE || text with <keep> marks
A literal backslash-n in a source line is a line break in the text.
"""
import glob
import json
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)

TYPES = {"N": "NAME", "P": "PHONE", "M": "MESSAGING", "I": "ID", "B": "BANKCARD",
         "E": "EMAIL", "S": "PASSPORT", "L": "PLATE", "A": "ADDRESS"}
SHAPES = {
    "c": "chat message",
    "cm": "chat, several lines",
    "f": "form pasted into chat",
    "e": "e-mail to the service desk",
    "l": "complaint letter",
    "t1": "speech transcript with 客服：/客户： labels",
    "t2": "speech transcript with labels without colons",
    "t3": "speech transcript without labels",
}
CN = {"零": "0", "〇": "0", "洞": "0", "一": "1", "幺": "1", "二": "2", "两": "2",
      "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "拐": "7", "八": "8",
      "九": "9", "勾": "9"}
CN_OUT = "零一二三四五六七八九"


def norm(s):
    out = []
    for ch in s:
        if ch == "?":
            out.append("?")
            continue
        c = unicodedata.normalize("NFKC", ch)
        if c.isdigit() and c.isascii():
            out.append(c)
        elif ch in CN:
            out.append(CN[ch])
        elif c in "Xx" or ch == "叉":
            out.append("X")
    return "".join(out)


def id_check(d17):
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(a) * b for a, b in zip(d17, w))
    return "10X98765432"[s % 11]


def luhn_ok(num):
    tot = 0
    for i, ch in enumerate(reversed(num)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10 == 0


def luhn_digit(body):
    for d in "0123456789":
        if luhn_ok(body + d):
            return d


def render(ch, raw_before):
    prev = ""
    for c in reversed(raw_before):
        if not c.isspace() and c not in "-.·,，、":
            prev = c
            break
    if prev in CN:
        if ch == "X":
            return "叉"
        if ch == "1" and "幺" in raw_before:
            return "幺"
        if ch == "0" and "洞" in raw_before:
            return "洞"
        return CN_OUT[int(ch)]
    if prev and unicodedata.normalize("NFKC", prev) != prev:
        return chr(ord(ch) + 0xFEE0)
    return ch


MARK = re.compile(r"\{([NPMIBESLA])([a-z0-9]?):([^{}]+)\}")
PUNCT = set("，。、；：？！,.;:?!（）()【】[]「」『』《》<>\"'“”‘’—-~～…·/\\|*@#")


def parse_pos(src):
    src = src.replace("\\n", "\n")
    pieces = []
    for m in MARK.finditer(src):
        pieces.append((m.start(), m.end(), m.group(1), m.group(2), m.group(3)))
    # fill check digits per group
    groups = defaultdict(list)
    for i, p in enumerate(pieces):
        if p[2] in "IB":
            key = (p[2], p[3]) if p[3] else (p[2], "solo%d" % i)
            groups[key].append(i)
    vals = [p[4] for p in pieces]
    for (t, g), idxs in groups.items():
        joined = ""
        for i in idxs:
            v = vals[i]
            if "?" in v:
                pos = v.index("?")
                before = norm(v[:pos])
                body = joined + before
                if t == "I":
                    if len(body) != 17:
                        raise ValueError("ID body length %d in %r" % (len(body), src))
                    d = id_check(body)
                else:
                    if len(body) < 15:
                        raise ValueError("card body length %d in %r" % (len(body), src))
                    d = luhn_digit(body)
                vals[i] = v[:pos] + render(d, v[:pos]) + v[pos + 1:]
            joined += norm(vals[i])
    text = ""
    spans = []
    last = 0
    for (s, e, t, g, _), v in zip(pieces, vals):
        text += src[last:s]
        spans.append([len(text), len(text) + len(v), TYPES[t], g])
        text += v
        last = e
    text += src[last:]
    return text, spans


def read_src(prefix):
    rows = []
    for fn in sorted(glob.glob(os.path.join(HERE, prefix + "*.txt"))):
        with open(fn, encoding="utf-8") as fh:
            for ln, line in enumerate(fh, 1):
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                if " || " not in line:
                    raise ValueError("%s:%d no separator" % (fn, ln))
                shape, body = line.split(" || ", 1)
                shape = shape.strip()
                if shape not in SHAPES:
                    raise ValueError("%s:%d bad shape %r" % (fn, ln, shape))
                rows.append((fn, ln, shape, body))
    return rows


def main():
    errors = []
    cases = []
    for fn, ln, shape, body in read_src("pos_"):
        try:
            text, spans = parse_pos(body)
        except ValueError as ex:
            errors.append("%s:%d %s" % (os.path.basename(fn), ln, ex))
            continue
        if "{" in text or "}" in text:
            errors.append("%s:%d stray brace" % (os.path.basename(fn), ln))
        cases.append((fn, ln, shape, text, spans))
    negs = []
    for fn, ln, shape, body in read_src("neg_"):
        body = body.replace("\\n", "\n")
        keep = re.findall(r"<([^<>]+)>", body)
        text = re.sub(r"<([^<>]+)>", r"\1", body)
        if "<" in text or ">" in text or "{" in text:
            errors.append("%s:%d stray mark" % (os.path.basename(fn), ln))
        if not keep:
            errors.append("%s:%d no keep" % (os.path.basename(fn), ln))
        negs.append((fn, ln, shape, text, list(dict.fromkeys(keep))))

    seen = {}
    span_count = Counter()
    text_count = Counter()
    id_whole = card_whole = id_part = card_part = 0
    out_cases = []
    for n, (fn, ln, shape, text, spans) in enumerate(cases, 1):
        where = "%s:%d" % (os.path.basename(fn), ln)
        if not 10 <= len(text) <= 300:
            errors.append("%s length %d" % (where, len(text)))
        if text in seen:
            errors.append("%s duplicate of %s" % (where, seen[text]))
        seen[text] = where
        if not spans:
            errors.append("%s no spans" % where)
        prev_end = -1
        for s, e, t, g in spans:
            frag = text[s:e]
            if not frag:
                errors.append("%s empty span" % where)
                continue
            if frag[0].isspace() or frag[-1].isspace() or frag[0] in PUNCT or frag[-1] in PUNCT:
                errors.append("%s span edge %r" % (where, frag))
            if s < prev_end:
                errors.append("%s overlap" % where)
            prev_end = e
            span_count[t] += 1
        for t in set(sp[2] for sp in spans):
            text_count[t] += 1
        # whole-value checks
        grp = defaultdict(str)
        for i, (s, e, t, g) in enumerate(spans):
            if t in ("ID", "BANKCARD"):
                grp[(t, g or "solo%d" % i)] += norm(text[s:e])
        for (t, g), v in grp.items():
            if t == "ID":
                if len(v) == 18:
                    id_whole += 1
                    if not v[:17].isdigit() or id_check(v[:17]) != v[17]:
                        errors.append("%s ID fails MOD 11-2: %s" % (where, v))
                else:
                    id_part += 1
                    if "-v" in sys.argv: print("  partial ID", where, g, v)
            else:
                if 16 <= len(v) <= 19 and v.isdigit():
                    card_whole += 1
                    if not luhn_ok(v):
                        errors.append("%s card fails Luhn: %s" % (where, v))
                else:
                    card_part += 1
                    if "-v" in sys.argv: print("  partial card", where, g, v)
        types = sorted(set(sp[2] for sp in spans), key=list(TYPES.values()).index)
        out_cases.append({"id": "h-%04d" % n, "text": text,
                          "spans": [[s, e, t] for s, e, t, g in spans],
                          "note": "%s; %s" % (SHAPES[shape], ", ".join(types))})
    out_negs = []
    for n, (fn, ln, shape, text, keep) in enumerate(negs, 1):
        where = "%s:%d" % (os.path.basename(fn), ln)
        if not 10 <= len(text) <= 300:
            errors.append("%s length %d" % (where, len(text)))
        if text in seen:
            errors.append("%s duplicate of %s" % (where, seen[text]))
        seen[text] = where
        for k in keep:
            if k not in text:
                errors.append("%s keep missing %r" % (where, k))
        out_negs.append({"id": "hn-%04d" % n, "text": text, "keep": keep,
                         "note": "%s; hard negative" % SHAPES[shape]})

    for e in errors:
        print("ERROR", e)
    print("cases", len(out_cases), "spans", sum(span_count.values()), "negatives", len(out_negs))
    for t in TYPES.values():
        print("  %-10s spans %4d texts %4d" % (t, span_count[t], text_count[t]))
    print("  whole IDs checked", id_whole, "ID pieces/partials", id_part)
    print("  whole cards checked", card_whole, "card pieces/partials", card_part)
    shapes = Counter(c[2] for c in cases)
    print("  shapes", dict(shapes), "neg shapes", dict(Counter(x[2] for x in negs)))
    if "--write" in sys.argv and not errors:
        with open(os.path.join(OUT, "pii_cases.jsonl"), "w", encoding="utf-8") as fh:
            for r in out_cases:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        with open(os.path.join(OUT, "negatives.jsonl"), "w", encoding="utf-8") as fh:
            for r in out_negs:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print("written")
    if "--show" in sys.argv:
        for r in out_cases[-int(sys.argv[-1]):]:
            print(r["id"], [r["text"][s:e] + "/" + t for s, e, t in r["spans"]])


if __name__ == "__main__":
    main()
