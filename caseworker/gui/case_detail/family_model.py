"""The family table: one row per person of the case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt

from caseworker.domain.birthdates import BirthDate, Precision
from caseworker.domain.vocab import DocumentType, PersonRole, Relationship, Sex
from caseworker.gui.case_detail.common import (
    CAUTION,
    EXPIRY_WARNING_DAYS,
    WARNING,
    short_date,
    vocab,
)
from caseworker.gui.case_detail.row_model import RowModel
from caseworker.services.dto import DocumentView, PersonView

ROLE, RELATIONSHIP, NAME, ORIGINAL, BIRTH, SEX, DOCUMENTS = range(7)


class FamilyModel(RowModel[PersonView]):
    def __init__(self, parent: Any = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.today = today

    def headers(self) -> list[str]:
        return [self.tr("Role"), self.tr("Relationship"), self.tr("Name (document)"),
                self.tr("Name (Dari/Pashto)"), self.tr("Date of birth"), self.tr("Sex"),
                self.tr("Documents")]  # fmt: skip

    def _today(self) -> dt.date:
        return self.today or dt.date.today()

    def birth_text(self, person: PersonView) -> str:
        if person.birth_date is None:
            return self.tr("unknown")
        year = str(person.birth_date.year)
        if person.birth_precision == Precision.MONTH_ONLY.value:  # "May 1990" or "Asad 1369 (month only)"
            return BirthDate(person.birth_date, Precision.MONTH_ONLY).display()
        return {
            Precision.YEAR_ONLY.value: self.tr("%s (year only)") % year,
            Precision.ESTIMATED.value: self.tr("c. %s (estimated)") % year,
            Precision.JAN1_PLACEHOLDER.value: self.tr("%s (1 Jan placeholder)") % year,
        }.get(person.birth_precision, short_date(person.birth_date))

    def document_text(self, doc: DocumentView) -> str:
        parts = [f"{vocab(doc.doc_type, DocumentType)} {doc.number}".strip()]
        days = self.days_to_expiry(doc)
        if days is not None and days < 0:
            parts.append(self.tr("EXPIRED %s") % short_date(doc.expiry_date))
        elif days is not None and days <= EXPIRY_WARNING_DAYS:
            parts.append(self.tr("expires in 1 day") if days == 1 else self.tr("expires in %s days") % days)
        elif doc.expiry_date is not None:
            parts.append(self.tr("exp. %s") % short_date(doc.expiry_date))
        if doc.mrz_valid is False:
            parts.append(self.tr("MRZ check failed"))
        if doc.verified:
            parts.append(self.tr("verified"))
        return " · ".join(parts)

    def days_to_expiry(self, doc: DocumentView) -> int | None:
        return None if doc.expiry_date is None else (doc.expiry_date - self._today()).days

    def warning_level(self, person: PersonView) -> int:
        """2 = a document has expired or failed its MRZ check, 1 = one expires soon, 0 = fine."""
        level = 0
        for doc in person.documents:
            days = self.days_to_expiry(doc)
            if (days is not None and days < 0) or doc.mrz_valid is False:
                return 2
            if days is not None and days <= EXPIRY_WARNING_DAYS:
                level = 1
        return level

    def cell(self, person: PersonView, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == DOCUMENTS:
                separator = "\n" if role == Qt.ItemDataRole.ToolTipRole else "; "
                return separator.join(self.document_text(d) for d in person.documents) or self.tr("none")
            return self._text(person, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == DOCUMENTS:
            return {2: WARNING, 1: CAUTION}.get(self.warning_level(person))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == ORIGINAL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, person: PersonView, column: int) -> str:
        if column == ROLE:
            return vocab(person.role, PersonRole)
        if column == RELATIONSHIP:
            return vocab(person.relationship, Relationship)
        if column == NAME:
            return person.latin_name
        if column == ORIGINAL:
            return person.name_original
        if column == BIRTH:
            return self.birth_text(person)
        if column == SEX:
            return vocab(person.sex, Sex)
        return ""
