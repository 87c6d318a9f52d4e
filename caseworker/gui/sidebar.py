"""The sidebar: the dashboard, the work queues with live counts, and the
user's saved searches (created, renamed and deleted here)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
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
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName(self.tr("Work queues and saved searches"))
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(8)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.currentItemChanged.connect(self._activated)
        self.dashboard_item = self._item(self.tree, self.tr("Dashboard"), DASHBOARD, "", "dashboard")
        self.queues_group = self._group(self.tr("Work queues"))
        self.queue_items: dict[str, QTreeWidgetItem] = {}
        for queue in QUEUES:
            if queue.visible_to(services.user.role):
                label = QCoreApplication.translate("Queues", queue.label)
                self.queue_items[queue.name] = self._item(self.queues_group, label, QUEUE, queue.name, "queue")
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

    def _group(self, title: str) -> QTreeWidgetItem:
        group = QTreeWidgetItem(self.tree, [title])
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        group.setFirstColumnSpanned(True)
        return group

    def _item(self, parent: QTreeWidget | QTreeWidgetItem, label: str, kind: str, key: str, icon_name: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [label, ""])
        item.setData(0, KIND_ROLE, (kind, key))
        item.setIcon(0, icon(icon_name))
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def set_counts(self, counts: dict[str, int]) -> None:
        for name, item in self.queue_items.items():
            count = counts.get(name)
            item.setText(1, "" if count is None else f"{count:,}")
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{item.text(0)}: {item.text(1)}")

    def reload_saved(self) -> None:
        selected = self.selected()
        self.saved = {s.name: s for s in self.services.saved_searches.list()}
        self.tree.blockSignals(True)
        self.saved_group.takeChildren()
        for name in self.saved:
            self._item(self.saved_group, name, SAVED, name, "saved")
        self.tree.blockSignals(False)
        if selected and selected[0] == SAVED:
            self.select(SAVED, selected[1], emit=False)

    # -- selection ------------------------------------------------------------------------

    def selected(self) -> tuple[str, str] | None:
        item = self.tree.currentItem()
        return item.data(0, KIND_ROLE) if item is not None else None

    def select(self, kind: str, key: str = "", *, emit: bool = True) -> bool:
        for item in self._all_items():
            if item.data(0, KIND_ROLE) == (kind, key):
                if not emit:
                    self.tree.blockSignals(True)
                self.tree.setCurrentItem(item)
                self.tree.blockSignals(False)
                return True
        return False

    def _all_items(self) -> list[QTreeWidgetItem]:
        items = [self.dashboard_item]
        for group in (self.queues_group, self.saved_group):
            items += [group.child(i) for i in range(group.childCount())]
        return items

    def _activated(self, item: QTreeWidgetItem | None) -> None:
        data = item.data(0, KIND_ROLE) if item is not None else None
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
        item = self.tree.itemAt(point)
        data = item.data(0, KIND_ROLE) if item is not None else None
        menu = QMenu(self)
        if data and data[0] == SAVED:
            menu.addAction(self.tr("Rename…"), lambda: self.rename(data[1]))
            menu.addAction(self.tr("Delete"), lambda: self.delete(data[1]))
            menu.addSeparator()
        menu.addAction(self.tr("Save current search…"), self.save_current)
        menu.exec(self.tree.viewport().mapToGlobal(point))
