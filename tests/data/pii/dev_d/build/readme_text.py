# README template for the held-out set; filled in by build.py
TEMPLATE = """# Held-out PII masking test set (Chinese customer-service chat)

A held-out set for measuring personal-data masking on Chinese call-center /
online customer-service transcripts. It was written by hand from scratch
**without seeing the masking rules or code, or the project's other test
sets**, so it measures the masker on data its authors never tuned on.

Contexts: JD.com / Taobao / Pinduoduo shops, couriers (顺丰, 中通, 韵达,
京东物流, 菜鸟驿站), telecom operators, bank card centres, airlines, OTAs and
hotels, car services (4S shops, insurance, rescue, parking, ride hailing, ETC),
home-appliance delivery and installation, food delivery, second-hand trading,
online education, plus insurance, hospitals, property management and
recruitment. Styles: short informal turns, typos, missing punctuation, mixed
Chinese/English, Cantonese and traditional characters, voice-input run-on
sentences, agent scripts, SMS notices, form-like records, exported order
remarks, CSV/JSON pastes and multi-line pastes ({n_multiline} positive texts
span several lines).

## Files

| file | what |
|---|---|
| `pii_cases.jsonl` | {n_cases} texts with {n_spans} labelled personal-data spans |
| `negatives.jsonl` | {n_negs} texts with no personal data, {n_keep} substrings that must survive masking |
| `build/` | the scripts that generate the set and the validator |

All files are UTF-8, one JSON object per line.

`pii_cases.jsonl`:
`{{"id": "k0001", "text": "...", "spans": [[start, end, "TYPE"], ...], "note": "..."}}`
`start`/`end` are Python code-point offsets; `text[start:end]` is exactly the
personal data. Spans are sorted, non-empty, non-overlapping and carry no
surrounding whitespace. Every text has at least one span.

`negatives.jsonl`:
`{{"id": "m0001", "text": "...", "keep": ["...", ...], "note": "..."}}`
Each `keep` string occurs verbatim in `text` and must still occur verbatim
after masking. The texts contain no personal data at all, so ideally the
masker leaves them unchanged.

## Counts (computed by `build/build.py`)

| type | spans |
|---|---|
{rows}
| **total** | **{n_spans}** |

ID spans: {n_id18} 18-digit numbers (every one with a valid ISO 7064 MOD 11-2
check digit and a valid birth date) and {n_id15} old 15-digit numbers.
All BANKCARD spans have 16-19 digits and pass the Luhn check.

## Labelling conventions

- **NAME**: the person's name only. Honorifics, titles and kinship words stay
  outside the span: 王先生 → 王, 马老师 → 马, 小邱师傅 → 邱, 老周 → 周,
  赵阿姨 → 赵. A surname given on its own is labelled (我姓林, 房东姓卞).
  Compound surnames (欧阳, 司马, 上官, 宇文, 尉迟, 皇甫, 慕容, 诸葛, 司徒),
  minority names with their middle dot (阿依努尔·吐尔逊), Tibetan, Mongolian,
  Yi, Hui and Korean-Chinese names, romanised names (Zhang Wei, PARK JIHOON,
  airline style LIU/HAORAN) and the English names customers go by (Tina,
  Jason, Kelvin) are names. A misspelt version of a person's name is still a
  name. **Not** names: an agent's own work nickname or staff number
  (客服小王, 小美, 阿杰, 服务顾问小张, 工号9527), brand and shop names that look
  like person names (李宁, 周大福, 康师傅, 李先生牛肉面, 张亮麻辣烫, 王婆大虾),
  forms of address without a name (亲, 先生, 师傅, 宝子, 家人们).
- **PHONE**: the whole number as written, including +86 / 0086 / +852 /
  +853 / +886 prefixes, separators, the area code (also in parentheses) and
  an extension written together with it (转6032, 分机2035). Numbers in
  Chinese numerals, with 幺/两, mixed digits and numerals, full-width digits,
  and a letter O typed for zero are labelled. A number given in pieces gets
  one span per piece. Hotlines (400-/800-, 95xxx, 100xx, 123xx) and
  already-masked numbers (138****5672) are not personal data. "微信同号"
  followed by a mobile is labelled PHONE.
- **MESSAGING**: the account id only, without the platform word (微信, vx,
  威信, 卫星, 绿泡泡, 企鹅, 扣扣, 抖音, 小红书, 快手) and without a leading "@".
  Alipay accounts are MESSAGING even when they look like a phone number or an
  e-mail address. Ids with decoration inserted by the user (❤️, spaces) are
  labelled whole.
- **ID**: the whole resident ID number including internal spaces; one is
  written in full-width digits.
- **BANKCARD**: the whole card number including separators (spaces, dashes,
  dots). Card tails such as 尾号8866 are not labelled.
- **EMAIL**: the whole address including obfuscations: `#`, `(at)`,
  `[at] ... [dot]`, `at ... dot`, 艾特, 圈a, 点, full-width ＠ and stray
  spaces.
- **PASSPORT**: Chinese passports (E + 8 digits, EA/EB/EC/ED/EE + 7 digits,
  old G + 8 digits), foreign passports (US, UK, Japan, Korea, Germany,
  France, Canada, Australia, Russia, India, Malaysia, Singapore, Thailand,
  Philippines, Vietnam), Hong Kong/Macau travel permits (C/W), home-return
  permits (H/M), Taiwan travel permits (L) and Taiwan compatriot permits.
- **PLATE**: the whole plate including the province character, any separator
  (·, ．, -, spaces) and suffixes 学 / 挂 / 港; new-energy 8-character plates,
  lower-case and full-width spellings included.
- **ADDRESS**: the address as given, from province-to-room addresses down to
  a community + building + room, a campus dormitory or a village. City names
  alone, public landmarks, metro stations and airports are not labelled.
- Text outside the spans in `pii_cases.jsonl` (order numbers, tax numbers,
  hotlines, placeholders such as [订单1] / [数字2], flight numbers) is not
  personal data either.

## Negatives

Hard negatives: prices, quantities, durations, dates and times,
placeholders ([订单x], [数字x], [姓名], {{name}}, masked values), product
model codes, sizes, brand and shop names that look like person names,
company hotlines, SKU / EAN / ISBN / tax / invoice / order / tracking numbers,
version numbers, pickup and verification codes, coupon codes, flight and
train numbers, common words starting with a surname character (王者荣耀,
张贴, 马上, 周末, 平安, 谢谢, 单号, 查询), agent nicknames and staff numbers, and
forms of address without a name. The validator checks that no negative holds
a Luhn-valid 16-19 digit number, a valid ID number, a mobile-shaped 11-digit
number or an e-mail address.

## Values

All values are invented. Resident ID numbers use real area-code prefixes with
computed check digits; card numbers use common bank prefixes with computed
Luhn digits; any match with a real person or account is accidental.

## Regenerating and validating

```
python3 build/build.py OUT_DIR      # writes the three files, byte-identical
python3 build/validate.py OUT_DIR   # structure, offsets, check digits, counts
```

The texts live in `build/pos_*.py` and `build/neg_*.py` with inline markup
(`⟦T|value⟧` for a span, `⟪value⟫` for a keep string); for ID and BANKCARD
values a `?` is replaced by the computed check digit.
"""
