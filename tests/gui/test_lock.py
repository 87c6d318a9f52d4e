"""The lock controller on a plain QMainWindow: idle time, Ctrl+L, covers, unlock, edits kept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QMainWindow, QMenuBar, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from caseworker.gui.lock import LockController, LockCover
from caseworker.services.api import Services
from tests.support.stores import PASSWORD


@pytest.fixture
def window(qtbot: QtBot) -> QMainWindow:
    window = QMainWindow()
    window.setWindowTitle("ISB-2026-00042 — MOHAMMAD KARIMI")
    central = QWidget()
    window.editor = QLineEdit()  # type: ignore[attr-defined]
    QVBoxLayout(central).addWidget(window.editor)  # type: ignore[attr-defined]
    window.setCentralWidget(central)
    menu = QMenuBar()
    menu.addMenu("&Case")
    window.setMenuBar(menu)
    window.resize(640, 400)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    return window


def _covers(widget: QWidget) -> list[LockCover]:
    found = widget.findChildren(LockCover, options=Qt.FindChildOption.FindDirectChildrenOnly)
    return [c for c in found if c.isVisible()]


def test_idle_time_locks_and_the_password_unlocks_keeping_unsaved_text(
    qtbot: QtBot, window: QMainWindow, caseworker: Services
) -> None:
    qtbot.keyClicks(window.editor, "unsaved note about the family")  # type: ignore[attr-defined]
    controller = LockController(window, caseworker, timeout_ms=50)
    with qtbot.waitSignal(controller.locked_changed, timeout=3000) as locked:
        pass
    assert locked.args == [True] and controller.locked
    cover = _covers(window)
    assert len(cover) == 1 and cover[0].geometry() == window.rect()  # menus and all are under it
    assert window.windowTitle() == "caseworker — locked"  # the case reference is not on show
    assert controller.panel is not None

    qtbot.keyClicks(controller.panel.password, "not my password")
    qtbot.keyClick(controller.panel.password, Qt.Key.Key_Return)
    assert controller.locked and "wrong password" in controller.panel.error.text()
    assert controller.panel.password.text() == ""

    qtbot.keyClicks(controller.panel.password, PASSWORD)
    with qtbot.waitSignal(controller.locked_changed) as unlocked:
        qtbot.keyClick(controller.panel.password, Qt.Key.Key_Return)
    assert unlocked.args == [False] and not _covers(window)
    assert window.editor.text() == "unsaved note about the family"  # type: ignore[attr-defined]
    assert window.windowTitle() == "ISB-2026-00042 — MOHAMMAD KARIMI"
    with caseworker.store.read() as session:
        actions = list(session.execute(text(
            "SELECT action FROM audit_events WHERE action LIKE 'auth.unlock%' ORDER BY seq")).scalars())  # fmt: skip
    assert actions == ["auth.unlock_failed", "auth.unlock"]


def test_ctrl_l_locks_at_once_and_input_outside_the_panel_is_swallowed(
    qtbot: QtBot, window: QMainWindow, caseworker: Services
) -> None:
    controller = LockController(window, caseworker, timeout_ms=60_000)
    window.editor.setFocus()  # type: ignore[attr-defined]
    qtbot.keyClick(window.editor, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    assert controller.locked
    qtbot.keyClicks(window.editor, "typed while locked")  # type: ignore[attr-defined]
    assert window.editor.text() == ""  # type: ignore[attr-defined]
    fired = []
    window.addAction("Export").triggered.connect(lambda: fired.append(1))
    controller.lock_action.trigger()  # locking twice changes nothing
    assert len(_covers(window)) == 1 and not fired


def test_activity_postpones_the_lock(qtbot: QtBot, window: QMainWindow, caseworker: Services) -> None:
    controller = LockController(window, caseworker, timeout_ms=400)
    for _ in range(6):
        qtbot.wait(100)
        qtbot.keyClick(window.editor, Qt.Key.Key_A)  # type: ignore[attr-defined]
    assert not controller.locked  # 600 ms passed, but never 400 ms without input
    qtbot.waitUntil(lambda: controller.locked, timeout=3000)


def test_open_dialogs_are_covered_too_and_the_panel_goes_on_the_modal_one(
    qtbot: QtBot, window: QMainWindow, caseworker: Services
) -> None:
    controller = LockController(window, caseworker, timeout_ms=60_000)
    dialog = QDialog(window)
    qtbot.addWidget(dialog)
    dialog.setWindowTitle("Edit MOHAMMAD KARIMI")
    field = QLineEdit("half-typed passport number", dialog)
    dialog.setModal(True)
    dialog.show()
    qtbot.waitExposed(dialog)
    controller.lock()
    assert len(_covers(window)) == 1 and len(_covers(dialog)) == 1
    assert controller.panel is not None and controller.panel.parent() is dialog
    assert dialog.windowTitle() == "caseworker — locked"
    qtbot.keyClicks(controller.panel.password, PASSWORD)
    qtbot.keyClick(controller.panel.password, Qt.Key.Key_Return)
    assert not controller.locked and dialog.isVisible() and field.text() == "half-typed passport number"
    assert dialog.windowTitle() == "Edit MOHAMMAD KARIMI"
    dialog.close()


def test_sign_out_from_the_lock_panel(qtbot: QtBot, window: QMainWindow, caseworker: Services) -> None:
    controller = LockController(window, caseworker)
    controller.sign_out_requested.connect(window.close)
    controller.lock()
    assert controller.panel is not None
    qtbot.mouseClick(controller.panel.sign_out_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()
    assert not controller.locked  # nothing of a closed window stays locked (or locks later)
