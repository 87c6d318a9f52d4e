"""Saving a whole person from the edit dialog: details, documents and numbers at once.

`PeopleService` edits a person's details, documents and numbers in separate
calls. The case detail's person dialog edits all three together, and one press
of Save must be one transaction: either everything the user typed is stored,
or (on a conflict or bad input) nothing is.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import select

from caseworker.domain.errors import NotFoundError, ValidationError
from caseworker.domain.roles import Action
from caseworker.services import records, views
from caseworker.services.context import Service
from caseworker.services.dto import CaseDetail
from caseworker.services.inputs import PersonInput
from caseworker.store import audit
from caseworker.store.base import utcnow
from caseworker.store.models import ContactPoint, IdentityDocument, Person

_DOCUMENT_FIELDS = ("doc_type", "number", "issuing_state", "issue_date", "expiry_date")


def _label(person: Person) -> str:
    return person.latin_name or person.name_original or "person"


def _doc_words(values: dict[str, Any]) -> str:
    return f"{values['doc_type'].lower().replace('_', ' ')} {values['number']}".strip()


class FamilyService(Service):
    def save_person(
        self,
        person_id: int,
        expected_case_version: int | None,
        data: PersonInput,
        *,
        keep_documents: Collection[int],
        keep_contact_points: Collection[int],
    ) -> CaseDetail:
        """Update `person_id` from `data` in one transaction.

        Existing documents and numbers whose ids are not in `keep_*` are removed;
        `data.documents` and `data.contact_points` are added as new ones.
        """
        self._ctx.require(Action.EDIT_CASE)
        values = data.clean()
        new_documents = [d.clean() for d in data.documents]
        new_points = [c.clean() for c in data.contact_points]
        actor = self.user.actor
        with self._ctx.write() as session:
            person = session.get(Person, person_id)
            if person is None:
                raise NotFoundError(f"no person with id {person_id}")
            case = records.load_case(session, person.case_id, expected_case_version)
            if values["role"] == "PRINCIPAL" and person.role != "PRINCIPAL":
                others = select(Person.id).where(
                    Person.case_id == case.id, Person.role == "PRINCIPAL", Person.id != person.id
                )
                if session.execute(others).first() is not None:
                    raise ValidationError("this case already has a principal", field="role")
            changed = False
            old, new = records.diff(records.snapshot(person, tuple(values)), values)
            if new:
                for key, value in new.items():
                    setattr(person, key, value)
                person.updated_at = utcnow()
                audit.append(
                    session, actor, "person.update", "person", person.id, case_id=case.id,
                    summary=f"edited {_label(person)}: " + ", ".join(sorted(k for k in new if k != "name_key")),
                    before=old, after=new,
                )  # fmt: skip
                changed = True
            for doc in [d for d in person.documents if d.id not in keep_documents]:
                before = records.snapshot(doc, _DOCUMENT_FIELDS)
                person.documents.remove(doc)
                audit.append(
                    session, actor, "document.remove", "document", doc.id, case_id=case.id,
                    summary=f"removed {_doc_words(before)} of {_label(person)}", before=before,
                )
                changed = True
            for doc_values in new_documents:
                doc = IdentityDocument(**doc_values)
                person.documents.append(doc)
                session.flush()
                audit.append(
                    session, actor, "document.add", "document", doc.id, case_id=case.id,
                    summary=f"added {_doc_words(doc_values)} for {_label(person)}", after=doc_values,
                )
                changed = True
            for point in [p for p in person.contact_points if p.id not in keep_contact_points]:
                before = records.snapshot(point, ("kind", "value", "label"))
                person.contact_points.remove(point)
                audit.append(
                    session, actor, "contact_point.remove", "contact_point", point.id, case_id=case.id,
                    summary=f"removed {point.kind.lower()} {point.value} of {_label(person)}", before=before,
                )
                changed = True
            kept = {(p.kind, p.value) for p in person.contact_points}
            for point_values in new_points:
                key = (point_values["kind"], point_values["value"])
                if key in kept:
                    raise ValidationError(f"{point_values['value']} is already recorded for this person", field="phone")
                kept.add(key)
                point = ContactPoint(**point_values)
                person.contact_points.append(point)
                session.flush()
                audit.append(
                    session, actor, "contact_point.add", "contact_point", point.id, case_id=case.id,
                    summary=f"added {point_values['kind'].lower()} {point_values['value']} for {_label(person)}",
                    after=point_values,
                )
                changed = True
            if changed:
                records.refresh_family(session, case)
                records.touch(case)
            return views.case_detail(session, case)
