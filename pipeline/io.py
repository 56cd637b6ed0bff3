"""File I/O shared by stages: tables (whole or streamed), JSON metrics, content hashes, atomic writes."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import hashlib
import json
import os
import sqlite3
import sys
import tempfile
from pathlib import Path
from collections.abc import Iterable, Iterator
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


class InputError(ValueError):
    """Bad input data: the message names the file, row and column to fix."""


def read_table(path: str | Path) -> pd.DataFrame:
    return pd.read_parquet(path)


def read_split_ids(split_dir: str | Path, name: str) -> pd.Series:
    """Session ids of one split manifest (split.SPLITS) written by the split stage."""
    return read_table(Path(split_dir) / f"{name}.parquet")["session_id"]


def write_table(frame: pd.DataFrame, path: str | Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, path)


class TableWriter:
    """Writes a Parquet table chunk by chunk, so a stage never holds the whole table.

    The file appears atomically on `close()`; if the stage fails, `abort()` (or
    leaving a `with` block by an exception) removes the partial file. The first
    chunk fixes the schema (with pandas' dtype metadata, so `read_table` gives
    the dtypes a one-shot `write_table` would); later chunks are cast to it.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        self._writer: pq.ParquetWriter | None = None
        self._columns: list[str] | None = None
        self._sealed = False
        self.rows = 0

    def write(self, frame: pd.DataFrame) -> None:
        if self._writer is None:
            self._columns = list(frame.columns)
            table = pa.Table.from_pandas(frame, preserve_index=False)
            self._writer = pq.ParquetWriter(self._tmp, table.schema)
        elif list(frame.columns) != self._columns:
            raise ValueError(f"{self.path}: chunk columns {list(frame.columns)} differ from {self._columns}")
        else:
            table = pa.Table.from_pandas(frame, schema=self._writer.schema, preserve_index=False)
        if len(frame):
            self._writer.write_table(table)
        self.rows += len(frame)

    def close(self, empty: pd.DataFrame | None = None) -> None:
        """Finish the file; `empty` gives the columns when no chunk was written."""
        if self._writer is None:
            if empty is None:
                raise ValueError(f"{self.path}: nothing written and no empty frame to give the columns")
            self.write(empty)
        self._seal()
        os.replace(self._tmp, self.path)

    def written_so_far(self) -> Path:
        """The unfinished file, complete up to here, to read back before `abort()`."""
        self._seal()
        return self._tmp

    def abort(self) -> None:
        self._seal()
        self._tmp.unlink(missing_ok=True)

    def _seal(self) -> None:
        if self._writer is not None and not self._sealed:
            self._writer.close()
            self._sealed = True

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is not None:
            self.abort()


# Page cache of a scratch database: what it may hold in memory (KiB).
SCRATCH_CACHE_KIB = 16 * 1024


def scratch_database(path: str | Path) -> sqlite3.Connection:
    """An SQLite file for a stage's working index (rebuilt if the stage reruns, so no
    journal): its page cache is bounded, and sorts and groups beyond it spill to disk,
    so a stage can index every session of a corpus without memory growing with it."""
    db = sqlite3.connect(path)
    db.executescript(f"""
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        PRAGMA cache_size = -{SCRATCH_CACHE_KIB};
        PRAGMA temp_store = FILE;
    """)
    return db


@functools.lru_cache(maxsize=1)
def _glibc():
    """The C library when it is glibc (Linux), else None: the memory calls below are glibc's."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


def release_freed_memory() -> None:
    """glibc keeps freed memory for reuse; hand it back to the OS after a chunk (a no-op
    elsewhere), so a streaming stage's resident size does not creep with the input."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


# glibc's mallopt parameter for the size from which a block gets its own mapping.
M_MMAP_THRESHOLD = -3


def map_large_blocks(threshold: int = 128 * 1024) -> None:
    """For a streaming stage's process: every block from `threshold` bytes on gets its own
    mapping, returned to the OS whole when freed. glibc otherwise raises that threshold as
    large blocks are freed (up to 32 MiB), after which a chunk's buffers come from the heap,
    whose fragments between live blocks it cannot give back: the resident size crept with
    the number of chunks (`clean` at 10x / 40x the corpora: peak 546 / 615 MiB with the
    moving threshold, 477 / 506 MiB with it fixed). Not for training: tensors that size
    come and go every step."""
    libc = _glibc()
    if libc is not None:
        libc.mallopt(M_MMAP_THRESHOLD, threshold)


def iter_table(path: str | Path, rows: int, columns: list[str] | None = None) -> Iterator[pd.DataFrame]:
    """A Parquet table in batches of about `rows` rows, with the dtypes `read_table` gives.

    One batch reader per row group: a single reader over the whole file keeps
    buffers of every row group it has passed (apache/arrow#39808), so memory
    would grow with the file (measured: +140 MiB of Arrow allocations over a
    3.3-million-turn file, flat per row group).
    """
    parquet = pq.ParquetFile(path)
    for group in range(parquet.num_row_groups):
        for batch in parquet.iter_batches(batch_size=rows, row_groups=[group], columns=columns):
            yield pa.Table.from_batches([batch], schema=batch.schema).to_pandas()


def whole_sessions(chunks: Iterable[pd.DataFrame], key: str = "session_id") -> Iterator[pd.DataFrame]:
    """Re-cut row chunks so no session is split across two of them.

    Rows of a session must be contiguous (tables written by `ingest`, exports
    sorted by session); the last session of a chunk is held back and joined to
    the next chunk.
    """
    held = None
    for chunk in chunks:
        if held is not None:
            chunk = pd.concat([held, chunk], ignore_index=True)
        if chunk.empty:
            held = chunk
            continue
        last = chunk[key].iloc[-1]
        tail = chunk[key].to_numpy() == last
        # The held-back session starts where its contiguous run starts.
        start = len(chunk) - int(tail[::-1].argmin()) if not tail.all() else 0
        if start == 0:
            held = chunk
            continue
        yield chunk.iloc[:start].reset_index(drop=True)
        held = chunk.iloc[start:].reset_index(drop=True)
    if held is not None and len(held):
        yield held


def read_jsonl(path: str | Path) -> list[dict]:
    """Every non-blank line of a JSON-lines file, parsed."""
    with Path(path).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_json(data: Any, path: str | Path) -> None:
    """Write JSON atomically so a killed stage never leaves a half-written metrics file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8", suffix=".tmp") as tmp:
        json.dump(data, tmp, ensure_ascii=False, indent=2, sort_keys=True)
        tmp.write("\n")
    os.replace(tmp.name, path)


def read_json(path: str | Path) -> Any:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def content_hash(path: str | Path) -> str:
    """md5 of a file (what DVC records for a file) or of a directory's sorted file hashes."""
    path = Path(path)
    if path.is_file():
        digest = hashlib.md5()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    digest = hashlib.md5()
    for child in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(f"{child.relative_to(path).as_posix()}:{content_hash(child)}\n".encode())
    return digest.hexdigest()
