"""The authorising officers' queue: drafts waiting for approval, each previewed before it is signed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
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
from caseworker.domain.roles import Action, can
from caseworker.gui.letters.model import LetterTableModel
from caseworker.gui.letters.pdf import PdfPreview
from caseworker.services.api import Services


def ask_reason(parent: QWidget, title: str, label: str) -> str | None:
    """A reason typed by the user (None when cancelled). Tests replace this."""
    text, ok = QInputDialog.getText(parent, title, label)
    return text if ok else None


class LetterApprovalsPanel(QWidget):
    """``LetterApprovalsPanel(services)``: approve (issue) or reject the drafts of others.

    A panel of the main window (a tab); `casesChanged` names the cases whose
    letters changed, so the window can refresh their rows, tabs and counts.
    """

    casesChanged = Signal(list)  # noqa: N815 - Qt signal naming

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setAccessibleName(self.tr("Letter approvals"))
        self.model = LetterTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Draft letters"))
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.preview = PdfPreview(self)
        self.summary = QLabel()
        self.summary.setAccessibleName(self.tr("Queue summary"))
        self.summary.setWordWrap(True)
        self.approve_button = QPushButton(self.tr("&Approve and issue"))
        self.approve_button.setAccessibleName(self.tr("Approve and issue the selected letter"))
        self.reject_button = QPushButton(self.tr("&Reject…"))
        self.reject_button.setAccessibleName(self.tr("Reject the selected draft"))
        self.approve_button.clicked.connect(self.approve_current)
        self.reject_button.clicked.connect(self.reject_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.approve_button)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 1)
        column.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.preview)
        split.setSizes([560, 620])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        self.approve_button.setVisible(can(services.user.role, Action.APPROVE_LETTER))
        self.refresh()

    def refresh(self, select: int | None = None) -> None:
        """Re-read the queue; keep (or move to) the letter `select` when it is still waiting."""
        keep = select if select is not None else self.current_id()
        self.model.set_letters(self.services.letters.awaiting_approval())
        self.table.resizeColumnsToContents()
        n = self.model.rowCount()
        self.summary.setText(self.tr("%n draft(s) waiting", "", n))
        if n:
            rows = [r for r in range(n) if (letter := self.model.letter(r)) and letter.id == keep]
            self.table.selectRow(rows[0] if rows else 0)
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
        letter = self.model.letter(self.table.currentIndex().row())
        if letter is None:
            return
        try:
            issued = self.services.letters.approve(letter.id)
        except CaseworkerError as exc:
            QMessageBox.warning(self, self.tr("Cannot approve"), str(exc))
            self.refresh()
            return
        self.refresh()
        self.summary.setText(self.tr("Issued %s, valid %s to %s.") % (issued.label, issued.valid_from, issued.valid_to))
        self.casesChanged.emit([letter.case_id])

    def reject_current(self) -> None:
        letter = self.model.letter(self.table.currentIndex().row())
        if letter is None:
            return
        reason = ask_reason(self, self.tr("Reject draft"), self.tr("Why is this draft rejected?"))
        if reason is None:
            return
        try:
            self.services.letters.reject(letter.id, reason)
        except CaseworkerError as exc:
            QMessageBox.warning(self, self.tr("Cannot reject"), str(exc))
        else:
            self.casesChanged.emit([letter.case_id])
        self.refresh()
