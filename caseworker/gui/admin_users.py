"""The administrators' users dialog: list, add, disable/enable, reset passwords, change roles.

Every change goes through `services.users` (role-checked, audited, and on an
encrypted store it updates the key slots in the same transaction). Errors
from the services are shown in the dialog; nothing is changed when they occur.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.errors import CaseworkerError
from caseworker.domain.roles import Action, Role
from caseworker.gui.user_forms import Form, NewUserDialog, PasswordDialog, role_box
from caseworker.services.api import Services
from caseworker.services.dto import UserView

Index = QModelIndex | QPersistentModelIndex
__all__ = ["NewUserDialog", "PasswordDialog", "UsersDialog", "UsersModel"]


class UsersModel(QAbstractTableModel):
    """The store's users (a short list, loaded whole)."""

    def __init__(self) -> None:
        super().__init__()
        self.users: list[UserView] = []
        self.headers = (self.tr("User"), self.tr("Name"), self.tr("Role"), self.tr("Status"))

    def set_users(self, users: list[UserView]) -> None:
        self.beginResetModel()
        self.users = list(users)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.users)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        user = self.users[index.row()]
        if index.column() == 0:
            return user.username
        if index.column() == 1:
            return user.display_name
        if index.column() == 2:
            return Role(user.role).label
        if not user.active:
            return self.tr("Disabled")
        return self.tr("Needs a new password") if user.needs_password else self.tr("Active")


class UsersDialog(QDialog):
    """For administrators: the users of the store and what can be changed about them."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        services.context.require(Action.MANAGE_USERS)
        self.services = services
        self.setWindowTitle(self.tr("Users"))
        self.model = UsersModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Users"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.add_button = self._button(self.tr("&Add user…"), self.add_user)
        self.password_button = self._button(self.tr("Reset &password…"), self.reset_password)
        self.role_button = self._button(self.tr("Change &role…"), self.change_role)
        self.active_button = self._button(self.tr("&Disable"), self.toggle_active)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        side = QVBoxLayout()
        for button in (self.add_button, self.password_button, self.role_button, self.active_button):
            side.addWidget(button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.table, 1)
        row.addLayout(side)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.resize(720, 420)
        self.refresh()

    def _button(self, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        return button

    def refresh(self, select: str | None = None) -> None:
        self.model.set_users(self.services.users.list())
        self.table.resizeColumnsToContents()
        if select is not None:
            self.select(select)
        self._update_buttons()

    def select(self, username: str) -> None:
        for row, user in enumerate(self.model.users):
            if user.username == username:
                self.table.selectRow(row)

    def selected(self) -> UserView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.users[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        user = self.selected()
        for button in (self.password_button, self.role_button, self.active_button):
            button.setEnabled(user is not None)
        self.active_button.setText(self.tr("&Enable…") if user is not None and not user.active else self.tr("&Disable"))

    def _run(self, change: Any, done: str, select: str) -> bool:
        try:
            change()
        except CaseworkerError as exc:
            self.message.setStyleSheet("color: #b00020")
            self.message.setText(str(exc))
            return False
        self.message.setStyleSheet("")
        self.message.setText(done)
        self.refresh(select)
        return True

    def add_user(self) -> None:
        form = NewUserDialog(self)
        if form.exec() != QDialog.DialogCode.Accepted:
            return
        name = form.username.text().strip().lower()
        self._run(
            lambda: self.services.users.add(
                name, form.display_name.text().strip() or name, Role(form.role.currentData()), form.password.text()
            ),
            self.tr("Added %s.") % name, name,
        )  # fmt: skip

    def reset_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        own = user.username == self.services.user.username
        form = PasswordDialog(user.username, self, ask_current=own)
        if form.exec() != QDialog.DialogCode.Accepted:
            return
        old = form.current.text() if form.current is not None else None
        self._run(
            lambda: self.services.users.change_password(user.username, form.password.text(), old_password=old),
            self.tr("Set a new password for %s.") % user.username, user.username,
        )  # fmt: skip

    def change_role(self) -> None:
        user = self.selected()
        if user is None:
            return
        form = Form(self.tr("Role of %s") % user.username, self)
        box = role_box(user.role)
        form.form.addRow(self.tr("R&ole:"), box)
        if form.exec() != QDialog.DialogCode.Accepted:
            return
        role = Role(box.currentData())
        self._run(lambda: self.services.users.set_role(user.username, role),
                  self.tr("%s is now %s.") % (user.username, role.label), user.username)  # fmt: skip

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        if user.active:
            answer = QMessageBox.question(
                self, self.tr("Disable %s?") % user.username,
                self.tr("%s will no longer be able to sign in. Their key slot is removed; enabling them "
                        "again needs a new password.") % user.username,
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                return
            self._run(lambda: self.services.users.set_active(user.username, False),
                      self.tr("Disabled %s.") % user.username, user.username)  # fmt: skip
            return
        form = PasswordDialog(user.username, self)
        if form.exec() != QDialog.DialogCode.Accepted:
            return
        self._run(lambda: self.services.users.set_active(user.username, True, password=form.password.text()),
                  self.tr("Enabled %s with a new password.") % user.username, user.username)  # fmt: skip
