"""Shared fixtures. Qt must be told to draw offscreen before it is first imported."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("CASEWORKER_STORE", None)
os.environ.pop("CASEWORKER_PASSWORD", None)
os.environ.pop("CASEWORKER_USER", None)
# The explicit opt-in to cheap key derivation (store/kdf_floor.py): the `caseworker`
# commands the tests run in subprocesses inherit it; nothing else accepts weak slots.
os.environ["CASEWORKER_TEST_WEAK_KDF"] = "1"

import time  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from caseworker.services import passwords  # noqa: E402
from caseworker.services.api import Services  # noqa: E402
from caseworker.store import keyslots  # noqa: E402
from caseworker.store.engine import Store  # noqa: E402
from caseworker.store.opening import open_store  # noqa: E402
from tests.support.postgres import PostgresUnavailable, TempPostgres  # noqa: E402
from tests.support.stores import PostgresTemplates, SqliteTemplates, services_for  # noqa: E402

# Key slots and password hashes made by the tests are cheap to check (the suite
# signs in thousands of times); production code always uses the strong defaults.
keyslots.weaken_kdf_for_tests()
passwords.weaken_hashing_for_tests()


@pytest.fixture(autouse=True, scope="session")
def _widgets_application() -> None:
    """One QApplication for the whole run, started before any test can start a lesser one.

    Reading a letter PDF renders it with QtPdf, which starts a QGuiApplication when none runs
    (`caseworker.documents.qr`); a process holds only one, and a widget created under a
    QGuiApplication aborts the whole run. So `-k` selections that put a PDF-reading test
    before the GUI tests aborted.
    """
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        QApplication([])


@pytest.fixture(scope="session")
def sqlite_templates(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplates:
    """Encrypted template (the default for every SQLite test)."""
    return SqliteTemplates(tmp_path_factory.mktemp("templates"))


@pytest.fixture(scope="session")
def plain_templates(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplates:
    """An unencrypted template, for tests of `store encrypt` and of development stores."""
    return SqliteTemplates(tmp_path_factory.mktemp("plain-templates"), encrypted=False)


@pytest.fixture(scope="session")
def postgres_templates() -> Iterator[PostgresTemplates]:
    if os.environ.get("CASEWORKER_SKIP_POSTGRES"):
        pytest.skip("PostgreSQL tests switched off by CASEWORKER_SKIP_POSTGRES")
    try:
        server = TempPostgres()
        base_url = server.start()
    except PostgresUnavailable as exc:
        pytest.skip(str(exc))
    templates = PostgresTemplates(base_url)
    yield templates
    templates.close()
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh, migrated store with posts and the demo users, on SQLite and on PostgreSQL."""
    if backend == "sqlite":
        templates = request.getfixturevalue("sqlite_templates")
        opened = templates.open(templates.fresh(tmp_path))
    else:
        opened = open_store(request.getfixturevalue("postgres_templates").fresh())
    yield opened
    opened.close()


@pytest.fixture
def sqlite_store(sqlite_templates: SqliteTemplates, tmp_path: Path) -> Iterator[Store]:
    """A fresh (encrypted) SQLite store, for tests of SQLite-only behaviour."""
    opened = sqlite_templates.open(sqlite_templates.fresh(tmp_path))
    yield opened
    opened.close()


@pytest.fixture
def admin(store: Store) -> Services:
    return services_for(store, "admin")


@pytest.fixture
def officer(store: Store) -> Services:
    return services_for(store, "officer")


@pytest.fixture
def caseworker(store: Store) -> Services:
    return services_for(store, "caseworker")


@pytest.fixture
def time_zone() -> Iterator[Callable[[str], None]]:
    """`time_zone("Asia/Karachi")`: this process's local time zone for the rest of the test."""
    old = os.environ.get("TZ")

    def use(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    yield use
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()
