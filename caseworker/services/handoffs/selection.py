"""Which people a handoff is for: a selection of cases or people, a status,
a queue, or everyone due at a crossing point in a date window."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from caseworker.domain.errors import ValidationError
from caseworker.domain.validation import clean_text
from caseworker.domain.workflow import Status
from caseworker.services.context import CurrentUser
from caseworker.services.handoffs import letter_fields
from caseworker.services.queues import BY_NAME
from caseworker.store.models import Case, Person


@dataclass(frozen=True, slots=True)
class Batch:
    """What the partner is told about the movement as a whole."""

    crossing_point: str = ""
    window_from: dt.date | None = None
    window_to: dt.date | None = None
    uk_contact: str | None = None  # None: the profile's point of contact

    def checked(self) -> Batch:
        crossing = clean_text(self.crossing_point, "crossing point", max_length=100)
        if (self.window_from is None) != (self.window_to is None):
            raise ValidationError("give both ends of the expected window", field="window")
        if self.window_from and self.window_to and self.window_to < self.window_from:
            raise ValidationError("the window ends before it starts", field="window")
        contact = None if self.uk_contact is None else clean_text(self.uk_contact, "UK point of contact", max_length=200)
        return Batch(crossing, self.window_from, self.window_to, contact)


@dataclass(frozen=True, slots=True)
class HandoffSelection:
    """Exactly one way of choosing people."""

    case_ids: tuple[int, ...] = ()
    person_ids: tuple[int, ...] = ()
    status: str | None = None
    queue: str | None = None
    by_crossing: bool = False  # everyone whose letter covers the batch's crossing point and window

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.case_ids:
            data["case_ids"] = list(self.case_ids)
        if self.person_ids:
            data["person_ids"] = list(self.person_ids)
        if self.status:
            data["status"] = self.status
        if self.queue:
            data["queue"] = self.queue
        if self.by_crossing:
            data["by_crossing"] = True
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> HandoffSelection:
        return cls(tuple(data.get("case_ids", ())), tuple(data.get("person_ids", ())), data.get("status"),
                   data.get("queue"), bool(data.get("by_crossing")))  # fmt: skip

    def describe(self) -> str:
        if self.case_ids:
            return f"{len(self.case_ids)} selected case(s)"
        if self.person_ids:
            return f"{len(self.person_ids)} selected people"
        if self.status:
            return f"status {self.status}"
        if self.queue:
            return f"queue {BY_NAME[self.queue].label if self.queue in BY_NAME else self.queue}"
        return "everyone due at the crossing point in the window"


def _check_one_way(selection: HandoffSelection) -> None:
    ways = sum(bool(x) for x in (selection.case_ids, selection.person_ids, selection.status,
                                  selection.queue, selection.by_crossing))  # fmt: skip
    if ways != 1:
        raise ValidationError("choose the people one way: cases, people, a status, a queue or a crossing",
                              field="selection")  # fmt: skip


def resolve_people(session: Session, user: CurrentUser, selection: HandoffSelection, batch: Batch) -> list[int]:
    """The person ids of the selection, families together (by case reference), principal first."""
    _check_one_way(selection)
    stmt = select(Person.id).join(Case, Case.id == Person.case_id)
    if selection.case_ids:
        stmt = stmt.where(Case.id.in_(selection.case_ids))
    elif selection.person_ids:
        stmt = stmt.where(Person.id.in_(selection.person_ids))
    elif selection.status:
        status = _status(selection.status)
        stmt = stmt.where(or_(and_(Case.status == status, Person.person_status.is_(None)), Person.person_status == status))
    elif selection.queue:
        queue = BY_NAME.get(selection.queue)
        if queue is None or not queue.visible_to(user.role):
            raise ValidationError(f"unknown queue {selection.queue!r}", field="queue")
        stmt = stmt.where(queue.condition(user, dt.datetime.now(dt.UTC)))
    else:
        if not (batch.crossing_point and batch.window_from and batch.window_to):
            raise ValidationError("a batch by crossing needs the crossing point and both window dates", field="crossing")
        ids = letter_fields.people_crossing(session, batch.crossing_point, batch.window_from, batch.window_to)
        stmt = stmt.where(Person.id.in_(ids))
    not_principal = Person.role != "PRINCIPAL"  # false sorts first
    return list(session.execute(stmt.order_by(Case.reference, not_principal, Person.id)).scalars())


def _status(value: str) -> str:
    text = str(value).strip().upper()
    if text not in Status.__members__:
        raise ValidationError(f"{value!r} is not a status", field="status")
    return Status[text].value
