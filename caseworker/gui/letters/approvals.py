"""The authorising officers' queue: drafts waiting for approval, each previewed before it is signed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.errors import CaseworkerError
from caseworker.gui.letters.model import LetterTableModel
from caseworker.gui.letters.pdf import PdfPreview
from caseworker.services.api import Services


def ask_reason(parent: QWidget, title: str, label: str) -> str | None:
    """A reason typed by the user (None when cancelled). Tests replace this."""
    text, ok = QInputDialog.getText(parent, title, label)
    return text if ok else None


class LetterApprovalsDialog(QDialog):
    """``LetterApprovalsDialog(services)``: approve (issue) or reject the drafts of others."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Letters waiting for approval"))
        self.model = LetterTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Draft letters"))
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.preview = PdfPreview(self)
        self.summary = QLabel()
        self.summary.setAccessibleName(self.tr("Queue summary"))
        self.approve_button = QPushButton(self.tr("&Approve and issue"))
        self.approve_button.setAccessibleName(self.tr("Approve and issue the selected letter"))
        self.reject_button = QPushButton(self.tr("&Reject…"))
        self.reject_button.setAccessibleName(self.tr("Reject the selected draft"))
        close = QPushButton(self.tr("Close"))
        self.approve_button.clicked.connect(self.approve_current)
        self.reject_button.clicked.connect(self.reject_current)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        for b in (self.approve_button, self.reject_button, close):
            buttons.addWidget(b)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.preview)
        split.setSizes([520, 620])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.resize(1200, 800)
        can_approve = services.user.role == "officer"
        self.approve_button.setVisible(can_approve)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_letters(self.services.letters.awaiting_approval())
        self.table.resizeColumnsToContents()
        n = self.model.rowCount()
        self.summary.setText(self.tr("%n draft(s) waiting", "", n))
        if n:
            self.table.selectRow(0)
        else:
            self.preview.set_pdf(None)
        self._update_buttons()

    def current_id(self) -> int | None:
        letter = self.model.letter(self.table.currentIndex().row())
        return letter.id if letter else None

    def _show_current(self) -> None:
        letter_id = self.current_id()
        self.preview.set_pdf(self.services.letters.preview_pdf(letter_id).data if letter_id else None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.current_id() is not None
        self.approve_button.setEnabled(has)
        self.reject_button.setEnabled(has)

    def approve_current(self) -> None:
        letter_id = self.current_id()
        if letter_id is None:
            return
        try:
            letter = self.services.letters.approve(letter_id)
        except CaseworkerError as exc:
            QMessageBox.warning(self, self.tr("Cannot approve"), str(exc))
            self.refresh()
            return
        self.refresh()
        self.summary.setText(self.tr("Issued %s, valid %s to %s.") % (letter.label, letter.valid_from, letter.valid_to))

    def reject_current(self) -> None:
        letter_id = self.current_id()
        if letter_id is None:
            return
        reason = ask_reason(self, self.tr("Reject draft"), self.tr("Why is this draft rejected?"))
        if reason is None:
            return
        try:
            self.services.letters.reject(letter_id, reason)
        except CaseworkerError as exc:
            QMessageBox.warning(self, self.tr("Cannot reject"), str(exc))
        self.refresh()
