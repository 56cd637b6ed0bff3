"""Masking with and without the learned name tagger, each PII development set left out in turn.

For every set: train the tagger on the other sets (and the no-name chat turns), then run
`pipeline.pii_report.measure` on the left-out set with the rules alone and with
rules + that tagger. Prints and writes NAME recall / precision, negatives kept
and idempotence per set and pooled. The held-out set is not read.

    python benchmarks/name_tagger_sets.py --sets tests/data/pii/dev_a ... --turns data/interim/turns.parquet \
        --out metrics/experiments/name-tagger-sets.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sklearn.feature_extraction import DictVectorizer

from pipeline.io import write_json
from pipeline.name_tagger import featurise, fit, named_weights, read_chat_turns, read_set
from pipeline.params import load_params
from pipeline.pii_report import measure
from pipeline.text.name_model import NameModel, using


def figures(report: dict) -> dict:
    name = report["types"]["NAME"]
    return {
        "name_recall": round(name["recall"]["value"], 4),
        "name_recall_ci": [round(name["recall"]["ci_low"], 3), round(name["recall"]["ci_high"], 3)],
        "name_spans": name["recall"]["n"],
        "name_precision": round(name["precision"]["value"], 4),
        "negatives_kept": round(report["negatives_kept"]["value"], 4),
        "idempotent": round(report["idempotent"]["value"], 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--sets", nargs="+", required=True, type=Path)
    parser.add_argument("--extra-training", nargs="*", default=[], type=Path,
                        help="training-only sets, never left out (tests/data/pii/tagger_train)")
    parser.add_argument("--turns", required=True, type=Path)
    parser.add_argument("--threshold", type=float, help="default: the shipped tagger's threshold")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    p = load_params(args.params).name_tagger
    threshold = args.threshold or NameModel.load().threshold
    examples = {d.name: read_set(d) for d in args.sets + args.extra_training}
    chat = read_chat_turns(args.turns, p.chat_sources, p.chat_turns, len(args.sets), p.seed)
    out = {"threshold": threshold, "sets": {}}
    for i, left_out in enumerate(args.sets):
        train = [e for name, rows in examples.items() if name != left_out.name for e in rows] \
            + [e for e in chat if e.group != f"chat-{i}"]
        rows, labels, _, _ = featurise(train)
        vectorizer = DictVectorizer()
        weights = named_weights(vectorizer, fit(vectorizer.fit_transform(rows), labels, p.C, p.seed))
        with using(None):
            rules, _ = measure([left_out])
        with using(NameModel(weights, threshold)):
            both, _ = measure([left_out])
        out["sets"][left_out.name] = {"rules": figures(rules), "rules_and_tagger": figures(both)}
        print(left_out.name, json.dumps(out["sets"][left_out.name]))
    for kind in ("rules", "rules_and_tagger"):
        spans = sum(s[kind]["name_spans"] for s in out["sets"].values())
        out[f"pooled_{kind}_name_recall"] = round(
            sum(s[kind]["name_recall"] * s[kind]["name_spans"] for s in out["sets"].values()) / spans, 4)
    print({k: v for k, v in out.items() if k.startswith("pooled")})
    write_json(out, args.out)


if __name__ == "__main__":
    main()
