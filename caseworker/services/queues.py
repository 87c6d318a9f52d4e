"""Work queues: the named views of the sidebar, as SQL conditions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, or_, true

from caseworker.domain.roles import Role
from caseworker.domain.workflow import Status
from caseworker.services.context import CurrentUser
from caseworker.store.models import Case

CLOSED = (Status.CLOSED, Status.WITHDRAWN, Status.DUPLICATE, Status.TRANSFERRED, Status.ARRIVED, Status.INELIGIBLE)
OPEN_STATUSES = tuple(s.value for s in Status if s not in CLOSED)

Condition = Callable[[CurrentUser, dt.datetime], ColumnElement[bool]]


@dataclass(frozen=True, slots=True)
class Queue:
    name: str
    label: str
    condition: Condition
    roles: frozenset[Role] | None = None  # None: everyone

    def visible_to(self, role: Role) -> bool:
        return self.roles is None or role in self.roles


def _status(*statuses: Status) -> ColumnElement[bool]:
    return Case.status.in_([s.value for s in statuses])


QUEUES: tuple[Queue, ...] = (
    Queue("mine", "My cases", lambda u, now: and_(Case.assigned_to_id == u.id, Case.status.in_(OPEN_STATUSES))),
    Queue(
        "first_contact",
        "Needs first contact",
        lambda u, now: and_(_status(Status.REFERRED, Status.CONTACTING), Case.last_contact_at.is_(None)),
    ),
    Queue(
        "stale",
        "No contact for 7+ days",
        lambda u, now: and_(
            Case.status.in_(OPEN_STATUSES),
            or_(
                Case.last_contact_at < now - dt.timedelta(days=7),
                and_(Case.last_contact_at.is_(None), Case.created_at < now - dt.timedelta(days=7)),
            ),
        ),
    ),
    Queue("eligibility", "Awaiting eligibility", lambda u, now: _status(Status.ELIGIBILITY_REVIEW)),
    Queue(
        "approval",
        "Awaiting approval",
        lambda u, now: _status(Status.SECURITY_CLEARED),
        frozenset({Role.OFFICER}),
    ),
    Queue("letter_ready", "Ready for a letter", lambda u, now: _status(Status.AUTHORISED)),
    Queue("letters_to_print", "Letters to print", lambda u, now: _status(Status.LETTER_ISSUED)),
    Queue(
        "crossed",
        "Crossed in the last 7 days",
        lambda u, now: and_(_status(Status.CROSSED), Case.status_changed_at >= now - dt.timedelta(days=7)),
    ),
    Queue("all", "All cases", lambda u, now: true()),
)
BY_NAME = {q.name: q for q in QUEUES}
