"""The disclosure ledger: which partner received which fields about whom, when.

A disclosure is a row of a handoff that was written (later recalled or not).
Prepared, approved and cancelled handoffs disclosed nothing; they show only
when asked for (`include_pending`).
"""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from caseworker.domain.roles import Action
from caseworker.services.context import Service
from caseworker.services.handoffs import records
from caseworker.services.handoffs.dto import DisclosedPerson, Disclosure, PartnerDisclosure
from caseworker.services.handoffs.partners import load_partner
from caseworker.store.models import Handoff, HandoffRow, Partner, Person

DISCLOSED = ("WRITTEN", "RECALLED")
PENDING = ("PREPARED", "APPROVED")


def _disclosures(session: Session, stmt: Select) -> list[Disclosure]:  # type: ignore[type-arg]
    result = session.execute(stmt).all()
    users = records.usernames(session, (u for _, h, _ in result for u in (h.written_by_id, h.approved_by_id)))
    names = dict(session.execute(
        select(Person.id, Person.doc_given_names + " " + Person.doc_surname)
        .where(Person.id.in_({row.person_id for row, _, _ in result}))
    ).all()) if result else {}  # fmt: skip
    return [
        Disclosure(
            row.person_id, row.case_id, names.get(row.person_id, "").strip() or f"person {row.person_id} (removed)",
            h.id, h.reference, partner.name, partner.display_name, h.status, h.kind, row.change,
            row.position, records.fields_of(h), h.written_at, users.get(h.written_by_id or -1),
            users.get(h.approved_by_id or -1), h.closed_at, h.close_note,
        )  # fmt: skip
        for row, h, partner in result
    ]


class LedgerService(Service):
    def _base(self, include_pending: bool) -> Select:  # type: ignore[type-arg]
        statuses = DISCLOSED + PENDING if include_pending else DISCLOSED
        return (
            select(HandoffRow, Handoff, Partner)
            .join(Handoff, Handoff.id == HandoffRow.handoff_id)
            .join(Partner, Partner.id == Handoff.partner_id)
            .where(Handoff.status.in_(statuses), HandoffRow.position.is_not(None))
            .order_by(Handoff.written_at.desc().nulls_first(), Handoff.id.desc(), HandoffRow.person_id)
        )

    def for_person(self, person_id: int, *, include_pending: bool = False) -> list[Disclosure]:
        """Every handoff that gave this person's details to a partner, newest first."""
        self._ctx.require(Action.VIEW)
        with self._ctx.read() as session:
            return _disclosures(session, self._base(include_pending).where(HandoffRow.person_id == person_id))

    def for_case(self, case_id: int, *, include_pending: bool = False) -> list[Disclosure]:
        """The same for every person of a case (including people since removed from it)."""
        self._ctx.require(Action.VIEW)
        with self._ctx.read() as session:
            return _disclosures(session, self._base(include_pending).where(HandoffRow.case_id == case_id))

    def for_partner(self, partner: str, *, include_pending: bool = False) -> list[PartnerDisclosure]:
        """Every handoff given to a partner, with the people in each, newest first."""
        self._ctx.require(Action.VIEW)
        statuses = DISCLOSED + PENDING if include_pending else DISCLOSED
        with self._ctx.read() as session:
            found = load_partner(session, partner)
            handoffs = list(session.execute(
                select(Handoff).where(Handoff.partner_id == found.id, Handoff.status.in_(statuses))
                .order_by(Handoff.written_at.desc().nulls_first(), Handoff.id.desc())
            ).scalars())  # fmt: skip
            views = records.handoff_views(session, handoffs)
            people: dict[int, list[DisclosedPerson]] = {h.id: [] for h in handoffs}
            if handoffs:
                stmt = (select(HandoffRow.handoff_id, HandoffRow.person_id, HandoffRow.case_id, HandoffRow.position,
                               HandoffRow.change)
                        .where(HandoffRow.handoff_id.in_(people), HandoffRow.position.is_not(None))
                        .order_by(HandoffRow.handoff_id, HandoffRow.position))  # fmt: skip
                for hid, pid, cid, pos, change in session.execute(stmt):
                    people[hid].append(DisclosedPerson(pid, cid, pos, change))
            return [PartnerDisclosure(v, tuple(people[v.id])) for v in views]
