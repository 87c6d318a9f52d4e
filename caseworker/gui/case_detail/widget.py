"""`CaseDetailWidget`: one open case, as a tab of the main window.

Header (reference, status badge, workflow moves) above seven tabs: its people,
the case's own fields, the contact log, its documents, its letters, what
partners were given about the family (disclosures) and its history. The
Letters and Disclosures tabs are built when first looked at.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QTabWidget, QVBoxLayout, QWidget

from caseworker.domain.roles import Action, can
from caseworker.gui.case_detail.attachments_tab import AttachmentsTab
from caseworker.gui.case_detail.case_form import CaseForm
from caseworker.gui.case_detail.contacts_tab import ContactsTab
from caseworker.gui.case_detail.controller import CaseController
from caseworker.gui.case_detail.header import CaseHeader
from caseworker.gui.case_detail.history import HistoryTab
from caseworker.gui.case_detail.lazy_tab import LazyTab
from caseworker.gui.case_detail.people_tab import PeopleTab
from caseworker.gui.handoffs import HandoffLedgerTab
from caseworker.gui.letters import CaseLettersTab
from caseworker.services.api import Services
from caseworker.services.dto import CaseDetail


def case_title(detail: CaseDetail) -> str:
    """"ISB-2026-00042 · KARIMI": the reference and the principal's surname."""
    principal = detail.principal
    name = (principal.doc_surname or principal.name_original) if principal else ""
    return f"{detail.reference} · {name}" if name else detail.reference


class CaseDetailWidget(QWidget):
    caseChanged = Signal(int)  # noqa: N815 - Qt signal naming
    titleChanged = Signal(str)  # noqa: N815 - Qt signal naming
    letterApprovalRequested = Signal(int)  # noqa: N815 - a draft letter's id, for the approvals panel
    whatsappImportRequested = Signal(int)  # noqa: N815 - this case's id, for the window's WhatsApp import

    def __init__(self, services: Services, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.case_id = case_id
        self._title = ""
        role = services.user.role
        editable = can(role, Action.EDIT_CASE)
        self.controller = CaseController(services, case_id, self)
        names = services.lookups.people_directory()
        self.header = CaseHeader(self.controller, names)
        self.form = CaseForm(self.controller, editable)
        self.people = PeopleTab(self.controller, editable)
        self.contacts = ContactsTab(self.controller, can(role, Action.LOG_CONTACT), editable)
        self.contacts.importRequested.connect(lambda: self.whatsappImportRequested.emit(case_id))
        self.documents = AttachmentsTab(self.controller, editable)
        self.history = HistoryTab(self.controller, names)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Parts of the case"))
        self.letters: LazyTab[CaseLettersTab] = LazyTab(
            self.tabs, lambda: CaseLettersTab(services, case_id), self._letters_built)
        self.letters.setAccessibleName(self.tr("Letters"))
        self.disclosures: LazyTab[HandoffLedgerTab] = LazyTab(self.tabs, lambda: HandoffLedgerTab(services, case_id))
        self.disclosures.setAccessibleName(self.tr("Disclosures"))
        self.tabs.addTab(self.people, self.tr("&People"))
        self.tabs.addTab(self.form, self.tr("&Case details"))
        self.tabs.addTab(self.contacts, self.tr("Contact &log"))
        self.tabs.addTab(self.documents, self.tr("&Documents"))
        self.tabs.addTab(self.letters, self.tr("Le&tters"))
        self.tabs.addTab(self.disclosures, self.tr("Di&sclosures"))
        self.tabs.setTabToolTip(self.tabs.indexOf(self.disclosures),
                                self.tr("What partners were given about this family, and by whom"))
        self.tabs.addTab(self.history, self.tr("&History"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        self.setAcceptDrops(editable)
        self.controller.saved.connect(self.caseChanged)
        self.controller.shown.connect(self._show_title)
        self.controller.shown.connect(self._show_status_to_letters)
        self.form.dirty_changed.connect(self._show_dirty)
        self.header.reload_requested.connect(self.reload)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.reload)
        self.controller.load()

    # -- the interface the main window uses ---------------------------------------------

    @property
    def detail(self) -> CaseDetail | None:
        return self.controller.detail

    def title(self) -> str:
        return self._title

    def has_unsaved_changes(self) -> bool:
        return self.form.is_dirty()

    def maybe_close(self) -> bool:
        """Ask Save / Discard / Cancel when there are unsaved edits; True when the tab may close."""
        if not self.has_unsaved_changes():
            return True
        self.tabs.setCurrentWidget(self.form)
        answer = QMessageBox.question(
            self, self.tr("Unsaved changes"),
            self.tr("%s has changes that have not been saved. Save them before closing?") % self._title,
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Save:
            return self.form.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.form.revert()
            return True
        return False

    def reload(self) -> None:
        """Show what is stored now; unsaved edits stay (and are checked against others' when saved)."""
        self.controller.load()
        self.refresh_letters()
        self.refresh_disclosures()

    def refresh_letters(self) -> None:
        if self.letters.content is not None:
            self.letters.content.refresh()

    def refresh_disclosures(self) -> None:
        """After a handoff changed: what partners were given (if that tab has been looked at)."""
        if self.disclosures.content is not None:
            self.disclosures.content.refresh()

    # -- internals ----------------------------------------------------------------------

    def _show_title(self, detail: CaseDetail) -> None:
        title = case_title(detail)
        if title != self._title:
            self._title = title
            self.titleChanged.emit(title)

    def _letters_built(self, tab: CaseLettersTab) -> None:
        if self.detail is not None:
            tab.set_case_status(self.detail.status)
        tab.lettersChanged.connect(self._letters_changed)
        tab.approvalRequested.connect(self.letterApprovalRequested)

    def _show_status_to_letters(self, detail: CaseDetail) -> None:
        tab = self.letters.content
        if tab is None:
            return
        moved = tab.case_status is not None and tab.case_status != detail.status
        tab.set_case_status(detail.status)
        if moved:  # e.g. moved back from LETTER_ISSUED: its letters were revoked with the move
            tab.refresh()

    def _letters_changed(self) -> None:
        """A letter was drafted, printed, re-issued or revoked here: show the case's status as it
        is now (an approval moves it) and tell the window, whose list row and counts follow."""
        rows = self.services.queries.rows([self.case_id])
        if rows and self.detail is not None and rows[0].status != self.detail.status:
            self.controller.load()
        self.caseChanged.emit(self.case_id)

    def _show_dirty(self, dirty: bool) -> None:
        index = self.tabs.indexOf(self.form)
        label = self.tr("&Case details")
        self.tabs.setTabText(index, label + " •" if dirty else label)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        files = [p for p in paths if p.is_file()]
        if files:
            event.acceptProposedAction()
            self.tabs.setCurrentWidget(self.documents)
            self.documents.attach_paths(files)
