"""Run a long service call off the GUI thread, relaying progress; cancel is cooperative.

The work function takes ``progress(done, total)`` and ``cancelled()`` keyword
arguments and imports no Qt; it opens its own store sessions (one per job).
Signals are emitted from the pool thread and arrive queued on the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from caseworker.domain.errors import CaseworkerError


class Job(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[..., Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()
        self.done = threading.Event()

    def start(self, pool: QThreadPool | None = None) -> None:
        (pool or QThreadPool.globalInstance()).start(self._run)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _run(self) -> None:
        try:
            result = self._work(progress=self.progress.emit, cancelled=self._cancel.is_set)
        except CaseworkerError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: still tell the user rather than hang the dialog
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.finished.emit(result)
        finally:
            self.done.set()
