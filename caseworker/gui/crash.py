"""Crash logs, with no Qt import: a broken Qt install must still leave a trace.

`report_startup_failure` is for failures before the main window exists: it
writes a crash file to the platform log directory, prints one line to stderr
and, when a Qt application is up on a real screen, shows a message box.
"""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from pathlib import Path
from types import TracebackType

import platformdirs

from caseworker import __version__


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir("caseworker", appauthor=False))


def describe(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> str:
    """The text of a report: version, platform, time and the traceback."""
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    head = f"caseworker {__version__} on Python {sys.version.split()[0]} ({sys.platform}) at {when}Z"
    return head + "\n\n" + "".join(traceback.format_exception(kind, error, tb))


def write_crash_log(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> Path | None:
    """A crash file of its own. None if even that cannot be written."""
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{dt.datetime.now(dt.UTC):%Y%m%d-%H%M%S-%f}.log"
        path.write_text(describe(kind, error, tb), encoding="utf-8")
        return path
    except OSError:
        return None


def report_startup_failure(error: BaseException) -> Path | None:
    """Leave a crash log and tell the user, with or without a GUI."""
    path = write_crash_log(type(error), error, error.__traceback__)
    where = f"\nDetails were written to {path}." if path else ""
    message = f"caseworker could not start: {error}{where}"
    print(f"caseworker: error: {message}", file=sys.stderr)
    try:
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is not None and QGuiApplication.platformName() not in ("offscreen", "minimal"):
            QMessageBox.critical(None, "caseworker", message)
    except Exception:  # noqa: BLE001 - Qt itself may be what is broken; the log and stderr remain
        pass
    return path
