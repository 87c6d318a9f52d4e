"""The sign-in dialog."""

from __future__ import annotations

import os

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.errors import CaseworkerError
from caseworker.services.api import Services
from caseworker.services.session import sign_in
from caseworker.store.location import StoreLocation


class SignInDialog(QDialog):
    def __init__(self, location: StoreLocation, default_user: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.location = location
        self.services: Services | None = None
        self.setWindowTitle(self.tr("Sign in to caseworker"))
        self.username = QLineEdit(default_user or os.environ.get("CASEWORKER_USER", ""))
        self.username.setAccessibleName(self.tr("User name"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&User:"), self.username)
        form.addRow(self.tr("&Password:"), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Store: %s") % location.display))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.password if self.username.text() else self.username).setFocus()

    def try_sign_in(self) -> None:
        try:
            self.services = sign_in(self.location, self.username.text(), self.password.text())
        except CaseworkerError as exc:
            self.error.setText(str(exc))
            self.password.clear()
            self.password.setFocus()
            return
        finally:
            self.password.clear()
        self.accept()
