"""Turn the hand-written source files (inline marks) into the two JSONL files.

Source lines: text with inline marks, a tab, then a note.
  positives (pos_*.txt): {TYPE|value} marks a span of personal data.
  negatives (neg_*.txt): {K|value} marks a substring that must survive.
Blank lines and lines starting with '#' are skipped.
"""
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent
MARK = re.compile(r"\{([A-Z]+)\|([^{}|]*)\}")
TYPES = {"NAME", "PHONE", "MESSAGING", "ID", "BANKCARD", "EMAIL", "PASSPORT", "PLATE", "ADDRESS"}


def parse(line, path, lineno):
    if line.count("\t") != 1:
        raise SystemExit(f"{path.name}:{lineno}: expected exactly one tab")
    marked, note = line.split("\t")
    text, marks, pos = [], [], 0
    length = 0
    for m in MARK.finditer(marked):
        before = marked[pos:m.start()]
        text.append(before)
        length += len(before)
        marks.append((length, length + len(m.group(2)), m.group(1), m.group(2)))
        text.append(m.group(2))
        length += len(m.group(2))
        pos = m.end()
    text.append(marked[pos:])
    text = "".join(text)
    if any(c in text for c in "{}"):
        raise SystemExit(f"{path.name}:{lineno}: stray brace in text")
    return text, marks, note.strip()


def lines(pattern):
    for path in sorted(HERE.glob(pattern)):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            yield path, lineno, line


def main():
    pos = []
    for path, lineno, line in lines("pos_*.txt"):
        text, marks, note = parse(line, path, lineno)
        for _, _, t, _ in marks:
            if t not in TYPES:
                raise SystemExit(f"{path.name}:{lineno}: bad type {t}")
        if not marks:
            raise SystemExit(f"{path.name}:{lineno}: positive without a span")
        pos.append({"id": f"q-{len(pos) + 1:04d}", "text": text,
                    "spans": [[s, e, t] for s, e, t, _ in marks], "note": note})
    neg = []
    for path, lineno, line in lines("neg_*.txt"):
        text, marks, note = parse(line, path, lineno)
        if not marks or any(t != "K" for _, _, t, _ in marks):
            raise SystemExit(f"{path.name}:{lineno}: negatives take {{K|...}} marks only")
        neg.append({"id": f"qn-{len(neg) + 1:04d}", "text": text,
                    "keep": [v for _, _, _, v in marks], "note": note})
    with open(OUT / "pii_cases.jsonl", "w", encoding="utf-8") as f:
        for r in pos:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(OUT / "negatives.jsonl", "w", encoding="utf-8") as f:
        for r in neg:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(pos)} positives, {sum(len(r['spans']) for r in pos)} spans, {len(neg)} negatives")


if __name__ == "__main__":
    main()
