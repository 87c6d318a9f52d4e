"""Check a letter someone shows or sends: pasted QR text, a photo or scan, a PDF, or the short code."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseworker.documents import letter_verify as lv
from caseworker.documents import qr
from caseworker.domain.errors import CaseworkerError
from caseworker.services.api import Services

COLOURS = {"VALID": "#1b7f3b", "INVALID": "#b00020", "REVOKED": "#b00020", "SUPERSEDED": "#b35c00", "EXPIRED": "#b35c00"}


def ask_open_path(parent: QWidget, title: str, filter: str) -> Path | None:
    """A file chosen by the user (None when cancelled). Tests replace this."""
    name, _ = QFileDialog.getOpenFileName(parent, title, "", filter)
    return Path(name) if name else None


class VerifyLetterDialog(QDialog):
    """``VerifyLetterDialog(services)``: the verdict on a letter, checked against this store."""

    SOURCES = ("text", "image", "pdf", "code")

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.results: list[lv.VerifyResult] = []
        self.setWindowTitle(self.tr("Verify a travel-authorisation letter"))
        self.source = QComboBox()
        self.source.setAccessibleName(self.tr("What to verify"))
        for label in (self.tr("Pasted QR code text"), self.tr("A photo or scan (image file)"),
                      self.tr("A PDF of the letter"), self.tr("Reference and verification code")):  # fmt: skip
            self.source.addItem(label)
        self.pages = QStackedWidget()
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("TA1:…")
        self.text.setAccessibleName(self.tr("QR code text"))
        self.pages.addWidget(self.text)
        self.image_path = self._file_row(self.tr("Image file"), "Images (*.png *.jpg *.jpeg *.tif *.tiff *.bmp)")
        self.pdf_path = self._file_row(self.tr("PDF file"), "PDF (*.pdf)")
        code_page = QWidget()
        form = QFormLayout(code_page)
        self.reference = QLineEdit()
        self.reference.setPlaceholderText("ISB/TA/2026/000123")
        self.reference.setAccessibleName(self.tr("Letter reference"))
        self.code = QLineEdit()
        self.code.setPlaceholderText("ABCDE-FGHJK")
        self.code.setAccessibleName(self.tr("Verification code"))
        form.addRow(self.tr("&Reference"), self.reference)
        form.addRow(self.tr("Verification &code"), self.code)
        self.pages.addWidget(code_page)
        self.source.currentIndexChanged.connect(self.pages.setCurrentIndex)
        self.verify_button = QPushButton(self.tr("&Verify"))
        self.verify_button.setAccessibleName(self.tr("Verify"))
        self.verify_button.clicked.connect(self.verify)
        self.verdict = QLabel()
        self.verdict.setAccessibleName(self.tr("Verdict"))
        self.verdict.setWordWrap(True)
        self.people = QTableWidget(0, 3)
        self.people.setAccessibleName(self.tr("People on the letter"))
        self.people.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Date of birth"), self.tr("Document")])
        self.people.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.source)
        layout.addWidget(self.pages)
        layout.addWidget(self.verify_button)
        layout.addWidget(self.verdict)
        layout.addWidget(self.people, 1)
        self.resize(640, 520)

    def _file_row(self, label: str, filter: str) -> QLineEdit:
        page = QWidget()
        row = QHBoxLayout(page)
        edit = QLineEdit()
        edit.setAccessibleName(label)
        browse = QPushButton(self.tr("Browse…"))
        browse.setAccessibleName(self.tr("Choose %s") % label.lower())

        def choose() -> None:
            path = ask_open_path(self, label, filter)
            if path is not None:
                edit.setText(str(path))

        browse.clicked.connect(choose)
        row.addWidget(edit, 1)
        row.addWidget(browse)
        self.pages.addWidget(page)
        return edit

    def _texts(self) -> list[str]:
        kind = self.SOURCES[self.source.currentIndex()]
        if kind == "text":
            return [self.text.toPlainText().strip()]
        path = Path((self.image_path if kind == "image" else self.pdf_path).text().strip()).expanduser()
        if not path.is_file():
            raise FileNotFoundError(self.tr("There is no file %s.") % path)
        found = qr.read_pdf_file(path) if kind == "pdf" else qr.read_image_file(path)
        texts = [t for t in found if t.startswith("TA1:")]
        if not texts:
            raise FileNotFoundError(self.tr("No letter QR code could be read in %s.") % path.name)
        return texts

    def verify(self) -> None:
        try:
            if self.SOURCES[self.source.currentIndex()] == "code":
                self.results = [self.services.letters.verify_code(self.reference.text(), self.code.text())]
            else:
                self.results = [self.services.letters.verify(t) for t in self._texts()]
        except (CaseworkerError, OSError, qr.QrReadError) as exc:
            self.results = []
            self.verdict.setText(str(exc))
            self.people.setRowCount(0)
            return
        self._show(self.results)

    def _show(self, results: list[lv.VerifyResult]) -> None:
        lines = []
        rows = []
        for r in results:
            colour = COLOURS[r.verdict.value]
            ref = f" — {r.payload.reference} v{r.payload.version}" if r.payload else ""
            lines.append(f'<b style="color:{colour}; font-size:large">{r.verdict.value}</b>{ref}<br>{r.reason}')
            if r.payload is not None and r.verdict != lv.Verdict.INVALID:
                rows += [(p.name, p.birth_display, p.document_number or "—") for p in r.payload.people]
        self.verdict.setText("<br><br>".join(lines))
        self.people.setRowCount(len(rows))
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                self.people.setItem(i, j, QTableWidgetItem(value))
