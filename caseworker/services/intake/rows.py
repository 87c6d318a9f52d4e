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
from collections.abc import Sequence
from dataclasses import dataclass, field
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


def parse_row(number: int, headings: Sequence[str], cells: Sequence[object], mapping: Mapping) -> ParsedRow:
    row = RowReader(number, headings, cells, mapping)
    parsed = ParsedRow(number, tuple(cells), fingerprint(headings, cells, mapping))
    parsed.external_ref = row.text("referral_ref")[:100]
    parsed.principal_ref = row.text("principal_ref")[:100]
    parsed.family = row.text("family_group")[:100]
    parsed.post = row.text("post").upper()
    names_found = person_names(row)
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
    docs, points = documents(row), contacts(row)
    parsed.case_fields = case_fields(row)
    person = PersonInput(
        role="PRINCIPAL", relationship=relationship.value, sex=(sex.value if sex else "X"),
        birth_date=parsed.birth.value if parsed.birth else None,
        birth_precision=parsed.birth.precision.value if parsed.birth else None,
        nationality=row.text("nationality")[:3] or "AFG", place_of_birth=row.text("place_of_birth"),
        documents=tuple(docs), contact_points=tuple(points), **names_found,
    )  # fmt: skip
    if not row.problems:
        try:
            parsed.person = person.clean()
            parsed.documents = [d.clean() for d in docs]
            parsed.contact_points = [c.clean() for c in points]
        except ValidationError as exc:
            row.problem(CLEAN_FIELD_TO_KEY.get(exc.field or "", exc.field or ""), exc.bare_message)
    if not parsed.person:
        parsed.person = {**names_found, "relationship_to_principal": relationship.value}
    for heading, cell in row.values("notes"):
        parsed.notes.append(f"{heading or 'Column'}: {cell_text(cell)}")
    parsed.notes += row.notes
    parsed.problems = row.problems
    return parsed


