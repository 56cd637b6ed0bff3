"""Ingest and clean at N times the shipped corpora: peak memory and turns per second.

    python benchmarks/scale.py --factors 1 10 50 [--out metrics/scale.json] [--code DIR]

For each factor the real and public corpora named in params.yaml are written N
times over into a temporary directory. Copy 0 is the corpus itself (its ids
carry the team's labels); copy k > 0 gives every session and customer a new id
(`<id>~k`) and replaces about one CJK character in ten of every turn with
another character of the corpus, so the copies are distinct sessions, not
duplicates that `clean` would drop at once: the duplicate index has to hold
them as it would hold a larger real corpus. Team-written sessions come once.

`python -m pipeline.ingest` and `python -m pipeline.clean` then run, each in
its own process, with params pointing at the copies; the figures are each
process's peak resident memory (ru_maxrss), its wall time, and the cleaning
report's turns/s. `--code DIR` runs another checkout's pipeline (an older
commit, for a before/after row) on the same copies. Prints and writes the
figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.sources import SHOP_SYSTEM_EVENTS  # noqa: E402

CJK_LOW, CJK_HIGH = 0x4E00, 0x9FFF
SWAP_SHARE = 0.1

RUNNER = """
import resource, runpy, sys
sys.argv = sys.argv[1:]
runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
print("MAXRSS_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


class Mutator:
    """Replaces a share of a text's CJK characters with characters drawn from a pool."""

    def __init__(self, pool: np.ndarray, seed: int):
        self.pool = pool
        self.rng = np.random.default_rng(seed)

    def __call__(self, text: str) -> str:
        if not text or text in SHOP_SYSTEM_EVENTS:
            return text
        points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).copy()
        swap = (points >= CJK_LOW) & (points <= CJK_HIGH) & (self.rng.random(len(points)) < SWAP_SHARE)
        points[swap] = self.rng.choice(self.pool, int(swap.sum()))
        return points.tobytes().decode("utf-32-le")


def character_pool(paths: list[Path]) -> np.ndarray:
    text = "".join(p.read_text(encoding="utf-8-sig")[:2_000_000] for p in paths)
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    return points[(points >= CJK_LOW) & (points <= CJK_HIGH)]


def copy_jddc(source: Path, target: Path, factor: int, pool: np.ndarray) -> None:
    lines = source.read_text(encoding="utf-8").splitlines()
    with target.open("w", encoding="utf-8") as out:
        for k in range(factor):
            mutate = Mutator(pool, k)
            for line in lines:
                fields = line.split("\t")
                if k:
                    fields[0], fields[1], fields[6] = f"{fields[0]}~{k}", f"{fields[1]}~{k}", mutate(fields[6])
                out.write("\t".join(fields) + "\n")


def copy_json_array(source: Path, target: Path, factor: int, pool: np.ndarray, change) -> None:
    records = json.loads(source.read_text(encoding="utf-8-sig"))
    with target.open("w", encoding="utf-8") as out:
        out.write("[")
        first = True
        for k in range(factor):
            mutate = Mutator(pool, k)
            for rec in records:
                out.write(("" if first else ",\n") + json.dumps(change(dict(rec), k, mutate) if k else rec,
                                                                  ensure_ascii=False))
                first = False
        out.write("]")


def shop_copy(rec: dict, k: int, mutate: Mutator) -> dict:
    rec["id"] = f"{rec['id']}~{k}"
    rec["dialogs"] = [mutate(str(t)) for t in rec["dialogs"]]
    return rec


def ewect_copy(rec: dict, k: int, mutate: Mutator) -> dict:
    rec["id"] = f"{rec['id']}~{k}"
    rec["content"] = mutate(str(rec["content"]))
    return rec


def copy_cped(source: Path, target: Path, factor: int, pool: np.ndarray) -> None:
    import pandas as pd

    frame = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for k in range(factor):
        part = frame
        if k:
            mutate = Mutator(pool, k)
            part = frame.assign(TV_ID=frame["TV_ID"] + f"~{k}", Dialogue_ID=frame["Dialogue_ID"] + f"~{k}",
                                Utterance=[mutate(t) for t in frame["Utterance"]])
        part.to_csv(target, mode="w" if k == 0 else "a", header=k == 0, index=False,
                    encoding="utf-8-sig" if k == 0 else "utf-8")


def build_corpora(params: dict, factor: int, directory: Path) -> dict:
    """Writes the N-fold corpora; returns params whose `data` points at them."""
    data = params["data"]
    shared = {key: (ROOT / data[key]).resolve() for key in ("jddc_path", "shop_dir", "ewect_dir", "cped_dir")}
    pool = character_pool([shared["jddc_path"], shared["shop_dir"] / data["shop_files"][0]])
    for key in ("shop_dir", "ewect_dir", "cped_dir"):
        (directory / key).mkdir(parents=True, exist_ok=True)
    copy_jddc(shared["jddc_path"], directory / "chat.txt", factor, pool)
    for name in data["shop_files"]:
        copy_json_array(shared["shop_dir"] / name, directory / "shop_dir" / name, factor, pool, shop_copy)
    for name in data["ewect_files"]:
        copy_json_array(shared["ewect_dir"] / name, directory / "ewect_dir" / name, factor, pool, ewect_copy)
    for name in data["cped_files"]:
        copy_cped(shared["cped_dir"] / name, directory / "cped_dir" / name, factor, pool)
    scaled = json.loads(json.dumps(params))
    scaled["data"].update(jddc_path=str(directory / "chat.txt"), shop_dir=str(directory / "shop_dir"),
                          ewect_dir=str(directory / "ewect_dir"), cped_dir=str(directory / "cped_dir"),
                          labels_dir=str(ROOT / data["labels_dir"]))
    return scaled


def run_stage(code: Path, module: str, arguments: list[str]) -> dict:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", RUNNER, module, *arguments], cwd=code, capture_output=True,
                          text=True, env={"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin", "TQDM_DISABLE": "1"})
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"{module} failed:\n{done.stderr[-3000:]}")
    rss = [int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("MAXRSS_KB")][-1]
    return {"peak_rss_mib": round(rss / 1024, 1), "seconds": round(seconds, 1)}


def measure(code: Path, params: dict, factor: int) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"scale{factor}-") as tmp:
        tmp = Path(tmp)
        scaled = build_corpora(params, factor, tmp / "corpora")
        (tmp / "params.yaml").write_text(yaml.safe_dump(scaled, allow_unicode=True), encoding="utf-8")
        out = tmp / "out"
        ingest = run_stage(code, "pipeline.ingest", [
            "--params", str(tmp / "params.yaml"), "--turns-out", str(out / "interim/turns.parquet"),
            "--sessions-out", str(out / "interim/sessions.parquet"), "--metrics-out", str(out / "labels.json")])
        clean = run_stage(code, "pipeline.clean", [
            "--params", str(tmp / "params.yaml"), "--turns", str(out / "interim/turns.parquet"),
            "--sessions", str(out / "interim/sessions.parquet"), "--turns-out", str(out / "clean/turns.parquet"),
            "--sessions-out", str(out / "clean/sessions.parquet"), "--removed-out", str(out / "clean/removed.parquet"),
            "--report-out", str(out / "cleaning.json")])
        report = json.loads((out / "cleaning.json").read_text())
        turns = report["turns_in"]
        return {
            "factor": factor, "turns_in": turns, "sessions_in": report["sessions_in"],
            "sessions_out": report["sessions_out"],
            "ingest": {**ingest, "turns_per_second": round(turns / ingest["seconds"], 1)},
            "clean": {**clean, "turns_per_second_whole_stage": round(turns / clean["seconds"], 1),
                      "turns_per_second_cleaning": report["turns_per_second"]},
        }


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return f"{line.split(':', 1)[1].strip()}, {os.cpu_count()} cores"
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--params", type=Path, default=ROOT / "params.yaml")
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose pipeline runs")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    params = yaml.safe_load(args.params.read_text(encoding="utf-8"))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=args.code, capture_output=True,
                            text=True).stdout.strip()
    rows = []
    for factor in args.factors:
        row = measure(args.code.resolve(), params, factor)
        rows.append(row)
        print(f"{factor:>3}x  {row['turns_in']:>9,} turns  {row['sessions_in']:>9,} sessions | "
              f"ingest {row['ingest']['peak_rss_mib']:>7.1f} MiB {row['ingest']['seconds']:>6.1f} s "
              f"{row['ingest']['turns_per_second']:>9,.0f} turns/s | clean {row['clean']['peak_rss_mib']:>7.1f} MiB "
              f"{row['clean']['seconds']:>6.1f} s {row['clean']['turns_per_second_whole_stage']:>8,.0f} turns/s "
              f"(cleaning {row['clean']['turns_per_second_cleaning']:,.0f})", flush=True)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"commit": commit, "machine": cpu_name(),
                                        "chunk_turns": params["data"].get("chunk_turns"), "rows": rows},
                                       indent=2) + "\n")


if __name__ == "__main__":
    main()
