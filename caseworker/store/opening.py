"""Open or create a store at a location."""

from __future__ import annotations

from caseworker.domain.errors import StoreError
from caseworker.store import migrate
from caseworker.store.engine import Store, check_connection, make_engine
from caseworker.store.keyring import KeyRing
from caseworker.store.keyslots import sidecar_path
from caseworker.store.location import StoreLocation

SQLITE_HEADER = b"SQLite format 3\x00"


def file_kind(location: StoreLocation) -> str:
    """'missing', 'empty', 'plain' (readable by any SQLite) or 'encrypted' (random bytes)."""
    assert location.path is not None
    try:
        with open(location.path, "rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        raise StoreError(f"cannot read {location.display}: {exc.strerror}") from None
    if not head:
        return "empty"
    return "plain" if head == SQLITE_HEADER else "encrypted"


def open_store(location: StoreLocation, *, key: bytes | None = None, create: bool = False) -> Store:
    """Open the store at `location`, upgrading its schema if it is older.

    `key` is the data key of an encrypted SQLite store (unwrapped from a key
    slot by `services.session.sign_in`, or read from the recovery key); the
    store then carries a `KeyRing` for changing its slots. With `create`, a
    missing SQLite file is created (encrypted if a key is given) with its
    folder; without it, a missing file is an error that says how to create one.
    """
    keyring = None
    if location.path is not None:
        if location.path.is_dir():
            raise StoreError(f"{location.display} is a folder, not a store file")
        kind = file_kind(location)
        if kind in ("missing", "empty"):
            if not create:
                raise StoreError(f"there is no store at {location.display}; create one with `caseworker init`")
            location.path.parent.mkdir(parents=True, exist_ok=True)
        elif kind == "encrypted" and key is None:
            raise StoreError(
                f"{location.display} is encrypted: sign in with a user name and password, or use its recovery key"
            )
        elif kind == "plain" and key is not None:
            raise StoreError(f"{location.display} is not encrypted; it opens without a key")
        if key is not None:
            keyring = KeyRing(sidecar_path(location.path), key)
    engine = make_engine(location, key=key)
    try:
        check_connection(engine, location)
        migrate.upgrade(engine)
    except Exception:
        engine.dispose()
        raise
    return Store(location, engine, keyring)
