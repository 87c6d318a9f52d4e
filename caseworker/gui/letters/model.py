"""A table model over a short list of letters (one case's, or the approvals queue)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from caseworker.services.letters import LetterView

Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("LetterTableModel", text)


COLUMNS = (
    ("Letter", lambda x: x.label),
    ("Status", lambda x: x.status.capitalize()),
    ("Case", lambda x: x.case_reference),
    ("People", lambda x: len(x.people)),
    ("Valid to", lambda x: x.valid_to.isoformat() if x.valid_to else f"{x.valid_days} days"),
    ("Crossings", lambda x: ", ".join(x.crossings)),
    ("Drafted by", lambda x: x.drafted_by or ""),
    ("Approved by", lambda x: x.approved_by or ""),
    ("Prints", lambda x: x.print_count),
)


class LetterTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.letters: list[LetterView] = []

    def set_letters(self, letters: list[LetterView]) -> None:
        self.beginResetModel()
        self.letters = list(letters)
        self.endResetModel()

    def letter(self, row: int) -> LetterView | None:
        return self.letters[row] if 0 <= row < len(self.letters) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.letters)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _tr(COLUMNS[section][0])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        letter = self.letters[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return letter.names
        return COLUMNS[index.column()][1](letter)
