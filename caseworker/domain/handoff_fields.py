"""The fixed catalogue of fields that may ever be handed to a partner.

A partner profile is an allow-list drawn from this catalogue and nothing
else: a field that is not here cannot reach a spreadsheet, whatever a profile
says. Fields that must never leave the team (contact details, locations
inside the country of origin, employer and role, scheme, referral, vetting,
photos, the internal case reference) are named in `FORBIDDEN` only so that a
profile naming one gets a clear refusal saying why, rather than "unknown".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from caseworker.domain.errors import ValidationError


class Kind(StrEnum):
    """How a field's value is written: text, a whole number, a real date, or a yes/no flag."""

    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    FLAG = "flag"


@dataclass(frozen=True, slots=True)
class ExportField:
    key: str
    heading: str  # default column heading (English); profiles may give their own
    kind: Kind
    description: str


CATALOGUE: tuple[ExportField, ...] = (
    ExportField("row_number", "No.", Kind.NUMBER, "row number in this file"),
    ExportField("group_id", "Group", Kind.TEXT, "travelling group (family), pseudonymous per partner"),
    ExportField("surname", "Surname", Kind.TEXT, "surname exactly as in the document"),
    ExportField("given_names", "Given names", Kind.TEXT, "given names exactly as in the document"),
    ExportField("full_name", "Name", Kind.TEXT, "given names and surname as in the document"),
    ExportField("name_original", "Name (original script)", Kind.TEXT, "name in Dari/Pashto script"),
    ExportField("date_of_birth", "Date of birth", Kind.DATE, "date of birth (1 January if only the year is known)"),
    ExportField("birth_estimated", "Date of birth estimated", Kind.FLAG, "whether the date of birth is not exact"),
    ExportField("sex", "Sex", Kind.TEXT, "M, F or X"),
    ExportField("nationality", "Nationality", Kind.TEXT, "ISO 3166 three-letter code"),
    ExportField("document_type", "Document type", Kind.TEXT, "passport, e-tazkira …"),
    ExportField("document_number", "Document number", Kind.TEXT, "number of the travel document"),
    ExportField("document_expiry", "Document expiry", Kind.DATE, "expiry date of the travel document"),
    ExportField("letter_reference", "Letter reference", Kind.TEXT, "travel-authorisation letter reference"),
    ExportField("letter_valid_from", "Letter valid from", Kind.DATE, "first day the letter is valid"),
    ExportField("letter_valid_to", "Letter valid to", Kind.DATE, "last day the letter is valid"),
    ExportField("crossing_point", "Crossing point", Kind.TEXT, "the batch's crossing point"),
    ExportField("expected_from", "Expected from", Kind.DATE, "start of the batch's expected crossing window"),
    ExportField("expected_to", "Expected to", Kind.DATE, "end of the batch's expected crossing window"),
    ExportField("uk_contact", "UK point of contact", Kind.TEXT, "the official the partner should call"),
)
BY_KEY = {f.key: f for f in CATALOGUE}

_CONTACT = "contact details stay inside the team"
_LOCATION = "locations inside the country of origin put people at risk"
_WORK = "who someone worked for is what puts them at risk"
_INTERNAL = "internal case data is never shared"
FORBIDDEN: dict[str, str] = {
    "phone": _CONTACT, "phones": _CONTACT, "phone_number": _CONTACT, "whatsapp": _CONTACT,
    "email": _CONTACT, "contact_points": _CONTACT, "address": _LOCATION, "addresses": _LOCATION,
    "location": _LOCATION, "current_area": _LOCATION, "current_country": _LOCATION,
    "place_of_birth": _LOCATION, "employer": _WORK, "job_role": _WORK, "role": _WORK, "job": _WORK,
    "unit": _WORK, "scheme": _INTERNAL, "category": _INTERNAL, "scheme_category": _INTERNAL,
    "referral_source": _INTERNAL, "referrer": _INTERNAL, "vetting_notes": _INTERNAL,
    "security_status": _INTERNAL, "notes": _INTERNAL, "case_reference": _INTERNAL,
    "reference": _INTERNAL, "photo": "photos are never shared", "photos": "photos are never shared",
    "attachments": "documents and photos are never shared",
}  # fmt: skip


def field(key: str, *, where: str = "field") -> ExportField:
    """The catalogue entry for `key`, or a ValidationError that says why not."""
    name = (key or "").strip().lower()
    if name in FORBIDDEN:
        raise ValidationError(
            f"{name!r} may never be given to a partner ({FORBIDDEN[name]})", field=where
        )
    if name not in BY_KEY:
        known = ", ".join(BY_KEY)
        raise ValidationError(f"{name!r} is not an exportable field (choose from: {known})", field=where)
    return BY_KEY[name]
