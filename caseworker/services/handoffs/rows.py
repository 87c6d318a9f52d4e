"""Turning people into the cells a partner will receive.

Each profile field has one getter here, reading only what that field needs.
Values are made safe (`cells.safe_text`) as the snapshot is built, so the
snapshot, the preview and the written file hold the very same cells.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from caseworker.documents.cells import MAX_CELL, safe_text
from caseworker.domain.partner_profile import PartnerProfile
from caseworker.domain.pseudonyms import group_id
from caseworker.domain.vocab import DocumentType
from caseworker.services.handoffs import letter_fields
from caseworker.services.handoffs.dto import CellValue
from caseworker.services.handoffs.selection import Batch
from caseworker.store.base import canonical_json
from caseworker.store.models import IdentityDocument, Person

_CHUNK = 500
_MAX_WARNINGS = 200
_DOCUMENT_PREFERENCE = {"PASSPORT": 0, "E_TAZKIRA": 1, "SINGLE_JOURNEY": 2, "PAPER_TAZKIRA": 3}
_LETTER_FIELDS = {"letter_reference", "letter_valid_from", "letter_valid_to"}
_DOCUMENT_FIELDS = {"document_type", "document_number", "document_expiry"}


@dataclass(slots=True)
class SnapshotRow:
    person_id: int
    case_id: int
    cells: list[CellValue]
    label: str = ""  # who, for warnings ("MOHAMMAD KARIMI")
    notes: tuple[str, ...] = ()  # what the preparer should look at


def warnings_for(rows: Sequence[SnapshotRow]) -> tuple[str, ...]:
    """What the preparer should look at, numbered as in the file. A note shared by
    several rows is said once ("no identity document: 3 rows (4, 9, 12)")."""
    by_note: dict[str, list[int]] = {}
    for number, row in enumerate(rows, 1):
        for note in row.notes:
            by_note.setdefault(note, []).append(number)
    items = []
    for note, numbers in by_note.items():
        if len(numbers) == 1:
            items.append(f"row {numbers[0]} ({rows[numbers[0] - 1].label}): {note}")
        else:
            shown = ", ".join(str(n) for n in numbers[:12]) + (", …" if len(numbers) > 12 else "")
            items.append(f"{note}: {len(numbers):,} rows ({shown})")
    if len(items) > _MAX_WARNINGS:
        return (*items[:_MAX_WARNINGS], f"… and {len(items) - _MAX_WARNINGS:,} more")
    return tuple(items)


@dataclass(slots=True)
class _Person:
    """What the getters may read about one person."""

    person: Person
    document: IdentityDocument | None
    letter: letter_fields.LetterInfo | None
    group: str
    batch: Batch
    uk_contact: str
    profile: PartnerProfile


def best_document(documents: Sequence[IdentityDocument]) -> IdentityDocument | None:
    """The travel document to show: passport first, then e-tazkira …; the latest expiry of a kind."""
    usable = [d for d in documents if d.doc_type in _DOCUMENT_PREFERENCE]
    if not usable:
        return None
    return min(usable, key=lambda d: (_DOCUMENT_PREFERENCE[d.doc_type], -(d.expiry_date or dt.date.min).toordinal()))


def _estimated(p: _Person) -> str | None:
    if p.person.birth_date is None:
        return None
    return p.profile.no_text if p.person.birth_precision == "EXACT" else p.profile.yes_text


GETTERS: dict[str, Callable[[_Person], Any]] = {
    "row_number": lambda p: None,  # numbered once the order is final
    "group_id": lambda p: p.group,
    "surname": lambda p: p.person.doc_surname,
    "given_names": lambda p: p.person.doc_given_names,
    "full_name": lambda p: p.person.latin_name,
    "name_original": lambda p: p.person.name_original,
    "date_of_birth": lambda p: p.person.birth_date,
    "birth_estimated": _estimated,
    "sex": lambda p: p.person.sex,
    "nationality": lambda p: p.person.nationality,
    "document_type": lambda p: DocumentType(p.document.doc_type).label if p.document else None,
    "document_number": lambda p: p.document.number if p.document else None,
    "document_expiry": lambda p: p.document.expiry_date if p.document else None,
    "letter_reference": lambda p: p.letter.reference if p.letter else None,
    "letter_valid_from": lambda p: p.letter.valid_from if p.letter else None,
    "letter_valid_to": lambda p: p.letter.valid_to if p.letter else None,
    "crossing_point": lambda p: p.batch.crossing_point or None,
    "expected_from": lambda p: p.batch.window_from,
    "expected_to": lambda p: p.batch.window_to,
    "uk_contact": lambda p: p.uk_contact or None,
}


def _cell(value: Any) -> CellValue:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return value
    return safe_text(str(value))


def _notes(p: _Person, cells: list[CellValue]) -> tuple[str, ...]:
    fields = set(p.profile.fields)
    notes = []
    if fields & _DOCUMENT_FIELDS:
        if p.document is None:
            notes.append("no identity document")
        elif p.document.expiry_date and p.document.expiry_date < (p.batch.window_to or dt.date.today()):
            notes.append(f"document expires {p.document.expiry_date.isoformat()}")
    if "date_of_birth" in fields and p.person.birth_date is None:
        notes.append("no date of birth")
    if fields & _LETTER_FIELDS and p.letter is None:
        notes.append("no live travel-authorisation letter")
    for column, value in zip(p.profile.columns, cells, strict=True):
        if isinstance(value, str) and len(value) >= MAX_CELL:
            notes.append(f"{column.heading} was cut to fit a spreadsheet cell")
    return tuple(notes)


def build_rows(
    session: Session, person_ids: Sequence[int], profile: PartnerProfile, secret: bytes, batch: Batch
) -> list[SnapshotRow]:
    """The snapshot rows for `person_ids` (in that order), numbered from 1."""
    getters = [GETTERS[key] for key in profile.fields]
    uk_contact = profile.uk_contact if batch.uk_contact is None else batch.uk_contact
    number_at = profile.fields.index("row_number") if "row_number" in profile.fields else None
    wants_letters = bool(set(profile.fields) & _LETTER_FIELDS)
    rows: list[SnapshotRow] = []
    groups: dict[int, str] = {}
    for start in range(0, len(person_ids), _CHUNK):
        chunk = list(person_ids[start : start + _CHUNK])
        stmt = select(Person).where(Person.id.in_(chunk)).options(selectinload(Person.documents))
        people = {p.id: p for p in session.execute(stmt).scalars()}
        letters = letter_fields.letters_for_people(session, chunk) if wants_letters else {}
        for pid in chunk:
            person = people.get(pid)
            if person is None:
                continue
            if person.case_id not in groups:
                groups[person.case_id] = group_id(secret, person.case_id)
            data = _Person(person, best_document(person.documents), letters.get(pid), groups[person.case_id],
                           batch, uk_contact, profile)  # fmt: skip
            cells = [_cell(get(data)) for get in getters]
            if number_at is not None:
                cells[number_at] = len(rows) + 1
            label = safe_text(person.latin_name or person.name_original or f"person {pid}")[:80]
            rows.append(SnapshotRow(pid, person.case_id, cells, label, _notes(data, cells)))
        for person in people.values():  # keep memory flat on 100,000-row batches
            session.expunge(person)
    return rows


def digest(headings: Sequence[str], rows: Sequence[tuple[int, Sequence[CellValue]]]) -> str:
    """SHA-256 of exactly what a preview shows: headings, and each row's person and cells."""
    h = hashlib.sha256(canonical_json(list(headings)).encode())
    for person_id, cells in rows:
        h.update(b"\n")
        h.update(canonical_json([person_id, list(cells)]).encode())
    return h.hexdigest()
