"""What a reviewer sees before merging: both cases' fields side by side, and who is the same person.

``proposed_pairs`` pairs people of the two cases one to one, strongest first,
by the de-duplication score; ``merge_preview`` shows every case field and,
for each proposed pair, every person field, as display text.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.domain.dedup import compare
from caseworker.domain.errors import ValidationError
from caseworker.domain.workflow import Status
from caseworker.services import records, views
from caseworker.services.intake.dto import FieldDiff, MergePreview, PersonPairing
from caseworker.services.intake.matching import person_record
from caseworker.store.models import Attachment, Case, ContactEntry, Person, User

CASE_FIELDS = (
    ("scheme", "Scheme"), ("category", "Category"), ("referral_source", "Referral source"),
    ("referrer", "Referrer"), ("employer", "Employer"), ("job_role", "Job or role"), ("priority", "Priority"),
    ("vulnerabilities", "Vulnerabilities"), ("current_country", "Current country"),
    ("current_area", "Current area"), ("post_code", "Post"), ("assigned_to_id", "Assigned to"), ("notes", "Notes"),
)  # fmt: skip
PERSON_FIELDS = (
    ("doc_given_names", "Given names (document)"), ("doc_surname", "Surname (document)"),
    ("name_original", "Name in original script"), ("father_name", "Father's name"),
    ("father_name_original", "Father's name (original script)"), ("sex", "Sex"), ("birth", "Date of birth"),
    ("nationality", "Nationality"), ("place_of_birth", "Place of birth"),
)  # fmt: skip
PAIRING_SCORE = 65


def _display(key: str, value: Any, users: dict[int, str]) -> str:
    if key == "assigned_to_id":
        return users.get(value, "") if value else ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def person_value(person: Person, key: str) -> Any:
    if key == "birth":
        return (person.birth_date, person.birth_precision) if person.birth_date else None
    return getattr(person, key)


def _person_display(person: Person, key: str) -> str:
    if key == "birth":
        return views.birth_display(person) if person.birth_date else ""
    return _display(key, getattr(person, key), {})


def person_label(person: Person) -> str:
    return f"{person.latin_name or person.name_original} ({person.relationship_to_principal.lower()})"


def merge_preview(session: Session, survivor_id: int, other_id: int) -> MergePreview:
    """Both cases' fields side by side and the proposed "same person" pairs."""
    survivor, other = load_pair(session, survivor_id, other_id)
    users = {uid: name for uid, name in session.execute(select(User.id, User.username))}
    case_fields = tuple(FieldDiff(k, label, _display(k, getattr(survivor, k), users),
                                  _display(k, getattr(other, k), users)) for k, label in CASE_FIELDS)
    pairings = tuple(_pairing(s, o, score, reasons) for s, o, score, reasons in proposed_pairs(session, survivor, other))
    return MergePreview(
        survivor.id, survivor.reference, survivor.version, other.id, other.reference, other.version,
        case_fields, pairings, tuple((p.id, person_label(p)) for p in survivor.people),
        tuple((p.id, person_label(p)) for p in other.people),
        len(session.execute(select(ContactEntry.id).where(ContactEntry.case_id == other.id)).all()),
        len(session.execute(select(Attachment.id).where(Attachment.case_id == other.id)).all()),
    )  # fmt: skip


def _pairing(s: Person, o: Person, score: int, reasons: tuple[str, ...]) -> PersonPairing:
    fields = tuple(FieldDiff(k, label, _person_display(s, k), _person_display(o, k)) for k, label in PERSON_FIELDS)
    return PersonPairing(s.id, o.id, score, reasons, fields)


def load_pair(session: Session, survivor_id: int, other_id: int,
              versions: tuple[int | None, int | None] = (None, None)) -> tuple[Case, Case]:
    """Both cases with their people, checking versions; neither may be merged already."""
    if survivor_id == other_id:
        raise ValidationError("a case cannot be merged with itself", field="case")
    survivor = records.load_case(session, survivor_id, versions[0], people=True)
    other = records.load_case(session, other_id, versions[1], people=True)
    for case in (survivor, other):
        if case.status == Status.DUPLICATE.value:
            raise ValidationError(f"{case.reference} was already merged into another case", field="case")
    return survivor, other


def proposed_pairs(session: Session, survivor: Case, other: Case) -> list[tuple[Person, Person, int, tuple[str, ...]]]:
    """One-to-one "same person" proposals, strongest first."""
    def record(p: Person) -> Any:
        return person_record(p, {(d.doc_type, d.number_norm) for d in p.documents if d.number_norm},
                             {c.value for c in p.contact_points if c.kind != "EMAIL"})

    scored = []
    for s in survivor.people:
        for o in other.people:
            result = compare(record(s), record(o))
            if result.score >= PAIRING_SCORE or result.auto_link:
                scored.append((result.score, s, o, result.reasons))
    scored.sort(key=lambda x: -x[0])
    used_s: set[int] = set()
    used_o: set[int] = set()
    out = []
    for score, s, o, reasons in scored:
        if s.id not in used_s and o.id not in used_o:
            used_s.add(s.id)
            used_o.add(o.id)
            out.append((s, o, score, reasons))
    return out
