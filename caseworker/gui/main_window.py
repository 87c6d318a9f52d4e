"""The main window: sidebar of queues, the case list, the dashboard, a tab
per open case and the panels (handoffs, approvals, ledgers), with the menus,
shortcuts and status bar desktop users expect.

The Letters, Handoffs and Intake menus live in `menus_letters`,
`menus_handoffs` and `menus_intake`, and the panel tabs in `panels`; the window tells them which cases are "in
hand" (`cases_in_hand`) and refreshes what a change touched (`cases_changed`).

Everything it shows comes from the `Services` handed in; nothing global, so
tests build a window per test.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabBar,
    QTabWidget,
    QWidget,
)

from caseworker import __version__
from caseworker.domain.errors import CaseworkerError
from caseworker.domain.roles import Action, can
from caseworker.gui import settings as opts
from caseworker.gui.admin_users import UsersDialog
from caseworker.gui.app import icon, window_action
from caseworker.gui.case_detail import CaseDetailWidget
from caseworker.gui.case_list import CaseListPanel
from caseworker.gui.case_table import COLUMNS
from caseworker.gui.dashboard import DashboardWidget
from caseworker.gui.filters import fetch_choices
from caseworker.gui.labels import label
from caseworker.gui.lock import LockController
from caseworker.gui.menus_handoffs import HandoffActions
from caseworker.gui.menus_intake import IntakeActions
from caseworker.gui.menus_letters import LetterActions
from caseworker.gui.new_case import NewCaseDialog
from caseworker.gui.panels import PanelTabs
from caseworker.gui.printing import load_rows, print_rows
from caseworker.gui.settings import Settings
from caseworker.gui.sidebar import DASHBOARD, QUEUE, SAVED, Sidebar
from caseworker.gui.tasks import TaskRunner
from caseworker.services.api import Services
from caseworker.services.queries import CaseQuery
from caseworker.services.saved_searches import SavedSearch
from caseworker.services.settings import AUTO_LOCK_MINUTES

CASES_TAB, DASHBOARD_TAB = 0, 1
PRINT_CONFIRM_ROWS = 2000


class MainWindow(QMainWindow):
    casesInHandChanged = Signal()  # noqa: N815 - the current tab or the list's selection changed

    def __init__(self, services: Services, settings: Settings, tasks: TaskRunner | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.services, self.settings = services, settings
        self.tasks = tasks or TaskRunner(self)
        self.case_tabs: dict[int, CaseDetailWidget] = {}
        self._backed_up = False
        self.setWindowTitle(self.tr("caseworker — %s") % services.store.location.name)
        self.setWindowIcon(icon("app"))
        self.cases = CaseListPanel(services, self.tasks, self)
        self.sidebar = Sidebar(services, self.cases.current_query, self)
        self.dashboard = DashboardWidget(services, self.tasks, self)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Open views and cases"))
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        # Closing a case goes back to where the user came from (the list), not to the
        # neighbouring tab (often the dashboard, which would recount everything).
        self.tabs.tabBar().setSelectionBehaviorOnRemove(QTabBar.SelectionBehavior.SelectPreviousTab)
        self.tabs.addTab(self.cases, icon("queue"), self.tr("Cases"))
        self.tabs.addTab(self.dashboard, icon("dashboard"), self.tr("Dashboard"))
        for index in (CASES_TAB, DASHBOARD_TAB):
            for side in (self.tabs.tabBar().ButtonPosition.RightSide, self.tabs.tabBar().ButtonPosition.LeftSide):
                self.tabs.tabBar().setTabButton(index, side, None)
        self.tabs.tabCloseRequested.connect(lambda index: self.close_tab(index))
        self.panels = PanelTabs(self.tabs, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self._build_status_bar()
        self._build_actions()
        self._build_menus()
        self._connect()
        self.setTabOrder(self.sidebar.tree, self.sidebar.save_button)
        self.setTabOrder(self.sidebar.save_button, self.tabs)
        self.setTabOrder(self.tabs, self.cases.search)
        self._startup_pending = True  # counts and filter choices wait for the first page
        self._restore()
        if services.notices:  # said once the window is on screen, not before it
            QTimer.singleShot(0, self, self.show_notices)

    def show_notices(self) -> None:
        """What the person signing in must be told (a damaged sign-in journal, for administrators)."""
        for notice in self.services.notices:
            QMessageBox.warning(self, self.tr("Security notice"), notice)
        self.services.notices.clear()

    # -- building ------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        location = self.services.store.location
        self.store_label = QLabel(self.tr("Store: %s (%s)") % (location.name, location.display), self)
        self.store_label.setAccessibleName(self.tr("Store"))
        user = self.services.user
        self.user_label = QLabel(self.tr("Signed in: %s (%s)") % (user.display_name, label(user.role)), self)
        self.user_label.setAccessibleName(self.tr("Signed-in user"))
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(self.tr("Cases in view"))
        bar = self.statusBar()
        bar.addWidget(self.store_label, 1)
        bar.addPermanentWidget(self.user_label)
        bar.addPermanentWidget(self.count_label)

    def _action(self, text: str, slot: Callable[[], object], shortcut: QKeySequence | str | None = None,
                icon_name: str = "") -> QAction:
        return window_action(self, text, slot, shortcut, icon_name=icon_name)

    def _build_actions(self) -> None:
        role = self.services.user.role
        self.new_action = self._action(self.tr("&New case…"), self.new_case, QKeySequence.StandardKey.New, "new")
        self.new_action.setEnabled(can(role, Action.CREATE_CASE))
        self.print_action = self._action(self.tr("&Print case list…"), self.print_view, QKeySequence.StandardKey.Print, "print")
        minutes = self.services.settings.get(AUTO_LOCK_MINUTES)
        self.locker = LockController(self, self.services, timeout_ms=minutes * 60_000)  # and Ctrl+L
        self.locker.sign_out_requested.connect(self.close)
        self.lock_action = self.locker.lock_action
        self.lock_action.setIcon(icon("lock"))
        self.backup_action = self._action(self.tr("&Back up…"), self.back_up)
        # Server stores are backed up by their operator (pg_dump with a passphrase, see the README).
        self.backup_action.setVisible(can(role, Action.BACKUP) and self.services.store.is_sqlite)
        self.users_action = self._action(self.tr("&Users…"), self.manage_users)
        self.users_action.setVisible(can(role, Action.MANAGE_USERS))
        self.rotate_keys_action = self._action(self.tr("Rotate &keys…"), self.rotate_keys)
        self.rotate_keys_action.setVisible(can(role, Action.MANAGE_STORE) and self.services.store.is_encrypted)
        self.quit_action = self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.find_action = self._action(self.tr("&Find…"), self.focus_search, QKeySequence.StandardKey.Find, "search")
        self.refresh_action = self._action(self.tr("&Refresh"), self.refresh, QKeySequence.StandardKey.Refresh, "refresh")
        self.close_tab_action = self._action(self.tr("&Close tab"), self.close_current_tab, QKeySequence.StandardKey.Close)
        self.cases_view_action = self._action(self.tr("Case &list"), lambda: self.tabs.setCurrentIndex(CASES_TAB), "Ctrl+1", "queue")
        self.dashboard_action = self._action(self.tr("&Dashboard"), self.show_dashboard, "Ctrl+2", "dashboard")
        self.about_action = self._action(self.tr("&About caseworker"), self.about)
        self.letter_actions = LetterActions(self)
        self.handoff_actions = HandoffActions(self)
        self.intake_actions = IntakeActions(self)
        self.cases.add_bulk_actions([self.letter_actions.print_action, self.handoff_actions.add_action,
                                     self.intake_actions.whatsapp_action])  # fmt: skip

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu(self.tr("&File"))
        for action in (self.new_action, self.print_action, None, self.backup_action, self.lock_action, None,
                       self.quit_action):  # fmt: skip
            file_menu.addSeparator() if action is None else file_menu.addAction(action)
        edit_menu = menus.addMenu(self.tr("&Edit"))
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.cases.copy_action)
        view_menu = menus.addMenu(self.tr("&View"))
        for action in (self.cases_view_action, self.dashboard_action, None, self.refresh_action, self.close_tab_action):
            view_menu.addSeparator() if action is None else view_menu.addAction(action)
        cases_menu = menus.addMenu(self.tr("&Cases"))
        for action in (self.cases.open_action, None, self.cases.assign_action, self.cases.move_action, None,
                       self.letter_actions.print_action, self.handoff_actions.add_action,
                       self.intake_actions.whatsapp_action):  # fmt: skip
            cases_menu.addSeparator() if action is None else cases_menu.addAction(action)
        self.letter_actions.build_menu(menus.addMenu(self.tr("&Letters")))
        self.handoff_actions.build_menu(menus.addMenu(self.tr("Hand&offs")))
        self.intake_actions.build_menu(menus.addMenu(self.tr("&Intake")))
        if self.users_action.isVisible():
            admin_menu = menus.addMenu(self.tr("&Administration"))
            admin_menu.addAction(self.users_action)
            if self.rotate_keys_action.isVisible():
                admin_menu.addAction(self.rotate_keys_action)
        help_menu = menus.addMenu(self.tr("&Help"))
        help_menu.addAction(self.about_action)

    def _connect(self) -> None:
        self.sidebar.queueActivated.connect(self.show_queue)
        self.sidebar.savedSearchActivated.connect(self.show_saved_search)
        self.sidebar.dashboardActivated.connect(self.show_dashboard)
        self.cases.openRequested.connect(self.open_case)
        self.cases.resultChanged.connect(self._show_count)
        self.cases.casesChanged.connect(self.cases_changed)
        self.dashboard.filterRequested.connect(self.show_filtered)
        self.dashboard.queueRequested.connect(self.show_queue_fresh)
        self.tabs.currentChanged.connect(self._tab_changed)
        for signal in (self.tabs.currentChanged, self.cases.table.selectionModel().selectionChanged,
                       self.cases.model.dataChanged, self.cases.model.modelReset):  # fmt: skip
            signal.connect(self.casesInHandChanged)

    # -- navigation ---------------------------------------------------------------------

    def show_queue(self, name: str) -> None:
        self.sidebar.select(QUEUE, name, emit=False)
        self.tabs.setCurrentIndex(CASES_TAB)
        self.cases.set_queue(name)

    def show_queue_fresh(self, name: str) -> None:
        """A queue with no search text or filters (from the dashboard)."""
        base = self.cases.base
        self.cases.apply_query(CaseQuery(queue=name, sort=base.sort, descending=base.descending))
        self.sidebar.select(QUEUE, name, emit=False)
        self.tabs.setCurrentIndex(CASES_TAB)

    def show_filtered(self, field: str, value: str) -> None:
        """All cases with one facet value (a dashboard bar)."""
        base = self.cases.base
        self.cases.apply_query(dataclasses.replace(CaseQuery(sort=base.sort, descending=base.descending), **{field: (value,)}))
        self.sidebar.select(QUEUE, "all", emit=False)
        self.tabs.setCurrentIndex(CASES_TAB)

    def show_saved_search(self, saved: SavedSearch) -> None:
        self.tabs.setCurrentIndex(CASES_TAB)
        self.cases.apply_query(saved.query)

    def show_dashboard(self) -> None:
        self.sidebar.select(DASHBOARD, emit=False)
        self.tabs.setCurrentIndex(DASHBOARD_TAB)

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(CASES_TAB)
        self.cases.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.cases.search.selectAll()

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.dashboard:
            self.dashboard.reload()

    def cases_in_hand(self) -> list[int]:
        """What the Letters and Handoffs actions work on: the case of the case tab shown, or
        the rows selected in the case list when it is shown; nothing from other tabs."""
        current = self.tabs.currentWidget()
        if isinstance(current, CaseDetailWidget):
            return [current.case_id]
        return self.cases.selected_ids() if current is self.cases else []

    def count_in_hand(self) -> int:
        """len(cases_in_hand()), cheaply: menus ask it at every change of selection."""
        current = self.tabs.currentWidget()
        if isinstance(current, CaseDetailWidget):
            return 1
        return self.cases.selected_count() if current is self.cases else 0

    def status_in_hand(self) -> str | None:
        """The status of the one case in hand (None unless there is exactly one)."""
        current = self.tabs.currentWidget()
        if isinstance(current, CaseDetailWidget):
            return current.detail.status if current.detail else None
        if self.count_in_hand() != 1:
            return None
        ids = self.cases_in_hand()
        row = self.cases.model.row_of(ids[0])
        summary = self.cases.model.summary(row) if row is not None else None
        return summary.status if summary else None

    # -- cases -------------------------------------------------------------------------------

    def open_case(self, case_id: int) -> CaseDetailWidget | None:
        """Show the case in its tab, opening one if needed."""
        existing = self.case_tabs.get(case_id)
        if existing is not None:
            self.tabs.setCurrentWidget(existing)
            return existing
        try:
            widget = CaseDetailWidget(self.services, case_id, self)
        except CaseworkerError as exc:
            QMessageBox.warning(self, self.tr("Open case"), str(exc))
            return None
        # The widget loads its case (and says its title) while it is built.
        index = self.tabs.addTab(widget, widget.title())
        widget.titleChanged.connect(lambda text, w=widget: self._retitle(w, text))
        widget.caseChanged.connect(lambda changed, w=widget: self.cases_changed([changed], origin=w))
        widget.controller.shown.connect(self.casesInHandChanged)  # its status decides what may be drafted
        widget.letterApprovalRequested.connect(lambda letter_id: self.letter_actions.show_approvals(letter_id))
        widget.whatsappImportRequested.connect(lambda case_id: self.intake_actions.import_whatsapp(case_id))
        self.case_tabs[case_id] = widget
        self.tabs.setCurrentIndex(index)
        return widget

    def _retitle(self, widget: QWidget, text: str) -> None:
        index = self.tabs.indexOf(widget)
        if index >= 0:
            self.tabs.setTabText(index, text)

    def close_tab(self, index: int) -> bool:
        widget = self.tabs.widget(index)
        if self.panels.close(widget):
            return True
        if not isinstance(widget, CaseDetailWidget) or not widget.maybe_close():
            return False
        self.tabs.removeTab(index)
        self.case_tabs = {cid: w for cid, w in self.case_tabs.items() if w is not widget}
        widget.deleteLater()
        return True

    def close_current_tab(self) -> None:
        self.close_tab(self.tabs.currentIndex())

    def cases_changed(self, case_ids: list[int], origin: QWidget | None = None) -> None:
        """After a save or a bulk action: refresh just those rows, the counts and the dashboard."""
        self.cases.model.refresh_cases(case_ids)
        for case_id in case_ids:
            tab = self.case_tabs.get(case_id)
            if tab is not None and tab is not origin:
                if tab.has_unsaved_changes():
                    tab.refresh_letters()  # the edits wait; what was done to its letters is shown
                else:
                    tab.reload()
        self.refresh_counts()
        if self.tabs.currentWidget() is self.dashboard:
            self.dashboard.reload()

    def new_case(self) -> None:
        dialog = NewCaseDialog(self.services, self)
        if dialog.exec() == NewCaseDialog.DialogCode.Accepted and dialog.created is not None:
            self.cases.refresh()
            self.refresh_counts()
            self.open_case(dialog.created.id)

    # -- refreshing, printing ----------------------------------------------------------------

    def refresh(self) -> None:
        """F5: re-run the query and recount; re-read the open case unless it has unsaved edits."""
        self.cases.model.mark_stale()
        self.cases.refresh()
        self.refresh_counts()
        current = self.tabs.currentWidget()
        if current is self.dashboard:
            self.dashboard.reload()
        elif isinstance(current, CaseDetailWidget) and not current.has_unsaved_changes():
            current.reload()
        else:
            self.panels.refresh_current()

    def refresh_counts(self) -> None:
        queries = self.services.queries
        self.tasks.run(lambda progress, cancelled: queries.queue_counts(), title=self.tr("Counting"),
                       show_progress=False, on_done=self.sidebar.set_counts)  # fmt: skip

    def _load_filter_choices(self) -> None:
        services = self.services
        self.tasks.run(lambda progress, cancelled: fetch_choices(services), title=self.tr("Loading filters"),
                       show_progress=False, on_done=self.cases.filters.set_choices)  # fmt: skip

    def _show_count(self, count: int) -> None:
        self.count_label.setText(self.tr("%n case(s) in view", "", count))
        if self._startup_pending:  # now that the list is shown, fill in the rest
            self._startup_pending = False
            self.refresh_counts()
            self._load_filter_choices()

    def print_view(self, printer: QPrinter | None = None) -> None:
        """Print the rows of the current list in its visible columns (asks for a printer unless given one)."""
        ids = list(self.cases.model.ids)
        if not ids:
            QMessageBox.information(self, self.tr("Print"), self.tr("There are no cases in the list to print."))
            return
        if printer is None:
            if len(ids) > PRINT_CONFIRM_ROWS and QMessageBox.question(
                self, self.tr("Print"), self.tr("Print all %n cases of the list?", "", len(ids))
            ) != QMessageBox.StandardButton.Yes:
                return
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            if QPrintDialog(printer, self).exec() != QPrintDialog.DialogCode.Accepted:
                return
        columns = [COLUMNS[i] for i in self.cases.visible_columns()]
        title = self.sidebar.current_title() or self.tr("Cases")
        services, who, target = self.services, self.services.user.display_name, printer
        self.tasks.run(lambda progress, cancelled: load_rows(services, ids, progress, cancelled),
                       title=self.tr("Preparing the list for printing"), window=self,
                       on_done=lambda rows: print_rows(target, title, columns, rows, who))  # fmt: skip

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About caseworker"),
                          self.tr("caseworker %s\nCase management for consular crisis caseworkers.") % __version__)  # fmt: skip

    # -- persistence -------------------------------------------------------------------------

    def _restore(self) -> None:
        settings = self.settings
        if not self.restoreGeometry(settings.get(opts.WINDOW_GEOMETRY)):
            self.resize(1280, 800)
        self.restoreState(settings.get(opts.WINDOW_STATE))
        sizes = settings.get(opts.SPLITTER_SIZES)
        if not (len(sizes) == 2 and all(isinstance(s, int) and s > 0 for s in sizes)):
            side = max(220, self.sidebar.preferred_width())
            sizes = [side, max(400, self.width() - side)]
        self.splitter.setSizes(sizes)
        self.cases.restore_layout(settings)
        last = settings.get(opts.LAST_QUEUE)
        if last == DASHBOARD:
            self.show_dashboard()
            self.cases.set_queue("mine" if "mine" in self.sidebar.queue_items else "all")
        elif last.startswith(SAVED + ":") and self.sidebar.select(SAVED, last[len(SAVED) + 1 :]):
            pass
        elif not self.sidebar.select(QUEUE, last):
            self.sidebar.select(QUEUE, "mine")

    def save_settings(self) -> None:
        settings = self.settings
        settings.set(opts.WINDOW_GEOMETRY, bytes(self.saveGeometry().data()))
        settings.set(opts.WINDOW_STATE, bytes(self.saveState().data()))
        settings.set(opts.SPLITTER_SIZES, self.splitter.sizes())
        self.cases.save_layout(settings)
        selected = self.sidebar.selected()
        if selected:
            kind, key = selected
            settings.set(opts.LAST_QUEUE, DASHBOARD if kind == DASHBOARD else key if kind == QUEUE else f"{SAVED}:{key}")
        settings.sync()

    def back_up(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Back up the store"), f"{self.services.store.location.name}-backup.zip",
            self.tr("caseworker backups (*.zip)"),
        )  # fmt: skip
        if not path:
            return
        self.tasks.run(
            lambda progress, cancelled: self.services.backups.create(Path(path), cancelled=cancelled),
            title=self.tr("Backing up the store…"),
            on_done=lambda info: self.statusBar().showMessage(self.tr("Backup written to %s") % path, 10_000),
            window=self,
        )

    def manage_users(self) -> None:
        UsersDialog(self.services, self).exec()

    def rotate_keys(self) -> None:
        from caseworker.gui.admin_rekey import rotate_keys

        rotate_keys(self)

    def close_without_backup(self) -> None:
        """Close at once, skipping the automatic backup (after a key rotation the store is closed)."""
        self._backed_up = True
        QTimer.singleShot(0, self, self.close)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._backed_up:
            event.accept()
            return
        for widget in list(self.case_tabs.values()):
            self.tabs.setCurrentWidget(widget)
            if not widget.maybe_close():
                event.ignore()
                return
        self.save_settings()
        self.tasks.cancel_all()
        self.tasks.wait(5000)
        # The rotating automatic backup runs off the GUI thread; the window closes when it is done.
        event.ignore()
        self.tasks.run(
            lambda progress, cancelled: self.services.backups.auto_backup(),
            title=self.tr("Backing up the store…"),
            on_done=lambda _path: self._close_after_backup(),
            on_error=self._backup_failed,
            window=self,
            cancellable=False,
        )

    def _backup_failed(self, error: BaseException) -> None:
        QMessageBox.warning(
            self,
            self.tr("Automatic backup"),
            self.tr("The automatic backup could not be made (%s). Your data is safe in the store; "
                    "make one with File → Back up… or `caseworker backup create`.") % error,
        )  # fmt: skip
        self._close_after_backup()

    def _close_after_backup(self) -> None:
        self._backed_up = True
        QTimer.singleShot(0, self, self.close)  # not from inside the closeEvent being handled
