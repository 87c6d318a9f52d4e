"""The hash-chained audit trail: append inside the caller's transaction, verify on demand."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.store.base import canonical_json, utcnow
from caseworker.store.models import AuditEvent, AuditHead

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: a signed-in user, or the system itself (id None)."""

    id: int | None
    username: str


SYSTEM = Actor(None, "system")


def plain(value: Any) -> Any:
    """`value` as JSON-native data, so the hash is the same before and after storage."""
    return None if value is None else json.loads(canonical_json(value))


def _digest(prev_hash: str, event: AuditEvent) -> str:
    payload = {
        "seq": event.seq,
        "at": event.occurred_at.isoformat(),
        "actor_id": event.actor_id,
        "actor": event.actor_name,
        "action": event.action,
        "entity": [event.entity_type, event.entity_id],
        "case_id": event.case_id,
        "summary": event.summary,
        "before": event.before,
        "after": event.after,
    }
    return hashlib.sha256((prev_hash + canonical_json(payload)).encode()).hexdigest()


def append(
    session: Session,
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: int | None,
    *,
    case_id: int | None = None,
    summary: str = "",
    before: Any = None,
    after: Any = None,
) -> AuditEvent:
    """Add one event to the chain, in the caller's transaction."""
    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one()
    event = AuditEvent(
        seq=head.seq + 1,
        occurred_at=utcnow(),
        actor_id=actor.id,
        actor_name=actor.username,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        case_id=case_id,
        summary=summary,
        before=plain(before),
        after=plain(after),
        prev_hash=head.hash,
    )
    event.hash = _digest(head.hash, event)
    head.seq, head.hash = event.seq, event.hash
    session.add(event)
    return event


def append_many(session: Session, actor: Actor, events: list[dict[str, Any]]) -> None:
    """Append many events at once (bulk jobs); each dict holds append()'s keyword arguments
    plus `action`, `entity_type` and `entity_id`."""
    from sqlalchemy import insert

    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one()
    rows, prev = [], head.hash
    seq = head.seq
    now = utcnow()
    for spec in events:
        seq += 1
        event = AuditEvent(
            seq=seq, occurred_at=now, actor_id=actor.id, actor_name=actor.username,
            action=spec["action"], entity_type=spec["entity_type"], entity_id=spec.get("entity_id"),
            case_id=spec.get("case_id"), summary=spec.get("summary", ""),
            before=plain(spec.get("before")), after=plain(spec.get("after")), prev_hash=prev,
        )  # fmt: skip
        prev = event.hash = _digest(prev, event)
        rows.append({c: getattr(event, c) for c in _COLUMNS})
    if rows:
        session.execute(insert(AuditEvent), rows)
        head.seq, head.hash = seq, prev


_COLUMNS = (
    "seq", "occurred_at", "actor_id", "actor_name", "action", "entity_type", "entity_id", "case_id",
    "summary", "before", "after", "prev_hash", "hash",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ChainProblem:
    seq: int
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class ChainReport:
    events: int
    problems: tuple[ChainProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _describe(event: AuditEvent) -> str:
    target = f"{event.entity_type} {event.entity_id}" if event.entity_id is not None else event.entity_type
    return f"event #{event.seq} ({event.action} on {target} by {event.actor_name} at {event.occurred_at:%Y-%m-%d %H:%M:%S})"


def _events(session: Session) -> Iterator[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=2000)
    yield from session.execute(query).scalars()


def verify_chain(session: Session, limit: int = 50) -> ChainReport:
    """Walk the whole chain; report every edited, inserted or missing event (up to `limit`)."""
    problems: list[ChainProblem] = []
    expected_seq, prev_hash, count = 1, GENESIS, 0
    for event in _events(session):
        count += 1
        if event.seq != expected_seq:
            missing = (
                f"event #{expected_seq} is missing"
                if event.seq == expected_seq + 1
                else f"events #{expected_seq}–#{event.seq - 1} are missing"
            )
            problems.append(ChainProblem(expected_seq, f"{missing} (deleted from the trail)"))
        elif event.prev_hash != prev_hash:
            problems.append(ChainProblem(event.seq, f"{_describe(event)} does not follow the event before it"))
        if _digest(event.prev_hash, event) != event.hash:
            problems.append(ChainProblem(event.seq, f"{_describe(event)} has been altered"))
        prev_hash, expected_seq = event.hash, event.seq + 1
        if len(problems) >= limit:
            break
    else:
        head = session.get(AuditHead, 1)
        if head is not None and (head.seq != expected_seq - 1 or head.hash != prev_hash):
            if head.seq >= expected_seq:
                problems.append(
                    ChainProblem(expected_seq, f"the last events from #{expected_seq} to #{head.seq} are missing")
                )
            else:
                problems.append(ChainProblem(head.seq, "the chain's head record does not match its last event"))
    return ChainReport(count, tuple(problems))
