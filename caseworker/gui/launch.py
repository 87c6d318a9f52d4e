"""Starting the application: sign in, then the main window."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtWidgets import QApplication

from caseworker.store.location import resolve_location


def launch(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("caseworker")
    app.setOrganizationName("caseworker")

    from caseworker.gui.signin import SignInDialog

    dialog = SignInDialog(resolve_location(getattr(args, "store", None)), default_user=getattr(args, "user", None) or "")
    if dialog.exec() != SignInDialog.DialogCode.Accepted or dialog.services is None:
        return 0
    from caseworker.gui.case_list import CaseListWindow

    services = dialog.services
    window = CaseListWindow(services)
    window.show()
    try:
        return app.exec()
    finally:
        services.store.close()
