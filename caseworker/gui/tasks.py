"""One small runner for long work: off the GUI thread, with progress and cancel.

Work is a plain function `work(progress, cancelled) -> result` that imports no
Qt: it calls `progress(done, total)` now and then and stops early when
`cancelled()` turns true. The runner runs it on Qt's thread pool and hands the
result (or the exception) back on the GUI thread. A progress dialog appears
only when the work outlasts ~600 ms, so quick jobs never flash one.

Tests build the runner with `synchronous=True`: work then runs inline and its
callbacks fire before `run()` returns.

A dialog that may close before its work ends passes itself as `receiver`:
closing (deleting) it cancels the work, and a result arriving after that is
dropped instead of reaching a widget that no longer exists.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
Work = Callable[[Progress, Cancelled], Any]
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]

SHOW_AFTER_MS = 600


class Task(QObject):
    """One running piece of work. Its signals arrive on the GUI thread."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    # Emitted from the worker thread; delivered (queued) to the methods below.
    _progress_from_worker = Signal(int, int)
    _result_from_worker = Signal(object, object)

    def __init__(self, title: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.done = False
        self._cancel = threading.Event()
        self._progress_from_worker.connect(self._relay_progress, Qt.ConnectionType.QueuedConnection)
        self._result_from_worker.connect(self._finish, Qt.ConnectionType.QueuedConnection)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def execute(self, work: Work, *, threaded: bool) -> None:
        """Run `work`; on a worker thread, results travel back through queued signals."""
        report = self._progress_from_worker.emit if threaded else self.progressed.emit
        try:
            result, error = work(report, self.is_cancelled), None
        except BaseException as exc:  # handed to the GUI thread, never swallowed
            result, error = None, exc
        if threaded:
            self._result_from_worker.emit(result, error)
        else:
            self._finish(result, error)

    def _relay_progress(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)

    def _finish(self, result: Any, error: BaseException | None) -> None:
        self.done = True
        if error is not None:
            self.failed.emit(error)
        else:
            self.succeeded.emit(result)


class _Job(QRunnable):
    def __init__(self, task: Task, work: Work) -> None:
        super().__init__()
        self.task, self.work = task, work
        self.setAutoDelete(True)

    def run(self) -> None:
        self.task.execute(self.work, threaded=True)
        # Only now may the task go: deleted by the GUI thread as soon as it had the result, it
        # could vanish while this thread is still inside the emit that delivered it (a crash).
        # deleteLater is safe from here; the event comes after the queued result.
        self.task.deleteLater()


def _while_alive(receiver: QObject, callback: Callable[..., None]) -> Callable[..., None]:
    def call(*args: Any) -> None:
        if shiboken6.isValid(receiver):
            callback(*args)

    return call


class TaskRunner(QObject):
    """Runs work functions and shows their progress after a short delay."""

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False,
                 show_after_ms: int = SHOW_AFTER_MS) -> None:  # fmt: skip
        super().__init__(parent)
        self.synchronous = synchronous
        self.show_after_ms = show_after_ms
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.running: set[Task] = set()
        self.dialogs: dict[Task, QProgressDialog] = {}

    def run(
        self,
        work: Work,
        *,
        title: str,
        on_done: Done | None = None,
        on_error: Failed | None = None,
        on_progress: Progress | None = None,
        window: QWidget | None = None,
        show_progress: bool = True,
        cancellable: bool = True,
        receiver: QObject | None = None,
    ) -> Task:
        """Start `work`. Errors go to `on_error`, or else to the application's error dialog.

        `on_progress(done, total)` is called on the GUI thread, for windows that show their
        own progress (they pass `show_progress=False` and cancel through `Task.cancel`).
        With a `receiver`, its deletion cancels the work and the callbacks are no longer called.
        """
        # A threaded task is deleted by its job once that has let go of it. An inline (test) task has no
        # parent and is left to Python: deleted later as a child of the runner, it could be deleted twice
        # when a runner dropped by its test is collected while Qt is deleting the task.
        task = Task(title, None if self.synchronous else self)
        self.running.add(task)
        if receiver is not None:
            receiver.destroyed.connect(lambda *_: task.cancel())
            on_done, on_error, on_progress = (_while_alive(receiver, c) if c is not None else None
                                              for c in (on_done, on_error, on_progress))  # fmt: skip
        if on_progress is not None:
            task.progressed.connect(on_progress)
        task.succeeded.connect(lambda result: self._settle(task, on_done, result))
        task.failed.connect(lambda error: self._settle_error(task, on_error, error))
        if self.synchronous:
            task.execute(work, threaded=False)
            return task
        if show_progress:
            QTimer.singleShot(self.show_after_ms, self, lambda: self._show_dialog(task, window, cancellable))
        self.pool.start(_Job(task, work))
        return task

    def cancel_all(self) -> None:
        for task in list(self.running):
            task.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until every job has left the pool (used at shutdown and in tests)."""
        return self.pool.waitForDone(msecs)

    # -- progress dialog -------------------------------------------------------

    def _show_dialog(self, task: Task, window: QWidget | None, cancellable: bool) -> None:
        if task.done or task not in self.running:
            return
        dialog = QProgressDialog(task.title, self.tr("Cancel") if cancellable else "", 0, 0, window)
        dialog.setWindowTitle(task.title)
        dialog.setAccessibleName(task.title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(task.cancel)
        task.progressed.connect(lambda done, total: self._update(dialog, done, total))
        self.dialogs[task] = dialog
        dialog.show()

    @staticmethod
    def _update(dialog: QProgressDialog, done: int, total: int) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total > 0 else 0)

    def _close_dialog(self, task: Task) -> None:
        dialog = self.dialogs.pop(task, None)
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()
        self.running.discard(task)

    def _settle(self, task: Task, on_done: Done | None, result: Any) -> None:
        self._close_dialog(task)
        if on_done is not None:
            on_done(result)

    def _settle_error(self, task: Task, on_error: Failed | None, error: BaseException) -> None:
        self._close_dialog(task)
        if on_error is not None:
            on_error(error)
        else:
            sys.excepthook(type(error), error, error.__traceback__)
