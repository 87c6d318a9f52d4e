"""What callers send in to create or change records, and how it is checked.

Each input's `clean()` returns column values ready for the store or raises
ValidationError naming the field. The same checks serve the GUI's dialogs,
the CLI and spreadsheet imports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from caseworker.domain import names, phones
from caseworker.domain.birthdates import BirthDate, Precision
from caseworker.domain.errors import ValidationError
from caseworker.domain.validation import clean_code, clean_text, document_number_key
from caseworker.domain.vocab import (
    Channel,
    ContactKind,
    DocumentType,
    Outcome,
    PersonRole,
    Priority,
    ReferralSource,
    Relationship,
    Scheme,
    Sex,
)

MAX_VARIANTS = 20


def parse_date(value: object, field: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = clean_text(value, field, max_length=40)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"{text!r} is not a date (use YYYY-MM-DD)", field=field) from None


def _country(value: object, field: str) -> str:
    text = clean_code(value or "", field, max_length=3)
    if text and (len(text) != 3 or not text.isalpha()):
        raise ValidationError(f"{text!r} is not a three-letter country code (e.g. AFG)", field=field)
    return text


@dataclass(frozen=True)
class DocumentInput:
    doc_type: str = DocumentType.PASSPORT.value
    number: str = ""
    issuing_state: str = "AFG"
    issue_date: dt.date | str | None = None
    expiry_date: dt.date | str | None = None
    mrz_raw: str = ""
    mrz_checks: list[dict[str, Any]] | None = None

    def clean(self) -> dict[str, Any]:
        doc_type = DocumentType.parse(self.doc_type, "document type")
        number = clean_code(self.number, "document number", max_length=40)
        if doc_type is not DocumentType.NONE and not number:
            raise ValidationError("is required for this document type", field="document number")
        issue = parse_date(self.issue_date, "issue date")
        expiry = parse_date(self.expiry_date, "expiry date")
        if issue and expiry and expiry < issue:
            raise ValidationError("is before the issue date", field="expiry date")
        return {
            "doc_type": doc_type.value,
            "number": number,
            "number_norm": document_number_key(number),
            "issuing_state": _country(self.issuing_state, "issuing state") or "AFG",
            "issue_date": issue,
            "expiry_date": expiry,
            "mrz_raw": clean_text(self.mrz_raw, "MRZ", max_length=200, multiline=True),
            "mrz_checks": self.mrz_checks,
        }


@dataclass(frozen=True)
class ContactPointInput:
    kind: str = ContactKind.WHATSAPP.value
    value: str = ""
    label: str = ""

    def clean(self) -> dict[str, Any]:
        kind = ContactKind.parse(self.kind, "contact kind")
        if kind is ContactKind.EMAIL:
            value = clean_text(self.value, "email", max_length=320, required=True).lower()
            if "@" not in value or value.startswith("@") or value.endswith("@"):
                raise ValidationError(f"{value!r} is not an e-mail address", field="email")
        else:
            value = phones.normalise_phone(clean_text(self.value, "phone", max_length=40, required=True))
        return {"kind": kind.value, "value": value, "label": clean_text(self.label, "label", max_length=100)}


@dataclass(frozen=True)
class PersonInput:
    role: str = PersonRole.PRINCIPAL.value
    relationship: str = Relationship.SELF.value
    name_original: str = ""
    doc_surname: str = ""
    doc_given_names: str = ""
    variants: Sequence[str] = ()
    father_name: str = ""
    father_name_original: str = ""
    sex: str = Sex.X.value
    birth_date: str | dt.date | None = None
    birth_precision: str | None = None
    nationality: str = "AFG"
    place_of_birth: str = ""
    cleared_to_travel: bool = False
    documents: Sequence[DocumentInput] = ()
    contact_points: Sequence[ContactPointInput] = ()

    def clean(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "role": PersonRole.parse(self.role, "role").value,
            "relationship_to_principal": Relationship.parse(self.relationship, "relationship").value,
            "name_original": clean_text(self.name_original, "name in original script", max_length=300),
            "doc_surname": clean_text(self.doc_surname, "surname", max_length=200),
            "doc_given_names": clean_text(self.doc_given_names, "given names", max_length=200),
            "father_name": clean_text(self.father_name, "father's name", max_length=200),
            "father_name_original": clean_text(
                self.father_name_original, "father's name in original script", max_length=200
            ),
            "sex": Sex.parse(self.sex or "X", "sex").value,
            "nationality": _country(self.nationality, "nationality") or "AFG",
            "place_of_birth": clean_text(self.place_of_birth, "place of birth", max_length=200),
            "cleared_to_travel": bool(self.cleared_to_travel),
        }
        if not (values["name_original"] or values["doc_surname"] or values["doc_given_names"]):
            raise ValidationError("a person needs a name in the document or in original script", field="name")
        if len(self.variants) > MAX_VARIANTS:
            raise ValidationError(f"at most {MAX_VARIANTS} spelling variants", field="variants")
        variants = [clean_text(v, "variant", max_length=200) for v in self.variants]
        values["variants"] = list(dict.fromkeys(v for v in variants if v))
        birth = self.parsed_birth_date()
        values["birth_date"] = birth.value if birth else None
        values["birth_precision"] = birth.precision.value if birth else Precision.EXACT.value
        values["name_key"] = person_name_key(values)
        return values

    def parsed_birth_date(self) -> BirthDate | None:
        if self.birth_date in (None, ""):
            return None
        if isinstance(self.birth_date, dt.date):
            precision = Precision(self.birth_precision) if self.birth_precision else Precision.EXACT
            if not dt.date(1900, 1, 1) <= self.birth_date <= dt.date.today():
                raise ValidationError(f"{self.birth_date:%d/%m/%Y} is not a plausible date of birth", field="date_of_birth")
            return BirthDate(self.birth_date, precision)
        birth = BirthDate.parse(clean_text(self.birth_date, "date of birth", max_length=40))
        if self.birth_precision:
            birth = BirthDate(birth.value, Precision(self.birth_precision))
        return birth


def person_name_key(values: dict[str, Any]) -> str:
    """The order-independent name key used to block de-duplication candidates."""
    latin = " ".join(p for p in (values.get("doc_given_names"), values.get("doc_surname")) if p)
    return names.sorted_name_key(latin or values.get("name_original") or "")[:300]


@dataclass(frozen=True)
class CaseInput:
    post: str
    principal: PersonInput
    scheme: str = Scheme.ARAP.value
    category: str = ""
    referral_source: str = ReferralSource.SELF.value
    referrer: str = ""
    employer: str = ""
    job_role: str = ""
    priority: str = Priority.NORMAL.value
    vulnerabilities: Sequence[str] = ()
    current_country: str = ""
    current_area: str = ""
    notes: str = ""
    assigned_to: str | None = None  # username
    family: Sequence[PersonInput] = field(default_factory=tuple)


CASE_TEXT_FIELDS: dict[str, tuple[str, int]] = {
    "category": ("category", 100),
    "referrer": ("referrer", 200),
    "employer": ("employer", 200),
    "job_role": ("job or role", 200),
    "current_country": ("current country", 64),
    "current_area": ("current area", 100),
}


def clean_case_fields(changes: dict[str, Any]) -> dict[str, Any]:
    """Check the editable case fields present in `changes` (others are refused)."""
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key in CASE_TEXT_FIELDS:
            label, limit = CASE_TEXT_FIELDS[key]
            out[key] = clean_text(value, label, max_length=limit)
        elif key == "notes":
            out[key] = clean_text(value, "notes", max_length=20000, multiline=True)
        elif key == "scheme":
            out[key] = Scheme.parse(value, "scheme").value
        elif key == "referral_source":
            out[key] = ReferralSource.parse(value, "referral source").value
        elif key == "priority":
            out[key] = Priority.parse(value, "priority").value
        elif key == "vulnerabilities":
            if isinstance(value, str) or len(value) > 20:
                raise ValidationError("give a list of at most 20 flags", field="vulnerabilities")
            out[key] = [clean_text(v, "vulnerability", max_length=60) for v in value if v]
        elif key in ("post_code", "assigned_to_id"):
            out[key] = value
        else:
            raise ValidationError("cannot be edited here", field=key)
    return out


@dataclass(frozen=True)
class ContactInput:
    channel: str = Channel.WHATSAPP.value
    outcome: str = Outcome.REACHED.value
    handle: str = ""
    note: str = ""
    occurred_at: dt.datetime | None = None
    next_follow_up: dt.date | str | None = None
    person_id: int | None = None
    direction: str = "OUT"

    def clean(self) -> dict[str, Any]:
        channel = Channel.parse(self.channel, "channel")
        handle = clean_text(self.handle, "handle", max_length=320)
        if handle and channel in (Channel.WHATSAPP, Channel.PHONE):
            handle = phones.normalise_phone(handle)
        occurred = self.occurred_at or dt.datetime.now(dt.UTC)
        if occurred.tzinfo is None:
            raise ValidationError("needs a time zone", field="time")
        if occurred > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5):
            raise ValidationError("is in the future", field="time")
        if self.direction not in ("IN", "OUT"):
            raise ValidationError("must be IN or OUT", field="direction")
        return {
            "channel": channel.value,
            "outcome": Outcome.parse(self.outcome, "outcome").value,
            "handle": handle,
            "note": clean_text(self.note, "note", max_length=10000, multiline=True),
            "occurred_at": occurred,
            "next_follow_up": parse_date(self.next_follow_up, "next follow-up"),
            "person_id": self.person_id,
            "direction": self.direction,
        }
