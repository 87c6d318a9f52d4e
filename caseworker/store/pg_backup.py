"""PostgreSQL backups with pg_dump and pg_restore, encrypted as they stream.

`dump` takes a REPEATABLE READ snapshot, counts the records and reads the
last audit event in it, and has pg_dump export exactly that snapshot, so the
manifest describes the dump. The dump never touches the disk unencrypted: it
streams from pg_dump through AES-256-GCM into the archive. `restore` checks
every chunk before it starts, then streams the dump into pg_restore inside a
single transaction, so a failure leaves the database as it was.

Passwords never appear on a command line: the connection string given to the
tools has none, and the password travels in PGPASSWORD.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import IO

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import make_url

from caseworker.domain.errors import StoreError
from caseworker.store.sqlite_backup import CopyFacts, record_counts
from caseworker.store.stream_cipher import Writer, decrypt_stream, encrypt_stream

ENV_BIN = "CASEWORKER_PG_BIN"


def find_tool(name: str) -> str:
    """pg_dump / pg_restore: from $CASEWORKER_PG_BIN, the newest Debian install, or PATH."""
    folders = [os.environ[ENV_BIN]] if os.environ.get(ENV_BIN) else []
    folders += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True)
    for folder in folders:
        if Path(folder, name).exists():
            return str(Path(folder, name))
    found = shutil.which(name)
    if found:
        return found
    raise StoreError(
        f"{name} was not found: install the PostgreSQL client tools of the server's version "
        f"(Debian: postgresql-client) or set {ENV_BIN} to their folder"
    )


def _quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def connection_args(url: str) -> tuple[str, dict[str, str]]:
    """A libpq connection string without the password, and the environment that carries it."""
    parsed = make_url(url)
    words = {"host": parsed.host, "port": str(parsed.port) if parsed.port else None,
             "user": parsed.username, "dbname": parsed.database}  # fmt: skip
    for key, value in parsed.query.items():
        words[key] = value if isinstance(value, str) else value[-1]
    conninfo = " ".join(f"{k}={_quote(v)}" for k, v in words.items() if v)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    return conninfo, env


def _failure(tool: str, errors: IO[bytes]) -> StoreError:
    errors.seek(0)
    lines = [line.strip() for line in errors.read().decode("utf-8", "replace").splitlines() if line.strip()]
    return StoreError(f"{tool} failed: {lines[-1] if lines else 'no message'}")


def facts(conn: Connection) -> CopyFacts:
    """Counts, last audit event and schema, as the connection's snapshot sees them."""

    def scalar(sql: str) -> object:
        with conn.begin_nested():  # a missing table must not abort the snapshot's transaction
            return conn.execute(text(sql)).scalar()

    counts = record_counts(scalar)
    head = conn.execute(text("SELECT seq, hash FROM audit_head WHERE id = 1")).first()
    schema = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return CopyFacts(counts, int(head[0]) if head else 0, str(head[1]) if head else "", schema)


def dump(engine: Engine, url: str, out: Writer, key: bytes, *, cancelled: Callable[[], bool]) -> CopyFacts:
    """Stream an encrypted pg_dump of one snapshot into `out`; returns what the snapshot holds."""
    conninfo, env = connection_args(url)
    tool = find_tool("pg_dump")
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
        conn.execute(text("SET TRANSACTION READ ONLY"))
        snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        found = facts(conn)
        with tempfile.TemporaryFile() as errors:
            proc = subprocess.Popen(
                [tool, "--format=custom", "--no-password", f"--snapshot={snapshot}", f"--dbname={conninfo}"],
                stdout=subprocess.PIPE, stderr=errors, env=env,
            )  # fmt: skip
            assert proc.stdout is not None
            try:
                encrypt_stream(proc.stdout, out, key, cancelled=cancelled)
            except BaseException:
                proc.kill()
                proc.wait()
                raise
            if proc.wait() != 0:
                raise _failure("pg_dump", errors)
        conn.rollback()
    return found


def database_head(engine: Engine) -> tuple[int, str] | None:
    """The last audit event of the database at `engine`; None if it holds no caseworker store."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("audit_head"):
            return None
        row = conn.execute(text("SELECT seq, hash FROM audit_head WHERE id = 1")).first()
        return (int(row[0]), str(row[1])) if row else (0, "")


def restore(url: str, open_dump: Callable[[], AbstractContextManager[IO[bytes]]], key: bytes) -> None:
    """Check the encrypted dump completely, then load it in one transaction with pg_restore."""
    with open_dump() as member:
        decrypt_stream(member, None, key)
    conninfo, env = connection_args(url)
    tool = find_tool("pg_restore")
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(
            [tool, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
             "--exit-on-error", "--no-password", f"--dbname={conninfo}"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors, env=env,
        )  # fmt: skip
        assert proc.stdin is not None
        try:
            with open_dump() as member:
                decrypt_stream(member, proc.stdin, key)
            proc.stdin.close()
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        if proc.wait() != 0:
            raise _failure("pg_restore", errors)
