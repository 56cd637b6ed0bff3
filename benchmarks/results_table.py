"""Print the README's test-split table from the evaluation metrics `dvc repro` writes.

    python benchmarks/results_table.py            # print it
    python benchmarks/results_table.py --write    # replace it in README.md between its markers

tests/test_dvc_contract.py checks that the README's table equals this output, so the
figures people read are the ones the committed metrics hold.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pipeline.metrics import with_interval

ROOT = Path(__file__).resolve().parents[1]
MODELS = (("baseline", "TF-IDF baseline"), ("bert", "BERT fp32"), ("ensemble", "ensemble, the default (fp32)"))
TARGETS = (("legitimacy", "legitimacy"), ("flags", "risk flags"), ("emotion", "turn emotion"),
           ("emotion_peak", "emotion_peak (derived)"), ("emotion_peak_direct", "emotion_peak (direct)"),
           ("emotion_end", "emotion_end (derived)"))
# (metric prefix inserted after the target, row label)
GROUPS = (("", "real, both corpora"), ("source.jddc.", "real, JDDC sample"),
          ("source.jddc21_shop.", "real, shop chats"), ("written_test.", "written test"))
BEGIN, END = "<!-- test table -->", "<!-- /test table -->"


def render(metrics_dir: Path) -> str:
    evals = {kind: json.loads((metrics_dir / f"eval_{kind}.json").read_text(encoding="utf-8")) for kind, _ in MODELS}
    lines = ["| target | sessions | " + " | ".join(label for _, label in MODELS) + " |",
             "|---|---|" + "---|" * len(MODELS)]
    for group, group_label in GROUPS:
        for target, target_label in TARGETS:
            key = (f"written_test.{target}.macro_f1" if group == "written_test."
                   else f"{target}.{group}macro_f1")
            lines.append(f"| {target_label} | {group_label} | "
                         + " | ".join(with_interval(evals[kind], key) for kind, _ in MODELS) + " |")
    return "\n".join(lines)


def readme_table(readme: str) -> str:
    start, stop = readme.index(BEGIN) + len(BEGIN), readme.index(END)
    return readme[start:stop].strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--metrics-dir", type=Path, default=ROOT / "metrics")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md")
    parser.add_argument("--write", action="store_true", help="replace the table in the README")
    args = parser.parse_args()
    table = render(args.metrics_dir)
    if args.write:
        text = args.readme.read_text(encoding="utf-8")
        old = readme_table(text)
        args.readme.write_text(text.replace(old, table, 1), encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
