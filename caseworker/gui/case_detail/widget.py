"""`CaseDetailWidget`: one open case, as a tab of the main window.

Header (reference, status badge, workflow moves) above five tabs: the case's
own fields, its people, the contact log, its documents and its history.
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
from caseworker.gui.case_detail.people_tab import PeopleTab
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
        self.documents = AttachmentsTab(self.controller, editable)
        self.history = HistoryTab(self.controller, names)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Parts of the case"))
        self.tabs.addTab(self.people, self.tr("&People"))
        self.tabs.addTab(self.form, self.tr("&Case details"))
        self.tabs.addTab(self.contacts, self.tr("Contact &log"))
        self.tabs.addTab(self.documents, self.tr("&Documents"))
        self.tabs.addTab(self.history, self.tr("&History"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        self.setAcceptDrops(editable)
        self.controller.saved.connect(self.caseChanged)
        self.controller.shown.connect(self._show_title)
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

    # -- internals ----------------------------------------------------------------------

    def _show_title(self, detail: CaseDetail) -> None:
        title = case_title(detail)
        if title != self._title:
            self._title = title
            self.titleChanged.emit(title)

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
