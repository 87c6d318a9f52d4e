"""The task runner: results on the GUI thread, progress after a delay, cooperative cancel."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from caseworker.gui.tasks import Cancelled, Progress, TaskRunner


def test_work_runs_off_the_gui_thread_and_reports_back_on_it(qtbot: QtBot) -> None:
    runner = TaskRunner()
    seen: dict[str, object] = {}
    progress: list[tuple[int, int]] = []

    def work(report: Progress, cancelled: Cancelled) -> int:
        seen["worker"] = threading.get_ident()
        report(1, 2)
        return 42

    task = runner.run(work, title="Counting", on_done=lambda value: seen.update(result=value, gui=threading.get_ident()))
    task.progressed.connect(lambda done, total: progress.append((done, total)))
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["result"] == 42 and seen["gui"] == threading.get_ident() != seen["worker"]
    assert progress == [(1, 2)] and not runner.running


def test_quick_work_never_shows_a_dialog_and_long_work_does_then_cancels(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = TaskRunner(show_after_ms=100)
    release = threading.Event()
    finished: list[object] = []

    def long_work(report: Progress, cancelled: Cancelled) -> str:
        for step in range(1000):
            if cancelled():
                return "stopped"
            report(step, 1000)
            release.wait(0.01)
        return "done"

    runner.run(lambda report, cancelled: "quick", title="Quick", window=parent, on_done=finished.append)
    qtbot.waitUntil(lambda: finished == ["quick"], timeout=5000)
    qtbot.wait(150)
    assert not parent.findChildren(QProgressDialog) and not runner.dialogs
    runner.run(long_work, title="Exporting", window=parent, on_done=finished.append)
    qtbot.waitUntil(lambda: bool(runner.dialogs), timeout=5000)
    dialog = next(iter(runner.dialogs.values()))
    assert dialog.labelText() == "Exporting" and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.value() > 0, timeout=5000)
    dialog.findChild(QPushButton).click()  # the user presses Cancel
    qtbot.waitUntil(lambda: finished[-1] == "stopped", timeout=5000)
    assert not runner.dialogs and not runner.running


def test_errors_go_to_the_handler_or_to_the_excepthook(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = TaskRunner(synchronous=True)
    caught: list[BaseException] = []

    def fail(report: Progress, cancelled: Cancelled) -> None:
        raise ValueError("bad row 7")

    runner.run(fail, title="Import", on_error=caught.append)
    assert isinstance(caught[0], ValueError)
    hooked: list[BaseException] = []
    monkeypatch.setattr("sys.excepthook", lambda kind, error, tb: hooked.append(error))
    runner.run(fail, title="Import")
    assert str(hooked[0]) == "bad row 7"


def test_an_inline_runner_its_test_dropped_is_no_trouble_later(qtbot: QtBot) -> None:
    """A dropped runner collected while Qt deletes things later must not delete its task a second time."""
    def use_once() -> None:
        TaskRunner(synchronous=True).run(lambda report, cancelled: 1, title="Once")

    use_once()
    parent = QWidget()
    qtbot.addWidget(parent)
    QWidget(parent).deleteLater()
    qtbot.wait(50)  # used to crash here (a task deleted twice)


def test_synchronous_mode_finishes_before_run_returns() -> None:
    runner = TaskRunner(synchronous=True)
    results: list[int] = []
    runner.run(lambda report, cancelled: 7, title="Sum", on_done=results.append)
    assert results == [7]


def test_a_deleted_receiver_cancels_its_work_and_hears_nothing_more(qtbot: QtBot) -> None:
    runner = TaskRunner()
    dialog = QWidget()
    started, release = threading.Event(), threading.Event()
    heard: list[object] = []
    stopped: list[bool] = []

    def work(report: Progress, cancelled: Cancelled) -> str:
        started.set()
        release.wait(5)
        stopped.append(cancelled())
        return "late"

    task = runner.run(work, title="Reading", show_progress=False, receiver=dialog, on_done=heard.append,
                      on_error=heard.append)  # fmt: skip
    assert started.wait(5)
    dialog.deleteLater()  # the user closed the dialog
    qtbot.waitUntil(task.is_cancelled, timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)
    assert stopped == [True] and heard == []
