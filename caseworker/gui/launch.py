"""Starting the application: set up Qt and error handling, sign in, open the window.

A failure before the window exists still leaves a crash log and a message.
"""

from __future__ import annotations

import argparse

from caseworker.gui.crash import report_startup_failure


def launch(args: argparse.Namespace) -> int:
    try:
        from caseworker.gui.app import create_application, install_error_handling

        app = create_application()
        reporter = install_error_handling()
    except Exception as exc:  # a broken install: no Qt, no log folder …
        report_startup_failure(exc)
        return 1
    try:
        from PySide6.QtCore import QTimer

        from caseworker.gui import settings as opts
        from caseworker.gui.signin import SignInDialog
        from caseworker.store.location import resolve_location

        settings = opts.Settings()
        user = getattr(args, "user", None) or settings.get(opts.LAST_USER)
        dialog = SignInDialog(resolve_location(getattr(args, "store", None)), default_user=user)
        # Load the main window's code while the user types the password, not after.
        QTimer.singleShot(100, preload_main_window)
        if dialog.exec() != SignInDialog.DialogCode.Accepted or dialog.services is None:
            return 0
        from caseworker.gui.main_window import MainWindow

        services = dialog.services
        settings.set(opts.LAST_USER, services.user.username)
        window = MainWindow(services, settings)
        reporter.window = window
        window.show()
    except Exception as exc:
        report_startup_failure(exc)
        return 1
    try:
        return app.exec()
    finally:
        services.store.close()


def preload_main_window() -> None:
    import caseworker.gui.main_window  # noqa: F401
