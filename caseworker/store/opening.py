"""Open or create a store at a location."""

from __future__ import annotations

from caseworker.domain.errors import StoreError
from caseworker.store import migrate
from caseworker.store.engine import Store, check_connection, make_engine
from caseworker.store.location import StoreLocation


def open_store(location: StoreLocation, *, key: bytes | None = None, create: bool = False) -> Store:
    """Open the store at `location`, upgrading its schema if it is older.

    With `create`, a missing SQLite file is created (with its folder);
    without it, a missing file is an error that says how to create one.
    """
    if location.path is not None:
        if location.path.is_dir():
            raise StoreError(f"{location.display} is a folder, not a store file")
        if not location.path.exists():
            if not create:
                raise StoreError(
                    f"there is no store at {location.display}; create one with `caseworker init`"
                )
            location.path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(location, key=key)
    try:
        check_connection(engine, location)
        migrate.upgrade(engine)
    except Exception:
        engine.dispose()
        raise
    return Store(location, engine)
