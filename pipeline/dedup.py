"""Duplicate sessions: exact copies and MinHash near-duplicates, with the index on disk.

datasketch computes the MinHash signatures and chooses the banding (b bands of
r rows) for the Jaccard threshold, as `MinHashLSH` would. The index itself is
ours: `MinHashLSH` keeps every band key and session key as Python objects,
kilobytes per session in memory, while the cleaning stage streams corpora of
millions of sessions. Ours is an SQLite file (in the stage's staging
directory) with a bounded page cache, so memory stays flat however many
sessions come; it answers the same question as `MinHashLSH.query` — does an
earlier kept session share a band? — and gives the earliest such session.

Keys are 64-bit hashes (blake2b) of a band or a whole document: two different
ones collide with probability 2^-64 per pair, below one in ten million for a
million sessions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from datasketch import MinHash, MinHashLSH

from pipeline.io import scratch_database


def hash64(data: bytes) -> int:
    """A signed 64-bit key (SQLite's INTEGER)."""
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little", signed=True)


class KeyIndex:
    """(map, key) → the number of the first session that had that key, plus session ids by
    number; an SQLite file written without a journal (it is rebuilt if the stage reruns)."""

    def __init__(self, path: Path):
        self.db = scratch_database(path)
        self.db.executescript("""
            CREATE TABLE keys (map INTEGER, key INTEGER, number INTEGER, PRIMARY KEY (map, key)) WITHOUT ROWID;
            CREATE TABLE names (number INTEGER PRIMARY KEY, session_id TEXT);
            CREATE TEMP TABLE asked (map INTEGER, key INTEGER);
        """)
        self.count = 0

    def lookup(self, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
        self.db.execute("DELETE FROM asked")
        self.db.executemany("INSERT INTO asked VALUES (?, ?)", pairs)
        rows = self.db.execute("SELECT k.map, k.key, k.number FROM asked a JOIN keys k USING (map, key)")
        return {(m, k): n for m, k, n in rows}

    def insert(self, pairs: dict[tuple[int, int], int], session_ids: list[str]) -> None:
        self.db.executemany("INSERT INTO keys VALUES (?, ?, ?)", [(m, k, n) for (m, k), n in pairs.items()])
        self.db.executemany("INSERT INTO names VALUES (?, ?)",
                            enumerate(session_ids, start=self.count))
        self.count += len(session_ids)

    def names(self, numbers: set[int]) -> dict[int, str]:
        found = {}
        ordered = sorted(numbers)
        for start in range(0, len(ordered), 900):  # SQLite's limit on bound parameters
            part = ordered[start:start + 900]
            found.update(self.db.execute(
                f"SELECT number, session_id FROM names WHERE number IN ({','.join('?' * len(part))})", part))
        return found

    def close(self) -> None:
        self.db.close()


class SessionDeduplicator:
    """Decides, for sessions in the order given, whether a session repeats an earlier kept
    one of its group (source and source split): verbatim, or as a near-duplicate whose
    MinHash shares a band with it. The decisions are those of checking the sessions one
    by one; a batch is looked up in the index at once."""

    def __init__(self, threshold: float, num_perm: int, shingle_size: int, index_path: Path):
        banding = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.hashranges = banding.hashranges
        self.num_perm, self.shingle_size = num_perm, shingle_size
        self.index = KeyIndex(index_path)
        self._groups: dict[tuple[str, str], int] = {}

    def signatures(self, documents: list[str], batch: int = 1000) -> Iterator[np.ndarray]:
        """MinHash signatures, computed a batch at a time: the shingle sets of a chunk of
        short single-turn sessions would otherwise take hundreds of MB at once."""
        for start in range(0, len(documents), batch):
            shingles = [
                {doc[i:i + self.shingle_size].encode() for i in range(max(1, len(doc) - self.shingle_size + 1))}
                for doc in documents[start:start + batch]
            ]
            yield from (m.hashvalues for m in MinHash.bulk(shingles, num_perm=self.num_perm, seed=1))

    def check(self, group: tuple[str, str], session_ids: list[str], documents: list[str]
              ) -> list[tuple[str, str, str]]:
        """(session id, reason, id of the earlier session it repeats) of every repeating
        session; the others are indexed."""
        first_map = self._groups.setdefault(group, len(self._groups) * (1 + len(self.hashranges)))
        maps = range(first_map, first_map + 1 + len(self.hashranges))
        keys = []  # per session: its document key, then one key per band
        for document, signature in zip(documents, self.signatures(documents)):
            keys.append([hash64(document.encode()),
                         *(hash64(signature[start:end].tobytes()) for start, end in self.hashranges)])
        known = self.index.lookup([(m, k) for row in keys for m, k in zip(maps, row)])
        added: dict[tuple[int, int], int] = {}
        kept: list[str] = []
        repeats: list[tuple[str, str, int]] = []
        for session_id, row in zip(session_ids, keys):
            pairs = list(zip(maps, row))
            earlier = [known.get(p, added.get(p)) for p in pairs]
            if earlier[0] is not None:
                repeats.append((session_id, "exact_duplicate_session", earlier[0]))
            elif any(n is not None for n in earlier[1:]):
                repeats.append((session_id, "near_duplicate_session", min(n for n in earlier[1:] if n is not None)))
            else:
                # None of its keys is known yet, or it would repeat an earlier session.
                added.update(dict.fromkeys(pairs, self.index.count + len(kept)))
                kept.append(session_id)
        self.index.insert(added, kept)
        names = self.index.names({n for _, _, n in repeats})
        return [(session_id, reason, names[n]) for session_id, reason, n in repeats]

    def close(self) -> None:
        self.index.close()
