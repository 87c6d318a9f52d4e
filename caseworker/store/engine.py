"""Opening a store: the engine, its connection settings, sessions and migrations.

SQLite stores use the `sqlcipher3` driver (SQLite with SQLCipher built in), so
every desktop runs the same modern SQLite whether or not the store is
encrypted. Connections run in WAL mode with foreign keys on. Write sessions
start with `BEGIN IMMEDIATE` so that two writers queue on the database lock
instead of failing half-way; read sessions use a plain deferred `BEGIN`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from caseworker.domain.errors import StoreError
from caseworker.store.keyring import KeyRing
from caseworker.store.location import StoreLocation

_WRITE = "caseworker_write"
# Page cache per connection. Pages of an encrypted store are decrypted as they
# enter the cache, so a cache that holds what search reads (the FTS index, the
# row-to-case index and the list columns: about 50 MB at 100,000 cases) keeps
# search-as-you-type from decrypting the same pages again and again.
CACHE_KIB = 48 * 1024
# SQLite connections kept open between uses, each with its own cache: enough for
# the GUI thread and one worker. A job that needs one more (the task runner has
# two threads) opens a connection and closes it when done, so the caches kept
# never add up to more than POOL_SIZE * CACHE_KIB, however long the session.
POOL_SIZE = 2
_SQLITE_NOTADB = 26


class WrongKeyError(StoreError):
    """The file is not a SQLite database that this key (or no key) opens."""


@dataclass
class Store:
    """An open store. Cheap to share; hand out one Session per job or action."""

    location: StoreLocation
    engine: Engine
    # The key slots of an encrypted SQLite store, opened with its data key.
    keyring: KeyRing | None = None
    _read: sessionmaker[Session] = field(init=False, repr=False)
    _write: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(
            self.engine.execution_options(**{_WRITE: True}), expire_on_commit=False
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; rolled back at the end."""
        with self._read() as session:
            try:
                yield session
            finally:
                session.rollback()

    @property
    def is_encrypted(self) -> bool:
        return self.keyring is not None

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed if the block succeeds, rolled back otherwise.

        Key-slot changes staged in the session are written just before the
        commit and put back if it fails (see `keyring.py`).
        """
        keyring = self.keyring
        with self._write() as session:
            if keyring is not None:
                keyring.attach(session)
            try:
                with session.begin():
                    yield session
                    if keyring is not None:
                        keyring.flush(session)
            except BaseException:
                if keyring is not None:
                    keyring.undo(session)
                raise
            finally:
                KeyRing.forget(session)

    def close(self) -> None:
        self.engine.dispose()


def make_engine(location: StoreLocation, *, key: bytes | None = None, **kwargs: Any) -> Engine:
    """Create (but do not migrate) the engine for `location`.

    `key` is the raw 32-byte SQLCipher key of an encrypted SQLite store. It is
    given to SQLCipher as a raw hex key (no passphrase derivation: the key is
    random) on a driver cursor that SQLAlchemy never logs, and no error
    raised while applying it carries the statement.
    """
    if location.path is not None:
        return _sqlite_engine(location, key, **kwargs)
    if key is not None:
        raise StoreError("server stores rely on the server's encryption; no key is used")
    # PostgreSQL runs READ COMMITTED; writers serialise on the rows they lock
    # explicitly (audit head, counters) and on the version columns.
    return create_engine(location.url or "", pool_pre_ping=True, **kwargs)


def _sqlite_engine(location: StoreLocation, key: bytes | None, **kwargs: Any) -> Engine:
    import sqlcipher3.dbapi2 as sqlcipher

    assert location.path is not None
    engine = create_engine(
        f"sqlite:///{location.path}",
        module=sqlcipher,
        connect_args={"check_same_thread": False, "timeout": 30},
        # Reuse the most recently used connection: its page cache is warm, and
        # the other stays small instead of growing a copy of the same pages.
        pool_use_lifo=True,
        pool_size=POOL_SIZE,
        **kwargs,
    )

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        # Take over transaction control from the driver (see _begin).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        try:
            # SQLCipher would print its own errors (e.g. for a wrong key) on stderr.
            cursor.execute("PRAGMA cipher_log_level = NONE")
            if key is not None:
                cursor.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA busy_timeout = 30000")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        except Exception as exc:  # a wrong key shows up here as "file is not a database"
            problem = _sqlite_problem(location, exc)
            if key is not None:  # belt and braces: the key never reaches a message
                problem = type(problem)(str(problem).replace(key.hex(), "***"))
            raise problem from None
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _sqlite_problem(location: StoreLocation, exc: Exception) -> StoreError:
    message = str(exc)
    if getattr(exc, "sqlite_errorcode", None) == _SQLITE_NOTADB or "not a database" in message:
        return WrongKeyError(f"{location.display} is not a caseworker store, or the key does not open it")
    if "locked" in message:
        return StoreError(f"{location.display} is locked by another program")
    return StoreError(f"cannot open {location.display}: {message}")


def check_connection(engine: Engine, location: StoreLocation) -> None:
    """Fail early with a clear message if the database cannot be read."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM sqlite_master" if engine.dialect.name == "sqlite" else "SELECT 1"))
    except StoreError:
        raise
    except (OperationalError, DatabaseError) as exc:
        raise _describe(location, exc) from None


def _describe(location: StoreLocation, exc: Exception) -> StoreError:
    orig = getattr(exc, "orig", exc)
    if location.is_sqlite:
        return _sqlite_problem(location, orig)
    first_line = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    return StoreError(f"cannot reach the database at {location.display}: {first_line}")
