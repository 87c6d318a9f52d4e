"""Locking the application: after an idle time, or on Ctrl+L.

`LockController` attaches to any QMainWindow. While locked, every visible
window of the application (the main window with its menus, toolbars and
docks, floating docks, open dialogs) is covered by an opaque panel and
retitled, so nothing of a case shows; input outside the sign-in panel is
swallowed, shortcuts included. The panel asks for the signed-in user's
password, checked by the services layer (throttled and audited there).
Nothing is closed or destroyed, so unsaved edits in the covered widgets are
still there after unlocking.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.errors import CaseworkerError
from caseworker.services.api import Services

DEFAULT_TIMEOUT_MS = 10 * 60 * 1000
_ACTIVITY = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}  # fmt: skip
_BLOCKED = {
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride, QEvent.Type.Shortcut,
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.Wheel, QEvent.Type.ContextMenu, QEvent.Type.DragEnter, QEvent.Type.Drop,
    QEvent.Type.TouchBegin, QEvent.Type.InputMethod,
}  # fmt: skip


class LockCover(QWidget):
    """An opaque child covering a whole window; follows the window's size."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockCover")
        self.setAutoFillBackground(True)
        self.setAccessibleName(self.tr("Locked"))
        self.setGeometry(window.rect())
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
            self.raise_()
        return False


class LockPanel(LockCover):
    """The cover that holds the sign-in controls."""

    unlock_requested = Signal(str)
    sign_out_requested = Signal()

    def __init__(self, window: QWidget, username: str) -> None:
        super().__init__(window)
        self.title = QLabel(self.tr("caseworker is locked"))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.prompt = QLabel(self.tr("Signed in as %s. Enter your password to go on.") % username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.password.setMaximumWidth(320)
        self.error = QLabel()
        self.error.setAccessibleName(self.tr("Unlock error"))
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.unlock_button = QPushButton(self.tr("&Unlock"))
        self.unlock_button.setAccessibleName(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.sign_out_button = QPushButton(self.tr("Sign &out"))
        self.sign_out_button.setAccessibleName(self.tr("Sign out"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.unlock_button)
        buttons.addWidget(self.sign_out_button)
        buttons.addStretch(1)
        box = QWidget()
        inner = QVBoxLayout(box)
        for widget in (self.title, self.prompt, self.password, self.error):
            inner.addWidget(widget)
        inner.addLayout(buttons)
        box.setMaximumWidth(460)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.password.returnPressed.connect(self._submit)
        self.unlock_button.clicked.connect(self._submit)
        self.sign_out_button.clicked.connect(self.sign_out_requested)

    def _submit(self) -> None:
        password = self.password.text()
        self.password.clear()  # the password lives no longer than the check
        self.unlock_requested.emit(password)


class LockController(QObject):
    """Idle timer, Ctrl+L and the lock covers for one main window and its dialogs."""

    locked_changed = Signal(bool)
    sign_out_requested = Signal()

    def __init__(
        self,
        window: QMainWindow,
        services: Services,
        *,
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
        verify: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._username = services.user.username
        self._verify = verify or services.users.confirm_password
        self._covers: list[LockCover] = []
        self._titles: dict[QWidget, str] = {}
        self._sizes: dict[QWidget, QSize] = {}
        self._focus: QWidget | None = None
        self.panel: LockPanel | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(timeout_ms)
        self.timer.timeout.connect(self.lock)
        self.lock_action = QAction(self.tr("&Lock"), window)
        self.lock_action.setShortcut(QKeySequence(self.tr("Ctrl+L")))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.setToolTip(self.tr("Hide everything until you enter your password (Ctrl+L)"))
        self.lock_action.triggered.connect(self.lock)
        self.lock_action.setEnabled(window.isVisible())  # enabled while the window is shown
        window.addAction(self.lock_action)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        window.destroyed.connect(lambda: app.removeEventFilter(self))
        self.timer.start()

    @property
    def locked(self) -> bool:
        return bool(self._covers)

    def set_timeout(self, milliseconds: int) -> None:
        self.timer.setInterval(milliseconds)
        if not self.locked:
            self.timer.start()

    @Slot()
    def lock(self) -> None:
        if self.locked or not self._window.isVisible():
            return
        self.timer.stop()
        self._focus = QApplication.focusWidget()
        host = QApplication.activeModalWidget() or self._window
        for window in [w for w in QApplication.topLevelWidgets() if w.isVisible()] + [host]:
            self._cover(window, with_panel=window is host)
        self.locked_changed.emit(True)

    def _cover(self, window: QWidget, *, with_panel: bool) -> None:
        if window in self._titles:
            return
        self._titles[window] = window.windowTitle()
        window.setWindowTitle(self.tr("caseworker — locked"))
        if with_panel:
            self.panel = LockPanel(window, self._username)
            self.panel.unlock_requested.connect(self._try_unlock)
            self.panel.sign_out_requested.connect(self.sign_out_requested)
            cover: LockCover = self.panel
        else:
            cover = LockCover(window)
        self._covers.append(cover)
        needed = cover.minimumSizeHint()
        if window.width() < needed.width() or window.height() < needed.height():
            self._sizes[window] = window.size()  # a small dialog grows to hold the panel
            window.resize(window.size().expandedTo(needed))
        cover.show()
        cover.setGeometry(window.rect())  # after show(): a shown child is otherwise sized to its hint
        cover.raise_()
        if with_panel:
            self.panel.password.setFocus(Qt.FocusReason.OtherFocusReason)  # type: ignore[union-attr]

    def _try_unlock(self, password: str) -> None:
        assert self.panel is not None
        try:
            self._verify(password)
        except CaseworkerError as exc:
            self.panel.error.setText(str(exc))
            self.panel.password.setFocus()
            return
        self.unlock()

    def unlock(self) -> None:
        if not self.locked:
            return
        self._release()
        if self._focus is not None:
            self._focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focus = None
        self.timer.start()
        self.locked_changed.emit(False)

    def _release(self) -> None:
        for cover in self._covers:
            cover.hide()
            cover.deleteLater()
        self._covers.clear()
        self.panel = None
        for window, title in self._titles.items():
            window.setWindowTitle(title)
        self._titles.clear()
        for window, size in self._sizes.items():
            window.resize(size)
        self._sizes.clear()

    def _inside_panel(self, watched: QObject) -> bool:
        return self.panel is not None and isinstance(watched, QWidget) and (
            watched is self.panel or self.panel.isAncestorOf(watched)
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not shiboken6.isValid(self._window):  # the window is being destroyed
            return False
        kind = event.type()
        if watched is self._window and kind in (QEvent.Type.Show, QEvent.Type.Hide):
            # A closed window neither locks nor competes for Ctrl+L with another window.
            shown = kind == QEvent.Type.Show
            self.lock_action.setEnabled(shown)
            if shown and not self.locked:
                self.timer.start()
            elif not shown:
                self.timer.stop()
                self._release()  # signed out while locked: nothing left to guard
        if not self._window.isVisible():
            return False
        if not self.locked:
            if kind in _ACTIVITY:
                self.timer.start()
            return False
        if kind == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            if watched not in self._titles:
                QTimer.singleShot(0, lambda w=watched: self.locked and self._cover(w, with_panel=False))
            return False
        if kind == QEvent.Type.Shortcut:
            return True  # no action fires while locked (its target is an action, not a widget)
        # Events reach a window's QWindow first and then the widget: judge them at the widget.
        return kind in _BLOCKED and isinstance(watched, QWidget) and not self._inside_panel(watched)
