"""Administration → Rotate keys…: the application's twin of `caseworker store rekey`."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from caseworker.domain.errors import AuthenticationError
from caseworker.gui.main_window import MainWindow
from caseworker.services.api import Services
from caseworker.services.session import open_with_recovery_key, sign_in
from caseworker.store import recovery_key
from tests.support.stores import PASSWORD, SqliteTemplates, services_for

Build = Callable[..., MainWindow]


def test_rotate_keys_shows_a_new_recovery_key_and_closes_the_window(
    qtbot: QtBot, services: Services, make_window: Build, sqlite_templates: SqliteTemplates,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    assert not make_window(services).rotate_keys_action.isVisible()  # a caseworker does not get it
    admin = services_for(services.store, "admin")
    window = make_window(admin)
    window.show()
    assert window.rotate_keys_action.isVisible()
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("not my password", True))
    window.rotate_keys_action.trigger()
    assert warnings == ["wrong password"] and window.isVisible()  # nothing rotated, the window goes on
    shown: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (PASSWORD, True))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    window.rotate_keys_action.trigger()
    assert len(shown) == 1 and "RECOVERY KEY - shown only this once" in shown[0]
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    location = admin.store.location
    new_code = shown[0].split("\n\n")[1].strip()
    open_with_recovery_key(location, new_code).close()
    assert sqlite_templates.key is not None
    with pytest.raises(AuthenticationError, match="does not open"):
        open_with_recovery_key(location, recovery_key.encode(sqlite_templates.key)).close()
    again = sign_in(location, "admin", PASSWORD)  # the administrator signs in again
    try:
        assert again.history.verify().ok
    finally:
        again.store.close()
