"""Merging two cases that are one family.

The survivor keeps its reference and status. Every person, document, phone
number, contact entry and attachment of the other case moves to it; where the
reviewer says two people are the same person, the other's documents, numbers,
spellings, contact entries and attachments go to the survivor's person and the
field values are chosen one by one. The other case becomes DUPLICATE pointing
at the survivor (a system transition), keeps its reference so that old
references still lead somewhere, and every step is audited with the values
that lost.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from caseworker.domain import names
from caseworker.domain.errors import ValidationError
from caseworker.domain.roles import Action
from caseworker.domain.workflow import Status, system_transition
from caseworker.services import records, views
from caseworker.services.cases import apply_transition
from caseworker.services.context import ServiceContext
from caseworker.services.dto import CaseDetail
from caseworker.services.intake.dto import DEFAULT_REASON, MergePreview, MergeRequest
from caseworker.services.intake.merge_preview import (
    CASE_FIELDS,
    PERSON_FIELDS,
    load_pair,
    merge_preview,
    person_label,
    person_value,
    proposed_pairs,
)
from caseworker.services.intake.review import MERGED, pair_row, repoint
from caseworker.store import audit
from caseworker.store.base import utcnow
from caseworker.store.models import (
    Attachment,
    Case,
    ContactEntry,
    ImportRow,
    Person,
)


class CaseMerger:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def preview(self, survivor_id: int, other_id: int) -> MergePreview:
        self._ctx.require(Action.VIEW)
        with self._ctx.read() as session:
            return merge_preview(session, survivor_id, other_id)

    # -- what the reviewer sees ---------------------------------------------------------------

    def merge(self, request: MergeRequest) -> CaseDetail:
        self._ctx.require(Action.MERGE)
        reason = " ".join((request.reason or DEFAULT_REASON).split())[:2000]
        actor = self._ctx.user.actor
        with self._ctx.write() as session:
            survivor, other = load_pair(session, request.survivor_id, request.other_id,
                                         (request.survivor_version, request.other_version))
            same = request.same_people
            if same is None:
                same = tuple((s.id, o.id) for s, o, _, _ in proposed_pairs(session, survivor, other))
            self._check_pairs(survivor, other, same)
            choices = self._case_fields(survivor, other, request.take_other)
            for s_id, o_id in same:
                self._same_person(session, survivor, session.get(Person, s_id), session.get(Person, o_id),
                                  request.person_take_other.get((s_id, o_id), frozenset()))  # type: ignore[arg-type]
            moved = self._move_people(session, survivor, other)
            entries = session.execute(update(ContactEntry).where(ContactEntry.case_id == other.id)
                                      .values(case_id=survivor.id)).rowcount
            files = session.execute(update(Attachment).where(Attachment.case_id == other.id)
                                    .values(case_id=survivor.id)).rowcount
            session.execute(update(ImportRow).where(ImportRow.case_id == other.id).values(case_id=survivor.id))
            session.expire(survivor, ["people"])
            session.expire(other, ["people"])
            self._close_pair(session, survivor.id, other.id)
            repoint(session, other.id, survivor.id, actor)
            other.duplicate_of_id = survivor.id
            other.notes = (f"{other.notes}\n" if other.notes else "") + f"Merged into {survivor.reference}: {reason}"
            apply_transition(session, self._ctx, other, system_transition(Status(other.status), Status.DUPLICATE,
                                                                          f"merged into {survivor.reference}: {reason}"))
            records.refresh_family(session, other)
            records.refresh_family(session, survivor)
            records.touch(survivor)
            session.flush()
            records.refresh_contact_columns(session, survivor.id)
            records.refresh_contact_columns(session, other.id)
            audit.append(
                session, actor, "case.merge", "case", survivor.id, case_id=survivor.id,
                summary=f"merged {other.reference} into {survivor.reference}: {reason}",
                after={"other": other.reference, "other_id": other.id, "field_choices": choices,
                       "same_people": [list(p) for p in same], "people_moved": moved, "contacts_moved": entries,
                       "attachments_moved": files},
            )  # fmt: skip
            session.expire(survivor)
            return views.case_detail(session, records.load_case(session, survivor.id, people=True))

    def _check_pairs(self, survivor: Case, other: Case, same: tuple[tuple[int, int], ...]) -> None:
        mine, theirs = {p.id for p in survivor.people}, {p.id for p in other.people}
        left, right = [s for s, _ in same], [o for _, o in same]
        if not set(left) <= mine or not set(right) <= theirs:
            raise ValidationError("a 'same person' pair names someone outside the two cases", field="people")
        if len(set(left)) != len(left) or len(set(right)) != len(right):
            raise ValidationError("each person can be the same as one other person only", field="people")

    def _case_fields(self, survivor: Case, other: Case, take_other: frozenset[str]) -> dict[str, Any]:
        """Apply the field choices; return every differing field with both values and the one kept."""
        unknown = take_other - {k for k, _ in CASE_FIELDS}
        if unknown:
            raise ValidationError(f"cannot choose {', '.join(sorted(unknown))}", field="fields")
        choices: dict[str, Any] = {}
        for key, _ in CASE_FIELDS:
            mine, theirs = getattr(survivor, key), getattr(other, key)
            if mine == theirs:
                continue
            kept = "other" if key in take_other else "survivor"
            if key == "notes" and key not in take_other:
                value = "\n\n".join(x for x in (mine, f"From {other.reference}:\n{theirs}" if theirs else "") if x)
                kept = "both"
            elif key == "vulnerabilities" and key not in take_other:
                value, kept = list(dict.fromkeys([*(mine or []), *(theirs or [])])), "both"
            elif kept == "survivor" and mine in ("", None, []) and theirs not in ("", None, []):
                value, kept = theirs, "other (survivor's was empty)"
            else:
                value = theirs if kept == "other" else mine
            choices[key] = {"survivor": mine, "other": theirs, "kept": kept}
            setattr(survivor, key, value)
        return choices

    def _same_person(self, session: Session, survivor: Case, keep: Person, gone: Person,
                     take_other: frozenset[str]) -> None:
        actor = self._ctx.user.actor
        before = records.snapshot(gone, records.PERSON_FIELDS)
        before["documents"] = [records.snapshot(d, ("doc_type", "number", "expiry_date")) for d in gone.documents]
        before["contact_points"] = [records.snapshot(c, ("kind", "value", "label")) for c in gone.contact_points]
        choices: dict[str, Any] = {}
        for key, _ in PERSON_FIELDS:
            mine, theirs = person_value(keep, key), person_value(gone, key)
            if mine == theirs:
                continue
            take = key in take_other or (mine in ("", None) and theirs not in ("", None))
            choices[key] = {"survivor": mine, "other": theirs, "kept": "other" if take else "survivor"}
            if take:
                if key == "birth":
                    keep.birth_date, keep.birth_precision = theirs if theirs else (None, keep.birth_precision)
                else:
                    setattr(keep, key, theirs)
        known = {names.normalise_latin(t) for t in (keep.latin_name, keep.name_original, *(keep.variants or [])) if t}
        spellings = [t for t in (gone.latin_name.title(), gone.name_original, *(gone.variants or []))
                     if t and names.normalise_latin(t) not in known]
        keep.variants = list(dict.fromkeys([*(keep.variants or []), *spellings]))[:20]
        held_docs = {(d.doc_type, d.number_norm) for d in keep.documents}
        for doc in list(gone.documents):
            if (doc.doc_type, doc.number_norm) not in held_docs:
                doc.person_id = keep.id
        held_points = {(c.kind, c.value) for c in keep.contact_points}
        for point in list(gone.contact_points):
            if (point.kind, point.value) not in held_points:
                point.person_id = keep.id
        session.flush()
        for model in (ContactEntry, Attachment, ImportRow):
            session.execute(update(model).where(model.person_id == gone.id).values(person_id=keep.id))
        keep.updated_at = utcnow()
        session.expire(gone)
        session.delete(gone)
        session.flush()
        audit.append(
            session, actor, "person.merge", "person", keep.id, case_id=survivor.id,
            summary=f"{before['doc_given_names']} {before['doc_surname']}".strip() + f" (person {gone.id}) is the same "
                    f"person as {keep.latin_name or keep.name_original} (person {keep.id})",
            before=before, after={"field_choices": choices, "spellings_added": spellings},
        )  # fmt: skip

    def _move_people(self, session: Session, survivor: Case, other: Case) -> int:
        has_principal = session.execute(select(Person.id).where(
            Person.case_id == survivor.id, Person.role == "PRINCIPAL")).first() is not None
        people = session.execute(select(Person).where(Person.case_id == other.id)).scalars().all()
        for person in people:
            person.case_id = survivor.id
            if person.role == "PRINCIPAL" and has_principal:
                person.role, person.relationship_to_principal = "ADDITIONAL", "OTHER"
            audit.append(
                session, self._ctx.user.actor, "person.move", "person", person.id, case_id=survivor.id,
                summary=f"moved {person_label(person)} from {other.reference} to {survivor.reference}",
                after={"from_case": other.id, "to_case": survivor.id, "role": person.role},
            )  # fmt: skip
        session.flush()
        return len(people)

    def _close_pair(self, session: Session, survivor_id: int, other_id: int) -> None:
        row = pair_row(session, survivor_id, other_id)
        if row is not None:
            row.status, row.resolved_at, row.resolved_by_id = MERGED, utcnow(), self._ctx.user.id
