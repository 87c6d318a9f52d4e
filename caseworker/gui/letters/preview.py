"""Look at a letter before approving or printing it; print it or save it as PDF (counted)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseworker.documents.files import write_private
from caseworker.domain.errors import CaseworkerError
from caseworker.gui.letters import pdf
from caseworker.services.api import Services


class LetterPreviewDialog(QDialog):
    """The letter as a preview (watermarked, no QR code); printing or saving makes the counted copy."""

    def __init__(self, services: Services, letter_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.letter_id = letter_id
        letter = services.letters.get(letter_id)
        self.setWindowTitle(self.tr("Letter %s") % letter.label)
        self.info = QLabel()
        self.info.setAccessibleName(self.tr("Letter status"))
        self.preview = pdf.PdfPreview(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = QPushButton(self.tr("&Print…"))
        self.print_button.setAccessibleName(self.tr("Print the letter"))
        self.save_button = QPushButton(self.tr("&Save as PDF…"))
        self.save_button.setAccessibleName(self.tr("Save the letter as PDF"))
        for button in (self.print_button, self.save_button):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(self.print_letter)
        self.save_button.clicked.connect(self.save_letter)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 900)
        self.refresh()

    def refresh(self) -> None:
        letter = self.services.letters.get(self.letter_id)
        live = letter.status == "ISSUED"
        self.print_button.setEnabled(live)
        self.save_button.setEnabled(live)
        if live:
            self.info.setText(self.tr("%s — issued, valid %s to %s; printed %d time(s). The copy shown is a "
                                      "preview, marked as such and without its QR code: Print… and Save as PDF… "
                                      "make the valid copy, and are counted.")
                              % (letter.label, letter.valid_from, letter.valid_to, letter.print_count))  # fmt: skip
            self.info.setWordWrap(True)
        else:
            self.info.setText(self.tr("%s — %s: this copy is not valid and cannot be printed.")
                              % (letter.label, letter.status.lower()))  # fmt: skip
        self.preview.set_pdf(self.services.letters.preview_pdf(self.letter_id).data)

    def print_letter(self) -> bool:
        printer = pdf.ask_printer(self)
        if printer is None:
            return False
        try:
            letter_pdf = self.services.letters.print_pdf(self.letter_id, via="print dialog")
        except CaseworkerError as exc:
            QMessageBox.warning(self, self.tr("Cannot print"), str(exc))
            return False
        document, _buffer = pdf.load_document(letter_pdf.data, self)
        pdf.print_document(document, printer)
        self.refresh()
        return True

    def save_letter(self) -> bool:
        letter = self.services.letters.get(self.letter_id)
        suggested = f"letter-{(letter.reference or 'draft').replace('/', '-')}-v{letter.version}.pdf"
        path = pdf.ask_save_path(self, suggested)
        if path is None:
            return False
        try:
            letter_pdf = self.services.letters.print_pdf(self.letter_id, via="save as PDF")
            write_private(path, letter_pdf.data, force=True)  # the save dialog asked before replacing
        except (CaseworkerError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Cannot save"), str(exc))
            return False
        self.refresh()
        return True
