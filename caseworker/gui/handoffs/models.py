"""Table models over plain handoff data (previews, handoff lists, ledger entries)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from caseworker.services.handoffs.dto import HandoffPreview

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")


def when(value: dt.datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else ""


class PreviewModel(QAbstractTableModel):
    """The exact cells of a handoff, dates in the partner's format; rows are formatted on demand."""

    def __init__(self, preview: HandoffPreview | None = None) -> None:
        super().__init__()
        self.preview = preview
        self._cache: dict[int, list[str]] = {}

    def set_preview(self, preview: HandoffPreview | None) -> None:
        self.beginResetModel()
        self.preview, self._cache = preview, {}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.preview is None else self.preview.row_count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.preview is None else len(self.preview.headings)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self.preview is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.preview.headings[section] if 0 <= section < len(self.preview.headings) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.preview is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self._cache.get(index.row())
        if row is None:
            if len(self._cache) > 5000:
                self._cache.clear()
            row = self._cache[index.row()] = self.preview.display_row(index.row())
        value = row[index.column()]
        return value if len(value) <= 300 else value[:300] + "…"


class RecordModel(QAbstractTableModel, Generic[T]):
    """A small read-only table over a list of dataclasses, one column per (title, getter).
    Titles are English and translated when shown (context "RecordModel")."""

    def __init__(self, columns: Sequence[tuple[str, Callable[[T], Any]]]) -> None:
        super().__init__()
        self.columns = list(columns)
        self.records: list[T] = []

    def set_records(self, records: Sequence[T]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.columns):
                return QCoreApplication.translate("RecordModel", self.columns[section][0])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        value = self.columns[index.column()][1](self.records[index.row()])
        return "" if value is None else str(value)

    def record(self, row: int) -> T | None:
        return self.records[row] if 0 <= row < len(self.records) else None
