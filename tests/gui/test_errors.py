"""Unexpected errors: logged to the platform log directory, shown with copyable details."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from caseworker.domain.errors import ConflictError
from caseworker.gui import launch as launch_module
from caseworker.gui.crash import log_dir, report_startup_failure
from caseworker.gui.errors import ErrorDialog, ErrorReporter, setup_logging


def _raised(error: BaseException) -> tuple[type[BaseException], BaseException, object]:
    try:
        raise error
    except BaseException as exc:  # noqa: BLE001 - building an exc_info for the hook
        return type(exc), exc, exc.__traceback__


def test_log_directory_is_the_platform_one(tmp_path: Path) -> None:
    assert str(log_dir()).startswith(str(tmp_path / "state"))


def test_a_bug_is_logged_and_shown_with_copyable_details(qtbot: QtBot) -> None:
    log_file = setup_logging()
    reporter = ErrorReporter()
    with qtbot.waitSignal(reporter.raised, timeout=2000):
        reporter.hook(*_raised(ZeroDivisionError("division by zero in the funnel")))  # type: ignore[arg-type]
    dialog = reporter.dialogs[-1]
    qtbot.addWidget(dialog)
    assert isinstance(dialog, ErrorDialog) and dialog.isVisible()
    assert "ZeroDivisionError" in dialog.details and "Traceback" in dialog.details
    dialog.copy_button.click()
    assert "division by zero in the funnel" in QApplication.clipboard().text()
    for handler in __import__("logging").getLogger("caseworker").handlers:
        handler.flush()
    assert "division by zero in the funnel" in log_file.read_text()


def test_an_expected_error_is_a_plain_message(qtbot: QtBot) -> None:
    reporter = ErrorReporter()
    reporter.hook(*_raised(ConflictError("case ISB-2026-00042 was changed by officer")))  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(reporter.dialogs), timeout=2000)
    box = reporter.dialogs[-1]
    qtbot.addWidget(box)
    assert isinstance(box, QMessageBox) and "changed by officer" in box.text()


def test_a_failure_before_the_window_leaves_a_crash_log(capsys: pytest.CaptureFixture[str]) -> None:
    path = report_startup_failure(_raised(RuntimeError("no display"))[1])
    assert path is not None and path.parent == log_dir()
    assert "RuntimeError: no display" in path.read_text()
    assert "could not start: no display" in capsys.readouterr().err


def test_launch_reports_a_crash_during_start_up(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # launch installs its own; restored after the test
    monkeypatch.setattr("threading.excepthook", __import__("threading").excepthook)

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("settings folder is read-only")

    monkeypatch.setattr("caseworker.gui.settings.Settings.__init__", broken)
    assert launch_module.launch(argparse.Namespace(store=None, user=None)) == 1
    assert "settings folder is read-only" in capsys.readouterr().err
    assert any("settings folder is read-only" in p.read_text() for p in log_dir().glob("crash-*.log"))
