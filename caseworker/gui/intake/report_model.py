"""A table of an import's row outcomes (what would happen, or what happened), filterable by outcome.

A row imported with a value left out shows what was not kept after what happened, and the
"with warnings" filter lists just those rows.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from caseworker.services.intake.dto import RowResult

Index = QModelIndex | QPersistentModelIndex
OUTCOME_COLOURS = {"REJECTED": "#fde7e9", "QUEUED": "#fff4ce", "LINKED": "#e6f2fb", "UPDATED": "#e6f2fb",
                   "CREATED": "#e9f5e9", "UNCHANGED": "#f2f2f2", "WARNED": "#fdebd3"}  # fmt: skip
WARNED = "WARNED"  # the filter of rows imported with a value left out
FILTERS = {"": None, "REJECTED": {"REJECTED"}, WARNED: {"CREATED", "QUEUED", "LINKED", "UPDATED"}, "QUEUED": {"QUEUED"}, "LINKED": {"LINKED", "UPDATED"},
           "CREATED": {"CREATED"}, "UNCHANGED": {"UNCHANGED"}}  # fmt: skip


class ReportModel(QAbstractTableModel):
    HEADERS = ("Row", "Outcome", "Case", "What happens")

    def __init__(self) -> None:
        super().__init__()
        self.results: list[RowResult] = []
        self.shown: list[RowResult] = []
        self.outcomes: set[str] | None = None
        self.warned_only = False

    def set_results(self, results: tuple[RowResult, ...] | list[RowResult]) -> None:
        self.beginResetModel()
        self.results = list(results)
        self.shown = self._filtered()
        self.endResetModel()

    def set_filter(self, key: str) -> None:
        self.beginResetModel()
        self.outcomes = FILTERS.get(key)
        self.warned_only = key == WARNED
        self.shown = self._filtered()
        self.endResetModel()

    def _filtered(self) -> list[RowResult]:
        return [r for r in self.results if (self.outcomes is None or r.outcome in self.outcomes)
                and (r.warnings or not self.warned_only)]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.shown):
            return None
        result = self.shown[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            case = result.case or (self.tr("new case") if result.outcome in ("CREATED", "QUEUED") else "")
            return (result.row, result.outcome.capitalize(), case, _message(result))[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 1:
            return QColor(OUTCOME_COLOURS.get(result.outcome, "#ffffff"))
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
            return _message(result)
        return None


def _message(result: RowResult) -> str:
    if not result.warnings:
        return result.message
    return f"{result.message} — not kept: " + "; ".join(result.warnings)
