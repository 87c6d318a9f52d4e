"""The sidebar: the dashboard, the work queues with live counts, and the
user's saved searches (created, renamed and deleted here)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.errors import CaseworkerError
from caseworker.gui.app import icon
from caseworker.services.api import Services
from caseworker.services.queries import CaseQuery
from caseworker.services.queues import QUEUES
from caseworker.services.saved_searches import SavedSearch

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
# The queue labels of services.queues, marked for Qt's translation tools.
QUEUE_LABELS = (
    QT_TRANSLATE_NOOP("Queues", "My cases"), QT_TRANSLATE_NOOP("Queues", "Needs first contact"),
    QT_TRANSLATE_NOOP("Queues", "No contact for 7+ days"), QT_TRANSLATE_NOOP("Queues", "Possible duplicates"),
    QT_TRANSLATE_NOOP("Queues", "Awaiting eligibility"),
    QT_TRANSLATE_NOOP("Queues", "Awaiting approval"), QT_TRANSLATE_NOOP("Queues", "Ready for a letter"),
    QT_TRANSLATE_NOOP("Queues", "Letters to print"), QT_TRANSLATE_NOOP("Queues", "Crossed in the last 7 days"),
    QT_TRANSLATE_NOOP("Queues", "All cases"),
)  # fmt: skip
DASHBOARD, QUEUE, SAVED = "dashboard", "queue", "saved"


class Sidebar(QWidget):
    dashboardActivated = Signal()
    queueActivated = Signal(str)
    savedSearchActivated = Signal(object)  # SavedSearch

    def __init__(self, services: Services, current_query: Callable[[], CaseQuery], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.current_query = current_query
        self.saved: dict[str, SavedSearch] = {}
        self.model = QStandardItemModel(0, 2, self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setAccessibleName(self.tr("Work queues and saved searches"))
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(8)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.selectionModel().currentRowChanged.connect(self._activated)
        root = self.model.invisibleRootItem()
        self.dashboard_item = self._item(root, self.tr("Dashboard"), DASHBOARD, "", "dashboard")
        self.queues_group = self._group(self.tr("Work queues"))
        self.queue_items: dict[str, QStandardItem] = {}
        self.count_items: dict[str, QStandardItem] = {}
        for queue in QUEUES:
            if queue.visible_to(services.user.role):
                label = QCoreApplication.translate("Queues", queue.label)
                self.queue_items[queue.name] = self._item(self.queues_group, label, QUEUE, queue.name, "queue")
                self.count_items[queue.name] = self.queues_group.child(self.queues_group.rowCount() - 1, 1)
        self.saved_group = self._group(self.tr("Saved searches"))
        self.save_button = QPushButton(icon("saved"), self.tr("&Save search…"), self)
        self.save_button.setAccessibleName(self.tr("Save the current search"))
        self.save_button.setToolTip(self.tr("Keep the current search, filters and queue under a name"))
        self.save_button.clicked.connect(self.save_current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        layout.addWidget(self.save_button)
        self.tree.expandAll()
        self.reload_saved()

    # -- building -------------------------------------------------------------------

    def _group(self, title: str) -> QStandardItem:
        group = QStandardItem(title)
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = group.font()
        font.setBold(True)
        group.setFont(font)
        spacer = QStandardItem("")
        spacer.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.model.appendRow([group, spacer])
        return group

    def _item(self, parent: QStandardItem, label: str, kind: str, key: str, icon_name: str) -> QStandardItem:
        item = QStandardItem(icon(icon_name), label)
        item.setData((kind, key), KIND_ROLE)
        count = QStandardItem("")
        count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for cell in (item, count):
            cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        parent.appendRow([item, count])
        return item

    def set_counts(self, counts: dict[str, int]) -> None:
        for name, item in self.queue_items.items():
            count = counts.get(name)
            self.count_items[name].setText("" if count is None else f"{count:,}")
            item.setData(f"{item.text()}: {self.count_items[name].text()}", Qt.ItemDataRole.AccessibleTextRole)

    def preferred_width(self) -> int:
        """Wide enough for the longest queue name and count, whatever the language."""
        self.tree.resizeColumnToContents(0)
        frame = 2 * self.tree.frameWidth() + self.tree.verticalScrollBar().sizeHint().width()
        return self.tree.sizeHintForColumn(0) + self.tree.fontMetrics().horizontalAdvance("00,000") + frame

    def count_text(self, queue: str) -> str:
        return self.count_items[queue].text()

    def current_title(self) -> str:
        index = self.tree.currentIndex()
        return index.siblingAtColumn(0).data() if index.isValid() else ""

    def reload_saved(self) -> None:
        selected = self.selected()
        self.saved = {s.name: s for s in self.services.saved_searches.list()}
        self.tree.selectionModel().blockSignals(True)
        self.saved_group.removeRows(0, self.saved_group.rowCount())
        for name in self.saved:
            self._item(self.saved_group, name, SAVED, name, "saved")
        self.tree.selectionModel().blockSignals(False)
        self.tree.expandAll()
        if selected and selected[0] == SAVED:
            self.select(SAVED, selected[1], emit=False)

    # -- selection ------------------------------------------------------------------------

    def selected(self) -> tuple[str, str] | None:
        index = self.tree.currentIndex()
        return index.siblingAtColumn(0).data(KIND_ROLE) if index.isValid() else None

    def select(self, kind: str, key: str = "", *, emit: bool = True) -> bool:
        for item in self._all_items():
            if item.data(KIND_ROLE) == (kind, key):
                selection = self.tree.selectionModel()
                selection.blockSignals(not emit)
                flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                selection.setCurrentIndex(item.index(), flags)
                selection.blockSignals(False)
                self.tree.viewport().update()
                return True
        return False

    def _all_items(self) -> list[QStandardItem]:
        items = [self.dashboard_item]
        for group in (self.queues_group, self.saved_group):
            items += [group.child(i, 0) for i in range(group.rowCount())]
        return items

    def _activated(self, current: QModelIndex) -> None:
        data = current.siblingAtColumn(0).data(KIND_ROLE) if current.isValid() else None
        if not data:
            return
        kind, key = data
        if kind == DASHBOARD:
            self.dashboardActivated.emit()
        elif kind == QUEUE:
            self.queueActivated.emit(key)
        elif kind == SAVED and key in self.saved:
            self.savedSearchActivated.emit(self.saved[key])

    # -- managing saved searches ---------------------------------------------------------

    def save_current(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Save search"), self.tr("Name of the saved search:"))
        if not ok:
            return
        if self._attempt(lambda: self.services.saved_searches.save(name, self.current_query())):
            self.reload_saved()
            self.select(SAVED, name.strip(), emit=False)

    def rename(self, name: str) -> None:
        new, ok = QInputDialog.getText(self, self.tr("Rename saved search"), self.tr("New name:"),
                                       QLineEdit.EchoMode.Normal, name)  # fmt: skip
        if ok and new.strip() != name and self._attempt(lambda: self.services.saved_searches.rename(name, new)):
            self.reload_saved()

    def delete(self, name: str) -> None:
        answer = QMessageBox.question(self, self.tr("Delete saved search"),
                                      self.tr("Delete the saved search “%s”?") % name)  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes and self._attempt(lambda: self.services.saved_searches.delete(name)):
            self.reload_saved()

    def _attempt(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except CaseworkerError as exc:
            QMessageBox.warning(self, self.tr("Saved searches"), str(exc))
            return False
        return True

    def _context_menu(self, point: QPoint) -> None:
        index = self.tree.indexAt(point)
        data = index.siblingAtColumn(0).data(KIND_ROLE) if index.isValid() else None
        menu = QMenu(self)
        if data and data[0] == SAVED:
            menu.addAction(self.tr("Rename…"), lambda: self.rename(data[1]))
            menu.addAction(self.tr("Delete"), lambda: self.delete(data[1]))
            menu.addSeparator()
        menu.addAction(self.tr("Save current search…"), self.save_current)
        menu.exec(self.tree.viewport().mapToGlobal(point))
