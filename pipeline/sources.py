"""Readers that turn each source format into the normalised turn table.

Turn table contract (design.md): session_id, turn_index (0-based, source order),
role (customer/agent), text, source, source_split, group_id (customer or other
leakage group), meta (JSON of the source's own fields) plus label columns.
The scorer reuses these readers, so training and scoring see the same shape.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pipeline.io import InputError

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


def _decode_lines(path: Path, encoding: str = "utf-8") -> list[str]:
    raw = path.read_bytes()
    lines = raw.split(b"\n")
    out = []
    for number, line in enumerate(lines, start=1):
        try:
            out.append(line.decode(encoding).rstrip("\r"))
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: row {number}: undecodable bytes at column offset {exc.start} "
                             f"(expected {encoding})") from None
    if out and out[-1] == "":
        out.pop()
    return out


def _limit_sessions(frame: pd.DataFrame, max_sessions: int | None) -> pd.DataFrame:
    if max_sessions is None:
        return frame
    keep = frame["session_id"].drop_duplicates().head(max_sessions)
    return frame[frame["session_id"].isin(keep)]


def _add_turn_index(frame: pd.DataFrame) -> pd.DataFrame:
    frame["turn_index"] = frame.groupby("session_id", sort=False).cumcount().astype("int64")
    return frame


JDDC_FIELDS = ("session_id", "customer_id", "waiter_send", "is_transferred", "is_repeated", "sku", "content")


def read_jddc(path: str | Path, max_sessions: int | None = None) -> pd.DataFrame:
    """JDDC chat log: TSV without header, 7 columns, one turn per line (see its SOURCE.md)."""
    path = Path(path)
    records = []
    for number, line in enumerate(_decode_lines(path), start=1):
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
        records.append(rec)
    frame = pd.DataFrame.from_records(records, columns=list(JDDC_FIELDS))
    frame = _limit_sessions(frame, max_sessions)
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
    return validate_turns(_add_turn_index(out.reset_index(drop=True))[list(TURN_COLUMNS)], str(path))


def read_ewect(directory: str | Path, files: tuple[str, ...], max_sessions: int | None = None) -> pd.DataFrame:
    """SMP2020-EWECT: JSON arrays of {id, content, label}; one post = one single-turn session."""
    frames = []
    for name in files:
        path = Path(directory) / name
        text = "\n".join(_decode_lines(path))
        try:
            records = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
        split_name = Path(name).stem
        for position, rec in enumerate(records):
            for key in ("id", "content", "label"):
                if key not in rec:
                    raise InputError(f"{path}: record {position}, column '{key}': missing")
        frame = pd.DataFrame.from_records(records)
        frame = _limit_sessions(frame.assign(session_id=[f"ewect:{split_name}:{i}" for i in frame["id"]]), max_sessions)
        frames.append(pd.DataFrame({
            "session_id": frame["session_id"],
            "turn_index": 0,
            "role": "customer",
            "text": frame["content"].astype(str),
            "source": "ewect",
            "source_split": split_name,
            "group_id": frame["session_id"],
            "meta": "{}",
            "ewect_emotion": frame["label"].astype(str),
        }))
    out = pd.concat(frames, ignore_index=True)
    out["turn_index"] = out["turn_index"].astype("int64")
    return validate_turns(out, str(directory))


CPED_REQUIRED = ("TV_ID", "Dialogue_ID", "Utterance_ID", "Speaker", "Emotion", "Sentiment", "Utterance")


def read_cped(directory: str | Path, files: tuple[str, ...], max_sessions: int | None = None) -> pd.DataFrame:
    """CPED TV dialogues (CSV with BOM). Every utterance is a 'customer' turn of its dialogue:
    there is no agent side, and the speaker is kept in meta."""
    frames = []
    for name in files:
        path = Path(directory) / name
        text = "\n".join(_decode_lines(path, "utf-8-sig"))
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, quoting=csv.QUOTE_MINIMAL)
        missing = [c for c in CPED_REQUIRED if c not in frame.columns]
        if missing:
            raise InputError(f"{path}: missing column(s) {missing}")
        frame = _limit_sessions(frame.assign(session_id="cped:" + frame["Dialogue_ID"]), max_sessions)
        frames.append(pd.DataFrame({
            "session_id": frame["session_id"],
            "role": "customer",
            "text": frame["Utterance"],
            "source": "cped",
            "source_split": Path(name).stem,
            "group_id": "cped:" + frame["TV_ID"],
            "meta": [json.dumps({"speaker": s, "utterance_id": u}, ensure_ascii=False)
                     for s, u in zip(frame["Speaker"], frame["Utterance_ID"])],
            "cped_emotion": frame["Emotion"],
        }))
    out = _add_turn_index(pd.concat(frames, ignore_index=True))
    return validate_turns(out, str(directory))


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


def read_shop(directory: str | Path, files: tuple[str, ...], max_sessions: int | None = None) -> pd.DataFrame:
    """JDDC 2.1 brand-shop chats: JSON arrays of {id, dialogs, roles} (see its SOURCE.md).

    turn_index is the position in the source's dialog list (the label files' key).
    The routing line becomes session metadata (category, intent) and client events
    are not customer turns: both leave the turn table, counted in meta
    (`routing_lines`, `system_events`) so cleaning reports them.
    """
    rows = []
    n_sessions = 0
    for name in files:
        path = Path(directory) / name
        try:
            records = json.loads("\n".join(_decode_lines(path)))
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
        if not isinstance(records, list):
            raise InputError(f"{path}: expected a JSON array of sessions")
        for position, rec in enumerate(records):
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
    out = pd.DataFrame.from_records(rows, columns=list(TURN_COLUMNS))
    out["turn_index"] = out["turn_index"].astype("int64")
    return validate_turns(out, str(directory))
