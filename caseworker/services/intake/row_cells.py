"""Reading one referral row's cells by field, collecting a problem per bad cell.

``RowReader`` finds a field's cells through the mapping and names problems
by the column heading the user sees. The readers below turn those cells into
the inputs the services clean (names, documents, phones, case fields).
Case fields are read leniently: a value the vocabulary does not know ("MP's
office", "ARAP Cat 4") keeps the default and goes to the notes as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from caseworker.domain import names
from caseworker.domain.cell_values import cell_text, identifier_text, split_phones, tazkira_type
from caseworker.domain.errors import ValidationError
from caseworker.domain.vocab import ContactKind, DocumentType, Priority, ReferralSource, Scheme
from caseworker.services.inputs import ContactPointInput, DocumentInput, clean_case_fields
from caseworker.services.intake.mapping import FIELDS, Mapping

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

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.message}" if self.column else f"row {self.row}: {self.message}"



class RowReader:
    """Reads one row's cells by field and collects its problems."""

    def __init__(self, number: int, headings: Sequence[str], cells: Sequence[object], mapping: Mapping) -> None:
        self.number = number
        self.headings = headings
        self.cells = cells
        self.mapping = mapping
        self.problems: list[RowProblem] = []
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


def person_names(row: RowReader) -> dict[str, Any]:
    given, surname, original = row.text("given_names"), row.text("surname"), row.text("name_original")
    full = row.text("full_name")
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
    father = row.text("father_name")
    latin_father, original_father = ("", father) if names.is_arabic_script(father) else (father, "")
    return {"doc_given_names": given.upper(), "doc_surname": surname.upper(), "name_original": original,
            "variants": tuple(variants), "father_name": latin_father, "father_name_original": original_father}


def documents(row: RowReader) -> list[DocumentInput]:
    docs = []
    passport = " ".join(identifier_text(c) for _, c in row.values("passport_number"))
    if passport:
        expiry: object = row.raw("passport_expiry")
        try:
            expiry = expiry_date(expiry)
        except ValidationError as exc:
            row.problem("passport_expiry", exc.bare_message)
            expiry = None
        docs.append(DocumentInput(DocumentType.PASSPORT.value, passport, "AFG", None, expiry))
    for _, cell in row.values("tazkira_number"):
        number = identifier_text(cell)
        docs.append(DocumentInput(tazkira_type(number).value, number, "AFG"))
    return docs


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


def contacts(row: RowReader) -> list[ContactPointInput]:
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
            point.clean()
            cleaned.append(point)
        except ValidationError as exc:
            row.problem(heading, f"{exc.bare_message} ({point.value!r})", heading=True)
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
    try:
        return clean_case_fields(values)
    except ValidationError as exc:
        row.problem(CLEAN_FIELD_TO_KEY.get(exc.field or "", exc.field or ""), exc.bare_message)
        return {}
