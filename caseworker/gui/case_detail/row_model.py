"""A table model over a small list of frozen dataclasses with an `id`.

The case detail's lists (family, contact log, attachments, history) are short
and come whole from the services. `set_rows` tells the views only what
changed: changed rows as `dataChanged`, rows added at one end as an insert, and
a reset only when the order itself changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex
IdRole = Qt.ItemDataRole.UserRole
_DISPLAY_ROLES = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                  Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole]  # fmt: skip


class RowModel(QAbstractTableModel, Generic[Row]):
    """Subclasses give `headers()` and `cell(row, column, role)`."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []

    # -- what subclasses provide ----------------------------------------------------

    def headers(self) -> list[str]:
        raise NotImplementedError

    def key(self, row: Row) -> int:
        """What identifies a row across reloads."""
        return row.id  # type: ignore[attr-defined,no-any-return]

    def cell(self, row: Row, column: int, role: int) -> Any:
        raise NotImplementedError

    # -- Qt's model interface --------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            headers = self.headers()
            return headers[section] if 0 <= section < len(headers) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == IdRole:
            return self.key(row)
        return self.cell(row, index.column(), role)

    # -- changing the rows -------------------------------------------------------------

    def row_for_id(self, row_id: int) -> int:
        return next((i for i, r in enumerate(self.rows) if self.key(r) == row_id), -1)

    def set_rows(self, rows: Sequence[Row]) -> None:
        new = list(rows)
        old, old_ids = self.rows, [self.key(r) for r in self.rows]
        new_ids = [self.key(r) for r in new]
        added = len(new_ids) - len(old_ids)
        if new_ids == old_ids:
            offset = 0
            self.rows = new
        elif old_ids and added > 0 and new_ids[: len(old_ids)] == old_ids:
            offset = 0
            self.beginInsertRows(QModelIndex(), len(old_ids), len(new_ids) - 1)
            self.rows = new
            self.endInsertRows()
        elif old_ids and added > 0 and new_ids[added:] == old_ids:
            offset = added
            self.beginInsertRows(QModelIndex(), 0, added - 1)
            self.rows = new
            self.endInsertRows()
        else:
            self.beginResetModel()
            self.rows = new
            self.endResetModel()
            return
        changed = [i + offset for i, row in enumerate(old) if row != new[i + offset]]
        if changed and self.columnCount():
            first, last = self.index(min(changed), 0), self.index(max(changed), self.columnCount() - 1)
            self.dataChanged.emit(first, last, _DISPLAY_ROLES)
