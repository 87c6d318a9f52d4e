"""The duplicate review queue: pairs of cases that may be one family, strongest first.

``DuplicatesDialog(services, parent=None)`` lists the open pairs with their
score and reasons; "Compare and merge…" opens the side-by-side merge dialog,
"Not a duplicate…" records that the pair is two families (it is never
proposed again).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.errors import CaseworkerError
from caseworker.services.api import Services
from caseworker.services.intake.dto import DuplicatePair

Index = QModelIndex | QPersistentModelIndex


class DuplicatesModel(QAbstractTableModel):
    HEADERS = ("Score", "Case", "Name", "Possible duplicate", "Name", "Why")

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list[DuplicatePair] = []

    def set_pairs(self, pairs: list[DuplicatePair]) -> None:
        self.beginResetModel()
        self.pairs = list(pairs)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.pairs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.pairs):
            return None
        pair = self.pairs[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (pair.score, pair.case_a, pair.name_a, pair.case_b, pair.name_b, " + ".join(pair.reasons))[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 5:
            return "\n".join(pair.reasons)
        return None


class DuplicatesDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Possible duplicates"))
        self.model = DuplicatesModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Pairs of cases that may be one family"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self.compare)
        self.count = QLabel()
        self.count.setAccessibleName(self.tr("Number of pairs"))
        self.compare_button = QPushButton(self.tr("&Compare and merge…"))
        self.compare_button.setAccessibleName(self.tr("Compare the two cases and merge them"))
        self.compare_button.clicked.connect(self.compare)
        self.dismiss_button = QPushButton(self.tr("&Not a duplicate…"))
        self.dismiss_button.setAccessibleName(self.tr("Record that the two cases are different families"))
        self.dismiss_button.clicked.connect(self.dismiss)
        refresh = QPushButton(self.tr("&Refresh"))
        refresh.setAccessibleName(self.tr("Refresh the list"))
        refresh.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        for button in (self.compare_button, self.dismiss_button, refresh):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.resize(1000, 520)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_pairs(self.services.intake.duplicates())
        self.table.resizeColumnsToContents()
        self.count.setText(self.tr("%n pair(s) waiting for review, strongest first.", "", len(self.model.pairs)))
        if self.model.pairs:
            self.table.selectRow(0)
        self._selection_changed()

    def selected(self) -> DuplicatePair | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.pairs[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        chosen = self.selected() is not None
        self.compare_button.setEnabled(chosen)
        self.dismiss_button.setEnabled(chosen)

    def compare(self) -> None:
        pair = self.selected()
        if pair is None:
            return
        from caseworker.gui.intake.merge_dialog import MergeDialog

        dialog = MergeDialog(self.services, pair.case_a_id, pair.case_b_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def dismiss(self) -> None:
        pair = self.selected()
        if pair is None:
            return
        reason, ok = QInputDialog.getText(self, self.tr("Not a duplicate"),
                                          self.tr("Why are %1 and %2 different families?")
                                          .replace("%1", pair.case_a).replace("%2", pair.case_b))
        if not ok:
            return
        try:
            self.services.intake.not_duplicate(pair.case_a_id, pair.case_b_id, reason)
        except CaseworkerError as exc:
            QMessageBox.warning(self, self.tr("Not recorded"), str(exc))
            return
        self.refresh()
