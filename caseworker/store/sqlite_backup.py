"""Consistent copies of a SQLite store, taken while it is in use, and checks of such copies.

SQLite's online backup copies every page inside one read transaction, so the
copy is the store as of one moment even while others write (WAL mode lets
them). The copy is encrypted with the store's own data key (SQLCipher copies
encrypted pages under the same key), so the same key slots and the same
recovery key open it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from caseworker.domain.errors import StoreError
from caseworker.store.base import Base
from caseworker.store.engine import Store
from caseworker.store.exclusive import connect, integrity_ok
from caseworker.store.files import PRIVATE


def snapshot(store: Store, target: Path) -> None:
    """Write a consistent copy of the open `store` to the new file `target`."""
    key = store.keyring.data_key if store.keyring is not None else None
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)  # never readable by others
    os.close(fd)
    destination = connect(target, key)
    try:
        with store.engine.connect() as conn:
            source = conn.connection.driver_connection
            assert source is not None
            source.backup(destination)
        destination.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    finally:
        destination.close()


@dataclass(frozen=True, slots=True)
class CopyFacts:
    counts: dict[str, int]
    audit_seq: int
    audit_hash: str
    schema: str | None


def record_counts(execute: Any) -> dict[str, int]:
    """Rows in each of the store's tables (the search index's internals excluded)."""
    counts = {}
    for table in Base.metadata.sorted_tables:
        try:
            counts[table.name] = int(execute(f'SELECT count(*) FROM "{table.name}"'))
        except Exception:  # a table a newer or older schema does not have
            continue
    return counts


def inspect(path: Path, key: bytes | None) -> CopyFacts:
    """Integrity, counts and the last audit event of a SQLite copy (read-only; no audit written)."""
    conn = connect(path, key)
    try:
        try:
            ok = integrity_ok(conn)
        except Exception as exc:
            raise StoreError(f"the copy cannot be read ({exc}): wrong key, or a damaged backup") from None
        if not ok:
            raise StoreError("the copy failed SQLite's integrity check: the backup is damaged")
        counts = record_counts(lambda sql: conn.execute(sql).fetchone()[0])
        head = conn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone() or (0, "")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return CopyFacts(counts, int(head[0]), str(head[1]), row[0] if row else None)
    finally:
        conn.close()


def event_hash(conn: Any, seq: int) -> str | None:
    row = conn.execute("SELECT hash FROM audit_events WHERE seq = ?", (seq,)).fetchone()
    return None if row is None else str(row[0])


def head_of(conn: Any) -> tuple[int, str]:
    row = conn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
    return (int(row[0]), str(row[1])) if row else (0, "")


def last_event_time(conn: Any) -> str:
    row = conn.execute("SELECT occurred_at FROM audit_events ORDER BY seq DESC LIMIT 1").fetchone()
    return str(row[0])[:19] if row else "never"
