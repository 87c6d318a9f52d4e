"""What happens when something goes wrong.

Expected failures (`CaseworkerError`: bad input, a conflict, a forbidden
action) become a plain message. Anything else is a bug: it is written to the
log file in the platform log directory and shown in a dialog whose details
can be copied into a report. Exceptions can be raised on any thread, so the
hook only emits a signal; the dialog opens on the GUI thread.

Failures before the window exists are handled by `crash.py`.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.errors import CaseworkerError
from caseworker.gui.crash import describe, log_dir

log = logging.getLogger("caseworker")


def setup_logging() -> Path:
    """Log warnings and errors to `caseworker.log` (rotated) in the platform log directory."""
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "caseworker.log"
    if not any(getattr(h, "baseFilename", None) == str(path) for h in log.handlers):
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    return path


class ErrorDialog(QDialog):
    """An unexpected error: what happened, and details the user can copy into a report."""

    def __init__(self, summary: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Something went wrong"))
        self.details = details
        intro = QLabel(self.tr("caseworker hit an unexpected problem. Your saved work is safe; "
                               "the change you were making may not have been saved.\n\n%s") % summary)  # fmt: skip
        intro.setWordWrap(True)
        text = QPlainTextEdit(details)
        text.setReadOnly(True)
        text.setAccessibleName(self.tr("Error details"))
        text.setMinimumHeight(160)
        self.copy_button = QPushButton(self.tr("&Copy details"))
        self.copy_button.setAccessibleName(self.tr("Copy details"))
        self.copy_button.clicked.connect(self.copy_details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.resize(640, 380)

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details)


class ErrorReporter(QObject):
    """Installed as sys.excepthook; shows errors on the GUI thread."""

    raised = Signal(object, str)  # the exception, the report text

    def __init__(self, window: QWidget | None = None) -> None:
        super().__init__()
        self.window = window
        self.dialogs: list[QDialog] = []
        self.raised.connect(self._show)

    def install(self) -> None:
        sys.excepthook = self.hook
        threading.excepthook = lambda args: self.hook(args.exc_type, args.exc_value or Exception(), args.exc_traceback)

    def hook(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        if isinstance(error, CaseworkerError):
            log.info("refused: %s", error)
        else:
            log.error("unexpected error\n%s", describe(kind, error, tb))
        self.raised.emit(error, describe(kind, error, tb))

    def _show(self, error: BaseException, details: str) -> None:
        if isinstance(error, CaseworkerError):
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("caseworker"), str(error), parent=self.window)
            dialog: QDialog = box
        else:
            dialog = ErrorDialog(f"{type(error).__name__}: {error}", details, self.window)
        self.dialogs = [d for d in self.dialogs if d.isVisible()] + [dialog]
        dialog.open()
