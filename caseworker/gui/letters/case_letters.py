"""A case's letters, for the case detail: status at a glance, and what can be done next."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.errors import CaseworkerError
from caseworker.domain.roles import Action, can
from caseworker.domain.workflow import Status
from caseworker.gui.letters.approvals import ask_reason
from caseworker.gui.letters.draft_dialog import DraftLetterDialog
from caseworker.gui.letters.model import LetterTableModel
from caseworker.gui.letters.preview import LetterPreviewDialog
from caseworker.services.api import Services
from caseworker.services.letters import LetterView

# A letter is drafted for an authorised case, or re-drafted for one whose letter was issued.
DRAFTABLE = (Status.AUTHORISED.value, Status.LETTER_ISSUED.value)


class CaseLettersTab(QWidget):
    """``CaseLettersTab(services, case_id)``: list, draft, preview/print, re-issue, revoke.

    `lettersChanged` follows anything done here (the case's status may have
    moved with it); `approvalRequested(letter_id)` asks the window to show a
    draft in the officers' approvals panel, where it is previewed and signed.
    """

    lettersChanged = Signal()  # noqa: N815 - Qt signal naming
    approvalRequested = Signal(int)  # noqa: N815

    def __init__(self, services: Services, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.case_id = case_id
        self.case_status: str | None = None  # unknown: drafting is left to the service to refuse
        self.model = LetterTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Letters of this case"))
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(self.open_current)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.draft_button = QPushButton(self.tr("&Draft letter…"))
        self.open_button = QPushButton(self.tr("&Preview / print…"))
        self.approve_button = QPushButton(self.tr("&Approve…"))
        self.reissue_button = QPushButton(self.tr("&Re-issue…"))
        self.revoke_button = QPushButton(self.tr("Re&voke…"))
        for button, name in ((self.draft_button, self.tr("Draft a letter")),
                             (self.open_button, self.tr("Preview or print the letter")),
                             (self.approve_button, self.tr("Approve the draft in the approvals panel")),
                             (self.reissue_button, self.tr("Re-issue the letter")),
                             (self.revoke_button, self.tr("Revoke the letter"))):  # fmt: skip
            button.setAccessibleName(name)
        role = services.user.role
        self.approve_button.setVisible(can(role, Action.APPROVE_LETTER))
        self.revoke_button.setVisible(can(role, Action.APPROVE_LETTER))
        self.may_open = can(role, Action.DRAFT_LETTER)  # previews follow the printing rule
        for button in (self.draft_button, self.open_button, self.reissue_button):
            button.setVisible(self.may_open)
        self.draft_button.clicked.connect(self.draft)
        self.open_button.clicked.connect(self.open_current)
        self.approve_button.clicked.connect(self.approve_current)
        self.reissue_button.clicked.connect(self.reissue_current)
        self.revoke_button.clicked.connect(self.revoke_current)
        buttons = QHBoxLayout()
        for b in (self.draft_button, self.open_button, self.approve_button, self.reissue_button, self.revoke_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_letters(self.services.letters.for_case(self.case_id))
        self.table.resizeColumnsToContents()
        self._update_buttons()

    def set_case_status(self, status: str) -> None:
        """The case's status, so that Draft is offered only when a letter may be drafted."""
        self.case_status = status
        self._update_buttons()

    def current(self) -> LetterView | None:
        return self.model.letter(self.table.currentIndex().row())

    def _update_buttons(self) -> None:
        letter = self.current()
        status = letter.status if letter else None
        draftable = self.case_status is None or self.case_status in DRAFTABLE
        self.draft_button.setEnabled(draftable)
        self.draft_button.setToolTip("" if draftable else self.tr("A letter is drafted once the case is authorised."))
        self.open_button.setEnabled(letter is not None and self.may_open)
        mine = letter is not None and letter.drafted_by == self.services.user.username
        self.approve_button.setEnabled(status == "DRAFT" and not mine)
        self.approve_button.setToolTip(self.tr("You drafted this letter: another officer approves it.") if mine else "")
        self.reissue_button.setEnabled(status in ("ISSUED", "EXPIRED", "REVOKED"))
        self.revoke_button.setEnabled(status == "ISSUED")

    def _warn(self, title: str, exc: Exception) -> None:
        QMessageBox.warning(self, title, str(exc))

    def _changed(self) -> None:
        self.refresh()
        self.lettersChanged.emit()

    def draft(self) -> None:
        try:
            dialog = DraftLetterDialog(self.services, self.case_id, self)
        except CaseworkerError as exc:
            return self._warn(self.tr("Cannot draft a letter"), exc)
        if dialog.exec():
            self._changed()

    def open_current(self) -> None:
        letter = self.current()
        if letter is None or not self.may_open:  # a double-click by a read-only user
            return
        LetterPreviewDialog(self.services, letter.id, self).exec()
        if self.services.letters.get(letter.id).print_count != letter.print_count:
            self._changed()  # printed: the "letters to print" queue moves on
        else:
            self.refresh()

    def approve_current(self) -> None:
        letter = self.current()
        if letter is not None and letter.status == "DRAFT":
            self.approvalRequested.emit(letter.id)

    def reissue_current(self) -> None:
        letter = self.current()
        if letter is None:
            return
        try:
            self.services.letters.reissue(letter.id)
        except CaseworkerError as exc:
            return self._warn(self.tr("Cannot re-issue"), exc)
        self._changed()

    def revoke_current(self) -> None:
        letter = self.current()
        if letter is None:
            return
        reason = ask_reason(self, self.tr("Revoke %s") % letter.label, self.tr("Why is this letter revoked?"))
        if reason is None:
            return
        try:
            self.services.letters.revoke(letter.id, reason)
        except CaseworkerError as exc:
            return self._warn(self.tr("Cannot revoke"), exc)
        self._changed()
