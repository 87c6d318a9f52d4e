"""A case's people, their identity documents and their phone numbers."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from caseworker.domain.errors import NotFoundError, ValidationError
from caseworker.domain.roles import Action
from caseworker.services import records, views
from caseworker.services.context import Service
from caseworker.services.dto import CaseDetail
from caseworker.services.inputs import ContactPointInput, DocumentInput, PersonInput
from caseworker.store import audit
from caseworker.store.audit import Actor
from caseworker.store.base import utcnow
from caseworker.store.models import Case, ContactPoint, IdentityDocument, Person


def _person_label(values: dict[str, Any]) -> str:
    latin = " ".join(p for p in (values.get("doc_given_names"), values.get("doc_surname")) if p)
    return latin or values.get("name_original") or "person"


def insert_person(
    session: Session,
    actor: Actor,
    case: Case,
    values: dict[str, Any],
    documents: list[dict[str, Any]] | None = None,
    contact_points: list[dict[str, Any]] | None = None,
) -> Person:
    """Add a person (already cleaned) with their documents and numbers, audited."""
    person = Person(case_id=case.id, **values)
    session.add(person)
    session.flush()
    for doc in documents or []:
        session.add(IdentityDocument(person_id=person.id, **doc))
    for point in contact_points or []:
        session.add(ContactPoint(person_id=person.id, **point))
    audit.append(
        session, actor, "person.add", "person", person.id, case_id=case.id,
        summary=f"added {values['relationship_to_principal'].lower()} {_person_label(values)}",
        after={**values, "documents": documents or [], "contact_points": contact_points or []},
    )
    return person


def clean_person(data: PersonInput) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    values = data.clean()
    documents = [d.clean() for d in data.documents]
    points = [c.clean() for c in data.contact_points]
    return values, documents, points


class PeopleService(Service):
    def add(self, case_id: int, expected_version: int | None, data: PersonInput) -> CaseDetail:
        self._ctx.require(Action.EDIT_CASE)
        values, documents, points = clean_person(data)
        with self._ctx.write() as session:
            case = records.load_case(session, case_id, expected_version)
            if values["role"] == "PRINCIPAL" and case.family_size:
                raise ValidationError("this case already has a principal", field="role")
            insert_person(session, self.user.actor, case, values, documents, points)
            records.refresh_family(session, case)
            records.touch(case)
            return views.case_detail(session, case)

    def _person(self, session: Session, person_id: int) -> Person:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFoundError(f"no person with id {person_id}")
        return person

    def update(self, person_id: int, expected_case_version: int | None, data: PersonInput) -> CaseDetail:
        """Replace a person's details (documents and numbers are edited separately)."""
        self._ctx.require(Action.EDIT_CASE)
        values = data.clean()
        with self._ctx.write() as session:
            person = self._person(session, person_id)
            case = records.load_case(session, person.case_id, expected_case_version)
            before = records.snapshot(person, tuple(values))
            old, new = records.diff(before, values)
            if new:
                for key, value in values.items():
                    setattr(person, key, value)
                person.updated_at = utcnow()
                audit.append(
                    session, self.user.actor, "person.update", "person", person.id, case_id=case.id,
                    summary=f"edited {_person_label(values)}: " + ", ".join(sorted(k for k in new if k != "name_key")),
                    before=old, after=new,
                )
                records.refresh_family(session, case)
                records.touch(case)
            return views.case_detail(session, case)

    def remove(self, person_id: int, expected_case_version: int | None, reason: str) -> CaseDetail:
        self._ctx.require(Action.EDIT_CASE)
        if not (reason or "").strip():
            raise ValidationError("a reason is required to remove a person", field="reason")
        with self._ctx.write() as session:
            person = self._person(session, person_id)
            case = records.load_case(session, person.case_id, expected_case_version)
            if person.role == "PRINCIPAL":
                raise ValidationError("the principal cannot be removed; close or merge the case instead", field="role")
            snapshot = records.snapshot(person, records.PERSON_FIELDS)
            snapshot["documents"] = [records.snapshot(d, ("doc_type", "number", "expiry_date")) for d in person.documents]
            session.delete(person)
            audit.append(
                session, self.user.actor, "person.remove", "person", person_id, case_id=case.id,
                summary=f"removed {_person_label(snapshot)}: {reason.strip()}", before=snapshot,
            )
            records.refresh_family(session, case)
            records.touch(case)
            return views.case_detail(session, case)

    def add_document(self, person_id: int, expected_case_version: int | None, data: DocumentInput) -> CaseDetail:
        self._ctx.require(Action.EDIT_CASE)
        values = data.clean()
        with self._ctx.write() as session:
            person = self._person(session, person_id)
            case = records.load_case(session, person.case_id, expected_case_version)
            doc = IdentityDocument(person_id=person.id, **values)
            session.add(doc)
            session.flush()
            audit.append(
                session, self.user.actor, "document.add", "document", doc.id, case_id=case.id,
                summary=f"added {values['doc_type'].lower().replace('_', ' ')} {values['number']} for {person.latin_name or person.name_original}",
                after=values,
            )
            records.refresh_family(session, case)
            records.touch(case)
            return views.case_detail(session, case)

    def verify_document(self, document_id: int) -> CaseDetail:
        """Record that a caseworker has checked the original document."""
        self._ctx.require(Action.EDIT_CASE)
        with self._ctx.write() as session:
            doc = session.get(IdentityDocument, document_id)
            if doc is None:
                raise NotFoundError(f"no document with id {document_id}")
            case = records.load_case(session, doc.person.case_id)
            doc.verified_by_id, doc.verified_at = self.user.id, utcnow()
            records.touch(case)
            audit.append(
                session, self.user.actor, "document.verify", "document", doc.id, case_id=case.id,
                summary=f"verified {doc.doc_type.lower().replace('_', ' ')} {doc.number}",
            )
            return views.case_detail(session, case)

    def remove_document(self, document_id: int, expected_case_version: int | None) -> CaseDetail:
        self._ctx.require(Action.EDIT_CASE)
        with self._ctx.write() as session:
            doc = session.get(IdentityDocument, document_id)
            if doc is None:
                raise NotFoundError(f"no document with id {document_id}")
            case = records.load_case(session, doc.person.case_id, expected_case_version)
            before = records.snapshot(doc, ("doc_type", "number", "issuing_state", "issue_date", "expiry_date"))
            session.delete(doc)
            audit.append(
                session, self.user.actor, "document.remove", "document", document_id, case_id=case.id,
                summary=f"removed {before['doc_type'].lower().replace('_', ' ')} {before['number']}", before=before,
            )
            records.refresh_family(session, case)
            records.touch(case)
            return views.case_detail(session, case)

    def add_contact_point(self, person_id: int, data: ContactPointInput) -> CaseDetail:
        self._ctx.require(Action.EDIT_CASE)
        values = data.clean()
        with self._ctx.write() as session:
            person = self._person(session, person_id)
            case = records.load_case(session, person.case_id)
            if any(p.kind == values["kind"] and p.value == values["value"] for p in person.contact_points):
                raise ValidationError(f"{values['value']} is already recorded for this person", field="phone")
            point = ContactPoint(person_id=person.id, **values)
            session.add(point)
            session.flush()
            audit.append(
                session, self.user.actor, "contact_point.add", "contact_point", point.id, case_id=case.id,
                summary=f"added {values['kind'].lower()} {values['value']}", after=values,
            )
            records.refresh_family(session, case)
            records.touch(case)
            return views.case_detail(session, case)
