"""The Intake menu of the main window: referral lists (and undoing an import), the duplicate review
queue, the store-wide duplicate scan and WhatsApp chats.

The review queue is a panel (a tab, see `caseworker.gui.panels`); the wizard
and the WhatsApp import are dialogs running their work on the window's task
runner. Entries the user's role can never use are hidden, and so is the menu
when none is left (a read-only user). After an import, a merge, a decision or
a scan, `changed()` re-runs the case list's query (new cases, a merged-away
case leaving a queue), and refreshes the rows, the open case tabs, the queue
counts and the review queue.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from caseworker.domain.errors import CaseworkerError
from caseworker.domain.roles import Action, can
from caseworker.gui.app import window_action
from caseworker.gui.intake import (
    DuplicatesPanel,
    ImportWizard,
    UndoImportDialog,
    WhatsAppImportDialog,
)
from caseworker.services.intake.dto import ImportReport, ScanReport
from caseworker.services.intake.sheets import ImportCancelled

if TYPE_CHECKING:
    from caseworker.gui.main_window import MainWindow

DUPLICATES = "duplicates"


class IntakeActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.services = window.services
        self.scanning = False
        role = self.services.user.role
        self.import_action = self._action(self.tr("&Import referral list…"), self.import_list, "Ctrl+I",
                                          self.tr("Bring a referral list (Excel or CSV) into the store"))  # fmt: skip
        self.import_action.setVisible(can(role, Action.IMPORT))
        self.undo_action = self._action(self.tr("&Undo import…"), self.undo_import, None,
                                        self.tr("Remove what a referral import created and put back what it changed"))  # fmt: skip
        self.undo_action.setVisible(can(role, Action.IMPORT))
        self.whatsapp_action = self._action(self.tr("Import &WhatsApp chat…"), self.import_whatsapp, "Ctrl+Shift+I",
                                            self.tr("Add an exported WhatsApp chat to the case's contact log"))  # fmt: skip
        self.whatsapp_action.setVisible(can(role, Action.LOG_CONTACT) and can(role, Action.EDIT_CASE))
        self.duplicates_action = self._action(self.tr("Possible &duplicates…"), self.show_duplicates, "Ctrl+6",
                                              self.tr("Pairs of cases that may be one family, to merge or set apart"))  # fmt: skip
        self.scan_action = self._action(self.tr("&Find duplicates in the store…"), self.scan, None,
                                        self.tr("Look for duplicates among the cases already held"))  # fmt: skip
        for action in (self.duplicates_action, self.scan_action):
            action.setVisible(can(role, Action.MERGE))
        window.casesInHandChanged.connect(self.update_state)
        self.update_state()

    def _action(self, text: str, slot: Callable[[], object], shortcut: str | None, tip: str) -> QAction:
        return window_action(self.window, text, slot, shortcut, tip=tip)

    def build_menu(self, menu: QMenu) -> None:
        for action in (self.import_action, self.undo_action, self.whatsapp_action, None, self.duplicates_action,
                       self.scan_action):
            menu.addSeparator() if action is None else menu.addAction(action)
        menu.menuAction().setVisible(any(a.isVisible() for a in menu.actions() if not a.isSeparator()))

    def update_state(self) -> None:
        self.whatsapp_action.setEnabled(self.window.count_in_hand() == 1)
        self.scan_action.setEnabled(not self.scanning)

    def changed(self, case_ids: list[int], origin: QObject | None = None) -> None:
        """Cases were imported, merged, set apart or queued: the list, the tabs, the counts and the queue follow."""
        window = self.window
        window.cases.model.mark_stale()
        window.cases.refresh()
        window.cases_changed(case_ids, origin=origin if isinstance(origin, QWidget) else None)
        window.panels.refresh(DUPLICATES, origin=origin)

    # -- referral lists ------------------------------------------------------------------------

    def import_list(self) -> ImportWizard:
        wizard = ImportWizard(self.services, self.window, tasks=self.window.tasks)
        wizard.review_in_window = True
        wizard.exec()
        report, review = wizard.state.report, wizard.state.review_requested
        wizard.deleteLater()
        if report is not None:
            self._imported(report)
        if review:
            self.show_duplicates()
        return wizard

    def _imported(self, report: ImportReport) -> None:
        touched = {r.case for r in report.results if r.case}
        self.changed([cid for cid, tab in self.window.case_tabs.items() if tab.detail and tab.detail.reference in touched])
        self.window.statusBar().showMessage(
            self.tr("Imported %1: %2 new case(s), %3 pair(s) sent for review.").replace("%1", report.file)
            .replace("%2", f"{report.cases_created:,}").replace("%3", f"{report.duplicates_queued:,}"), 10_000)  # fmt: skip

    def undo_import(self) -> UndoImportDialog:
        dialog = UndoImportDialog(self.services, self.window)
        dialog.exec()
        dialog.deleteLater()
        if dialog.undone is not None:
            self.changed(list(self.window.case_tabs))
            self.window.statusBar().showMessage(
                self.tr("Undid import %1: %2 case(s) removed.").replace("%1", str(dialog.undone.batch_id))
                .replace("%2", f"{dialog.undone.cases_removed:,}"), 10_000)  # fmt: skip
        return dialog

    # -- the review queue and the scan ---------------------------------------------------------

    def show_duplicates(self) -> DuplicatesPanel:
        def build() -> DuplicatesPanel:
            panel = DuplicatesPanel(self.services)
            panel.casesChanged.connect(lambda ids: self.changed(ids, origin=panel))
            panel.openRequested.connect(self.window.open_case)
            panel.scanRequested.connect(self.scan)
            return panel

        panel = self.window.panels.show(DUPLICATES, self.tr("Possible duplicates"), build)
        assert isinstance(panel, DuplicatesPanel)
        return panel

    def scan(self) -> None:
        """Look for duplicates among the people held, in the background, with progress and Cancel."""
        if self.scanning:
            return
        self.scanning = True
        self.update_state()
        intake = self.services.intake
        self.window.tasks.run(lambda progress, cancelled: intake.scan_store(progress, cancelled),
                              title=self.tr("Looking for duplicates among the cases held…"), window=self.window,
                              on_done=self._scanned, on_error=self._scan_failed)  # fmt: skip

    def _scanned(self, report: ScanReport) -> None:
        self.scanning = False
        self.update_state()
        if report.queued:
            self.changed([])
            self.show_duplicates()
        text = self.tr("%n new pair(s) of cases queued for review", "", report.queued)
        if report.same_document:
            text += self.tr(", %n holding the same document number", "", report.same_document)
        text += self.tr(" (%1 people in %2 cases compared in %3 s).").replace("%1", f"{report.people:,}") \
            .replace("%2", f"{report.cases:,}").replace("%3", f"{report.seconds:.0f}")
        QMessageBox.information(self.window, self.tr("Find duplicates"), text)

    def _scan_failed(self, error: BaseException) -> None:
        self.scanning = False
        self.update_state()
        if isinstance(error, ImportCancelled):
            self.window.statusBar().showMessage(self.tr("Duplicate scan cancelled: nothing was queued."), 10_000)
        elif isinstance(error, CaseworkerError):
            QMessageBox.warning(self.window, self.tr("Find duplicates"), str(error))
        else:
            sys.excepthook(type(error), error, error.__traceback__)

    # -- WhatsApp chats ---------------------------------------------------------------------------

    def import_whatsapp(self, case_id: int | None = None) -> WhatsAppImportDialog | None:
        """Into `case_id`, else the one case in hand (the case tab shown, or the one row selected)."""
        ids = [case_id] if case_id is not None else self.window.cases_in_hand()
        if len(ids) != 1:
            QMessageBox.information(self.window, self.tr("Import WhatsApp chat"),
                                    self.tr("Open or select one case to import a WhatsApp chat into it."))  # fmt: skip
            return None
        try:
            dialog = WhatsAppImportDialog(self.services, ids[0], self.window, tasks=self.window.tasks)
        except CaseworkerError as exc:
            QMessageBox.warning(self.window, self.tr("Import WhatsApp chat"), str(exc))
            return None
        dialog.exec()
        dialog.deleteLater()
        if dialog.report is not None:
            self.window.cases_changed(ids)
        return dialog
