"""Small pieces shared by the handoff widgets: the big row count, errors, background work."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QWidget,
)

from caseworker.domain.errors import CaseworkerError


class RowCountLabel(QLabel):
    """The number of rows, large: the one figure that must never surprise anyone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        font = QFont(self.font())
        font.setPointSize(max(font.pointSize(), 9) * 2)
        font.setBold(True)
        self.setFont(font)
        self.setAccessibleName(self.tr("Number of rows"))
        self.set_count(None)

    def set_count(self, rows: int | None, people: int | None = None, columns: int | None = None) -> None:
        if rows is None:
            self.setText(self.tr("No preview yet"))
            return
        text = self.tr("1 row") if rows == 1 else self.tr("{n} rows").format(n=f"{rows:,}")
        if people is not None and columns is not None:
            text += self.tr("  ·  {people:,} people  ·  {columns} columns").format(people=people, columns=columns)
        self.setText(text)


def table_view(model: Any, name: str, parent: QWidget | None = None) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    return view


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    """Expected failures become a message box with their one-line message."""
    if not isinstance(exc, CaseworkerError):
        raise exc
    QMessageBox.warning(parent, title, str(exc))


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[..., Any], signals: _Signals, cancelled: Callable[[], bool]) -> None:
        super().__init__()
        self.work, self.signals, self.cancelled = work, signals, cancelled

    def run(self) -> None:
        try:
            result = self.work(self.signals.progress.emit, self.cancelled)
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, which decides
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class Runner:
    """Runs `work(progress, cancelled)` off the GUI thread; results come back as queued signals."""

    inline = False  # tests set this on an instance to run jobs synchronously

    def __init__(self) -> None:
        self._alive: list[_Signals] = []

    def start(self, work: Callable[..., Any], on_done: Callable[[Any], None], on_failed: Callable[[BaseException], None],
              on_progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] = lambda: False) -> None:  # fmt: skip
        if self.inline:
            try:
                result = work(on_progress or (lambda d, t: None), cancelled)
            except Exception as exc:  # noqa: BLE001
                on_failed(exc)
            else:
                on_done(result)
            return
        signals = _Signals()
        self._alive.append(signals)

        def finish(callback: Callable[[Any], None]) -> Callable[[Any], None]:
            def handler(value: Any) -> None:
                self._alive.remove(signals)
                callback(value)
            return handler

        signals.done.connect(finish(on_done), Qt.ConnectionType.QueuedConnection)
        signals.failed.connect(finish(on_failed), Qt.ConnectionType.QueuedConnection)
        if on_progress is not None:
            signals.progress.connect(on_progress, Qt.ConnectionType.QueuedConnection)
        QThreadPool.globalInstance().start(_Job(work, signals, cancelled))
