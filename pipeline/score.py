"""Batch scorer: one output row per input session, with a registered model.

    python -m pipeline.score --input PATH --output PATH [--model URI] [--batch-size N]
                             [--turns-output PATH] [--chunk-sessions N] [--report report.html]

Input: a turn table as CSV, JSONL or Parquet (by extension) with columns
session_id, role (customer/agent), text and optional turn_index (file order
otherwise), or the raw JDDC chat log (.txt/.tsv, tab-separated, no header).
Turns of a session must be contiguous (as in exports sorted by session).

- Streams the input in chunks of whole sessions: memory stays bounded.
- Never drops a session: each gets predictions or `status = error: <reason>`.
- Resumable: finished chunks are kept in `<output>.partial/`; after a crash or
  SIGKILL the same command continues from the last finished chunk, and the
  final output is identical to an uninterrupted run.
- A missing column or unreadable file fails before any work is done.
- `--report`: a batch report (HTML page, the same figures as JSON beside it,
  MLflow metrics when a run is active): class shares, peak→end emotion,
  flags, statuses, sessions routed to review, de-escalation per `agent_id` /
  `queue` (optional input columns) or per input file, and drift against the
  model version's training data; a drift warning also goes to the exit log.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import mlflow
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from mlflow import MlflowClient
from tqdm import tqdm

from pipeline import tracking
from pipeline.aggregate import REVIEW
from pipeline.io import InputError
from pipeline.params import load_params
from pipeline.serving import INPUT_COLUMNS, OPTIONAL_COLUMNS

JDDC_SUFFIXES = (".txt", ".tsv")
READ_ROWS = 50_000
# Optional input columns the batch report groups by; never required.
GROUP_COLUMNS = ("agent_id", "queue")


# ----------------------------------------------------------------------------- input
def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), else GB18030 — the legacy encoding of Chinese exports."""
    with open(path, "rb") as handle:
        head = handle.read(1 << 20)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            head.decode(encoding)
            return encoding
        except UnicodeDecodeError as exc:
            if exc.start > len(head) - 4:  # a multi-byte character cut at the 1 MiB edge
                return encoding
    return "utf-8-sig"  # undecodable bytes become U+FFFD and the rows get a status


def check_input(path: Path) -> str:
    """Fail fast: the file exists, is readable and has the required columns. Returns its format."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            columns = pq.ParquetFile(path).schema_arrow.names
        elif suffix in JDDC_SUFFIXES:
            first = open(path, encoding=detect_encoding(path), errors="replace").readline().rstrip("\n")
            if first and len(first.split("\t")) != 7:
                raise InputError(f"{path}: raw JDDC input needs 7 tab-separated columns, line 1 has "
                                 f"{len(first.split(chr(9)))}")
            return "jddc"
        elif suffix == ".csv":
            with open(path, encoding=detect_encoding(path), errors="replace", newline="") as handle:
                columns = next(csv.reader(handle), [])
        elif suffix in (".jsonl", ".ndjson"):
            with open(path, encoding=detect_encoding(path), errors="replace") as handle:
                line = handle.readline()
            columns = list(json.loads(line)) if line.strip() else list(INPUT_COLUMNS)
        else:
            raise InputError(f"{path}: unknown input format {suffix!r}; use .csv, .jsonl, .parquet or raw JDDC .txt")
    except (OSError, pa.ArrowInvalid, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: cannot read input: {exc}") from None
    missing = [c for c in INPUT_COLUMNS if c not in columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {missing}; found {columns}")
    return suffix.lstrip(".")


def read_rows(path: Path, kind: str) -> Iterator[pd.DataFrame]:
    """The input in file order, a block of rows at a time, as the turn-table columns."""
    if kind == "parquet":
        parquet = pq.ParquetFile(path)
        wanted = [c for c in (*INPUT_COLUMNS, *OPTIONAL_COLUMNS, *GROUP_COLUMNS) if c in parquet.schema_arrow.names]
        for batch in parquet.iter_batches(batch_size=READ_ROWS, columns=wanted):
            yield batch.to_pandas()
        return
    encoding = detect_encoding(path)
    if kind == "jddc":
        with open(path, encoding=encoding, errors="replace") as handle:
            rows = []
            for line in handle:
                fields = line.rstrip("\n").rstrip("\r").split("\t")
                fields += [""] * (7 - len(fields))
                role = {"0": "customer", "1": "agent"}.get(fields[2], "")
                rows.append((fields[0], role, "\t".join(fields[6:])))
                if len(rows) >= READ_ROWS:
                    yield pd.DataFrame(rows, columns=list(INPUT_COLUMNS))
                    rows = []
            if rows:
                yield pd.DataFrame(rows, columns=list(INPUT_COLUMNS))
        return
    if kind == "csv":
        reader = pd.read_csv(path, chunksize=READ_ROWS, dtype=str, keep_default_na=False, na_values=[""],
                             encoding=encoding, encoding_errors="replace")
    else:
        reader = pd.read_json(path, lines=True, chunksize=READ_ROWS, dtype=False, encoding=encoding,
                              encoding_errors="replace")
    for frame in reader:
        yield frame


def sessions_in_order(blocks: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """Contiguous runs of one session id, in file order."""
    pending = None
    for block in blocks:
        block = block.reset_index(drop=True)
        if pending is not None:
            block = pd.concat([pending, block], ignore_index=True)
        ids = block["session_id"].astype("string").fillna("")
        starts = [0] + [i for i in range(1, len(block)) if ids.iat[i] != ids.iat[i - 1]]
        for a, b in zip(starts[:-1], starts[1:]):
            yield block.iloc[a:b]
        pending = block.iloc[starts[-1]:]
    if pending is not None and len(pending):
        yield pending


def chunks_of_sessions(sessions: Iterator[pd.DataFrame], size: int) -> Iterator[pd.DataFrame]:
    """`size` contiguous session blocks per chunk; column `_block` numbers them within the chunk."""
    batch = []
    for session in sessions:
        batch.append(session.assign(_block=len(batch)))
        if len(batch) == size:
            yield pd.concat(batch, ignore_index=True)
            batch = []
    if batch:
        yield pd.concat(batch, ignore_index=True)


# ----------------------------------------------------------------------------- state
AGAIN = "#again"
_AGAIN_SUFFIX = r"#again\d+$"


class SeenSessions:
    """Session ids met so far, as sorted 64-bit hashes: 8 bytes per session, not a Python string.

    Needed to flag a session whose turns reappear after its block ended.
    """

    def __init__(self) -> None:
        self._hashes = np.empty(0, dtype=np.uint64)

    def add(self, ids: pd.Series) -> pd.Series:
        """Record ids; returns, per id, whether it had been seen in an earlier call."""
        hashes = pd.util.hash_pandas_object(ids, index=False).to_numpy()
        before = np.isin(hashes, self._hashes, assume_unique=False)
        self._hashes = np.union1d(self._hashes, hashes)
        return pd.Series(before, index=ids.index)


def fingerprint(path: Path) -> str:
    stat = path.stat()
    digest = hashlib.sha256(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
    with open(path, "rb") as handle:
        digest.update(handle.read(1 << 20))
    return digest.hexdigest()


class Checkpoint:
    """`<output>.partial/`: finished chunk files plus state.json, written atomically."""

    def __init__(self, output: Path, identity: dict):
        self.dir = output.with_name(output.name + ".partial")
        self.state_file = self.dir / "state.json"
        self.identity = identity
        self.done = 0
        if self.state_file.exists():
            state = json.loads(self.state_file.read_text())
            if state["identity"] != identity:
                raise InputError(f"{self.dir} belongs to another run ({state['identity']}); remove it to start over")
            self.done = state["chunks_done"]
        self.dir.mkdir(parents=True, exist_ok=True)

    def part(self, kind: str, index: int) -> Path:
        return self.dir / f"{kind}-{index:06d}.parquet"

    def commit(self, index: int, tables: dict[str, pd.DataFrame]) -> None:
        for kind, frame in tables.items():
            tmp = self.part(kind, index).with_suffix(".tmp")
            frame.to_parquet(tmp, index=False)
            os.replace(tmp, self.part(kind, index))
        self.done = index + 1
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps({"identity": self.identity, "chunks_done": self.done}))
        os.replace(tmp, self.state_file)


def write_output(parts: list[Path], output: Path) -> int:
    """Concatenate chunk files into the output format, one part in memory at a time."""
    tmp = output.with_name(output.name + ".tmp")
    suffix = output.suffix.lower()
    rows, writer = 0, None
    with open(tmp, "w", encoding="utf-8", newline="") if suffix in (".csv", ".jsonl") else open(os.devnull) as text:
        for index, part in enumerate(parts):
            frame = pd.read_parquet(part)
            rows += len(frame)
            if suffix == ".parquet":
                table = pa.Table.from_pandas(frame, preserve_index=False)
                writer = writer or pq.ParquetWriter(tmp, table.schema)
                writer.write_table(table.cast(writer.schema))
            elif suffix == ".csv":
                frame.to_csv(text, index=False, header=index == 0)
            else:
                frame.to_json(text, orient="records", lines=True, force_ascii=False)
        if writer is not None:
            writer.close()
    if suffix == ".parquet" and writer is None:
        pd.DataFrame().to_parquet(tmp)
    os.replace(tmp, output)
    return rows


# ----------------------------------------------------------------------------- model
def resolve(uri: str) -> tuple[str, str, str]:
    """(pinned URI, name, version) for `models:/name@alias`, `models:/name/version` or any other URI."""
    if uri.startswith("models:/"):
        ref = uri[len("models:/"):]
        client = MlflowClient()
        if "@" in ref:
            name, alias = ref.split("@", 1)
            version = client.get_model_version_by_alias(name, alias).version
        else:
            name, version = ref.rsplit("/", 1)
        return f"models:/{name}/{version}", name, str(version)
    return uri, "", ""


# ----------------------------------------------------------------------------- report
def report_rows(chunk: pd.DataFrame, turns: pd.DataFrame, sessions: pd.DataFrame, source_file: str) -> pd.DataFrame:
    """Per session, what the report needs beyond the output row: the emotion of the
    first customer turn and the agent / queue / input file it is grouped by."""
    def strip(ids: pd.Index) -> pd.Index:
        return pd.Index(ids.astype("string").str.replace(_AGAIN_SUFFIX, "", regex=True))

    ids = sessions["session_id"]
    out = pd.DataFrame({"session_id": ids.to_numpy()})
    if len(turns) and "emotion" in turns:
        start = turns.sort_values(["session_id", "turn_index"]).groupby("session_id")["emotion"].first()
        start.index = strip(start.index)
        out["emotion_start"] = start[~start.index.duplicated()].reindex(ids).to_numpy()
    else:
        out["emotion_start"] = None
    first = chunk.groupby("session_id", sort=False).first()
    first.index = strip(first.index)
    first = first[~first.index.duplicated()]
    for column in GROUP_COLUMNS:
        if column in first:
            out[column] = first[column].reindex(ids).astype("string").to_numpy()
    out["input_file"] = source_file
    return out


def write_report(args, kind: str, session_parts: list[Path], report_parts: list[Path], pyfunc, predictor, params,
                 model_name: str, version: str) -> None:
    from pipeline.reporting import page
    from pipeline.reporting.profile import TextStats, classes_of, clean_raw, predicted_profile, unknown_counter

    classes = classes_of(predictor)
    flags = tuple(next((t.classes for t in predictor.model.targets if t.kind == "multilabel"), ()))
    wanted = ["session_id", "status", *[c for c in ("legitimacy", "emotion_peak", "emotion_end") if c in classes],
              *flags, *[REVIEW.format(t) for t in predictor.decision.review_targets]]
    sessions = pd.concat([pd.read_parquet(p, columns=[c for c in wanted if c in pq.ParquetFile(p).schema_arrow.names])
                          for p in session_parts], ignore_index=True)
    extras = pd.concat([pd.read_parquet(p) for p in report_parts], ignore_index=True)
    sessions = pd.concat([sessions, extras.drop(columns="session_id")], axis=1)
    groups = [c for c in GROUP_COLUMNS if c in sessions and sessions[c].notna().any()] or ["input_file"]

    # The customer text of the batch, read again block by block (bounded memory).
    stats = TextStats(list(params.report.length_edges), unknown_counter(predictor.model))
    for block in read_rows(args.input, kind):
        customer = block[block["role"].astype("string").str.strip().str.lower() == "customer"]
        stats.add(*clean_raw(customer["text"]))
    batch = {"predicted": predicted_profile(sessions, classes), "text": stats.summary()}
    reference = getattr(pyfunc.unwrap_python_model(), "reference", None)
    report = page.build(sessions, batch, reference, classes, flags, params.decision.high_precision_class, groups,
                        params.report.psi_threshold)
    runtime = pyfunc.unwrap_python_model().runtime_choice  # which encoder runtime this machine used, and why
    report["runtime"] = runtime
    page.write(report, args.report, f"Batch report: {args.input.name} scored with {model_name} v{version} "
                                    f"({runtime['runtime']} runtime)")
    if mlflow.active_run():
        mlflow.log_metrics(page.metrics(report))
        mlflow.set_tag("runtime", runtime["runtime"])
    print(f"score: report -> {args.report} (+ {args.report.with_suffix('.json').name})", file=sys.stderr)
    if report["drift_warning"]:
        crossed = "; ".join(f"{c['statistic']} PSI {c['psi']:.2f}" for c in report["drift"] if c["drift"])
        print(f"score: WARNING drift against the training data of {model_name} v{version}: {crossed} "
              f"(threshold {params.report.psi_threshold})", file=sys.stderr)
    elif reference is None:
        print(f"score: WARNING {model_name} v{version} stores no reference profile: drift not checked",
              file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", required=True, type=Path)
    parser.add_argument("--output", required=True, type=Path)
    parser.add_argument("--model", default=None, help="model URI (default: models:/<registered name>@champion)")
    parser.add_argument("--batch-size", type=int, default=None, help="fixed rows per inference batch (default: the model's register.batch_tokens padded tokens per batch)")
    parser.add_argument("--turns-output", type=Path, default=None, help="also write per-turn emotion here")
    parser.add_argument("--chunk-sessions", type=int, default=2000, help="sessions per checkpointed chunk")
    parser.add_argument("--report", type=Path, default=None,
                        help="also write the batch report here (.html; the figures as .json beside it)")
    parser.add_argument("--runtime", default=None,
                        help="encoder runtime among those the model was registered with (default: its own; "
                             "an `auto` model times them on this machine); also COMPLAINT_TRIAGE_RUNTIME")
    parser.add_argument("--params", default="params.yaml")
    args = parser.parse_args(argv)

    try:
        kind = check_input(args.input)
    except InputError as exc:
        print(f"score: {exc}", file=sys.stderr)
        return 2
    if args.output.suffix.lower() not in (".csv", ".parquet", ".jsonl"):
        print(f"score: output must end in .csv, .parquet or .jsonl: {args.output}", file=sys.stderr)
        return 2

    params = load_params(args.params)
    tracking.configure(params.tracking.experiment)
    requested = args.model or f"models:/{params.register.model_name}@champion"
    identity = {"input": fingerprint(args.input), "chunk_sessions": args.chunk_sessions,
                "turns_output": bool(args.turns_output), "report": bool(args.report)}
    state_file = args.output.with_name(args.output.name + ".partial") / "state.json"
    if state_file.exists():
        # A resumed run keeps the model version it started with, whatever the alias says now.
        pinned, name, version = json.loads(state_file.read_text())["identity"]["model"]
    else:
        pinned, name, version = resolve(requested)
    checkpoint = Checkpoint(args.output, identity | {"model": [pinned, name, version]})

    pyfunc = mlflow.pyfunc.load_model(pinned, model_config={"runtime": args.runtime} if args.runtime else None)
    print(f"score: runtime {pyfunc.unwrap_python_model().runtime_choice}", file=sys.stderr)
    predictor = pyfunc.unwrap_python_model().predictor
    predictor.batch_size = args.batch_size
    model_name = name or pyfunc.unwrap_python_model().model_name

    started, sessions_out, skipped = time.perf_counter(), 0, checkpoint.done
    progress = tqdm(desc="score", unit="session", mininterval=5)
    seen = SeenSessions()
    for index, chunk in enumerate(chunks_of_sessions(sessions_in_order(read_rows(args.input, kind)),
                                                     args.chunk_sessions)):
        ids = chunk["session_id"].astype("string").fillna("")
        block_ids = ids.groupby(chunk["_block"]).first()
        # A block whose id was met before (earlier in this chunk or in an earlier
        # one) is scored as its own row and flagged; renaming keeps blocks in == rows out.
        again_block = block_ids.duplicated() | block_ids.map(
            dict(zip(block_ids.drop_duplicates(), seen.add(block_ids.drop_duplicates()))))
        if index < skipped:
            progress.update(len(block_ids))
            continue
        again = chunk["_block"].map(again_block).to_numpy(dtype=bool)
        renamed = ids.where(~again, ids + AGAIN + chunk["_block"].astype("string"))
        sessions, turns = predictor.predict(chunk.drop(columns="_block").assign(session_id=renamed))
        flagged = sessions["session_id"].str.contains(AGAIN, regex=False)
        sessions.loc[flagged, "status"] = "error: session rows are not contiguous in the input"
        sessions["session_id"] = sessions["session_id"].str.replace(_AGAIN_SUFFIX, "", regex=True)
        sessions.insert(len(sessions.columns) - 1, "model_name", model_name)
        sessions.insert(len(sessions.columns) - 1, "model_version", version)
        tables = {"sessions": sessions}
        if args.turns_output:
            tables["turns"] = turns.assign(session_id=turns["session_id"].str.replace(_AGAIN_SUFFIX, "", regex=True),
                                           model_version=version)
        if args.report:
            tables["report"] = report_rows(chunk.assign(session_id=renamed), turns, sessions, args.input.name)
        checkpoint.commit(index, tables)
        sessions_out += len(sessions)
        progress.update(len(block_ids))
    progress.close()

    parts = sorted(checkpoint.dir.glob("sessions-*.parquet"))
    total = write_output(parts, args.output)
    if args.report:
        write_report(args, kind, parts, sorted(checkpoint.dir.glob("report-*.parquet")), pyfunc, predictor,
                     params, model_name, version)
    if args.turns_output:
        write_output(sorted(checkpoint.dir.glob("turns-*.parquet")), args.turns_output)
    shutil.rmtree(checkpoint.dir)
    elapsed = time.perf_counter() - started
    print(f"score: {total} sessions -> {args.output} with {model_name} v{version} "
          f"({sessions_out} scored now, {skipped} chunks resumed; {sessions_out / max(elapsed, 1e-9):.1f} sessions/s, "
          f"runtime {pyfunc.unwrap_python_model().runtime})",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
