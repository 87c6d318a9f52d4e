"""A tiny local adapter that runs a worker function off the GUI thread.

Worker functions take ``progress(done, total)`` and ``cancelled()`` and import
no Qt; this adapter runs one on the global thread pool and relays its
progress, result or error through queued signals, so that the callbacks run
on the GUI thread. Cancelling is cooperative. (The shared task runner of the
main window will replace this adapter.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

Worker = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class TaskSignals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class Task(QRunnable):
    """One run of a worker. Keep a reference to it while it runs."""

    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.worker = worker
        self.signals = TaskSignals()
        self._cancel = threading.Event()
        self.done = False

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            result = self.worker(self.signals.progress.emit, self._cancel.is_set)
        except Exception as exc:  # every failure goes back to the GUI thread, typed errors and bugs alike
            self.done = True
            self.signals.failed.emit(exc)
        else:
            self.done = True
            self.signals.finished.emit(result)


def start(worker: Worker, receiver: QObject, on_done: Callable[[Any], None], on_error: Callable[[Exception], None],
          on_progress: Callable[[int, int], None] | None = None) -> Task:
    """Run `worker` on the thread pool; the callbacks (methods of `receiver`) run on the GUI thread."""
    task = Task(worker)  # made here, so its signals live on the GUI thread and queue to it
    task.signals.finished.connect(on_done)
    task.signals.failed.connect(on_error)
    if on_progress is not None:
        task.signals.progress.connect(on_progress)
    receiver.destroyed.connect(task.cancel)  # a closed dialog stops its job at the next check
    QThreadPool.globalInstance().start(task)
    return task
