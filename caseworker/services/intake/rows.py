"""From cells to cleaned people: one referral row, checked column by column.

Every value goes through the same cleaning as the application's dialogs
(``PersonInput``, ``DocumentInput``, ``ContactPointInput``) and the cell
readers of ``domain.cell_values``. A value that fails is a warning naming the
row, the column heading, the value and what is wrong: the field is left empty,
the value kept as an import note, and the person imported. A row is rejected
(a problem) only when it cannot become a person: no usable name in any
script, or a cell beyond the store's limits. Values of columns mapped to
``notes`` and anything a cell said that has no field of its own (an
unrecognised relationship, a case field that differs between family rows) are
kept as notes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from caseworker.domain.birthdates import BirthDate
from caseworker.domain.cell_values import (
    birth_from_cell,
    cell_text,
    parse_relationship,
    parse_sex,
    sex_from_relationship,
)
from caseworker.domain.errors import ValidationError
from caseworker.services.inputs import PersonInput
from caseworker.services.intake.mapping import Mapping
from caseworker.services.intake.outcomes import unquote
from caseworker.services.intake.row_cells import (
    CLEAN_FIELD_TO_KEY,
    RowProblem,
    RowReader,
    case_fields,
    contacts,
    documents,
    person_names,
)


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
    import_person: int | None = None  # the person an outcomes workbook's row made ("Import person")
    notes: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)  # the row cannot become a person
    warnings: list[RowProblem] = field(default_factory=list)  # values not kept (in the notes as written)
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
        if key not in ("ignore", "import_person") and cell_text(c)
    )
    return hashlib.sha256(json.dumps(items, ensure_ascii=False).encode()).hexdigest()


# PersonInput's field names in ValidationError.field -> (its attribute, the mapping key of its column)
_PERSON_FIELDS = {
    "father's name": ("father_name", "father_name"),
    "father's name in original script": ("father_name_original", "father_name"),
    "sex": ("sex", "sex"), "nationality": ("nationality", "nationality"),
    "place of birth": ("place_of_birth", "place_of_birth"), "date_of_birth": ("birth_date", "date_of_birth"),
    "date of birth": ("birth_date", "date_of_birth"),
}  # fmt: skip
_NAME_FIELDS = {"name in original script": "name_original", "surname": "doc_surname",
                "given names": "doc_given_names"}
_EMPTY = {"sex": "X", "nationality": "AFG", "birth_date": None, "birth_precision": None}
MAX_CELL = 5000  # a cell longer than this is not a referral's value: the row is refused


def _over_limits(row: RowReader) -> None:
    """A cell beyond what any field holds rejects the row: it is pasted text, not a person's detail."""
    for heading, cell, key in zip(row.headings, row.cells, row.mapping.columns, strict=False):
        if key != "ignore" and isinstance(cell, str) and len(cell) > MAX_CELL:
            row.problem(heading, f"is {len(cell):,} characters long; a cell may hold at most {MAX_CELL:,}",
                        heading=True)


def _clean_person(row: RowReader, person: PersonInput) -> dict[str, Any]:
    """`person` cleaned; a field that fails is a warning and left empty, a name that fails a problem."""
    for _ in range(len(_PERSON_FIELDS) + len(_NAME_FIELDS) + 2):
        try:
            return person.clean()
        except ValidationError as exc:
            name = exc.field or ""
            if name in _PERSON_FIELDS:
                attribute, key = _PERSON_FIELDS[name]
                row.warn(key, exc.bare_message, getattr(person, attribute) if attribute != "birth_date"
                         else row.raw("date_of_birth"))
                person = replace(person, **{attribute: _EMPTY.get(attribute, "")})
                if attribute == "birth_date":
                    person = replace(person, birth_precision=None)
            elif name in _NAME_FIELDS and "too long" not in exc.bare_message:
                attribute = _NAME_FIELDS[name]
                row.warn(name_key(row, attribute), exc.bare_message, getattr(person, attribute))
                person = replace(person, **{attribute: ""})
            elif name in ("variant", "variants"):
                row.warn("variants", exc.bare_message, "; ".join(person.variants))
                person = replace(person, variants=())
            else:  # no usable name, or a name beyond the store's limits
                key = CLEAN_FIELD_TO_KEY.get(name, name)
                row.problem(name_key(row, _NAME_FIELDS[name]) if name in _NAME_FIELDS else key, exc.bare_message if name != "name" else
                            "no usable name in any script (a person needs a name in the document or in "
                            "original script)")
                return {}
    return {}


def name_key(row: RowReader, attribute: str) -> str:
    """The column a name came from: its own, or the full name it was split from."""
    key = {"name_original": "name_original", "doc_surname": "surname", "doc_given_names": "given_names"}[attribute]
    return key if key in row.mapping.columns else "full_name"


def parse_row(number: int, headings: Sequence[str], cells: Sequence[object], mapping: Mapping) -> ParsedRow:
    cells = tuple(unquote(c) if isinstance(c, str) else c for c in cells)  # a cell the outcomes workbook quoted
    row = RowReader(number, headings, cells, mapping)
    parsed = ParsedRow(number, tuple(cells), fingerprint(headings, cells, mapping))
    _over_limits(row)
    if row.problems:
        parsed.problems = row.problems
        return parsed
    parsed.external_ref = row.text("referral_ref")[:100]
    parsed.principal_ref = row.text("principal_ref")[:100]
    parsed.family = row.text("family_group")[:100]
    parsed.post = row.text("post").upper()
    person_text = row.text("import_person")
    parsed.import_person = int(person_text) if person_text.isdigit() and len(person_text) < 12 else None
    names_found = person_names(row)
    sex = None
    if sex_text := row.text("sex"):
        try:
            sex = parse_sex(sex_text)
        except ValidationError as exc:
            row.warn("sex", exc.bare_message, sex_text)
    relationship_text = row.text("relationship")
    relationship, recognised = parse_relationship(relationship_text, sex)
    parsed.relationship_given = bool(relationship_text)
    if relationship_text and not recognised:
        row.notes.append(f"Relationship as written: {relationship_text}")
        row.warn("relationship", "is not a relationship we recognise; recorded as other", relationship_text,
                 note=False)
    sex = sex or sex_from_relationship(relationship)
    try:
        parsed.birth = birth_from_cell(row.raw("date_of_birth"), jan1_is_exact=mapping.jan1_is_exact)
    except ValidationError as exc:
        row.warn("date_of_birth", exc.bare_message, row.raw("date_of_birth"))
    parsed.documents, parsed.contact_points = documents(row), contacts(row)
    parsed.case_fields = case_fields(row)
    person = PersonInput(
        role="PRINCIPAL", relationship=relationship.value, sex=(sex.value if sex else "X"),
        birth_date=parsed.birth.value if parsed.birth else None,
        birth_precision=parsed.birth.precision.value if parsed.birth else None,
        nationality=row.text("nationality")[:3] or "AFG", place_of_birth=row.text("place_of_birth"),
        **names_found,
    )  # fmt: skip
    parsed.person = _clean_person(row, person)
    if parsed.person and parsed.person["birth_date"] is None:
        parsed.birth = None  # an implausible date was left out
    if not parsed.person:
        parsed.person = {**names_found, "relationship_to_principal": relationship.value}
    for heading, cell in row.values("notes"):
        parsed.notes.append(f"{heading or 'Column'}: {cell_text(cell)}")
    parsed.notes += row.notes
    parsed.problems = row.problems
    parsed.warnings = row.warnings
    return parsed
