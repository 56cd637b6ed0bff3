"""Readers that turn each source format into the normalised turn table.

Turn table contract (design.md): session_id, turn_index (0-based, source order),
role (customer/agent), text, source, source_split, group_id (customer or other
leakage group), meta (JSON of the source's own fields) plus label columns.
The scorer reuses these readers, so training and scoring see the same shape.

Every reader streams: `iter_<source>` yields validated chunks of whole sessions
(about `chunk_turns` turns each), so `ingest` holds one chunk of a corpus at a
time however large the file; `read_<source>` concatenates them for callers
that want one table.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import ijson
import pandas as pd
import pandera.pandas as pa

from pipeline.io import InputError, whole_sessions

DEFAULT_CHUNK_TURNS = 50_000

TURN_COLUMNS = ("session_id", "turn_index", "role", "text", "source", "source_split", "group_id", "meta")
ROLES = ("customer", "agent")

TURN_SCHEMA = pa.DataFrameSchema(
    {
        "session_id": pa.Column(str, pa.Check.str_length(min_value=1)),
        "turn_index": pa.Column("int64", pa.Check.ge(0)),
        "role": pa.Column(str, pa.Check.isin(ROLES)),
        "text": pa.Column(str),
        "source": pa.Column(str, pa.Check.str_length(min_value=1)),
        "source_split": pa.Column(str),
        "group_id": pa.Column(str),
        "meta": pa.Column(str),
    },
    unique=["session_id", "turn_index"],
    strict=False,
)


def validate_turns(frame: pd.DataFrame, origin: str) -> pd.DataFrame:
    """Schema-check a turn table; the error names the file, row and column."""
    try:
        return TURN_SCHEMA.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.head(5)
        lines = [
            f"{origin}: row {'?' if pd.isna(r['index']) else int(r['index'])}, column '{r['column']}': "
            f"{r['check']} failed (value {r['failure_case']!r})"
            for _, r in cases.iterrows()
        ]
        raise InputError("\n".join(lines) + f"\n({len(exc.failure_cases)} failure(s) in all)") from None


def _decoded_lines(path: Path, encoding: str = "utf-8") -> Iterator[tuple[int, str]]:
    """(row number, line) of a text file, read line by line; bad bytes name their row."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode(encoding if number == 1 else encoding.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise InputError(f"{path}: row {number}: undecodable bytes at column offset {exc.start} "
                                 f"(expected {encoding})") from None
            yield number, line.rstrip("\n").rstrip("\r")


def _json_array(path: Path) -> Iterator[tuple[int, dict]]:
    """(position, record) of a JSON array file, parsed incrementally (ijson)."""
    with path.open("rb") as handle:
        try:
            if handle.read(3) != b"\xef\xbb\xbf":
                handle.seek(0)
            first = next(iter(ijson.parse(handle)), None)
            if first is None or first[1] != "start_array":
                raise InputError(f"{path}: expected a JSON array of sessions")
            handle.seek(0)
            if handle.read(3) != b"\xef\xbb\xbf":
                handle.seek(0)
            for position, record in enumerate(ijson.items(handle, "item", use_float=True)):
                if not isinstance(record, dict):
                    raise InputError(f"{path}: record {position}: expected a JSON object")
                yield position, record
        except ijson.JSONError as exc:
            raise InputError(f"{path}: invalid JSON: {str(exc).splitlines()[0]}") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: undecodable bytes at byte offset {exc.start} (expected utf-8)") from None


def _first_sessions(chunks: Iterator[pd.DataFrame], max_sessions: int | None) -> Iterator[pd.DataFrame]:
    """Chunks of whole sessions, cut after the first `max_sessions` sessions (debug limit)."""
    if max_sessions is None:
        yield from chunks
        return
    left = max_sessions
    for chunk in chunks:
        ids = chunk["session_id"].drop_duplicates()
        if len(ids) >= left:
            yield chunk[chunk["session_id"].isin(ids.head(left))]
            return
        left -= len(ids)
        yield chunk


def _add_turn_index(frame: pd.DataFrame) -> pd.DataFrame:
    frame["turn_index"] = frame.groupby("session_id", sort=False).cumcount().astype("int64")
    return frame


def _records_in_chunks(records: Iterator, size: int) -> Iterator[list]:
    while batch := list(islice(records, size)):
        yield batch


JDDC_FIELDS = ("session_id", "customer_id", "waiter_send", "is_transferred", "is_repeated", "sku", "content")


def _jddc_records(path: Path) -> Iterator[dict]:
    for number, line in _decoded_lines(path):
        fields = line.split("\t")
        if len(fields) != len(JDDC_FIELDS):
            raise InputError(f"{path}: row {number}: expected {len(JDDC_FIELDS)} tab-separated columns "
                             f"({', '.join(JDDC_FIELDS)}), found {len(fields)}")
        rec = dict(zip(JDDC_FIELDS, fields))
        if rec["waiter_send"] not in ("0", "1"):
            raise InputError(f"{path}: row {number}, column 'waiter_send': expected 0 or 1, "
                             f"found {rec['waiter_send']!r}")
        if not rec["session_id"]:
            raise InputError(f"{path}: row {number}, column 'session_id': empty")
        yield rec


def iter_jddc(path: str | Path, max_sessions: int | None = None,
              chunk_turns: int = DEFAULT_CHUNK_TURNS) -> Iterator[pd.DataFrame]:
    """JDDC chat log: TSV without header, 7 columns, one turn per line (see its SOURCE.md)."""
    path = Path(path)
    raw = (pd.DataFrame.from_records(batch, columns=list(JDDC_FIELDS))
           for batch in _records_in_chunks(_jddc_records(path), chunk_turns))
    for frame in _first_sessions(whole_sessions(raw), max_sessions):
        out = pd.DataFrame({
            "session_id": frame["session_id"],
            "role": frame["waiter_send"].map({"0": "customer", "1": "agent"}),
            "text": frame["content"],
            "source": "jddc",
            "source_split": "",
            "group_id": frame["customer_id"],
            "meta": [json.dumps({"is_transferred": int(t), "is_repeated": int(r), "sku": None if s == "nan" else s})
                     for t, r, s in zip(frame["is_transferred"], frame["is_repeated"], frame["sku"])],
        })
        yield validate_turns(_add_turn_index(out.reset_index(drop=True))[list(TURN_COLUMNS)], str(path))


def iter_ewect(directory: str | Path, files: tuple[str, ...], max_sessions: int | None = None,
               chunk_turns: int = DEFAULT_CHUNK_TURNS) -> Iterator[pd.DataFrame]:
    """SMP2020-EWECT: JSON arrays of {id, content, label}; one post = one single-turn session."""
    for name in files:
        path = Path(directory) / name
        split_name = Path(name).stem

        def checked(records, path=path):
            for position, rec in records:
                for key in ("id", "content", "label"):
                    if key not in rec:
                        raise InputError(f"{path}: record {position}, column '{key}': missing")
                yield rec

        posts = islice(checked(_json_array(path)), max_sessions)
        for batch in _records_in_chunks(posts, chunk_turns):
            frame = pd.DataFrame.from_records(batch)
            session_ids = [f"ewect:{split_name}:{i}" for i in frame["id"]]
            out = pd.DataFrame({
                "session_id": session_ids,
                "turn_index": 0,
                "role": "customer",
                "text": frame["content"].astype(str),
                "source": "ewect",
                "source_split": split_name,
                "group_id": session_ids,
                "meta": "{}",
                "ewect_emotion": frame["label"].astype(str),
            })
            out["turn_index"] = out["turn_index"].astype("int64")
            yield validate_turns(out, str(path))


CPED_REQUIRED = ("TV_ID", "Dialogue_ID", "Utterance_ID", "Speaker", "Emotion", "Sentiment", "Utterance")


def iter_cped(directory: str | Path, files: tuple[str, ...], max_sessions: int | None = None,
              chunk_turns: int = DEFAULT_CHUNK_TURNS) -> Iterator[pd.DataFrame]:
    """CPED TV dialogues (CSV with BOM). Every utterance is a 'customer' turn of its dialogue:
    there is no agent side, and the speaker is kept in meta."""
    for name in files:
        path = Path(directory) / name
        try:
            reader = pd.read_csv(path, dtype=str, keep_default_na=False, quoting=csv.QUOTE_MINIMAL,
                                 encoding="utf-8-sig", chunksize=chunk_turns)
            raw = (chunk.assign(session_id="cped:" + chunk["Dialogue_ID"]) if "Dialogue_ID" in chunk else chunk
                   for chunk in reader)
            for frame in _first_sessions(whole_sessions(_cped_checked(raw, path)), max_sessions):
                out = pd.DataFrame({
                    "session_id": frame["session_id"],
                    "role": "customer",
                    "text": frame["Utterance"],
                    "source": "cped",
                    "source_split": Path(name).stem,
                    "group_id": "cped:" + frame["TV_ID"],
                    "meta": [json.dumps({"speaker": s, "utterance_id": u}, ensure_ascii=False)
                             for s, u in zip(frame["Speaker"], frame["Utterance_ID"])],
                    "cped_emotion": frame["Emotion"],
                })
                yield validate_turns(_add_turn_index(out.reset_index(drop=True)), str(path))
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: undecodable bytes at byte offset {exc.start} (expected utf-8)") from None


def _cped_checked(chunks: Iterator[pd.DataFrame], path: Path) -> Iterator[pd.DataFrame]:
    for chunk in chunks:
        missing = [c for c in CPED_REQUIRED if c not in chunk.columns]
        if missing:
            raise InputError(f"{path}: missing column(s) {missing}")
        yield chunk


def _concat(chunks: Iterator[pd.DataFrame], origin: str) -> pd.DataFrame:
    frames = list(chunks)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(TURN_COLUMNS))


def read_jddc(path: str | Path, max_sessions: int | None = None) -> pd.DataFrame:
    return _concat(iter_jddc(path, max_sessions), str(path))


def read_ewect(directory: str | Path, files: tuple[str, ...], max_sessions: int | None = None) -> pd.DataFrame:
    return _concat(iter_ewect(directory, files, max_sessions), str(directory))


def read_cped(directory: str | Path, files: tuple[str, ...], max_sessions: int | None = None) -> pd.DataFrame:
    return _concat(iter_cped(directory, files, max_sessions), str(directory))


def read_shop(directory: str | Path, files: tuple[str, ...], max_sessions: int | None = None) -> pd.DataFrame:
    return _concat(iter_shop(directory, files, max_sessions), str(directory))


SHOP_ROLES = {"顾客": "customer", "客服": "agent"}
# Sent by the chat client as customer turns: a button press, not the customer's words.
SHOP_SYSTEM_EVENTS = frozenset({"用户发起转人工", "我要转人工"})
# The routing menu choice, e.g. 壶类---收货后疑问解答 (product category --- service
# intent), 电动类-购买前咨询, 未购买→售前咨询组, 售前咨询组.
SHOP_ROUTING_LINE = re.compile(
    r"^(?:(?P<category>[\u4e00-\u9fff]{1,10})(?:-{1,3}|→))?(?P<intent>[\u4e00-\u9fff]*(?:咨询组|疑问解答|购买前咨询))$")


def shop_turn_kind(role: str, text: str) -> str:
    """'customer' / 'agent' for chat turns, 'system' for client events, 'routing' for the menu line."""
    if role == "customer":
        stripped = text.strip()
        if stripped in SHOP_SYSTEM_EVENTS:
            return "system"
        if SHOP_ROUTING_LINE.match(stripped):
            return "routing"
    return role


def iter_shop(directory: str | Path, files: tuple[str, ...], max_sessions: int | None = None,
              chunk_turns: int = DEFAULT_CHUNK_TURNS) -> Iterator[pd.DataFrame]:
    """JDDC 2.1 brand-shop chats: JSON arrays of {id, dialogs, roles} (see its SOURCE.md).

    turn_index is the position in the source's dialog list (the label files' key).
    The routing line becomes session metadata (category, intent) and client events
    are not customer turns: both leave the turn table, counted in meta
    (`routing_lines`, `system_events`) so cleaning reports them.
    """
    n_sessions = 0
    for name in files:
        path = Path(directory) / name
        rows: list[tuple] = []
        for position, rec in _json_array(path):
            where = f"{path}: record {position}"
            for key in ("id", "dialogs", "roles"):
                if key not in rec:
                    raise InputError(f"{where}, column '{key}': missing")
            if not isinstance(rec["id"], str) or not rec["id"]:
                raise InputError(f"{where}, column 'id': expected a non-empty string")
            if len(rec["dialogs"]) != len(rec["roles"]):
                raise InputError(f"{where}: {len(rec['dialogs'])} dialogs but {len(rec['roles'])} roles")
            if max_sessions is not None and n_sessions >= max_sessions:
                break
            n_sessions += 1
            kinds = []
            for index, (text, role) in enumerate(zip(rec["dialogs"], rec["roles"])):
                if role not in SHOP_ROLES:
                    raise InputError(f"{where}, turn {index}, column 'roles': {role!r} is not one of {sorted(SHOP_ROLES)}")
                kinds.append(shop_turn_kind(SHOP_ROLES[role], str(text)))
            routing = [SHOP_ROUTING_LINE.match(str(t).strip()) for t, k in zip(rec["dialogs"], kinds) if k == "routing"]
            meta = json.dumps({
                "category": next((m["category"] for m in routing if m["category"]), None),
                "intent": routing[0]["intent"] if routing else None,
                "routing_lines": len(routing),
                "system_events": kinds.count("system"),
            }, ensure_ascii=False)
            for index, (text, kind) in enumerate(zip(rec["dialogs"], kinds)):
                if kind in ROLES:
                    rows.append((rec["id"], index, kind, str(text), "jddc21_shop", Path(name).stem, rec["id"], meta))
            if len(rows) >= chunk_turns:
                yield _shop_frame(rows, path)
                rows = []
        if rows:
            yield _shop_frame(rows, path)


def _shop_frame(rows: list[tuple], path: Path) -> pd.DataFrame:
    out = pd.DataFrame.from_records(rows, columns=list(TURN_COLUMNS))
    out["turn_index"] = out["turn_index"].astype("int64")
    return validate_turns(out, str(path))
