"""Administration → Rotate keys…: `store rekey` from the application.

The rotation needs the store alone, so the window lets go of it first; with a
new data key the window's own connection could not go on, so the application
closes afterwards (after the new recovery key has been shown), and the
administrator signs in again. Nothing here is Qt-free logic: the work is
`services.store_admin.rekey`, the same as the command line's.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

from caseworker.domain.errors import CaseworkerError
from caseworker.services import store_admin


def _tr(text: str) -> str:
    return QCoreApplication.translate("RotateKeys", text)


def rotate_keys(window: Any) -> bool:
    """Ask, check the password, rotate; True when the keys were rotated (the window then closes)."""
    services = window.services
    answer = QMessageBox.question(
        window, _tr("Rotate keys?"),
        _tr("The store gets a new data key and a new recovery key. Afterwards the old recovery key, old "
            "copies of the key file and the passwords of disabled users no longer open it; backups made "
            "before now still open with the old keys.\n\nEveryone else must close caseworker first. "
            "This window closes when it is done: sign in again."),
    )  # fmt: skip
    if answer != QMessageBox.StandardButton.Yes:
        return False
    password, ok = QInputDialog.getText(window, _tr("Rotate keys"), _tr("Your password:"), QLineEdit.EchoMode.Password)
    if not ok:
        return False
    try:
        services.users.confirm_password(password)
    except CaseworkerError as exc:
        QMessageBox.warning(window, _tr("Rotate keys"), str(exc))
        return False
    location, username = services.store.location, services.user.username
    window.tasks.cancel_all()
    window.tasks.wait(5000)
    services.store.close()  # the rotation holds the file alone; the engine reconnects if it fails
    shown: list[str] = []
    try:
        result = store_admin.rekey(location, username, password, key_ready=shown.append)
    except CaseworkerError as exc:
        if shown:  # the switch may have happened: this window's key may be the old one
            _show_key(window, shown[-1], _tr("The rotation was interrupted (%s). This key opens the store if "
                                             "the rotation went through; run `caseworker store rekey` again.") % exc)
            window.close_without_backup()
            return False
        QMessageBox.warning(window, _tr("Rotate keys"), str(exc))
        return False
    note = _tr("%d key slot(s) resealed.") % result.slots_resealed
    if result.users_needing_password:
        note += " " + _tr("These users need a new password: %s") % ", ".join(result.users_needing_password)
    _show_key(window, shown[-1], note)
    window.close_without_backup()
    return True


def _show_key(window: Any, code: str, note: str) -> None:
    box = QMessageBox(window)
    box.setWindowTitle(_tr("New recovery key"))
    box.setIcon(QMessageBox.Icon.Warning)
    box.setText(_tr("RECOVERY KEY - shown only this once. Write it on paper now and keep it away from this "
                    "computer:") + "\n\n" + code)  # fmt: skip
    box.setInformativeText(note)
    box.exec()
