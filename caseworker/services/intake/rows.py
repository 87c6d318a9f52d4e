"""From cells to cleaned people: one referral row, checked column by column.

Every value goes through the same cleaning as the application's dialogs
(``PersonInput``, ``DocumentInput``, ``ContactPointInput``) and the cell
readers of ``domain.cell_values``. A problem names the row, the column heading
and what is wrong; a row with any problem is rejected whole, so that it can be
fixed in the rejects workbook and imported again. Values of columns mapped to
``notes`` and anything a cell said that has no field of its own (an
unrecognised relationship, a case field that differs between family rows) are
kept as notes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from caseworker.domain import names
from caseworker.domain.birthdates import BirthDate
from caseworker.domain.cell_values import (
    birth_from_cell,
    cell_text,
    parse_relationship,
    parse_sex,
    sex_from_relationship,
    split_phones,
    tazkira_type,
)
from caseworker.domain.errors import ValidationError
from caseworker.domain.vocab import (
    ContactKind,
    DocumentType,
    Priority,
    ReferralSource,
    Relationship,
    Scheme,
)
from caseworker.services.inputs import (
    ContactPointInput,
    DocumentInput,
    PersonInput,
    clean_case_fields,
)
from caseworker.services.intake.mapping import FIELDS, Mapping

CASE_TEXT = ("category", "referrer", "employer", "job_role", "current_country", "current_area")
_CLEAN_FIELD_TO_KEY = {
    "name": "full_name", "surname": "surname", "given names": "given_names",
    "name in original script": "name_original", "father's name": "father_name",
    "father's name in original script": "father_name", "date_of_birth": "date_of_birth", "sex": "sex",
    "nationality": "nationality", "place of birth": "place_of_birth", "variants": "variants",
    "variant": "variants", "relationship": "relationship", "document number": "passport_number",
    "phone": "phone", "email": "email", "expiry date": "passport_expiry", "issuing state": "passport_number",
}  # fmt: skip
_VARIANT_SPLIT_RE = re.compile(r"\s*[;,/|،]\s*")


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.message}" if self.column else f"row {self.row}: {self.message}"


@dataclass
class ParsedRow:
    number: int
    cells: tuple[object, ...]
    fingerprint: str
    person: dict[str, Any] = field(default_factory=dict)
    documents: list[dict[str, Any]] = field(default_factory=list)
    contact_points: list[dict[str, Any]] = field(default_factory=list)
    case_fields: dict[str, Any] = field(default_factory=dict)
    post: str = ""
    external_ref: str = ""
    principal_ref: str = ""
    family: str = ""
    relationship_given: bool = False
    notes: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    birth: BirthDate | None = None

    @property
    def label(self) -> str:
        p = self.person
        latin = " ".join(x for x in (p.get("doc_given_names"), p.get("doc_surname")) if x)
        return latin or p.get("name_original") or f"row {self.number}"


def fingerprint(headings: Sequence[str], cells: Sequence[object], mapping: Mapping) -> str:
    """The row's identity: its non-ignored cells keyed by heading (column order and mapping aside)."""
    items = sorted(
        (" ".join(h.lower().split()), cell_text(c))
        for h, c, key in zip(headings, cells, mapping.columns, strict=False)
        if key != "ignore" and cell_text(c)
    )
    return hashlib.sha256(json.dumps(items, ensure_ascii=False).encode()).hexdigest()


class _Row:
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


def _names(row: _Row) -> dict[str, Any]:
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


def _documents(row: _Row) -> list[DocumentInput]:
    docs = []
    passport = row.text("passport_number")
    if passport:
        expiry: object = row.raw("passport_expiry")
        try:
            expiry = expiry_date(expiry)
        except ValidationError as exc:
            row.problem("passport_expiry", exc.bare_message)
            expiry = None
        docs.append(DocumentInput(DocumentType.PASSPORT.value, passport, "AFG", None, expiry))
    for _, cell in row.values("tazkira_number"):
        number = cell_text(cell)
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


def _contacts(row: _Row) -> list[ContactPointInput]:
    points = []
    for heading, cell in row.values("phone"):
        lower = heading.lower()
        landline = any(w in lower for w in ("phone", "tel", "landline")) and "whatsapp" not in lower and "/" not in lower
        kind = ContactKind.PHONE if landline else ContactKind.WHATSAPP
        for number in split_phones(cell_text(cell)):
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


def _lenient(row: _Row, key: str, parse: Any, guesses: dict[str, str]) -> str | None:
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


def _case_fields(row: _Row) -> dict[str, Any]:
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
        row.problem(_CLEAN_FIELD_TO_KEY.get(exc.field or "", exc.field or ""), exc.bare_message)
        return {}


def parse_row(number: int, headings: Sequence[str], cells: Sequence[object], mapping: Mapping) -> ParsedRow:
    row = _Row(number, headings, cells, mapping)
    parsed = ParsedRow(number, tuple(cells), fingerprint(headings, cells, mapping))
    parsed.external_ref = row.text("referral_ref")[:100]
    parsed.principal_ref = row.text("principal_ref")[:100]
    parsed.family = row.text("family_group")[:100]
    parsed.post = row.text("post").upper()
    person_names = _names(row)
    sex = None
    if sex_text := row.text("sex"):
        try:
            sex = parse_sex(sex_text)
        except ValidationError as exc:
            row.problem("sex", exc.bare_message)
    relationship_text = row.text("relationship")
    relationship, recognised = parse_relationship(relationship_text, sex)
    parsed.relationship_given = bool(relationship_text)
    if relationship_text and not recognised:
        parsed.notes.append(f"Relationship as written: {relationship_text}")
    sex = sex or sex_from_relationship(relationship)
    try:
        parsed.birth = birth_from_cell(row.raw("date_of_birth"), jan1_is_exact=mapping.jan1_is_exact)
    except ValidationError as exc:
        row.problem("date_of_birth", exc.bare_message)
    documents, contacts = _documents(row), _contacts(row)
    parsed.case_fields = _case_fields(row)
    person = PersonInput(
        role="PRINCIPAL", relationship=relationship.value, sex=(sex.value if sex else "X"),
        birth_date=parsed.birth.value if parsed.birth else None,
        birth_precision=parsed.birth.precision.value if parsed.birth else None,
        nationality=row.text("nationality")[:3] or "AFG", place_of_birth=row.text("place_of_birth"),
        documents=tuple(documents), contact_points=tuple(contacts), **person_names,
    )  # fmt: skip
    if not row.problems:
        try:
            parsed.person = person.clean()
            parsed.documents = [d.clean() for d in documents]
            parsed.contact_points = [c.clean() for c in contacts]
        except ValidationError as exc:
            row.problem(_CLEAN_FIELD_TO_KEY.get(exc.field or "", exc.field or ""), exc.bare_message)
    if not parsed.person:
        parsed.person = {**person_names, "relationship_to_principal": relationship.value}
    for heading, cell in row.values("notes"):
        parsed.notes.append(f"{heading or 'Column'}: {cell_text(cell)}")
    parsed.notes += row.notes
    parsed.problems = row.problems
    return parsed


def is_principal_relationship(row: ParsedRow) -> bool:
    return row.person.get("relationship_to_principal") == Relationship.SELF.value and row.relationship_given
