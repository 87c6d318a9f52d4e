"""The identity-documents part of the person dialog: the documents a person
already has, the ones being added, and the form (filled by hand or from an MRZ)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.mrz import MrzResult
from caseworker.domain.vocab import DocumentType
from caseworker.gui.case_detail.common import parse_user_date, short_date, vocab
from caseworker.gui.case_detail.fields import FieldErrors
from caseworker.gui.case_detail.mrz_box import MrzBox
from caseworker.services.dto import DocumentView
from caseworker.services.inputs import DocumentInput

# MRZ document codes → our document types (ICAO: P = passport, I/ID/A/C = identity card).
_MRZ_TYPES = {"P": DocumentType.PASSPORT, "PP": DocumentType.PASSPORT, "I": DocumentType.E_TAZKIRA,
              "ID": DocumentType.E_TAZKIRA}  # fmt: skip


@dataclass(frozen=True)
class _Row:
    existing: DocumentView | None
    new: DocumentInput | None


class DocumentsBox(QWidget):
    def __init__(self, errors: FieldErrors, documents: tuple[DocumentView, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors = errors
        self.rows: list[_Row] = [_Row(d, None) for d in documents]
        self.mrz = MrzBox()
        self.doc_type = QComboBox()
        self.doc_type.setAccessibleName(self.tr("Document type"))
        for member in DocumentType:
            if member is not DocumentType.NONE:
                self.doc_type.addItem(vocab(member), member.value)
        self.number = QLineEdit()
        self.number.setAccessibleName(self.tr("Document number"))
        self.issuing_state = QLineEdit("AFG")
        self.issuing_state.setAccessibleName(self.tr("Issuing state"))
        self.issuing_state.setMaxLength(3)
        self.issue_date = QLineEdit()
        self.issue_date.setAccessibleName(self.tr("Issue date"))
        self.expiry_date = QLineEdit()
        self.expiry_date.setAccessibleName(self.tr("Expiry date"))
        for edit in (self.issue_date, self.expiry_date):
            edit.setPlaceholderText(self.tr("DD/MM/YYYY"))
        mrz_label = QLabel(self.tr("Paste the &MRZ (the lines at the foot of the photo page):"))
        mrz_label.setBuddy(self.mrz.edit)
        mrz_label.setWordWrap(True)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("&Type:"), self.doc_type)
        errors.add_row(form, self.tr("N&umber:"), self.number, "document number")
        errors.add_row(form, self.tr("Issuing &state:"), self.issuing_state, "issuing state")
        errors.add_row(form, self.tr("Issue date:"), self.issue_date, "issue date")
        errors.add_row(form, self.tr("E&xpiry date:"), self.expiry_date, "expiry date")
        self.add_button = QPushButton(self.tr("&Add document to list"))
        self.add_button.setAccessibleName(self.tr("Add document to list"))
        self.add_button.clicked.connect(self.add_current)
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName(self.tr("Documents of this person"))
        self.table.setHorizontalHeaderLabels([self.tr("Type"), self.tr("Number"), self.tr("Expiry"), self.tr("Status")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setMaximumHeight(120)
        self.remove_button = QPushButton(self.tr("&Remove selected document"))
        self.remove_button.setAccessibleName(self.tr("Remove selected document"))
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(mrz_label)
        layout.addWidget(self.mrz)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.mrz.parsed.connect(self.fill_from_mrz)
        self._refresh_table()

    def fill_from_mrz(self, result: MrzResult) -> None:
        if result.is_visa:  # a visa's number is not an identity document's: fill only the person
            return
        kind = _MRZ_TYPES.get(result.document_type, _MRZ_TYPES.get(result.document_type[:1], DocumentType.PASSPORT))
        self.doc_type.setCurrentIndex(self.doc_type.findData(kind.value))
        self.number.setText(result.document_number)
        self.issuing_state.setText(result.issuing_state)
        if result.expiry_date is not None:
            self.expiry_date.setText(result.expiry_date.strftime("%d/%m/%Y"))

    def _current(self) -> DocumentInput | None:
        """The document in the form, or None when nothing has been typed."""
        zone = self.mrz.result if self.mrz.result and not self.mrz.result.is_visa else None
        if not (self.number.text().strip() or zone):
            return None
        return DocumentInput(
            doc_type=self.doc_type.currentData(),
            number=self.number.text(),
            issuing_state=self.issuing_state.text(),
            issue_date=parse_user_date(self.issue_date.text(), "issue date"),
            expiry_date=parse_user_date(self.expiry_date.text(), "expiry date"),
            mrz_raw=self.mrz.raw() if zone else "",
            mrz_checks=self.mrz.checks_for_storage() if zone else None,
        )

    def add_current(self) -> bool:
        """Check the form's document and move it to the list (ValidationError if bad)."""
        document = self._current()
        if document is None:
            return False
        document.clean()
        self.rows.append(_Row(None, document))
        for edit in (self.number, self.issue_date, self.expiry_date):
            edit.clear()
        self.mrz.edit.clear()
        self._refresh_table()
        return True

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows):
            del self.rows[row]
            self._refresh_table()

    def result(self) -> tuple[list[int], list[DocumentInput]]:
        """(ids of existing documents to keep, new documents), including the one still in the form."""
        self.add_current()
        keep = [r.existing.id for r in self.rows if r.existing is not None]
        new = [r.new for r in self.rows if r.new is not None]
        return keep, new

    def _refresh_table(self) -> None:
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            if row.existing is not None:
                doc = row.existing
                cells = [vocab(doc.doc_type, DocumentType), doc.number, short_date(doc.expiry_date),
                         self.tr("verified") if doc.verified else self.tr("kept")]  # fmt: skip
            else:
                assert row.new is not None
                expiry = row.new.expiry_date
                cells = [vocab(row.new.doc_type, DocumentType), row.new.number,
                         short_date(expiry if isinstance(expiry, dt.date) else None), self.tr("new")]  # fmt: skip
            for column, text in enumerate(cells):
                self.table.setItem(i, column, QTableWidgetItem(text))
        self.remove_button.setEnabled(bool(self.rows))
