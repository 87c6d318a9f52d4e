"""What a travel-authorisation letter may show, and nothing else.

The PDF renderer and the templates only ever see a :class:`LetterContent`.
Its fields are the allow-list of DESIGN.md ("Travel-authorisation letter"):
a person's job, unit, scheme category, referrer, contact details or address
have no field here, so no template and no code path of the renderer can
reach them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


@dataclass(frozen=True, slots=True)
class LetterPerson:
    """One listed person: only what a checkpoint needs to match them to their document."""

    name_document: str  # exactly as in the identity document (Latin)
    name_original: str  # in original script (Dari/Pashto)
    birth_date: dt.date | None
    birth_year_only: bool  # any precision but EXACT: the letter prints the year only
    sex: str  # M / F / X
    document_type: str  # vocab.DocumentType value
    document_number: str
    relationship: str  # vocab.Relationship value

    def birth_display(self) -> str:
        """``14 MAR 1985``, or ``1985`` when only the year is known, or ``-``."""
        if self.birth_date is None:
            return "-"
        if self.birth_year_only:
            return str(self.birth_date.year)
        d = self.birth_date
        return f"{d.day:02d} {_MONTHS[d.month - 1]} {d.year}"

    def to_json(self) -> dict[str, Any]:
        return {
            "name_document": self.name_document,
            "name_original": self.name_original,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "birth_year_only": self.birth_year_only,
            "sex": self.sex,
            "document_type": self.document_type,
            "document_number": self.document_number,
            "relationship": self.relationship,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LetterPerson:
        birth = data.get("birth_date")
        return cls(
            name_document=str(data.get("name_document", "")),
            name_original=str(data.get("name_original", "")),
            birth_date=dt.date.fromisoformat(birth) if birth else None,
            birth_year_only=bool(data.get("birth_year_only", False)),
            sex=str(data.get("sex", "X")),
            document_type=str(data.get("document_type", "NONE")),
            document_number=str(data.get("document_number", "")),
            relationship=str(data.get("relationship", "OTHER")),
        )


@dataclass(frozen=True, slots=True)
class CrossingPoint:
    """An authorised border crossing or airport, with its names in Dari and Pashto."""

    name: str
    name_fa: str = ""
    name_ps: str = ""

    def in_language(self, lang: str) -> str:
        return {"fa": self.name_fa, "ps": self.name_ps}.get(lang, "") or self.name

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "name_fa": self.name_fa, "name_ps": self.name_ps}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CrossingPoint:
        return cls(str(data["name"]), str(data.get("name_fa", "")), str(data.get("name_ps", "")))


@dataclass(frozen=True, slots=True)
class LetterContent:
    """Everything printed on one letter. ``reference`` is empty on a draft."""

    post_code: str
    post_name: str
    reference: str
    version: int
    issue_date: dt.date
    valid_from: dt.date
    valid_to: dt.date
    people: tuple[LetterPerson, ...]
    crossings: tuple[CrossingPoint, ...]
    signatory_name: str
    signatory_title: str
    qr_text: str = ""
    verification_code: str = ""
    draft: bool = False
    watermark: str = field(default="")  # PREVIEW or a status (see letter_watermark); empty on a valid copy
