"""A case's letters, for the case detail: status at a glance, and what can be done next."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.errors import CaseworkerError
from caseworker.gui.letters.approvals import ask_reason
from caseworker.gui.letters.draft_dialog import DraftLetterDialog
from caseworker.gui.letters.model import LetterTableModel
from caseworker.gui.letters.preview import LetterPreviewDialog
from caseworker.services.api import Services


class CaseLettersTab(QWidget):
    """``CaseLettersTab(services, case_id)``: list, draft, preview/print, re-issue, revoke."""

    def __init__(self, services: Services, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.case_id = case_id
        self.model = LetterTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Letters of this case"))
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(self.open_current)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.draft_button = QPushButton(self.tr("&Draft letter…"))
        self.open_button = QPushButton(self.tr("&Preview / print…"))
        self.reissue_button = QPushButton(self.tr("&Re-issue…"))
        self.revoke_button = QPushButton(self.tr("Re&voke…"))
        for button, name in ((self.draft_button, "Draft a letter"), (self.open_button, "Preview or print the letter"),
                             (self.reissue_button, "Re-issue the letter"), (self.revoke_button, "Revoke the letter")):  # fmt: skip
            button.setAccessibleName(self.tr(name))
        self.draft_button.clicked.connect(self.draft)
        self.open_button.clicked.connect(self.open_current)
        self.reissue_button.clicked.connect(self.reissue_current)
        self.revoke_button.clicked.connect(self.revoke_current)
        buttons = QHBoxLayout()
        for b in (self.draft_button, self.open_button, self.reissue_button, self.revoke_button):
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

    def current(self):  # type: ignore[no-untyped-def]
        return self.model.letter(self.table.currentIndex().row())

    def _update_buttons(self) -> None:
        letter = self.current()
        role = self.services.user.role
        self.draft_button.setEnabled(role != "read_only")
        self.open_button.setEnabled(letter is not None)
        live = letter is not None and letter.status == "ISSUED"
        self.reissue_button.setEnabled(letter is not None and letter.status in ("ISSUED", "EXPIRED", "REVOKED")
                                       and role != "read_only")  # fmt: skip
        self.revoke_button.setEnabled(live and role == "officer")

    def _warn(self, title: str, exc: Exception) -> None:
        QMessageBox.warning(self, title, str(exc))

    def draft(self) -> None:
        try:
            dialog = DraftLetterDialog(self.services, self.case_id, self)
        except CaseworkerError as exc:
            return self._warn(self.tr("Cannot draft a letter"), exc)
        if dialog.exec():
            self.refresh()

    def open_current(self) -> None:
        letter = self.current()
        if letter is not None:
            LetterPreviewDialog(self.services, letter.id, self).exec()
            self.refresh()

    def reissue_current(self) -> None:
        letter = self.current()
        if letter is None:
            return
        try:
            self.services.letters.reissue(letter.id)
        except CaseworkerError as exc:
            return self._warn(self.tr("Cannot re-issue"), exc)
        self.refresh()

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
        self.refresh()
