"""Bulk actions on the selected cases: assign to a caseworker, and change
status with one reason. Each is one all-or-nothing transaction in the
services, run on the task runner; the dialogs only gather the choice."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.errors import CaseworkerError
from caseworker.domain.workflow import Status, allowed_targets
from caseworker.gui.labels import label
from caseworker.gui.tasks import TaskRunner
from caseworker.services.api import Services


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class AssignDialog(QDialog):
    """Choose who the selected cases go to (or nobody)."""

    def __init__(self, services: Services, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Assign cases"))
        self.user = QComboBox(self)
        self.user.setAccessibleName(self.tr("Assign to"))
        for view in services.lookups.assignable_users():
            self.user.addItem(f"{view.display_name} ({view.username})", view.username)
        self.user.addItem(self.tr("Nobody (unassign)"), None)
        if services.user.username in [self.user.itemData(i) for i in range(self.user.count())]:
            self.user.setCurrentIndex(self.user.findData(services.user.username))
        form = QFormLayout()
        form.addRow(self.tr("&Assign to:"), self.user)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Assign %n selected case(s).", "", count)))
        layout.addLayout(form)
        layout.addWidget(_buttons(self, self.tr("Assign")))

    def username(self) -> str | None:
        return self.user.currentData()


def common_targets(services: Services, statuses: Sequence[str]) -> list[Status]:
    """Statuses every one of the given statuses may move to, for this user, in workflow order."""
    distinct = {Status(s) for s in statuses}
    if not distinct:
        return []
    common = set.intersection(*(set(allowed_targets(s, services.user.role)) for s in distinct))
    return [s for s in Status if s in common]


class MoveDialog(QDialog):
    """Choose the new status and the one reason recorded for every case."""

    def __init__(self, targets: Sequence[Status], count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Change status"))
        self.target = QComboBox(self)
        self.target.setAccessibleName(self.tr("New status"))
        for status in targets:
            self.target.addItem(label(status), status.value)
        self.reason = QPlainTextEdit(self)
        self.reason.setAccessibleName(self.tr("Reason"))
        self.reason.setPlaceholderText(self.tr("Why these cases move (recorded in each case's history)"))
        self.reason.setTabChangesFocus(True)
        self.reason.setMinimumHeight(80)
        form = QFormLayout()
        form.addRow(self.tr("&New status:"), self.target)
        form.addRow(self.tr("&Reason:"), self.reason)
        self.buttons = _buttons(self, self.tr("Change status"))
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.reason.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Move %n selected case(s). All of them move, or none.", "", count)))
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        self.ok.setEnabled(bool(self.reason.toPlainText().strip()) and self.target.count() > 0)

    def choice(self) -> tuple[str, str]:
        return self.target.currentData(), self.reason.toPlainText().strip()


class BulkActions(QObject):
    """Asks, then changes the selected cases; reports the ids it changed."""

    casesChanged = Signal(list)

    def __init__(self, services: Services, tasks: TaskRunner, selected: Callable[[], list[int]], window: QWidget) -> None:
        super().__init__(window)
        self.services, self.tasks, self.selected, self.window = services, tasks, selected, window

    def assign(self) -> None:
        ids = self.selected()
        if not ids:
            return
        dialog = AssignDialog(self.services, len(ids), self.window)
        if dialog.exec() != AssignDialog.DialogCode.Accepted:
            return
        username, cases = dialog.username(), self.services.cases
        self.tasks.run(lambda progress, cancelled: cases.assign(ids, username), title=self.tr("Assigning cases"),
                       window=self.window, cancellable=False, on_done=lambda _n: self.casesChanged.emit(ids),
                       on_error=self._failed)  # fmt: skip

    def move(self) -> None:
        ids = self.selected()
        if not ids:
            return
        targets = common_targets(self.services, [s.status for s in self.services.queries.rows(ids)])
        if not targets:
            QMessageBox.information(self.window, self.tr("Change status"),
                                    self.tr("The selected cases have no status that all of them may move to."))  # fmt: skip
            return
        dialog = MoveDialog(targets, len(ids), self.window)
        if dialog.exec() != MoveDialog.DialogCode.Accepted:
            return
        (target, reason), cases = dialog.choice(), self.services.cases
        self.tasks.run(lambda progress, cancelled: cases.move_many(ids, target, reason), title=self.tr("Changing status"),
                       window=self.window, cancellable=False, on_done=lambda _refs: self.casesChanged.emit(ids),
                       on_error=self._failed)  # fmt: skip

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, CaseworkerError):
            sys.excepthook(type(error), error, error.__traceback__)
            return
        QMessageBox.warning(self.window, self.tr("Nothing was changed"), str(error))
