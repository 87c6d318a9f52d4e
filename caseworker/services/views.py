"""ORM records → plain DTOs, inside the session that loaded them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.domain.birthdates import BirthDate, Precision
from caseworker.services import records
from caseworker.services.dto import (
    AttachmentView,
    CaseDetail,
    ContactEntryView,
    ContactPointView,
    DocumentView,
    PersonView,
)
from caseworker.store.models import Attachment, Case, ContactEntry, IdentityDocument, Person, User


def birth_display(person: Person) -> str:
    if person.birth_date is None:
        return "unknown"
    return BirthDate(person.birth_date, Precision(person.birth_precision)).display()


def document_view(doc: IdentityDocument) -> DocumentView:
    mrz_valid = None if not doc.mrz_checks else all(c.get("ok") for c in doc.mrz_checks)
    return DocumentView(
        doc.id, doc.doc_type, doc.number, doc.issuing_state, doc.issue_date, doc.expiry_date,
        mrz_valid, doc.verified_at is not None,
    )  # fmt: skip


def person_view(person: Person) -> PersonView:
    return PersonView(
        id=person.id,
        role=person.role,
        relationship=person.relationship_to_principal,
        name_original=person.name_original,
        doc_surname=person.doc_surname,
        doc_given_names=person.doc_given_names,
        variants=tuple(person.variants or ()),
        father_name=person.father_name,
        father_name_original=person.father_name_original,
        sex=person.sex,
        birth_date=person.birth_date,
        birth_precision=person.birth_precision,
        birth_display=birth_display(person),
        nationality=person.nationality,
        place_of_birth=person.place_of_birth,
        person_status=person.person_status,
        cleared_to_travel=person.cleared_to_travel,
        documents=tuple(document_view(d) for d in person.documents),
        contact_points=tuple(ContactPointView(c.id, c.kind, c.value, c.label) for c in person.contact_points),
    )


def usernames(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.username).where(User.id.in_(wanted)))
    return {user_id: name for user_id, name in rows}


def case_detail(session: Session, case: Case) -> CaseDetail:
    people = records.family(session, case.id)
    contacts = session.execute(
        select(ContactEntry)
        .where(ContactEntry.case_id == case.id)
        .order_by(ContactEntry.occurred_at.desc(), ContactEntry.id.desc())
    ).scalars().all()
    attachments = session.execute(
        select(Attachment).where(Attachment.case_id == case.id).order_by(Attachment.added_at, Attachment.id)
    ).scalars().all()
    names = usernames(
        session,
        {case.assigned_to_id} | {c.created_by_id for c in contacts} | {a.added_by_id for a in attachments},
    )
    duplicate_of = session.get(Case, case.duplicate_of_id).reference if case.duplicate_of_id else None
    return CaseDetail(
        id=case.id,
        reference=case.reference,
        status=case.status,
        status_changed_at=case.status_changed_at,
        priority=case.priority,
        post=case.post_code,
        scheme=case.scheme,
        category=case.category,
        referral_source=case.referral_source,
        referrer=case.referrer,
        employer=case.employer,
        job_role=case.job_role,
        vulnerabilities=tuple(case.vulnerabilities or ()),
        assigned_to_id=case.assigned_to_id,
        assigned_to=names.get(case.assigned_to_id) if case.assigned_to_id else None,
        current_country=case.current_country,
        current_area=case.current_area,
        eligibility_outcome=case.eligibility_outcome,
        eligibility_date=case.eligibility_date,
        eligibility_basis=case.eligibility_basis,
        security_status=case.security_status,
        duplicate_of=duplicate_of,
        notes=case.notes,
        last_contact_at=case.last_contact_at,
        next_follow_up=case.next_follow_up,
        created_at=case.created_at,
        updated_at=case.updated_at,
        version=case.version,
        people=tuple(person_view(p) for p in people),
        contacts=tuple(
            ContactEntryView(
                c.id, c.person_id, c.channel, c.handle, c.direction, c.occurred_at, c.outcome, c.note,
                c.next_follow_up, names.get(c.created_by_id) if c.created_by_id else None,
            )
            for c in contacts
        ),  # fmt: skip
        attachments=tuple(
            AttachmentView(
                a.id, a.person_id, a.kind, a.filename, a.media_type, a.size, a.sha256,
                names.get(a.added_by_id) if a.added_by_id else None, a.added_at,
            )
            for a in attachments
        ),  # fmt: skip
    )
