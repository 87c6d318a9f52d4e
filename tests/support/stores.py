"""Fresh stores for tests: copied from a template built once per run."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

from sqlalchemy import create_engine, text

from caseworker.services.api import Services
from caseworker.services.demo.users import DEMO_USERS, create_demo_users
from caseworker.services.users import authenticate
from caseworker.store.engine import Store
from caseworker.store.location import StoreLocation
from caseworker.store.opening import open_store

PASSWORD = "correct horse battery"
_counter = itertools.count()


def build_template(location: StoreLocation) -> None:
    """A migrated store with the default posts and the demo users."""
    store = open_store(location, create=True)
    try:
        create_demo_users(store, PASSWORD)
    finally:
        store.close()


class SqliteTemplates:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.template = root / "template.db"
        build_template(StoreLocation(path=self.template))

    def fresh(self, directory: Path) -> StoreLocation:
        target = directory / "store.db"
        shutil.copyfile(self.template, target)
        return StoreLocation(path=target)


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

    def close(self) -> None:
        self._admin.dispose()


def services_for(store: Store, username: str) -> Services:
    return Services(store, authenticate(store, username, PASSWORD))


__all__ = ["DEMO_USERS", "PASSWORD", "services_for"]
