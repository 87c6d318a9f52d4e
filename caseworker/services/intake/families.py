"""Rows that are one family become one case.

Lists spread a family over rows in two common ways: a family or group column
with the same value on every member's row, or a principal-reference column on
each dependant's row naming the principal's own reference. The principal is
the row marked "self" (or whose reference is the family's), else the first
row; a second row marked "self" is a warning and joins as another member.
When a family's principal row is rejected (it cannot become a person), its
other rows are rejected with it, so that the family comes back together in
the rejects workbook.
A family whose principal was imported earlier (same source and reference, or
the same row) joins that case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from caseworker.domain.cell_values import role_for
from caseworker.domain.vocab import PersonRole, Relationship
from caseworker.services.intake.rows import ParsedRow, RowProblem


@dataclass
class Family:
    key: str  # the family value or principal reference ("" for a one-row family)
    rows: list[ParsedRow] = field(default_factory=list)  # principal first
    case_id: int | None = None  # an existing case the family joins
    notes: list[str] = field(default_factory=list)

    @property
    def principal(self) -> ParsedRow:
        return self.rows[0]


def _key(row: ParsedRow, by_principal_ref: bool) -> str:
    if row.family:
        return "family:" + row.family.casefold()
    if by_principal_ref and (row.principal_ref or row.external_ref):
        return "ref:" + (row.principal_ref or row.external_ref).casefold()
    return f"row:{row.number}"


def _is_principal(row: ParsedRow, key: str) -> bool:
    rel = row.person.get("relationship_to_principal")
    if row.principal_ref and row.principal_ref.casefold() != row.external_ref.casefold():
        return False  # it names someone else as its principal
    if row.relationship_given:
        return rel == Relationship.SELF.value
    return key.startswith("ref:") and row.external_ref.casefold() == key[4:] and not (
        row.principal_ref and row.principal_ref.casefold() != key[4:])


def group(rows: list[ParsedRow], *, by_principal_ref: bool,
          held_case: Callable[[str], int | None]) -> list[Family]:
    """Families in file order. Rows with problems stay in their family, marked, and reject it whole
    when they are its principal. `held_case(ref)` finds the case of a principal imported before."""
    families: dict[str, Family] = {}
    for row in rows:
        key = _key(row, by_principal_ref)
        families.setdefault(key, Family(key.split(":", 1)[1] if not key.startswith("row:") else "")).rows.append(row)
    for key, family in families.items():
        principals = [r for r in family.rows if _is_principal(r, key)]
        for extra in principals[1:]:  # kept as a member of the family (relationship "other")
            extra.warnings.append(RowProblem(extra.number, "", f"family {family.key!r} already has a principal "
                                                               f"(row {principals[0].number}); recorded as "
                                                               "another member", "self"))
        if not principals and family.key:
            family.case_id = held_case(family.key)
        if principals:
            family.rows.remove(principals[0])
            family.rows.insert(0, principals[0])
        principal = family.rows[0]
        if principal.problems and (principals or family.case_id is None):
            for row in family.rows[1:]:
                if not row.problems:
                    row.problems.append(RowProblem(row.number, "", f"its principal (row {principal.number}) was "
                                                                   "rejected; fix that row and import both again"))
        elif not principals and family.case_id is None and len(family.rows) > 1:
            principal.notes.append(f"No principal row for family {family.key!r}: this person is recorded as "
                                   "the principal")
    return list(families.values())


def assign_roles(family: Family) -> None:
    """Principal first; everyone else by their stated relationship (OTHER when none was given)."""
    for position, row in enumerate(family.rows):
        rel = row.person.get("relationship_to_principal", Relationship.SELF.value)
        as_principal = position == 0 and family.case_id is None
        if as_principal:
            if rel != Relationship.SELF.value:
                row.notes.append(f"Relationship as written: {rel.lower()}")
            rel = Relationship.SELF.value
        elif rel == Relationship.SELF.value:
            rel = Relationship.OTHER.value
            if row.relationship_given:
                row.notes.append("Marked as the principal, but the family already has one")
        role = PersonRole.PRINCIPAL if as_principal else role_for(Relationship(rel))
        if role is PersonRole.PRINCIPAL and not as_principal:
            role = PersonRole.ADDITIONAL
        row.person.update(relationship_to_principal=rel, role=role.value)


def accepted(family: Family) -> list[ParsedRow]:
    return [r for r in family.rows if not r.problems]


def case_values(family: Family) -> dict[str, Any]:
    """Case fields from the principal row; differing values on other rows go to the notes."""
    values = dict(family.principal.case_fields)
    for row in family.rows[1:]:
        for key, value in row.case_fields.items():
            if key not in values:
                values[key] = value
            elif values[key] != value:
                family.notes.append(f"Row {row.number} gives {key.replace('_', ' ')}: {value}")
    return values
