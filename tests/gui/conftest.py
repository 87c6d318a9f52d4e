"""GUI fixtures: a store per test (SQLite), a window per test with its own
settings file, and background jobs run inline unless a test wants threads."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from caseworker.gui.main_window import MainWindow
from caseworker.gui.settings import Settings
from caseworker.gui.tasks import TaskRunner
from caseworker.services.api import Services
from caseworker.services.demo import fill_store
from caseworker.services.demo.users import demo_actor
from caseworker.store.engine import Store
from caseworker.store.keyslots import sidecar_path
from caseworker.store.location import StoreLocation
from tests.support.stores import SqliteTemplates, services_for

BIG_STORE_CASES = 3000


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Logs and default settings of the code under test go to the test's folder."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes say what they would have said, without waiting for a click."""
    shown: list[str] = []
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name, lambda parent, title, text, *a, **k: shown.append(text))
    return shown


@pytest.fixture
def services(sqlite_store: Store) -> Services:
    """A caseworker signed in to a fresh SQLite store."""
    return services_for(sqlite_store, "caseworker")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.at(str(tmp_path / "settings.ini"))


@pytest.fixture
def make_window(qtbot: QtBot, settings: Settings) -> Iterator[Callable[..., MainWindow]]:
    windows: list[MainWindow] = []

    def build(services: Services, *, synchronous: bool = True, window_settings: Settings | None = None) -> MainWindow:
        window = MainWindow(services, window_settings or settings, TaskRunner(synchronous=synchronous))
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield build
    for window in windows:
        window.tasks.cancel_all()
        window.tasks.wait(5000)


@pytest.fixture(scope="session")
def big_store_template(sqlite_templates: SqliteTemplates, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of thousands of demo cases, generated once per run."""
    location = sqlite_templates.fresh(tmp_path_factory.mktemp("big"))
    store = sqlite_templates.open(location)
    try:
        actor, workers = demo_actor(store)
        fill_store(store, BIG_STORE_CASES, 7, actor.actor, workers)
    finally:
        store.close()
    assert location.path is not None
    return location.path


@pytest.fixture
def big_services(big_store_template: Path, sqlite_templates: SqliteTemplates, tmp_path: Path) -> Iterator[Services]:
    target = tmp_path / "big.db"
    shutil.copyfile(big_store_template, target)
    shutil.copyfile(sidecar_path(big_store_template), sidecar_path(target))
    store = sqlite_templates.open(StoreLocation(path=target))
    yield services_for(store, "caseworker")
    store.close()


@pytest.fixture
def desk(sqlite_store: Store) -> Services:
    """A caseworker signed in on a fresh SQLite store (GUI tests run on SQLite only)."""
    return services_for(sqlite_store, "caseworker")


@pytest.fixture
def desk_officer(sqlite_store: Store) -> Services:
    """An authorising officer on the same store as `desk`: a second session."""
    return services_for(sqlite_store, "officer")


DialogDriver = Callable[[type, Callable[[Any], None]], list[Any]]


@pytest.fixture
def drive_dialog(monkeypatch: pytest.MonkeyPatch) -> DialogDriver:
    """Replace `cls.exec` so that `interact(dialog)` plays the user; returns the dialogs opened.

    `interact` clicks and types in the dialog as a user would (it usually ends by
    pressing a button that accepts or rejects); exec then returns the result.
    """

    def drive(cls: type, interact: Callable[[Any], None]) -> list[Any]:
        opened: list[Any] = []

        def exec_(self: Any) -> int:
            opened.append(self)
            interact(self)
            return int(self.result())

        monkeypatch.setattr(cls, "exec", exec_)
        return opened

    return drive
