"""Fixtures for GUI tests: signed-in services on a fresh SQLite store, and a way
to drive modal dialogs without a nested event loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from caseworker.services.api import Services
from caseworker.store.engine import Store
from tests.support.stores import services_for


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
