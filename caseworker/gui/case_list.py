"""A plain window listing the store's cases, with search (the foundation's window)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLineEdit, QMainWindow, QMessageBox, QTableView, QVBoxLayout, QWidget

from caseworker.domain.errors import CaseworkerError
from caseworker.gui.lock import LockController
from caseworker.services.api import Services
from caseworker.services.dto import CaseSummary
from caseworker.services.queries import CaseQuery
from caseworker.services.settings import AUTO_LOCK_MINUTES

PAGE = 200
COLUMNS = (
    ("Reference", lambda r: r.reference),
    ("Name", lambda r: r.principal_name),
    ("Original script", lambda r: r.principal_name_original),
    ("Family", lambda r: r.family_size),
    ("Status", lambda r: r.status),
    ("Priority", lambda r: r.priority),
    ("Country", lambda r: r.current_country),
    ("Assigned to", lambda r: r.assigned_to or ""),
)

Index = QModelIndex | QPersistentModelIndex


class CaseTableModel(QAbstractTableModel):
    """Holds the ordered ids of the query; loads rows a page at a time on demand."""

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.ids: list[int] = []
        self.cache: dict[int, CaseSummary] = {}

    def set_query(self, query: CaseQuery) -> None:
        self.beginResetModel()
        self.ids = self.services.queries.ids(query)
        self.cache.clear()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self._row(index.row())
        return None if row is None else COLUMNS[index.column()][1](row)

    def _row(self, position: int) -> CaseSummary | None:
        case_id = self.ids[position]
        if case_id not in self.cache:
            start = position - position % PAGE
            for summary in self.services.queries.rows(self.ids[start : start + PAGE]):
                self.cache[summary.id] = summary
        return self.cache.get(case_id)


class CaseListWindow(QMainWindow):
    def __init__(self, services: Services) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("caseworker — %s") % services.store.location.name)
        self.model = CaseTableModel(services)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search names in any script, references, document or phone numbers"))
        self.search.setAccessibleName(self.tr("Search"))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Cases"))
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.timer = QTimer(self, singleShot=True, interval=250)
        self.timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self.timer.start)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        self.setCentralWidget(central)
        self.resize(1100, 700)
        self.services = services
        minutes = services.settings.get(AUTO_LOCK_MINUTES)
        self.lock = LockController(self, services, timeout_ms=minutes * 60_000)  # Ctrl+L locks at once
        self.lock.sign_out_requested.connect(self.close)
        self.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        """A rotating automatic backup of a SQLite store (the `backup.keep` setting)."""
        try:
            self.services.backups.auto_backup()
        except CaseworkerError as exc:
            QMessageBox.warning(self, self.tr("Automatic backup failed"), str(exc))
        super().closeEvent(event)

    def refresh(self) -> None:
        self.model.set_query(CaseQuery(text=self.search.text(), sort="reference", descending=False))
        self.statusBar().showMessage(self.tr("%n case(s)", "", len(self.model.ids)))
