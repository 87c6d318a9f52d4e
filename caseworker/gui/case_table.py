"""The case list's item model: the ordered ids of the current query, and the
rows of whichever pages the view shows.

The query itself (filters, search, sort) runs in the database; the model is
handed the resulting ids and fetches `CaseSummary` rows a page at a time as
the view asks for them, keeping a bounded cache of pages. When a case
changes, `refresh_cases()` re-reads just its row and emits `dataChanged`, so
the selection and scroll position survive.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from caseworker.domain.vocab import Priority
from caseworker.domain.workflow import Status
from caseworker.gui.labels import label_of
from caseworker.services.api import Services
from caseworker.services.dto import CaseSummary

Index = QModelIndex | QPersistentModelIndex
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _day(value: dt.datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d") if value else ""


def is_right_to_left(text: str) -> bool:
    """Whether the first strongly directional character is Arabic-script or Hebrew."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # source text; translated in the "CaseTable" context
    value: Callable[[CaseSummary], Any]
    sort: str  # key of services.queries.SORTS
    numeric: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("reference", QT_TRANSLATE_NOOP("CaseTable", "Reference"), lambda r: r.reference, "reference"),
    Column("name", QT_TRANSLATE_NOOP("CaseTable", "Name"), lambda r: r.principal_name, "name"),
    Column("name_original", QT_TRANSLATE_NOOP("CaseTable", "Name (original script)"),
           lambda r: r.principal_name_original, "name_original"),
    Column("family_size", QT_TRANSLATE_NOOP("CaseTable", "Family"), lambda r: r.family_size, "family_size", True),
    Column("status", QT_TRANSLATE_NOOP("CaseTable", "Status"), lambda r: label_of(Status, r.status), "status"),
    Column("priority", QT_TRANSLATE_NOOP("CaseTable", "Priority"), lambda r: label_of(Priority, r.priority), "priority"),
    Column("post", QT_TRANSLATE_NOOP("CaseTable", "Post"), lambda r: r.post, "post"),
    Column("country", QT_TRANSLATE_NOOP("CaseTable", "Current country"), lambda r: r.current_country, "country"),
    Column("assigned_to", QT_TRANSLATE_NOOP("CaseTable", "Assigned to"), lambda r: r.assigned_to or "", "assigned_to"),
    Column("last_contact", QT_TRANSLATE_NOOP("CaseTable", "Last contact"), lambda r: _day(r.last_contact_at), "last_contact"),
    Column("next_follow_up", QT_TRANSLATE_NOOP("CaseTable", "Next follow-up"),
           lambda r: r.next_follow_up.isoformat() if r.next_follow_up else "", "next_follow_up"),
)  # fmt: skip
COLUMN_KEYS = tuple(c.key for c in COLUMNS)


def column_title(column: Column) -> str:
    return QCoreApplication.translate("CaseTable", column.title)


class CaseTableModel(QAbstractTableModel):
    """Ordered case ids plus a bounded cache of loaded pages."""

    PAGE = 100
    MAX_PAGES = 40  # at most 4,000 rows held at once, whatever the store's size

    sortRequested = Signal(str, bool)  # sort key, descending: the owner re-runs the query

    def __init__(self, services: Services, parent: Any = None) -> None:
        super().__init__(parent)
        self.services = services
        self.ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, CaseSummary]] = OrderedDict()
        self._positions: dict[int, int] | None = None
        self._loading = False
        self._bold = QFont()
        self._bold.setBold(True)

    # -- what the model holds ---------------------------------------------------

    def set_ids(self, ids: Sequence[int]) -> None:
        """Show a new result (a model reset: the rows are different rows)."""
        self.beginResetModel()
        self.ids = list(ids)
        self._pages.clear()
        self._positions = None
        self.endResetModel()

    def case_id(self, row: int) -> int:
        return self.ids[row]

    def row_of(self, case_id: int) -> int | None:
        if self._positions is None:
            self._positions = {case_id: row for row, case_id in enumerate(self.ids)}
        return self._positions.get(case_id)

    def summary(self, row: int) -> CaseSummary | None:
        if not 0 <= row < len(self.ids):
            return None
        page = self._page(row // self.PAGE)
        return None if page is None else page.get(self.ids[row])

    def loaded_rows(self) -> int:
        return sum(len(p) for p in self._pages.values())

    def mark_stale(self) -> None:
        """Forget every loaded row; the view re-reads the rows it shows."""
        self._pages.clear()
        if self.ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.ids) - 1, len(COLUMNS) - 1))

    def refresh_cases(self, case_ids: Iterable[int]) -> int:
        """Re-read the loaded rows of these cases and signal just those rows. Returns how many."""
        wanted = [(cid, self.row_of(cid)) for cid in set(case_ids)]
        loaded = [(cid, row) for cid, row in wanted if row is not None and (row // self.PAGE) in self._pages]
        if not loaded:
            return 0
        fresh = {s.id: s for s in self.services.queries.rows([cid for cid, _ in loaded])}
        for case_id, row in loaded:
            page = self._pages[row // self.PAGE]
            if case_id in fresh:
                page[case_id] = fresh[case_id]
            else:
                page.pop(case_id, None)  # deleted or merged away: shown blank until the next query
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        return len(loaded)

    # -- Qt's model interface ------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column_title(COLUMNS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row, column = index.row(), COLUMNS[index.column()]
        if role == CASE_ID_ROLE:
            return self.ids[row]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(row, column)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.FontRole):
            return None
        summary = self.summary(row)
        if summary is None:
            return None
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if summary.priority == Priority.URGENT.value and column.key == "priority" else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{summary.reference}: {summary.principal_name} {summary.principal_name_original}".strip()
        return column.value(summary)

    def _alignment(self, row: int, column: Column) -> Qt.AlignmentFlag:
        right = column.numeric
        if column.key == "name_original":  # names in Dari or Pashto read from the right edge
            summary = self.summary(row)
            right = summary is not None and is_right_to_left(summary.principal_name_original)
        horizontal = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
        return horizontal | Qt.AlignmentFlag.AlignVCenter

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting happens in the database: ask the owner to re-run the query."""
        if 0 <= column < len(COLUMNS):
            self.sortRequested.emit(COLUMNS[column].sort, order == Qt.SortOrder.DescendingOrder)

    # -- loading ------------------------------------------------------------------------

    def _page(self, number: int) -> dict[int, CaseSummary] | None:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        if self._loading:  # re-entered (e.g. from a nested event loop): show blank for now
            return None
        self._loading = True
        try:
            start = number * self.PAGE
            page = {s.id: s for s in self.services.queries.rows(self.ids[start : start + self.PAGE])}
        finally:
            self._loading = False
        self._pages[number] = page
        while len(self._pages) > self.MAX_PAGES:
            self._pages.popitem(last=False)
        return page
