"""The duplicate review queue: pairs of cases that may be one family, strongest first.

``DuplicatesPanel(services)`` is the queue as a tab of the main window: it
lists the open pairs with their score and reasons; "Compare and merge…"
opens the side-by-side merge dialog, "Not a duplicate…" records that the
pair is two families (it is never proposed again), "Open both cases" shows
them in their tabs. ``DuplicatesDialog(services, parent=None)`` holds the same
panel in a dialog, for the import wizard used on its own.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
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
from caseworker.domain.roles import Action, can
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


class DuplicatesPanel(QWidget):
    casesChanged = Signal(list)  # noqa: N815 - the two cases of a pair merged or set apart
    openRequested = Signal(int)  # noqa: N815 - a case to show in its tab
    scanRequested = Signal()  # noqa: N815 - "Find duplicates in the store…"

    def __init__(self, services: Services, parent: QWidget | None = None, *, in_window: bool = True) -> None:
        super().__init__(parent)
        self.services = services
        self.may_merge = may_merge = can(services.user.role, Action.MERGE)
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
        self.compare_button = self._button(self.tr("&Compare and merge…"), self.tr("Compare the two cases and merge them"),
                                           self.compare)  # fmt: skip
        self.dismiss_button = self._button(self.tr("&Not a duplicate…"),
                                           self.tr("Record that the two cases are different families"), self.dismiss)
        self.open_button = self._button(self.tr("&Open both cases"), self.tr("Show the two cases in their tabs"),
                                        self.open_both)  # fmt: skip
        self.scan_button = self._button(self.tr("&Find duplicates in the store…"),
                                        self.tr("Look for duplicates among the cases already held"),
                                        self.scanRequested.emit)  # fmt: skip
        refresh = self._button(self.tr("&Refresh"), self.tr("Refresh the list"), self.refresh)
        for button in (self.compare_button, self.dismiss_button, self.scan_button):
            button.setVisible(may_merge)
        self.open_button.setVisible(in_window)
        self.scan_button.setVisible(in_window and may_merge)
        buttons = QHBoxLayout()
        for button in (self.compare_button, self.dismiss_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.scan_button)
        buttons.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.refresh()

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setToolTip(name)
        button.clicked.connect(lambda: slot())
        return button

    def refresh(self) -> None:
        """Read the queue again, keeping the selected pair selected if it is still waiting."""
        chosen = self.selected()
        self.model.set_pairs(self.services.intake.duplicates())
        self.table.resizeColumnsToContents()
        count = len(self.model.pairs)
        self.count.setText(self.tr("%n pair(s) waiting for review, strongest first.", "", count) if count else
                           self.tr("No pairs are waiting for review."))  # fmt: skip
        row = next((i for i, p in enumerate(self.model.pairs) if chosen and p.id == chosen.id), 0)
        if self.model.pairs:
            self.table.selectRow(row)
        self._selection_changed()

    def selected(self) -> DuplicatePair | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.pairs[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        chosen = self.selected() is not None
        for button in (self.compare_button, self.dismiss_button, self.open_button):
            button.setEnabled(chosen)

    def compare(self) -> None:
        pair = self.selected()
        if pair is None or not self.may_merge:
            return
        from caseworker.gui.intake.merge_dialog import MergeDialog

        try:
            dialog = MergeDialog(self.services, pair.case_a_id, pair.case_b_id, self)
        except CaseworkerError as exc:  # merged or removed meanwhile
            QMessageBox.warning(self, self.tr("Cannot compare"), str(exc))
            self.refresh()
            return
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.casesChanged.emit([pair.case_a_id, pair.case_b_id])

    def dismiss(self) -> None:
        pair = self.selected()
        if pair is None or not self.may_merge:
            return
        reason, ok = QInputDialog.getText(self, self.tr("Not a duplicate"),
                                          self.tr("Why are %1 and %2 different families?")
                                          .replace("%1", pair.case_a).replace("%2", pair.case_b))  # fmt: skip
        if not ok:
            return
        try:
            self.services.intake.not_duplicate(pair.case_a_id, pair.case_b_id, reason)
        except CaseworkerError as exc:
            QMessageBox.warning(self, self.tr("Not recorded"), str(exc))
            return
        self.refresh()
        self.casesChanged.emit([pair.case_a_id, pair.case_b_id])

    def open_both(self) -> None:
        pair = self.selected()
        if pair is not None:
            for case_id in (pair.case_b_id, pair.case_a_id):  # the first case's tab ends in front
                self.openRequested.emit(case_id)


class DuplicatesDialog(QDialog):
    """The review queue in a dialog (the import wizard on its own, outside the main window)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Possible duplicates"))
        self.setAccessibleName(self.tr("Possible duplicates"))
        self.panel = DuplicatesPanel(services, self, in_window=False)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(close)
        self.resize(1000, 520)
