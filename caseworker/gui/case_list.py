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
from caseworker.gui.bulk import AssignDialog, MoveDialog, common_targets
from caseworker.gui.case_table import COLUMN_KEYS, COLUMNS, CaseTableModel, column_title
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
        header.customContextMenuRequested.connect(self._column_menu)
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
        self.assign_action = QAction(self.tr("&Assign to…"), self)
        self.assign_action.triggered.connect(self.assign_selected)
        self.move_action = QAction(self.tr("Change &status…"), self)
        self.move_action.triggered.connect(self.move_selected)
        self.copy_action = QAction(self.tr("&Copy references"), self)
        self.copy_action.triggered.connect(self.copy_references)
        role = self.services.user.role
        self.assign_action.setEnabled(can(role, Action.EDIT_CASE))
        self.move_action.setEnabled(can(role, Action.MOVE_CASE))

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

    def assign_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        dialog = AssignDialog(self.services, len(ids), self)
        if dialog.exec() != AssignDialog.DialogCode.Accepted:
            return
        username, cases = dialog.username(), self.services.cases
        self.tasks.run(lambda progress, cancelled: cases.assign(ids, username), title=self.tr("Assigning cases"),
                       window=self, cancellable=False, on_done=lambda _n: self.casesChanged.emit(ids),
                       on_error=self._action_failed)  # fmt: skip

    def move_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        statuses = [s.status for s in self.services.queries.rows(ids)]
        targets = common_targets(self.services, statuses)
        if not targets:
            QMessageBox.information(self, self.tr("Change status"),
                                    self.tr("The selected cases have no status that all of them may move to."))  # fmt: skip
            return
        dialog = MoveDialog(targets, len(ids), self)
        if dialog.exec() != MoveDialog.DialogCode.Accepted:
            return
        (target, reason), cases = dialog.choice(), self.services.cases
        self.tasks.run(lambda progress, cancelled: cases.move_many(ids, target, reason), title=self.tr("Changing status"),
                       window=self, cancellable=False, on_done=lambda _refs: self.casesChanged.emit(ids),
                       on_error=self._action_failed)  # fmt: skip

    def _action_failed(self, error: BaseException) -> None:
        if not isinstance(error, CaseworkerError):
            sys.excepthook(type(error), error, error.__traceback__)
            return
        QMessageBox.warning(self, self.tr("Nothing was changed"), str(error))

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
        menu.addSeparator()
        menu.addAction(self.copy_action)
        menu.exec(self.table.viewport().mapToGlobal(point))

    # -- columns ---------------------------------------------------------------------------

    def _column_menu(self, point: QPoint) -> None:
        header = self.table.horizontalHeader()
        menu = QMenu(self.tr("Columns"), self)
        visible = [i for i in range(len(COLUMNS)) if not header.isSectionHidden(i)]
        for i, column in enumerate(COLUMNS):
            action = menu.addAction(column_title(column))
            action.setCheckable(True)
            action.setChecked(i in visible)
            action.setEnabled(not (len(visible) == 1 and i in visible))  # keep at least one
            action.toggled.connect(lambda on, section=i: header.setSectionHidden(section, not on))
        menu.exec(header.mapToGlobal(point))

    def visible_columns(self) -> list[int]:
        """Logical column numbers in the order the user sees them."""
        header = self.table.horizontalHeader()
        return [header.logicalIndex(v) for v in range(header.count()) if not header.isSectionHidden(header.logicalIndex(v))]

    def save_layout(self, settings: Settings) -> None:
        header = self.table.horizontalHeader()
        settings.set(opts.COLUMN_ORDER, [COLUMNS[header.logicalIndex(v)].key for v in range(header.count())])
        settings.set(opts.HIDDEN_COLUMNS, [c.key for i, c in enumerate(COLUMNS) if header.isSectionHidden(i)])
        settings.set(opts.COLUMN_WIDTHS, {c.key: header.sectionSize(i) for i, c in enumerate(COLUMNS)})
        settings.set(opts.SORT_COLUMN, self.base.sort)
        settings.set(opts.SORT_DESCENDING, self.base.descending)

    def restore_layout(self, settings: Settings) -> None:
        header = self.table.horizontalHeader()
        order = [k for k in settings.get(opts.COLUMN_ORDER) if k in COLUMN_KEYS]
        order += [k for k in COLUMN_KEYS if k not in order]  # columns added by a newer version
        for visual, key in enumerate(order):
            header.moveSection(header.visualIndex(COLUMN_KEYS.index(key)), visual)
        hidden = set(settings.get(opts.HIDDEN_COLUMNS)) & set(COLUMN_KEYS)
        if hidden == set(COLUMN_KEYS):
            hidden = set()
        widths = settings.get(opts.COLUMN_WIDTHS)
        for i, column in enumerate(COLUMNS):
            header.setSectionHidden(i, column.key in hidden)
            width = widths.get(column.key)
            if isinstance(width, int) and 20 <= width <= 2000:
                header.resizeSection(i, width)
        self.base = dataclasses.replace(self.base, sort=settings.get(opts.SORT_COLUMN),
                                        descending=settings.get(opts.SORT_DESCENDING))  # fmt: skip
        if self.base.sort not in SORTS:
            self.base = dataclasses.replace(self.base, sort="updated", descending=True)
        self._show_sort()

    def default_widths(self) -> None:
        widths = {"reference": 125, "name": 180, "name_original": 150, "family_size": 55, "status": 125,
                  "priority": 70, "post": 45, "country": 105, "assigned_to": 95, "last_contact": 95,
                  "next_follow_up": 105}  # fmt: skip
        for i, column in enumerate(COLUMNS):
            self.table.horizontalHeader().resizeSection(i, widths.get(column.key, 110))
