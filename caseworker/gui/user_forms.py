"""Small forms of the users dialog: a new user, a new password, a role."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.roles import Role
from caseworker.services.passwords import MIN_PASSWORD


def role_box(current: str = Role.CASEWORKER.value) -> QComboBox:
    box = QComboBox()
    for role in Role:
        box.addItem(role.label, role.value)
    box.setCurrentIndex(max(0, box.findData(current)))
    box.setAccessibleName(QCoreApplication.translate("UserForms", "Role"))
    return box


def _password_field(accessible: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible)
    return field


class Form(QDialog):
    """A small form with OK/Cancel and a line for what is wrong with the input."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setAccessibleName(self.tr("Problem"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._check_and_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def problem_text(self) -> str:
        return ""

    def _check_and_accept(self) -> None:
        problem = self.problem_text()
        self.problem.setText(problem)
        if not problem:
            self.accept()


class PasswordDialog(Form):
    """A new password, typed twice (and the current one, for one's own account)."""

    def __init__(self, username: str, parent: QWidget | None = None, *, ask_current: bool = False) -> None:
        super().__init__("", parent)
        self.setWindowTitle(self.tr("New password for %s") % username)
        self.current = _password_field(self.tr("Current password")) if ask_current else None
        if self.current is not None:
            self.form.addRow(self.tr("&Current password:"), self.current)
        self.password = _password_field(self.tr("New password"))
        self.repeat = _password_field(self.tr("Repeat the new password"))
        self.form.addRow(self.tr("&New password:"), self.password)
        self.form.addRow(self.tr("&Repeat it:"), self.repeat)

    def problem_text(self) -> str:
        if len(self.password.text()) < MIN_PASSWORD:
            return self.tr("The password must have at least %d characters.") % MIN_PASSWORD
        if self.password.text() != self.repeat.text():
            return self.tr("The two passwords differ.")
        return ""


class NewUserDialog(PasswordDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setWindowTitle(self.tr("Add a user"))
        self.username = QLineEdit()
        self.username.setAccessibleName(self.tr("User name"))
        self.display_name = QLineEdit()
        self.display_name.setAccessibleName(self.tr("Full name"))
        self.role = role_box()
        self.form.insertRow(0, self.tr("&User name:"), self.username)
        self.form.insertRow(1, self.tr("&Full name:"), self.display_name)
        self.form.insertRow(2, self.tr("R&ole:"), self.role)

    def problem_text(self) -> str:
        if not self.username.text().strip():
            return self.tr("Give a user name.")
        return super().problem_text()
