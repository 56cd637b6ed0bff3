"""File I/O shared by stages: tables, JSON metrics, content hashes, atomic writes."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd


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
