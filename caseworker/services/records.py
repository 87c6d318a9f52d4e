"""Shared steps of the case services: loading with a version check, snapshots
for the audit trail, and keeping the denormalised list columns and the search
index in step with a case's people."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from caseworker.domain.errors import ConflictError, NotFoundError
from caseworker.store import search
from caseworker.store.base import utcnow
from caseworker.store.models import AuditEvent, Case, ContactEntry, Person

CASE_FIELDS = (
    "reference", "post_code", "scheme", "category", "referral_source", "referrer", "employer",
    "job_role", "priority", "vulnerabilities", "assigned_to_id", "current_country", "current_area",
    "status", "eligibility_outcome", "eligibility_basis", "security_status", "duplicate_of_id", "notes",
)  # fmt: skip
PERSON_FIELDS = (
    "role", "relationship_to_principal", "name_original", "doc_surname", "doc_given_names",
    "variants", "father_name", "father_name_original", "sex", "birth_date", "birth_precision",
    "nationality", "place_of_birth", "person_status", "cleared_to_travel",
)  # fmt: skip


def snapshot(record: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(record, name) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that changed, as (before, after)."""
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def load_case(
    session: Session, case_id: int, expected_version: int | None = None, *, people: bool = False
) -> Case:
    query = select(Case).where(Case.id == case_id)
    if people:
        query = query.options(
            selectinload(Case.people).selectinload(Person.documents),
            selectinload(Case.people).selectinload(Person.contact_points),
        )
    case = session.execute(query).scalar_one_or_none()
    if case is None:
        raise NotFoundError(f"no case with id {case_id}")
    if expected_version is not None and case.version != expected_version:
        raise ConflictError(conflict_message(session, case))
    return case


def case_by_reference(session: Session, reference: str) -> Case:
    ref = (reference or "").strip().upper()
    case = session.execute(select(Case).where(Case.reference == ref)).scalar_one_or_none()
    if case is None:
        raise NotFoundError(f"no case with reference {ref!r}")
    return case


def _last_change(session: Session, case: Case) -> str:
    """" by officer at 14:02" for the case's latest recorded change ("" if none)."""
    last = session.execute(
        select(AuditEvent)
        .where(AuditEvent.case_id == case.id, AuditEvent.action.not_like("view.%"))
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    ).scalar_one_or_none()
    return f" by {last.actor_name} at {last.occurred_at:%H:%M}" if last else ""


def conflict_message(session: Session, case: Case) -> str:
    who = _last_change(session, case)
    return f"case {case.reference} was changed{who} since you opened it; reload it to see their change"


def status_conflict_message(session: Session, case: Case, expected: str) -> str:
    who = _last_change(session, case)
    return (f"case {case.reference} is {case.status}, not {expected}: it was changed{who}; "
            "nothing was moved")


def touch(case: Case) -> None:
    """Mark the case changed: the flush bumps its version (and checks the old one)."""
    case.updated_at = utcnow()


def family(session: Session, case_id: int) -> list[Person]:
    """The case's people in order, with their documents and numbers loaded."""
    session.flush()
    return list(
        session.execute(
            select(Person)
            .where(Person.case_id == case_id)
            .order_by(Person.id)
            .options(selectinload(Person.documents), selectinload(Person.contact_points))
        ).scalars()
    )


def refresh_family(session: Session, case: Case) -> None:
    """Recompute the list columns that come from the family, and the search rows.

    Call it before `touch`, so that the case is written (and its version
    bumped) once per save."""
    people = family(session, case.id)
    search.reindex_case(session, case, people)  # before the case changes: no flush of it here
    principal = next((p for p in people if p.role == "PRINCIPAL"), people[0] if people else None)
    case.family_size = len(people)
    case.principal_name = principal.latin_name if principal else ""
    case.principal_name_original = principal.name_original if principal else ""


def refresh_contact_columns(session: Session, case_id: int) -> None:
    """last_contact_at / next_follow_up, without bumping the case version:
    logging a call must not make someone else's open edit conflict."""
    latest = session.execute(
        select(ContactEntry.occurred_at).where(ContactEntry.case_id == case_id).order_by(
            ContactEntry.occurred_at.desc(), ContactEntry.id.desc()
        ).limit(1)
    ).scalar_one_or_none()
    follow_up = session.execute(
        select(ContactEntry.next_follow_up)
        .where(ContactEntry.case_id == case_id, ContactEntry.next_follow_up.is_not(None))
        .order_by(ContactEntry.occurred_at.desc(), ContactEntry.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    session.execute(
        update(Case)
        .where(Case.id == case_id)
        .values(last_contact_at=latest, next_follow_up=follow_up)
        .execution_options(synchronize_session=False)
    )
