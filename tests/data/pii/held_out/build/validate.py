"""Validate /tmp/pii_fresh/pii_cases.jsonl and negatives.jsonl; print counts per type."""
import collections
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ALL_TYPES, digits_of, id_valid, luhn_ok, digit_value  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
MIN = {"NAME": 120, "PHONE": 60, "MESSAGING": 40, "ID": 35, "BANKCARD": 35, "EMAIL": 35,
       "PASSPORT": 35, "PLATE": 35, "ADDRESS": 35}
INVISIBLE = "\u200b\u200c\u200d\ufeff\u00a0"
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领"
HONORIFICS = ["先生", "女士", "小姐", "师傅", "老师", "经理", "阿姨", "大哥", "大姐", "同学", "总", "哥", "姐",
              "太太", "老板", "医生", "护士", "主任", "叔", "妈", "爸", "奶奶", "爷爷", "Mr", "Ms", "Mrs"]
PLATFORM_WORDS = ["微信", "vx", "v信", "wx:", "薇信", "企鹅", "扣扣", "QQ", "qq", "支付宝", "抖音", "微博"]

errors, warnings = [], []


def err(rid, msg):
    errors.append(f"{rid}: {msg}")


def norm(text):
    """Same-length copy with full-width digits and Chinese numerals mapped to ASCII digits."""
    return "".join(str(digit_value(c)) if digit_value(c) is not None else c for c in text)


def number_runs(text):
    """(start, end, digits) for contiguous digit runs and for runs joined by single separators."""
    n = norm(text)
    out = []
    for m in re.finditer(r"\d+", n):
        out.append((m.start(), m.end(), m.group()))
    for m in re.finditer(r"\d(?:[ \-.·\u00a0\u200b]?\d)+", n):
        out.append((m.start(), m.end(), re.sub(r"\D", "", m.group())))
    # 17 digits + X (ID shaped)
    for m in re.finditer(r"\d{17}[Xx]|\d{6}[ ]?\d{8}[ ]?\d{3}[\dXx]|\d{6} \d{4} \d{4} \d{3}[\dXx]", n):
        out.append((m.start(), m.end(), re.sub(r"[^\dXx]", "", m.group()).upper()))
    return out


MOBILE = re.compile(r"^1[3-9]\d{9}$")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+\s*(?:@|＠|\(at\)|\[at\]|艾特)\s*[A-Za-z0-9\-]+(?:\s*(?:\.|\[dot\]|点|dot)\s*[A-Za-z]+)+")


def pii_hits(text):
    hits = []
    for s, e, d in number_runs(text):
        if MOBILE.match(d):
            hits.append((s, e, "mobile-shaped " + d))
        if 16 <= len(d) <= 19 and d.isdigit() and luhn_ok(d):
            hits.append((s, e, "luhn-valid " + d))
        if len(d) in (15, 18) and id_valid(d):
            hits.append((s, e, "valid ID " + d))
    for m in EMAIL_RE.finditer(text):
        hits.append((m.start(), m.end(), "e-mail " + m.group()))
    return hits


def check_span(rid, typ, val):
    d = digits_of(val)
    if typ == "ID":
        if not id_valid(d):
            err(rid, f"ID invalid (check digit/date): {val!r}")
    elif typ == "BANKCARD":
        if not (16 <= len(d) <= 19 and luhn_ok(d)):
            err(rid, f"BANKCARD fails length/Luhn: {val!r}")
    elif typ == "PHONE":
        if len(d) < 3 or len(d) > 16:
            err(rid, f"PHONE odd digit count: {val!r}")
        if d.startswith(("400", "800")) and len(d) == 10:
            err(rid, f"PHONE looks like hotline: {val!r}")
        if "*" in val:
            err(rid, f"PHONE masked: {val!r}")
    elif typ == "NAME":
        if any(h in val for h in HONORIFICS if len(val) > len(h)) and not re.search(r"[A-Za-z]{3,}", val):
            warnings.append(f"{rid}: NAME contains honorific-like chars: {val!r}")
        if re.search(r"\d", val):
            err(rid, f"NAME with digit: {val!r}")
    elif typ == "MESSAGING":
        if val.startswith("@"):
            err(rid, f"MESSAGING with @: {val!r}")
        if any(val.lower().startswith(w.lower()) for w in PLATFORM_WORDS) or any(
                w in val for w in PLATFORM_WORDS if not w.isascii()):
            err(rid, f"MESSAGING with platform word: {val!r}")
    elif typ == "EMAIL":
        if not re.search(r"@|＠|\bat\b|艾特|#|\(at\)|\[at\]", val):
            err(rid, f"EMAIL without at-marker: {val!r}")
    elif typ == "PLATE":
        core = re.sub(r"[\s·.\-•]", "", val)
        if core[0] not in PROVINCES or not (7 <= len(core) <= 9):
            err(rid, f"PLATE shape: {val!r}")
    elif typ == "PASSPORT":
        core = re.sub(r"[\s\-]", "", val)
        if not re.fullmatch(r"[A-Za-z0-9]{7,11}", core):
            err(rid, f"PASSPORT shape: {val!r}")
    elif typ == "ADDRESS":
        if len(val) < 6:
            err(rid, f"ADDRESS too short: {val!r}")


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                err(f"{os.path.basename(path)}:{i}", f"bad JSON {e}")
    return rows


def main():
    pos = load(os.path.join(OUT, "pii_cases.jsonl"))
    neg = load(os.path.join(OUT, "negatives.jsonl"))
    counts = collections.Counter()
    ids, texts = set(), set()
    for r in pos:
        rid, text, spans = r["id"], r["text"], r["spans"]
        if set(r) != {"id", "text", "spans", "note"}:
            err(rid, "keys")
        if not re.fullmatch(r"q\d{4}", rid) or rid in ids:
            err(rid, "bad/duplicate id")
        ids.add(rid)
        if text in texts:
            err(rid, "duplicate text")
        texts.add(text)
        if not spans:
            err(rid, "no spans")
        last = -1
        for s, e, t in spans:
            if t not in ALL_TYPES:
                err(rid, f"unknown type {t}")
            if not (0 <= s < e <= len(text)) or s < last:
                err(rid, f"span order/bounds {s},{e}")
            last = e
            val = text[s:e]
            if val != val.strip() or val[0] in INVISIBLE or val[-1] in INVISIBLE:
                err(rid, f"surrounding whitespace in {val!r}")
            counts[t] += 1
            check_span(rid, t, val)
        # unlabelled personal data outside the spans
        for hs, he, what in pii_hits(text):
            if not any(s <= hs and he <= e for s, e, _ in spans) and not any(
                    s < he and hs < e for s, e, _ in spans):
                err(rid, f"unlabelled {what}")
    keep_n = 0
    for r in neg:
        rid, text, keep = r["id"], r["text"], r["keep"]
        if set(r) != {"id", "text", "keep", "note"}:
            err(rid, "keys")
        if not re.fullmatch(r"r\d{4}", rid) or rid in ids:
            err(rid, "bad/duplicate id")
        ids.add(rid)
        if text in texts:
            err(rid, "duplicate text")
        texts.add(text)
        if not keep:
            warnings.append(f"{rid}: no keep strings")
        for k in keep:
            if not k or k not in text:
                err(rid, f"keep not in text: {k!r}")
            if k != k.strip():
                err(rid, f"keep with surrounding whitespace: {k!r}")
        keep_n += len(keep)
        for hs, he, what in pii_hits(text):
            err(rid, f"negative holds {what}")
    print("positive spans per type:")
    for t in ALL_TYPES:
        flag = "" if counts[t] >= MIN[t] else f"   (below minimum {MIN[t]})"
        print(f"  {t:10s} {counts[t]:4d}{flag}")
    print(f"  {'TOTAL':10s} {sum(counts.values()):4d}")
    print(f"positive texts: {len(pos)}")
    print(f"negative texts: {len(neg)}")
    print(f"keep strings:   {keep_n}")
    short = []
    if sum(counts.values()) < 450:
        short.append("total spans < 450")
    if len(pos) < 330:
        short.append("positive texts < 330")
    if len(neg) < 330:
        short.append("negative texts < 330")
    if keep_n < 500:
        short.append("keep strings < 500")
    short += [f"{t} < {MIN[t]}" for t in ALL_TYPES if counts[t] < MIN[t]]
    for w in warnings:
        print("WARN", w)
    for e in errors:
        print("ERROR", e)
    if short:
        print("SIZE SHORTFALL:", "; ".join(short))
    print("OK" if not errors and not short else f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
