"""How the masking does on real turns: a judged sample, not the team-written sets.

    python -m pipeline.pii_audit sample --turns data/interim/turns.parquet --labels data/pii_audit
    python -m pipeline.pii_audit show --turns data/interim/turns.parquet --labels data/pii_audit [--part masks|turns]
    python -m pipeline.pii_audit import --turns data/interim/turns.parquet --labels data/pii_audit \
        --judged /tmp/judged_masks.jsonl /tmp/judged_turns.jsonl
    python -m pipeline.pii_audit report --turns data/interim/turns.parquet --labels data/pii_audit \
        --out metrics/pii_real.json      (DVC stage `pii_audit`)

Two samples of the real corpora's raw turns (the text `clean` reads), drawn with a fixed seed:
- `masks.jsonl`: spans the masker finds (not the corpora's own placeholders such as JDDC's
  [姓名x]), up to `--per-stratum` per corpus and type. A judge marks each `personal`,
  `partly` (personal data, wrong bounds) or `not_personal`: precision per corpus and type.
- `turns.jsonl`: random turns per corpus. A judge lists the personal data each holds;
  recall is the share of those characters the masker covers.

The label files hold keys and offsets only, never the corpora's text (the text stays in
../shared and is joined at `show`, `import` and `report` time). Offsets are in the turn as the
masker sees it (`pipeline.pii_report.as_masked`); `text_sha1` says when that text changed.
`report` (the stage) writes precision and recall with exact binomial intervals; a labelled turn
missing from the input (a debug-size ingest) is counted, not an error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

from pipeline.io import read_jsonl, write_json
from pipeline.metrics import binomial_interval
from pipeline.pii_report import as_masked
from pipeline.text import find_pii
from pipeline.text.placeholders import JDDC_TOKEN, PLACEHOLDER_TOKEN

REAL_SOURCES = ("jddc", "jddc21_shop", "cped", "ewect")
AUDITED_TYPES = ("NAME", "PHONE", "MESSAGING", "ID", "BANKCARD", "EMAIL", "PASSPORT", "PLATE", "ADDRESS")
VERDICTS = ("personal", "partly", "not_personal")
CONFIDENCE = 0.95


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _key(row) -> str:
    return f"{row['source']}|{row['session_id']}|{row['turn_index']}"


def read_real_turns(path: Path) -> pd.DataFrame:
    turns = pd.read_parquet(path, columns=["session_id", "turn_index", "role", "text", "source"])
    turns = turns[turns["source"].isin(REAL_SOURCES)].copy()
    turns["masked_view"] = turns["text"].map(as_masked)
    turns["key"] = turns.apply(_key, axis=1)
    return turns.reset_index(drop=True)


def found_spans(text: str) -> list[tuple[int, int, str]]:
    """The masker's own finds: not a corpus placeholder (JDDC's [姓名x]) nor one already typed."""
    return [(s, e, t) for s, e, t in find_pii(text)
            if t in AUDITED_TYPES and not JDDC_TOKEN.fullmatch(text[s:e]) and not PLACEHOLDER_TOKEN.fullmatch(text[s:e])]


def sample(turns: pd.DataFrame, labels: Path, per_stratum: int, turns_per_source: int, seed: int) -> None:
    rng = random.Random(seed)
    strata: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in turns.itertuples():
        for start, end, kind in found_spans(row.masked_view):
            strata[(row.source, kind)].append({"source": row.source, "session_id": row.session_id,
                                               "turn_index": int(row.turn_index), "start": start, "end": end,
                                               "type": kind, "text_sha1": _sha1(row.masked_view)})
    masks = []
    for (source, kind), spans in sorted(strata.items()):
        chosen = rng.sample(spans, min(per_stratum, len(spans)))
        masks += [dict(span, stratum_size=len(spans), verdict=None) for span in chosen]
    picked = []
    for source in REAL_SOURCES:
        rows = turns[turns["source"] == source]
        for i in sorted(rng.sample(range(len(rows)), min(turns_per_source, len(rows)))):
            row = rows.iloc[i]
            picked.append({"source": source, "session_id": row["session_id"], "turn_index": int(row["turn_index"]),
                           "text_sha1": _sha1(row["masked_view"]), "spans": None})
    labels.mkdir(parents=True, exist_ok=True)
    for name, rows in (("masks.jsonl", masks), ("turns.jsonl", picked)):
        with open(labels / name, "w", encoding="utf-8") as handle:
            for item in rows:
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"{len(masks)} masks in {len(strata)} strata, {len(picked)} turns -> {labels}")


def _texts(turns: pd.DataFrame) -> dict[str, str]:
    return dict(zip(turns["key"], turns["masked_view"]))


def _context(turns: pd.DataFrame, source: str, session_id: str, turn_index: int) -> str:
    rows = turns[(turns["source"] == source) & (turns["session_id"] == session_id)
                 & (turns["turn_index"].between(turn_index - 1, turn_index + 1))]
    return " / ".join(f"{r.role}:{r.masked_view[:120]}" for r in rows.itertuples() if r.turn_index != turn_index)


def show(turns: pd.DataFrame, labels: Path, part: str) -> None:
    texts = _texts(turns)
    for i, item in enumerate(read_jsonl(labels / f"{part}.jsonl")):
        key = _key(item)
        text = texts[key]
        if part == "masks":
            marked = text[:item["start"]] + "⟦" + text[item["start"]:item["end"]] + "⟧" + text[item["end"]:]
            print(json.dumps({"i": i, "type": item["type"], "turn": marked,
                              "around": _context(turns, item["source"], item["session_id"], item["turn_index"])},
                             ensure_ascii=False))
        else:
            print(json.dumps({"i": i, "source": item["source"], "turn": text}, ensure_ascii=False))


def import_judgements(turns: pd.DataFrame, labels: Path, judged_masks: Path, judged_turns: Path) -> None:
    """Judges write `{"i", "verdict"}` (masks) and `{"i", "pii": [{"text", "type"}]}` (turns, the
    substrings as shown by `show`); only verdicts and offsets go into the label files."""
    texts = _texts(turns)
    masks = list(read_jsonl(labels / "masks.jsonl"))
    for judged in read_jsonl(judged_masks):
        if judged["verdict"] not in VERDICTS:
            raise ValueError(f"mask {judged['i']}: verdict {judged['verdict']!r} is not one of {VERDICTS}")
        masks[judged["i"]]["verdict"] = judged["verdict"]
    picked = list(read_jsonl(labels / "turns.jsonl"))
    for judged in read_jsonl(judged_turns):
        item = picked[judged["i"]]
        text = texts[_key(item)]
        spans = []
        for value in judged["pii"]:
            if value["type"] not in AUDITED_TYPES:
                raise ValueError(f"turn {judged['i']}: type {value['type']!r}")
            start = text.find(value["text"])
            if not value["text"] or start < 0:
                raise ValueError(f"turn {judged['i']}: {value['type']} not found in the turn")
            while start >= 0:
                spans.append([start, start + len(value["text"]), value["type"]])
                start = text.find(value["text"], start + len(value["text"]))
        item["spans"] = sorted(spans)
    for name, rows in (("masks.jsonl", masks), ("turns.jsonl", picked)):
        with open(labels / name, "w", encoding="utf-8") as handle:
            for item in rows:
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")


def _proportion(successes: int, trials: int) -> dict:
    low, high = binomial_interval(successes, trials, CONFIDENCE)
    return {"value": successes / trials if trials else None, "ci": [low, high], "successes": successes, "n": trials}


def _covered(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Most of `start:end`'s characters lie inside the spans (bounds may differ a little)."""
    inside = sum(1 for k in range(start, end) if any(s <= k < e for s, e in spans))
    return inside * 2 > end - start


def report(turns: pd.DataFrame, labels: Path) -> dict:
    texts = _texts(turns)
    stale = absent = 0
    verdicts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    still: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for item in read_jsonl(labels / "masks.jsonl"):
        if item["verdict"] is None:
            continue
        if _key(item) not in texts:
            absent += 1
            continue
        text = texts[_key(item)]
        if _sha1(text) != item["text_sha1"]:
            stale += 1
        stratum = (item["source"], item["type"])
        verdicts[stratum][item["verdict"]] += 1
        # the sample was drawn from an earlier masker's finds: which of them today's rules still make
        if _covered(item["start"], item["end"], [(s, e) for s, e, t in found_spans(text) if t == item["type"]]):
            still[stratum][item["verdict"]] += 1
        else:
            still[stratum]["dropped_" + item["verdict"]] += 1
    precision = {}
    for (source, kind), judged in sorted(verdicts.items()):
        kept = still[(source, kind)]
        precision[f"{source}.{kind}"] = {
            "sampled": dict(_proportion(judged["personal"], sum(judged.values())), partly=judged["partly"]),
            "still_masked": dict(_proportion(kept["personal"], kept["personal"] + kept["partly"] + kept["not_personal"]),
                                 partly=kept["partly"]),
            "dropped": {verdict: kept["dropped_" + verdict] for verdict in VERDICTS}}
    gold: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    judged_turns = Counter()
    for item in read_jsonl(labels / "turns.jsonl"):
        if item["spans"] is None:
            continue
        if _key(item) not in texts:
            absent += 1
            continue
        judged_turns[item["source"]] += 1
        text = texts[_key(item)]
        if _sha1(text) != item["text_sha1"]:
            stale += 1
        found = [(s, e) for s, e, _ in found_spans(text)]
        for start, end, kind in item["spans"]:
            gold[(item["source"], kind)][0] += _covered(start, end, found)
            gold[(item["source"], kind)][1] += 1
    recall = {f"{source}.{kind}": _proportion(*counts) for (source, kind), counts in sorted(gold.items())}
    return {"precision": precision, "recall": recall, "judged_turns": dict(judged_turns),
            "stale_labels": stale, "absent_turns": absent, "note": "real turns, judged sample; intervals exact binomial (95 %)"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["sample", "show", "import", "report"])
    parser.add_argument("--turns", type=Path, default=Path("data/interim/turns.parquet"))
    parser.add_argument("--labels", type=Path, default=Path("data/pii_audit"))
    parser.add_argument("--part", choices=["masks", "turns"], default="masks")
    parser.add_argument("--judged", type=Path, nargs=2, metavar=("MASKS", "TURNS"))
    parser.add_argument("--per-stratum", type=int, default=30)
    parser.add_argument("--turns-per-source", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    turns = read_real_turns(args.turns)
    if args.command == "sample":
        sample(turns, args.labels, args.per_stratum, args.turns_per_source, args.seed)
    elif args.command == "show":
        show(turns, args.labels, args.part)
    elif args.command == "import":
        import_judgements(turns, args.labels, *args.judged)
    else:
        figures = report(turns, args.labels)
        print(json.dumps(figures, ensure_ascii=False, indent=1))
        if args.out:
            write_json(figures, args.out)


if __name__ == "__main__":
    main()
