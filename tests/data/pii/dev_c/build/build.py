"""Build tests/data/pii/dev_c/{pii_cases,negatives}.jsonl and README.md.

Run:  python3 build.py [OUT_DIR]   (default /work/main/tests/data/pii/dev_c)
Deterministic: no randomness; IDs/cards get their check digits computed in common.py.
"""
import collections, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from common import parse_case, parse_neg, TYPES  # noqa: E402
import cases_a, cases_b, cases_c, cases_d, cases_e, cases_f  # noqa: E402
import neg_a, neg_b, neg_c  # noqa: E402

OUT = sys.argv[1] if len(sys.argv) > 1 else __import__("os").path.join(__import__("os").path.dirname(__import__("os").path.abspath(__file__)), "..")


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = []
    for mod in (cases_a, cases_b, cases_c, cases_d, cases_e, cases_f):
        for marked, note in mod.C:
            text, spans = parse_case(marked)
            cases.append({"id": f"f{len(cases) + 1:04d}", "text": text, "spans": spans, "note": note})
    negs = []
    for mod in (neg_a, neg_b, neg_c):
        for marked, note in mod.N:
            text, keep = parse_neg(marked)
            negs.append({"id": f"g{len(negs) + 1:04d}", "text": text, "keep": keep, "note": note})
    with open(os.path.join(OUT, "pii_cases.jsonl"), "w", encoding="utf-8") as f:
        for r in cases:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(os.path.join(OUT, "negatives.jsonl"), "w", encoding="utf-8") as f:
        for r in negs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")

    cnt = collections.Counter(s[2] for r in cases for s in r["spans"])
    multi = sum(1 for r in cases if "\n" in r["text"])
    nkeep = sum(len(r["keep"]) for r in negs)
    rows = "\n".join(f"| {t} | {cnt[t]} |" for t in TYPES.values())
    readme = README.format(n_cases=len(cases), n_spans=sum(cnt.values()), rows=rows,
                           multi=multi, n_negs=len(negs), n_keep=nkeep)
    with open(os.path.join(OUT, "README.md"), "w", encoding="utf-8") as f:
        f.write(readme)
    print(len(cases), sum(cnt.values()), dict(cnt), len(negs), nkeep)


README = """# pii_final: held-out PII masking test set

A new, independent test set for measuring the personal-data (PII) masker of the
Chinese call-center transcript pipeline. **It was written without seeing the
masking rules/code or any of the other test sets**, so it measures the masker
held-out, on data its authors never tuned on. Please do not tune the masker on
it; if it is used for development, write another held-out set.

All values are invented. Resident ID numbers were built with a valid birth date
and a valid ISO 7064 MOD 11-2 check character, bank card numbers pass Luhn;
both check digits are computed by the build script, not typed.

## Files

| file | content |
|---|---|
| `pii_cases.jsonl` | {n_cases} texts, {n_spans} labelled spans ({multi} texts are multi-line) |
| `negatives.jsonl` | {n_negs} texts with no personal data, {n_keep} `keep` substrings |
| `build/` | the scripts that generated both files (`python3 build/build.py OUT_DIR`) and `build/validate.py` |

Spans per type in `pii_cases.jsonl` (computed by `build/build.py`):

| type | spans |
|---|---|
{rows}

## Format

`pii_cases.jsonl`, one JSON object per line:

    {{"id": "f0001", "text": "...", "spans": [[start, end, "TYPE"], ...], "note": "..."}}

`text[start:end]` (Python code-point indices) is exactly the personal data.
Every piece of personal data in a text is labelled; anything unlabelled in a
text (company hotlines, flight numbers, agent nicknames, staff numbers, order
placeholders...) is not personal data and should survive.

`negatives.jsonl`, one JSON object per line:

    {{"id": "g0001", "text": "...", "keep": ["...", ...], "note": "..."}}

The text contains no personal data at all; every `keep` string occurs in the
text and must appear unchanged in the masked output (ideally the whole text
is unchanged).

## Conventions

- **PHONE**: mobiles, landlines, HK/Macau/Taiwan and foreign numbers. The span
  covers the country prefix (`+86`, `0086`, `(86)`), the area code and any
  extension (`转8012`, `-312`, `ext 206`), and internal spaces/dashes/dots.
  Numbers written in Chinese numerals (幺/两 included) or mixed digits and
  numerals are PHONE. A mobile dictated as `前三位158 后八位20714436` gives two
  spans (`158` and `20714436`); the words between are not part of either.
  Company hotlines (400-/800-, 95xxx, 100xx, 12315...) are not personal data.
- **NAME**: person names only. Honorifics and kinship/title words are outside
  the span (`王先生` → `王`, `钱阿姨` → `钱`, `刘师傅` → `刘`). A surname alone
  (`我姓陆`) is a NAME. Compound surnames, minority names with `·`, names in
  traditional characters, romanised names (`ZHANG/XIAOMING`, `LI WEI`) and third
  parties (couriers, installers, relatives, neighbours) are names. An agent's
  own work nickname (客服小王, 阿杰) or staff number is not a name, nor are brand
  names that look like names (康师傅, 李宁, 王老吉, 钟薛高...).
- **MESSAGING**: WeChat ids (微信/vx/v信/wx/薇信/威信/徽信/卫星/V❤...), QQ
  numbers (QQ/扣扣/企鹅/q号), Alipay accounts, Douyin/Weibo/Xiaohongshu/DingTalk/
  LINE handles given as contact. The span is the id only (no `@` of a Weibo
  handle, no label). An Alipay account that looks like a phone number or an
  e-mail is still MESSAGING, because the context says it is an account.
- **ID**: 18-digit resident IDs (check character may be `X`/`x`), a few 15-digit
  old IDs, some written with spaces or dashes (span includes them).
- **BANKCARD**: 16-19 digit numbers passing Luhn, with or without spaces/dashes,
  one with full-width digits. Card expiry dates are not labelled.
- **EMAIL**: includes obfuscated forms (`#`, `(at)`, `[at] [dot]`, `at … dot`,
  full-width `＠`, stray spaces); the span covers the whole obfuscated string.
- **PASSPORT**: Chinese passports (E/G + 8 digits, E + letter + 7 digits),
  foreign passports, HK/Macau permits (C…, CA…, H…, M…), Taiwan permits (8
  digits, L…). Flight numbers that share the prefix (CA1045) are not passports.
- **PLATE**: Chinese licence plates with or without `·`, space or dash, in lower
  case, new-energy (6 characters after the city letter), and 学/港/澳/警/挂/领
  suffixes.
- **ADDRESS**: the address from its first component to its last (province /
  city / district / street / number / building / unit / room, villages,
  industrial parks, campus addresses); a leading or trailing `门口`, `附近`,
  `楼下` etc. is outside the span.

## Validation

`python3 build/validate.py tests/data/pii/dev_c` checks: every span is inside
its text, non-empty, has no leading/trailing whitespace, spans do not overlap;
every keep substring occurs in its text; 18-digit IDs pass the check character
and have a valid birth date; bank cards pass Luhn; every type has ≥ 35 spans;
negatives contain no mobile-looking, Luhn-valid card-looking or ID-looking
digit runs.
"""

if __name__ == "__main__":
    main()
