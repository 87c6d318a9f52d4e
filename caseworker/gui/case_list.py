"""The case list: search-as-you-type, filter chips, the table and its bulk actions.

Every change of search text, filter, queue or sort builds a `CaseQuery` and
runs it on the task runner; when the ids come back they replace the list,
unless a newer query has been started since (so fast typing never shows
stale results). Typing is debounced, and the window never waits on the query.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.errors import CaseworkerError
from caseworker.domain.roles import Action, can
from caseworker.gui import settings as opts
from caseworker.gui.app import icon
from caseworker.gui.bulk import BulkActions
from caseworker.gui.case_table import COLUMNS, CaseTableModel
from caseworker.gui.columns import restore_columns, save_columns, show_column_menu, visible_columns
from caseworker.gui.filters import FilterBar
from caseworker.gui.settings import Settings
from caseworker.gui.tasks import TaskRunner
from caseworker.services.api import Services
from caseworker.services.queries import SORTS, CaseQuery

DEBOUNCE_MS = 200


class CaseListPanel(QWidget):
    openRequested = Signal(int)  # case id
    resultChanged = Signal(int)  # number of cases in the view
    casesChanged = Signal(list)  # ids changed by a bulk action

    def __init__(self, services: Services, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.tasks = services, tasks
        self.base = CaseQuery(queue="all")
        self.generation = 0
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search names in any script, references, document or phone numbers"))
        self.search.setAccessibleName(self.tr("Search cases"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.busy = QLabel(self.tr("Searching…"), self)
        self.busy.setVisible(False)
        self.filters = FilterBar(self)
        self.model = CaseTableModel(services, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Cases"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda index: self.openRequested.emit(self.model.case_id(index.row())))
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setHighlightSections(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(lambda point: show_column_menu(header, self, point))
        header.sortIndicatorChanged.connect(self.model.sort)
        self.model.sortRequested.connect(self._sort_by)
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self._search_now)
        self.filters.changed.connect(self.refresh)
        self._build_actions()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.busy)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)
        self.setTabOrder(self.search, self.filters.chips["statuses"])
        self.setTabOrder(self.filters.clear_button, self.table)

    def _build_actions(self) -> None:
        self.open_action = QAction(self.tr("&Open"), self)
        self.open_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        self.open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.open_action.triggered.connect(self.open_selected)
        self.table.addAction(self.open_action)
        self.bulk = BulkActions(self.services, self.tasks, self.selected_ids, self)
        self.bulk.casesChanged.connect(self.casesChanged)
        self.assign_action = QAction(self.tr("&Assign to…"), self)
        self.assign_action.triggered.connect(self.bulk.assign)
        self.move_action = QAction(self.tr("Change &status…"), self)
        self.move_action.triggered.connect(self.bulk.move)
        self.copy_action = QAction(self.tr("&Copy references"), self)
        self.copy_action.triggered.connect(self.copy_references)
        role = self.services.user.role
        self.assign_action.setEnabled(can(role, Action.EDIT_CASE))
        self.move_action.setEnabled(can(role, Action.MOVE_CASE))
        self.more_actions: list[QAction] = []  # added by the window: letters and handoffs of the selection

    def add_bulk_actions(self, actions: Sequence[QAction]) -> None:
        """More actions on the selected rows, shown in the context menu after the built-in ones."""
        self.more_actions += actions

    # -- the query --------------------------------------------------------------------

    def current_query(self) -> CaseQuery:
        return self.filters.apply(dataclasses.replace(self.base, text=self.search.text()))

    def set_queue(self, queue: str) -> None:
        self.base = dataclasses.replace(self.base, queue=queue)
        self.refresh()

    def apply_query(self, query: CaseQuery) -> None:
        """Show a saved search: its queue, text, filters and sort."""
        self.base = dataclasses.replace(CaseQuery(), queue=query.queue, sort=query.sort, descending=query.descending)
        self.search.blockSignals(True)
        self.search.setText(query.text)
        self.search.blockSignals(False)
        self.filters.set_from_query(query)
        self._show_sort()
        self.refresh()

    def _search_now(self) -> None:
        self._debounce.stop()
        self.refresh(focus_table=True)

    def _sort_by(self, key: str, descending: bool) -> None:
        if (key, descending) != (self.base.sort, self.base.descending):
            self.base = dataclasses.replace(self.base, sort=key, descending=descending)
            self.refresh()

    def _show_sort(self) -> None:
        header = self.table.horizontalHeader()
        column = next((i for i, c in enumerate(COLUMNS) if c.sort == self.base.sort), -1)
        order = Qt.SortOrder.DescendingOrder if self.base.descending else Qt.SortOrder.AscendingOrder
        header.blockSignals(True)
        header.setSortIndicator(column, order)
        header.blockSignals(False)

    def refresh(self, *, focus_table: bool = False) -> None:
        """Run the current query off the GUI thread; the newest query's result wins."""
        self._debounce.stop()
        self.generation += 1
        generation, query, queries = self.generation, self.current_query(), self.services.queries
        self.busy.setVisible(True)
        self.tasks.run(
            lambda progress, cancelled: queries.ids(query),
            title=self.tr("Searching"),
            show_progress=False,
            on_done=lambda ids: self._show_result(generation, ids, focus_table),
            on_error=lambda error: self._query_failed(generation, error),
        )

    def _show_result(self, generation: int, ids: list[int], focus_table: bool) -> None:
        if generation != self.generation:
            return  # a newer query is on its way
        self.busy.setVisible(False)
        selected = set(self.selected_ids()) if len(ids) < 50_000 else set()
        current = self.current_case_id()
        self.model.set_ids(ids)
        self._reselect(selected, current)
        self.resultChanged.emit(len(ids))
        if focus_table and ids:
            self.table.setFocus()
            if not self.table.selectionModel().hasSelection():
                self.table.selectRow(0)

    def _query_failed(self, generation: int, error: BaseException) -> None:
        if generation == self.generation:
            self.busy.setVisible(False)
        if not isinstance(error, CaseworkerError):
            sys.excepthook(type(error), error, error.__traceback__)
            return
        QMessageBox.warning(self, self.tr("Search"), str(error))

    def _reselect(self, selected: set[int], current: int | None) -> None:
        selection = self.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for case_id in selected:
            row = self.model.row_of(case_id)
            if row is not None:
                selection.select(self.model.index(row, 0), flags)
        row = self.model.row_of(current) if current is not None else None
        if row is not None:
            selection.setCurrentIndex(self.model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(self.model.index(row, 0))

    # -- selection and actions ------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.case_id(row) for row in rows]

    def selected_count(self) -> int:
        """How many rows are selected, without listing them (cheap with 100,000 selected)."""
        return sum(r.height() for r in self.table.selectionModel().selection())

    def current_case_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.case_id(index.row()) if index.isValid() else None

    def select_ids(self, ids: Sequence[int]) -> None:
        self.table.clearSelection()
        self._reselect(set(ids), ids[0] if ids else None)

    def open_selected(self) -> None:
        for case_id in self.selected_ids()[:10]:  # opening hundreds of tabs helps nobody
            self.openRequested.emit(case_id)

    def copy_references(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        references = [s.reference for s in self.services.queries.rows([self.model.case_id(r) for r in rows])]
        QGuiApplication.clipboard().setText("\n".join(references))

    def _context_menu(self, point: QPoint) -> None:
        index = self.table.indexAt(point)
        if not index.isValid():
            return
        if not self.table.selectionModel().isRowSelected(index.row(), index.parent()):
            self.table.selectRow(index.row())
        menu = QMenu(self)
        menu.addAction(self.open_action)
        menu.addSeparator()
        menu.addAction(self.assign_action)
        menu.addAction(self.move_action)
        if any(action.isVisible() for action in self.more_actions):
            menu.addSeparator()
            menu.addActions(self.more_actions)
        menu.addSeparator()
        menu.addAction(self.copy_action)
        menu.exec(self.table.viewport().mapToGlobal(point))

    # -- columns ---------------------------------------------------------------------------

    def visible_columns(self) -> list[int]:
        return visible_columns(self.table.horizontalHeader())

    def save_layout(self, settings: Settings) -> None:
        save_columns(self.table.horizontalHeader(), settings)
        settings.set(opts.SORT_COLUMN, self.base.sort)
        settings.set(opts.SORT_DESCENDING, self.base.descending)

    def restore_layout(self, settings: Settings) -> None:
        restore_columns(self.table.horizontalHeader(), settings)
        sort, descending = settings.get(opts.SORT_COLUMN), settings.get(opts.SORT_DESCENDING)
        if sort not in SORTS:
            sort, descending = "updated", True
        self.base = dataclasses.replace(self.base, sort=sort, descending=descending)
        self._show_sort()
