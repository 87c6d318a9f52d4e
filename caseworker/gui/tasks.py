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
    """One running piece of work. Its signals arrive on the GUI thread.

    A task is created, used and deleted on the GUI thread only: the worker
    thread never touches it (it reports through the runner's relay), so the
    task cannot vanish under a worker still inside one of its methods, and
    Python alone deletes it, once nothing refers to it.
    """

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, title: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.done = False
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _finish(self, result: Any, error: BaseException | None) -> None:
        self.done = True
        if error is not None:
            self.failed.emit(error)
        else:
            self.succeeded.emit(result)


class _Ticket:
    """What a worker holds of its task: plain Python, no Qt object."""

    __slots__ = ("cancelled", "key")

    def __init__(self, key: int, cancelled: threading.Event) -> None:
        self.key, self.cancelled = key, cancelled


class _Relay(QObject):
    """Carries a worker's progress and result to the GUI thread (queued signals)."""

    progress = Signal(int, int, int)  # ticket key, done, total
    result = Signal(int, object, object)  # ticket key, result, error


class _Job(QRunnable):
    def __init__(self, relay: _Relay, ticket: _Ticket, work: Work) -> None:
        super().__init__()
        self.relay, self.ticket, self.work = relay, ticket, work
        self.setAutoDelete(True)

    def run(self) -> None:
        key = self.ticket.key
        try:
            result, error = self.work(lambda done, total: self.relay.progress.emit(key, done, total),
                                      self.ticket.cancelled.is_set), None  # fmt: skip
        except BaseException as exc:  # handed to the GUI thread, never swallowed
            result, error = None, exc
        self.work = None  # type: ignore[assignment]  # let go of what the work held, here and now
        self.relay.result.emit(key, result, error)


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
        self.pool = QThreadPool(self)  # first child: deleted first, waiting for the jobs
        self.pool.setMaxThreadCount(2)
        self._relay = _Relay(self)
        self._relay.progress.connect(self._relay_progress, Qt.ConnectionType.QueuedConnection)
        self._relay.result.connect(self._relay_result, Qt.ConnectionType.QueuedConnection)
        self._keys = 0
        self._by_key: dict[int, tuple[Task, Done | None, Failed | None]] = {}
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
        # A task has no parent: Python owns it and deletes it when the last reference goes, and every
        # reference lives on the GUI thread (the worker holds a plain ticket, never the task), so a task is
        # never deleted by Qt and Python both, nor from a worker thread.
        task = Task(title)
        self.running.add(task)
        # Nothing connected here holds the task itself: a slot that keeps its own sender alive can be
        # the last reference to it, released while Qt is deleting it (a crash).
        if receiver is not None:
            cancel = task._cancel
            receiver.destroyed.connect(lambda *_: cancel.set())
            on_done, on_error, on_progress = (_while_alive(receiver, c) if c is not None else None
                                              for c in (on_done, on_error, on_progress))  # fmt: skip
        if on_progress is not None:
            task.progressed.connect(on_progress)
        if self.synchronous:
            try:
                result, error = work(task.progressed.emit, task.is_cancelled), None
            except BaseException as exc:  # handed to on_error, as on a thread
                result, error = None, exc
            self._deliver(task, on_done, on_error, result, error)
            return task
        if show_progress:
            QTimer.singleShot(self.show_after_ms, self, lambda: self._show_dialog(task, window, cancellable))
        self._keys += 1
        self._by_key[self._keys] = (task, on_done, on_error)
        self.pool.start(_Job(self._relay, _Ticket(self._keys, task._cancel), work))
        return task

    def _relay_progress(self, key: int, done: int, total: int) -> None:
        entry = self._by_key.get(key)
        if entry is not None and shiboken6.isValid(entry[0]):
            entry[0].progressed.emit(done, total)

    def _relay_result(self, key: int, result: Any, error: BaseException | None) -> None:
        entry = self._by_key.pop(key, None)
        if entry is None or not shiboken6.isValid(entry[0]):
            return
        task, on_done, on_error = entry
        self._deliver(task, on_done, on_error, result, error)
        task.deleteLater()  # on the GUI thread, after its last signal

    def _deliver(self, task: Task, on_done: Done | None, on_error: Failed | None, result: Any,
                 error: BaseException | None) -> None:  # fmt: skip
        task._finish(result, error)
        self._close_dialog(task)
        if error is None:
            if on_done is not None:
                on_done(result)
        elif on_error is not None:
            on_error(error)
        else:
            sys.excepthook(type(error), error, error.__traceback__)

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
