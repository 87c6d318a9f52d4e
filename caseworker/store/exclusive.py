"""Holding a SQLite store file alone, for operations that replace the file itself.

Encrypting a store in place or restoring a backup over it must not race with
another program writing to it: a write that landed in the old file after the
copy was taken would be lost. `exclusive(path)` leaves WAL mode (which SQLite
refuses while any other connection is open, so "in use" is detected) and
takes an EXCLUSIVE lock that it keeps until the block ends, so nobody else can
even read the file meanwhile.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from caseworker.domain.errors import StoreError
from caseworker.store.engine import WrongKeyError


def connect(path: Path, key: bytes | None = None, *, busy_ms: int = 2000) -> Any:
    """A raw driver connection (autocommit) to `path`, keyed if `key` is given."""
    import sqlcipher3.dbapi2 as sqlcipher

    conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
    return conn


@contextlib.contextmanager
def exclusive(path: Path, key: bytes | None = None) -> Iterator[Any]:
    """Yield a connection that alone holds `path` until the block ends."""
    conn = connect(path, key)
    try:
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("COMMIT")
        except Exception as exc:
            code = getattr(exc, "sqlite_errorcode", None)
            if code == 26:  # SQLITE_NOTADB
                raise WrongKeyError(f"{path} cannot be read with this key") from None
            raise StoreError(
                f"{path} is in use by another program or window; close caseworker everywhere and try again"
            ) from None
        if str(mode).lower() != "delete":
            raise StoreError(f"{path} is in use by another program or window; close caseworker and try again")
        yield conn
    finally:
        conn.close()


def table_counts(conn: Any, schema: str = "main") -> dict[str, int]:
    """Rows per table (including the search index's own tables): the fingerprint a copy must match."""
    names = [
        row[0]
        for row in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {name: conn.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0] for name in names}


def integrity_ok(conn: Any) -> bool:
    return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
