"""Work queues: the named views of the sidebar, as SQL conditions.

Each condition is a plain boolean expression over `Case` (a subquery at most,
never a join), so that `CaseQueries.queue_counts` can sum all of them in one
pass over the cases. Conditions that look at letters or handoffs use
uncorrelated `IN (SELECT ...)` subqueries: the database evaluates each once,
not once per case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, or_, select, true

from caseworker.domain.letters import LetterStatus
from caseworker.domain.roles import Action, Role, can
from caseworker.domain.workflow import Status
from caseworker.services.context import CurrentUser
from caseworker.store.models import Case, DuplicateCandidate, Handoff, HandoffRow, Letter

CLOSED = (Status.CLOSED, Status.WITHDRAWN, Status.DUPLICATE, Status.TRANSFERRED, Status.ARRIVED, Status.INELIGIBLE)
OPEN_STATUSES = tuple(s.value for s in Status if s not in CLOSED)

HANDOFF_PREPARED = "PREPARED"  # prepared, waiting for a second person's approval
DUPLICATE_OPEN = "OPEN"  # a pair in the duplicate review queue, waiting for a decision

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


def _letters_to_print(user: CurrentUser, now: dt.datetime) -> ColumnElement[bool]:
    """An issued letter, still valid today, that was never printed."""
    today = now.astimezone().date()
    unprinted = select(Letter.case_id).where(
        Letter.status == LetterStatus.ISSUED.value, Letter.print_count == 0, Letter.valid_to >= today
    )
    return Case.id.in_(unprinted)


def _awaiting_approval(user: CurrentUser, now: dt.datetime) -> ColumnElement[bool]:
    """What an authorising officer may sign off: a security-cleared case to authorise, a draft
    letter or a prepared handoff. Their own drafts and handoffs are left out: another officer
    must approve those."""
    drafts = select(Letter.case_id).where(
        Letter.status == LetterStatus.DRAFT.value,
        or_(Letter.drafted_by_id.is_(None), Letter.drafted_by_id != user.id),
    )
    handoffs = (
        select(HandoffRow.case_id)
        .join(Handoff, Handoff.id == HandoffRow.handoff_id)
        .where(Handoff.status == HANDOFF_PREPARED, Handoff.prepared_by_id != user.id)
    )
    return or_(_status(Status.SECURITY_CLEARED), Case.id.in_(drafts), Case.id.in_(handoffs))


def _possible_duplicates(user: CurrentUser, now: dt.datetime) -> ColumnElement[bool]:
    """One of a pair of cases in the duplicate review queue that nobody has decided on yet."""
    waiting = DuplicateCandidate.status == DUPLICATE_OPEN
    return or_(Case.id.in_(select(DuplicateCandidate.case_low_id).where(waiting)),
               Case.id.in_(select(DuplicateCandidate.case_high_id).where(waiting)))  # fmt: skip


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
    Queue("duplicates", "Possible duplicates", _possible_duplicates,
          frozenset(role for role in Role if can(role, Action.MERGE))),
    Queue("eligibility", "Awaiting eligibility", lambda u, now: _status(Status.ELIGIBILITY_REVIEW)),
    Queue("approval", "Awaiting approval", _awaiting_approval, frozenset({Role.OFFICER})),
    Queue("letter_ready", "Ready for a letter", lambda u, now: _status(Status.AUTHORISED)),
    Queue("letters_to_print", "Letters to print", _letters_to_print),
    Queue(
        "crossed",
        "Crossed in the last 7 days",
        lambda u, now: and_(_status(Status.CROSSED), Case.status_changed_at >= now - dt.timedelta(days=7)),
    ),
    Queue("all", "All cases", lambda u, now: true()),
)
BY_NAME = {q.name: q for q in QUEUES}
