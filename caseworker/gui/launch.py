"""Starting the application: store, sign-in, main window."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from caseworker.domain.errors import CaseworkerError
from caseworker.services.api import Services
from caseworker.store.location import resolve_location
from caseworker.store.opening import open_store


def launch(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("caseworker")
    app.setOrganizationName("caseworker")
    try:
        store = open_store(resolve_location(getattr(args, "store", None)))
    except CaseworkerError as exc:
        QMessageBox.critical(None, "caseworker", str(exc))
        return 1

    from caseworker.gui.signin import SignInDialog

    dialog = SignInDialog(store, default_user=getattr(args, "user", None) or "")
    if dialog.exec() != SignInDialog.DialogCode.Accepted or dialog.user is None:
        store.close()
        return 0
    from caseworker.gui.case_list import CaseListWindow

    window = CaseListWindow(Services(store, dialog.user))
    window.show()
    code = app.exec()
    store.close()
    return code
