"""Reading one referral row's cells by field, collecting a warning per bad cell.

``RowReader`` finds a field's cells through the mapping and names warnings and
problems by the column heading the user sees. A value that cannot be read (a
phone with a digit missing, an impossible date, an unknown sex) is a
*warning*: the field is left empty and the raw value is kept as an import
note of the person, so one typo never keeps a person out. A *problem* is
kept for what stops the row from becoming a person (no usable name, a value
beyond the store's limits). The readers below turn cells into the inputs the
services clean (names, documents, phones, case fields). Case fields are read
leniently: a value the vocabulary does not know ("MP's office", "ARAP Cat 4")
keeps the default and goes to the notes as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from caseworker.domain import names
from caseworker.domain.cell_values import cell_text, identifier_text, split_phones, tazkira_type
from caseworker.domain.errors import ValidationError
from caseworker.domain.vocab import ContactKind, DocumentType, Priority, ReferralSource, Scheme
from caseworker.services.inputs import ContactPointInput, DocumentInput, clean_case_fields
from caseworker.services.intake.mapping import FIELDS, Mapping

SHOWN = 500  # characters of a raw value kept in a warning and its note
_DIRECTION_MARKS_RE = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
CASE_TEXT = ("category", "referrer", "employer", "job_role", "current_country", "current_area")
_VARIANT_SPLIT_RE = re.compile(r"\s*[;,/|،]\s*")
CLEAN_FIELD_TO_KEY = {
    "name": "full_name", "surname": "surname", "given names": "given_names",
    "name in original script": "name_original", "father's name": "father_name",
    "father's name in original script": "father_name", "date_of_birth": "date_of_birth", "sex": "sex",
    "nationality": "nationality", "place of birth": "place_of_birth", "variants": "variants",
    "variant": "variants", "relationship": "relationship", "document number": "passport_number",
    "phone": "phone", "email": "email", "expiry date": "passport_expiry", "issuing state": "passport_number",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int
    column: str
    message: str
    value: str = ""  # the raw cell, for a warning (shortened to SHOWN characters)

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.message}" if self.column else f"row {self.row}: {self.message}"



class RowReader:
    """Reads one row's cells by field and collects its problems."""

    def __init__(self, number: int, headings: Sequence[str], cells: Sequence[object], mapping: Mapping) -> None:
        self.number = number
        self.headings = headings
        self.cells = cells
        self.mapping = mapping
        self.problems: list[RowProblem] = []  # the row cannot become a person
        self.warnings: list[RowProblem] = []  # a value was not kept; the person still is
        self.notes: list[str] = []  # what a cell said that has no field of its own

    def heading(self, key: str) -> str:
        for heading, k in zip(self.headings, self.mapping.columns, strict=False):
            if k == key:
                return heading
        return FIELDS.get(key, (key,))[0]

    def values(self, key: str) -> list[tuple[str, object]]:
        return [(h, c) for h, c, k in zip(self.headings, self.cells, self.mapping.columns, strict=False)
                if k == key and cell_text(c)]

    def text(self, key: str) -> str:
        return " ".join(cell_text(c) for _, c in self.values(key))

    def raw(self, key: str) -> object:
        found = self.values(key)
        return found[0][1] if found else None

    def problem(self, key_or_heading: str, message: str, *, heading: bool = False) -> None:
        column = key_or_heading if heading else self.heading(key_or_heading)
        self.problems.append(RowProblem(self.number, column, message))

    def warn(self, key_or_heading: str, message: str, value: object, *, heading: bool = False,
             note: bool = True) -> None:
        """`value` was not kept: say so, and keep it as an import note of the person."""
        column = key_or_heading if heading else self.heading(key_or_heading)
        text = cell_text(value) if not isinstance(value, str) else value
        shown = text if len(text) <= SHOWN else text[:SHOWN] + f"… ({len(text):,} characters)"
        message = message.removeprefix(f"{text!r}: ")  # the value is shown on its own
        self.warnings.append(RowProblem(self.number, column, message, shown))
        if note:
            self.notes.append(f"Import warning, {column}: {shown!r} was not kept ({message})")


def _name_text(row: RowReader, key: str) -> str:
    """A name cell without the invisible direction marks copy-paste leaves in Dari and Pashto text."""
    return " ".join(_DIRECTION_MARKS_RE.sub("", row.text(key)).split())


def person_names(row: RowReader) -> dict[str, Any]:
    given, surname, original = _name_text(row, "given_names"), _name_text(row, "surname"), _name_text(row, "name_original")
    full = _name_text(row, "full_name")
    variants: list[str] = []
    if full:
        if names.is_arabic_script(full) and not original:
            original = full
        elif not names.is_arabic_script(full) and not (given or surname):
            parts = full.split()
            given, surname = (" ".join(parts[:-1]), parts[-1]) if len(parts) > 1 else (full, "")
        else:
            variants.append(full)
    for _, cell in row.values("variants"):
        variants += [v for v in _VARIANT_SPLIT_RE.split(cell_text(cell)) if v]
    father = _name_text(row, "father_name")
    latin_father, original_father = ("", father) if names.is_arabic_script(father) else (father, "")
    return {"doc_given_names": given.upper(), "doc_surname": surname.upper(), "name_original": original,
            "variants": tuple(variants), "father_name": latin_father, "father_name_original": original_father}


def documents(row: RowReader) -> list[dict[str, Any]]:
    """The row's documents, cleaned; a number that cannot be one is a warning on its column."""
    docs: list[tuple[str, DocumentInput]] = []
    passport = " ".join(identifier_text(c) for _, c in row.values("passport_number"))
    if passport:
        raw_expiry: object = row.raw("passport_expiry")
        try:
            expiry = expiry_date(raw_expiry)
        except ValidationError as exc:
            row.warn("passport_expiry", exc.bare_message, raw_expiry)
            expiry = None
        docs.append((row.heading("passport_number"), DocumentInput(DocumentType.PASSPORT.value, passport, "AFG",
                                                                   None, expiry)))
    for heading, cell in row.values("tazkira_number"):
        number = identifier_text(cell)
        docs.append((heading, DocumentInput(tazkira_type(number).value, number, "AFG")))
    cleaned = []
    for heading, doc in docs:
        try:
            cleaned.append(doc.clean())
        except ValidationError as exc:
            if exc.field == "expiry date":  # the expiry contradicts the issue date: keep the number
                row.warn("passport_expiry", exc.bare_message, doc.expiry_date)
                cleaned.append(replace(doc, expiry_date=None).clean())
            else:
                row.warn(heading, exc.bare_message, doc.number, heading=True)
    return cleaned


def expiry_date(value: object) -> Any:
    """A document expiry date: an Excel date, ISO or day-first text."""
    import datetime as dt

    if value is None or cell_text(value) == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    for form in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d %b %Y", "%d %B %Y"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValidationError(f"{text!r} is not a date; use DD/MM/YYYY or YYYY-MM-DD", field="expiry date")


def contacts(row: RowReader) -> list[dict[str, Any]]:
    """The row's phone numbers and e-mail addresses, cleaned; one that is not valid is a warning
    and its raw value an import note (it is not stored as a number no one could dial)."""
    points = []
    for heading, cell in row.values("phone"):
        lower = heading.lower()
        landline = any(w in lower for w in ("phone", "tel", "landline")) and "whatsapp" not in lower and "/" not in lower
        kind = ContactKind.PHONE if landline else ContactKind.WHATSAPP
        for number in split_phones(identifier_text(cell)):
            points.append((heading, ContactPointInput(kind.value, number)))
    for heading, cell in row.values("email"):
        points.append((heading, ContactPointInput(ContactKind.EMAIL.value, cell_text(cell))))
    cleaned = []
    for heading, point in points:
        try:
            cleaned.append(point.clean())
        except ValidationError as exc:
            row.warn(heading, exc.bare_message, point.value, heading=True)
    return cleaned


def _lenient(row: RowReader, key: str, parse: Any, guesses: dict[str, str]) -> str | None:
    text = row.text(key)
    if not text:
        return None
    simple = " ".join(text.lower().replace("'", "").replace(".", "").split())
    if simple in guesses:
        return guesses[simple]
    try:
        return str(parse(text, key).value)
    except ValidationError:
        row.notes.append(f"{row.heading(key)}: {text}")
        return None


_SOURCE_WORDS = {"ministry of defence": "MOD", "mod": "MOD", "mps office": "MP", "member of parliament": "MP",
                 "ngo": "NGO", "charity": "NGO", "self referral": "SELF", "self referred": "SELF",
                 "home office": "HOME_OFFICE", "fcdo": "FCDO", "foreign office": "FCDO", "unhcr": "UNHCR"}
_SCHEME_WORDS = {"arap": "ARAP", "acrs": "ACRS", "lotr": "LOTR", "leave outside the rules": "LOTR"}
_PRIORITY_WORDS = {"very high": "URGENT", "critical": "URGENT", "medium": "NORMAL", "normal": "NORMAL",
                   "standard": "NORMAL", "routine": "NORMAL"}


def case_fields(row: RowReader) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key in CASE_TEXT:
        if text := row.text(key):
            values[key] = text
    scheme = _lenient(row, "scheme", Scheme.parse, _SCHEME_WORDS)
    source = _lenient(row, "referral_source", ReferralSource.parse, _SOURCE_WORDS)
    priority = _lenient(row, "priority", Priority.parse, _PRIORITY_WORDS)
    values.update({k: v for k, v in (("scheme", scheme), ("referral_source", source), ("priority", priority)) if v})
    cleaned: dict[str, Any] = {}
    for key, value in values.items():  # one field at a time, so a bad one costs only itself
        try:
            cleaned.update(clean_case_fields({key: value}))
        except ValidationError as exc:
            row.warn(key, exc.bare_message, value)
    return cleaned
