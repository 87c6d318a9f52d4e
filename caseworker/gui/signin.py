"""The sign-in dialog.

It is the first window a user sees, so it is built from Qt alone: the
services and the store are imported when the password is checked (or
earlier, by `launch.preload_main_window` while the user types).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

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
from caseworker.store.location import StoreLocation

if TYPE_CHECKING:
    from caseworker.services.api import Services


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
        from caseworker.services.session import sign_in

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
