"""Served figures of one trained model on two instruction sets: this CPU and an emulated AVX2-only one.

    python benchmarks/isa_parity.py [--model models/bert] [--runtimes onnx_int8 onnx] [--sample 0]

The served runtimes are prepared from the trained model as `register` prepares
them; each is then evaluated exactly as `register` evaluates it (the gate
figures, real test and written test), once natively and once under
`qemu-x86_64 -cpu max` (QEMU's user-mode emulator: AVX2 and FMA, no AVX-512,
no VNNI; Debian package `qemu-user`). Dynamic int8 kernels are chosen by
instruction set, so this is the check that served figures reproduce on another
machine. Prints each gate figure per runtime and ISA, the largest difference,
and the share of identical session decisions. Emulation is slow (about 30x):
`--sample N` evaluates N sessions per section. A benchmark prints figures; it
asserts nothing (register's `runtime_tolerance` is the bound it is read against).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

EMULATOR = ["qemu-x86_64", "-cpu", "max"]


def evaluate_child(args: argparse.Namespace) -> None:
    from pipeline.evaluate import evaluate_model, predicted_figures, read_evaluation_splits
    from pipeline.io import read_table
    from pipeline.params import load_params
    from pipeline.register import gate_figures, gate_metrics
    from pipeline.runtime import cpu_description, load_served

    params = load_params(args.params)
    model, runtime = load_served(args.serving_dir, args.runtime)
    turns, sessions = read_table(args.turns), read_table(args.sessions)
    split_ids = read_evaluation_splits(args.split_dir)
    if args.sample:
        split_ids = {k: v.sort_values().head(args.sample) for k, v in split_ids.items()}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as plots:
        metrics, predictions = evaluate_model(model, turns, sessions, split_ids, params, Path(plots),
                                              batch_tokens=params.register.batch_tokens)
    figures = gate_metrics(metrics, gate_figures(params, predicted_figures(model.targets, params)))
    decisions = {key: frame[[c for c in frame.columns if c == "y_pred" or c.startswith("pred.")]]
                 .astype(str).to_dict(orient="list") for key, frame in predictions.items()}
    Path(args.out).write_text(json.dumps({"runtime": runtime, "cpu": cpu_description(), "figures": figures,
                                          "decisions": decisions, "seconds": time.perf_counter() - started}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="models/bert")
    parser.add_argument("--runtimes", nargs="+", default=["onnx_int8", "onnx"])
    parser.add_argument("--sample", type=int, default=0, help="sessions per evaluation section (0: all)")
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--turns", default="data/clean/turns.parquet")
    parser.add_argument("--sessions", default="data/clean/sessions.parquet")
    parser.add_argument("--split-dir", default="data/split")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--serving-dir", help=argparse.SUPPRESS)
    parser.add_argument("--runtime", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        evaluate_child(args)
        return
    if shutil.which(EMULATOR[0]) is None:
        sys.exit(f"{EMULATOR[0]} not found: apt-get install qemu-user")

    from pipeline.model import load_model
    from pipeline.runtime import prepare_serving_dir

    staging = Path(tempfile.mkdtemp(prefix="isa-parity-"))
    prepare_serving_dir(load_model(args.model), Path(args.model), staging / "served", "auto")
    common = [sys.executable, __file__, "--child", "--serving-dir", str(staging / "served"), "--params", args.params,
              "--turns", args.turns, "--sessions", args.sessions, "--split-dir", args.split_dir,
              "--sample", str(args.sample)]
    results = {}
    for runtime in args.runtimes:
        for isa, prefix in (("native", []), ("emulated AVX2", EMULATOR)):
            out = staging / f"{runtime}-{isa.split()[0]}.json"
            subprocess.run(prefix + common + ["--runtime", runtime, "--out", str(out)], check=True)
            results[runtime, isa] = json.loads(out.read_text())
            print(f"{runtime:10s} {isa:14s} on {results[runtime, isa]['cpu']}: "
                  f"{results[runtime, isa]['seconds']:.0f} s", flush=True)
    shutil.rmtree(staging, ignore_errors=True)

    table = pd.DataFrame({f"{r} / {i}": v["figures"] for (r, i), v in results.items()})
    print("\nGate figures as served (real test: unprefixed; team-written test: written_test.*)")
    print(table.round(4).to_string())
    for runtime in args.runtimes:
        native, emulated = results[runtime, "native"], results[runtime, "emulated AVX2"]
        moved = max(abs(native["figures"][k] - emulated["figures"][k]) for k in native["figures"])
        same = total = 0
        for key, columns in native["decisions"].items():
            other = emulated["decisions"][key]
            for column, values in columns.items():
                same += sum(a == b for a, b in zip(values, other[column]))
                total += len(values)
        print(f"{runtime}: largest figure difference native vs AVX2 {moved:.4f}; "
              f"identical predicted values {same}/{total} ({same / max(total, 1):.2%})")


if __name__ == "__main__":
    main()
