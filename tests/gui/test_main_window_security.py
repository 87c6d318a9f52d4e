"""The main window with the security features attached: Ctrl+L and the idle lock,
the users dialog for administrators, and the rotating backup on close."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from caseworker.gui.admin_users import UsersDialog
from caseworker.gui.main_window import MainWindow
from caseworker.services.api import Services
from caseworker.services.backups import automatic_backups
from tests.support.stores import services_for

Build = Callable[..., MainWindow]


def test_ctrl_l_locks_and_the_idle_time_comes_from_the_setting(services: Services, make_window: Build) -> None:
    services_for(services.store, "admin").settings.set("security.auto_lock_minutes", 3)
    window = make_window(services)
    window.show()
    assert window.locker.timer.interval() == 3 * 60_000
    action = window.lock_action
    assert action in window.actions() and action.shortcut() == QKeySequence("Ctrl+L") and action.isEnabled()
    assert action.shortcutContext() == Qt.ShortcutContext.ApplicationShortcut  # dialogs included
    action.trigger()
    assert window.locker.locked and window.windowTitle() == "caseworker — locked"


def test_only_administrators_see_the_users_dialog(services: Services, make_window: Build, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert not make_window(services).users_action.isVisible()
    admin = services_for(services.store, "admin")
    window = make_window(admin)
    assert window.users_action.isVisible()
    opened: list[UsersDialog] = []
    monkeypatch.setattr(UsersDialog, "exec", lambda self: opened.append(self) or 0)
    window.users_action.trigger()
    assert opened and opened[0].model.rowCount() == 3


def test_closing_the_window_keeps_a_rotating_backup(qtbot: QtBot, services: Services, make_window: Build) -> None:
    services_for(services.store, "admin").settings.set("backup.keep", 2)
    for _ in range(3):
        window = make_window(services)
        window.show()
        window.close()
        qtbot.waitUntil(lambda w=window: not w.isVisible())
    made = automatic_backups(services.store.location)
    assert len(made) == 2 and all(p.stat().st_size > 0 for p in made)


def test_an_administrator_is_told_when_the_sign_in_journal_was_damaged(
    services: Services, make_window: Build, messages: list[str], qtbot: QtBot
) -> None:
    admin = services_for(services.store, "admin")
    admin.notices.append("The sign-in journal was damaged at 2026-12-04 10:00 UTC.")
    window = make_window(admin)
    window.show()
    qtbot.waitUntil(lambda: bool(messages))
    assert messages == ["The sign-in journal was damaged at 2026-12-04 10:00 UTC."] and admin.notices == []
