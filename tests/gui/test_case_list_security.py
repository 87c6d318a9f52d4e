"""The foundation window with the security features attached: Ctrl+L, auto-lock setting, backup on close."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from caseworker.gui.case_list import CaseListWindow
from caseworker.services.api import Services
from caseworker.services.backups import automatic_backups


def test_ctrl_l_locks_and_the_idle_time_comes_from_the_setting(qtbot: QtBot, admin: Services, caseworker: Services) -> None:
    admin.settings.set("security.auto_lock_minutes", 3)
    window = CaseListWindow(caseworker)
    qtbot.addWidget(window)
    window.show()
    assert window.lock.timer.interval() == 3 * 60_000
    # The key press itself is exercised in test_lock.py; here: the window carries the action.
    action = window.lock.lock_action
    assert action in window.actions() and action.shortcut() == QKeySequence("Ctrl+L") and action.isEnabled()
    assert action.shortcutContext() == Qt.ShortcutContext.ApplicationShortcut  # dialogs included
    action.trigger()
    assert window.lock.locked and window.windowTitle() == "caseworker — locked"


def test_closing_the_window_keeps_a_rotating_backup(qtbot: QtBot, admin: Services, caseworker: Services) -> None:
    admin.settings.set("backup.keep", 2)
    for _ in range(3):
        window = CaseListWindow(caseworker)
        qtbot.addWidget(window)
        window.show()
        window.close()
    made = automatic_backups(caseworker.store.location)
    if caseworker.store.is_sqlite:
        assert len(made) == 2 and all(p.stat().st_size > 0 for p in made)
    else:
        assert made == []  # PostgreSQL: the operator's backups
