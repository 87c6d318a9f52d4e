"""Bulk actions on the selected cases: assign to a caseworker, and change
status with one reason. Each is one all-or-nothing transaction in the
services; the dialogs only gather the choice."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.workflow import Status, allowed_targets
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
            self.target.addItem(status.label, status.value)
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
