"""Fresh stores for tests: copied from a template built once per run.

SQLite templates are encrypted (with cheap key slots: see
`keyslots.weaken_kdf_for_tests`, switched on in conftest), so the whole suite
runs on the encrypted path; a plain template exists for the tests of
encrypting a plain store.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

from sqlalchemy import create_engine, text

from caseworker.services.api import Services
from caseworker.services.auth import authenticate
from caseworker.services.demo.users import DEMO_USERS, create_demo_users
from caseworker.services.setup import record_creation
from caseworker.store import signin_journal
from caseworker.store.encryption import creating
from caseworker.store.engine import Store
from caseworker.store.keyslots import sidecar_path
from caseworker.store.location import StoreLocation
from caseworker.store.opening import open_store

PASSWORD = "correct horse battery"
_counter = itertools.count()


def build_template(location: StoreLocation, *, encrypted: bool = True) -> bytes | None:
    """A migrated store with the default posts and the demo users; returns its data key."""
    with creating(location, encrypted=encrypted) as new:
        record_creation(new.store, encrypted=new.data_key is not None)
        create_demo_users(new.store, PASSWORD)
    return new.data_key


class SqliteTemplates:
    def __init__(self, root: Path, *, encrypted: bool = True) -> None:
        self.root = root
        self.template = root / ("template.db" if encrypted else "plain-template.db")
        self.key = build_template(StoreLocation(path=self.template), encrypted=encrypted)

    def fresh(self, directory: Path, name: str = "store.db") -> StoreLocation:
        target = directory / name
        shutil.copyfile(self.template, target)
        if self.key is not None:
            shutil.copyfile(sidecar_path(self.template), sidecar_path(target))
            signin_journal.create(target)  # a fresh store's throttle, as `store encrypt` leaves it
        return StoreLocation(path=target)

    def open(self, location: StoreLocation) -> Store:
        return open_store(location, key=self.key)


class PostgresTemplates:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self._admin = create_engine(f"{base_url}/postgres", isolation_level="AUTOCOMMIT")
        with self._admin.connect() as conn:
            conn.execute(text("CREATE DATABASE cw_template"))
        build_template(StoreLocation(url=f"{base_url}/cw_template"))

    def fresh(self) -> StoreLocation:
        name = f"cw_test_{next(_counter)}"
        with self._admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name} TEMPLATE cw_template"))
        return StoreLocation(url=f"{self.base_url}/{name}")

    def empty(self) -> StoreLocation:
        """A new, empty database (a target to restore a backup into)."""
        name = f"cw_empty_{next(_counter)}"
        with self._admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
        return StoreLocation(url=f"{self.base_url}/{name}")

    def close(self) -> None:
        self._admin.dispose()


def services_for(store: Store, username: str) -> Services:
    return Services(store, authenticate(store, username, PASSWORD))


__all__ = ["DEMO_USERS", "PASSWORD", "services_for"]
