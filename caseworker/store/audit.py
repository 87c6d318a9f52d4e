"""The hash-chained, author-signed audit trail: append inside the caller's transaction, verify on demand.

Each event's hash covers its fields and the previous event's hash. That alone
stops nobody who can write the store: they can edit an event and recompute
every later hash. So, from the start of the signed chain on (an
`audit.signing_start` event for a store upgraded from an unsigned one; event 1
for a new store), every event by a user also carries that user's Ed25519
signature of `"<seq>:<hash>"` (context `caseworker/audit-event/1`, see
docs/signatures.md). A user's public key enters the trail in a
`user.signing_key` event and leaves it in a `user.signing_key_revoked` event
(when they are disabled or their key replaced); the verifier takes keys only
from the trail itself, walking it in order. Changing or removing an event
therefore breaks the signature of the next event signed by anyone, and
rewriting history needs the private key (so the password) of every later
author. Events by the system itself (failed sign-ins) are not signed; they are
protected by the next signed event. The tail after the last signed event, and a
trail cut short, are caught by an anchor: a head (seq and hash) recorded
outside the store, checked by `verify_anchor`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.domain import signing
from caseworker.store.base import canonical_json, utcnow
from caseworker.store.models import AuditEvent, AuditHead

GENESIS = "0" * 64
SIGNING_START = "audit.signing_start"
KEY_ADDED = "user.signing_key"
KEY_REVOKED = "user.signing_key_revoked"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: a signed-in user (with their signing key), or the system itself (id None)."""

    id: int | None
    username: str
    signer: Ed25519PrivateKey | None = field(default=None, compare=False, repr=False)
    signer_id: str = field(default="", compare=False, repr=False)  # its key id, if the caller knows it


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


def signed_body(seq: int, digest: str) -> bytes:
    """What an author signs for an event, and what an anchor records: `"<seq>:<hash>"`."""
    return f"{seq}:{digest}".encode("ascii")


def _sign(event: AuditEvent, actor: Actor) -> None:
    if actor.signer is None or actor.id is None:
        return
    event.signature = signing.sign(actor.signer, signing.AUDIT_EVENT, signed_body(event.seq, event.hash)).hex()
    event.signer = actor.signer_id or signing.key_id(actor.signer.public_key())


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
    _sign(event, actor)
    head.seq, head.hash = event.seq, event.hash
    session.add(event)
    return event


def start_signed_chain(session: Session) -> AuditEvent:
    """Mark where signatures start on a store whose older events were never signed."""
    return append(
        session, SYSTEM, SIGNING_START, "store", None,
        summary="audit events from here on are signed by their authors; earlier ones are hash-chained only",
    )  # fmt: skip


def head(session: Session) -> tuple[int, str]:
    """The chain's head now: (seq, hash) of its last event."""
    row = session.get(AuditHead, 1)
    return (row.seq, row.hash) if row is not None else (0, GENESIS)


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
        _sign(event, actor)
        rows.append({c: getattr(event, c) for c in _COLUMNS})
    if rows:
        session.execute(insert(AuditEvent), rows)
        head.seq, head.hash = seq, prev


_COLUMNS = (
    "seq", "occurred_at", "actor_id", "actor_name", "action", "entity_type", "entity_id", "case_id",
    "summary", "before", "after", "prev_hash", "hash", "signature", "signer",
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
    anchors_held: tuple[Any, ...] = ()  # the anchors the trail still holds (store.anchors.Anchor)

    @property
    def ok(self) -> bool:
        return not self.problems


def _describe(event: AuditEvent) -> str:
    target = f"{event.entity_type} {event.entity_id}" if event.entity_id is not None else event.entity_type
    return f"event #{event.seq} ({event.action} on {target} by {event.actor_name} at {event.occurred_at:%Y-%m-%d %H:%M:%S})"


def _events(session: Session) -> Iterator[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=2000)
    yield from session.execute(query).scalars()


class _Keys:
    """The users' public keys as the trail itself registers and withdraws them, in order."""

    def __init__(self) -> None:
        self.current: dict[int, Ed25519PublicKey] = {}
        self.withdrawn: dict[int, int] = {}  # user id → seq of the withdrawal

    def learn(self, event: AuditEvent) -> None:
        if event.entity_type != "user" or event.entity_id is None:
            return
        if event.action == KEY_ADDED and isinstance(event.after, dict):
            try:
                self.current[event.entity_id] = signing.public_from_raw(bytes.fromhex(str(event.after["public"])))
            except (KeyError, ValueError):
                return
            self.withdrawn.pop(event.entity_id, None)
        elif event.action == KEY_REVOKED:
            if self.current.pop(event.entity_id, None) is not None:
                self.withdrawn[event.entity_id] = event.seq

    def check(self, event: AuditEvent) -> str | None:
        """What is wrong with this event's signature, if anything."""
        if event.actor_id is None:
            return f"{_describe(event)} carries a signature but claims no author" if event.signature else None
        key = self.current.get(event.actor_id)
        if key is None:
            if event.actor_id in self.withdrawn:
                return (
                    f"{_describe(event)} is signed with a key withdrawn at event #{self.withdrawn[event.actor_id]} "
                    f"(when {event.actor_name} was disabled or given a new key)"
                )
            if event.signature:
                return f"{_describe(event)} is signed with a key the trail never registered for {event.actor_name}"
            return None  # a user before their first sign-in since signing began (or before it began)
        if not event.signature:
            return f"{_describe(event)} is not signed by its author"
        try:
            signature = bytes.fromhex(event.signature)
        except ValueError:
            signature = b""
        if not signing.verify(key, signature, signing.AUDIT_EVENT, signed_body(event.seq, event.hash)):
            return f"{_describe(event)} is not signed with {event.actor_name}'s key: it was altered or forged"
        return None


def signed_from(session: Session) -> int:
    """The first event of the signed chain: 1 for a store created signed, else its signing_start event.

    Informational: the verifier takes keys from the trail, and an event by a user with a
    registered key must carry their signature whether it falls before or after this.
    """
    query = select(AuditEvent.seq).where(AuditEvent.action == SIGNING_START, AuditEvent.actor_id.is_(None))
    return session.execute(query.order_by(AuditEvent.seq).limit(1)).scalar_one_or_none() or 1


def verify_chain(session: Session, limit: int = 50) -> ChainReport:
    """Walk the whole chain; report every edited, inserted, missing or wrongly signed event (up to `limit`)."""
    problems: list[ChainProblem] = []
    expected_seq, prev_hash, count = 1, GENESIS, 0
    keys = _Keys()
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
        if event.action == KEY_ADDED:
            keys.learn(event)  # a user's first event may be signed with the key it registers
        wrong = keys.check(event)
        if wrong:
            problems.append(ChainProblem(event.seq, wrong))
        if event.action != KEY_ADDED:
            keys.learn(event)
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


def verify_anchor(session: Session, seq: int, digest: str) -> ChainProblem | None:
    """Does the trail still hold the event an anchor recorded (its seq and hash, or a prefix of the hash)?"""
    event = session.execute(select(AuditEvent).where(AuditEvent.seq == seq)).scalar_one_or_none()
    if event is None:
        last = head(session)[0]
        return ChainProblem(seq, (
            f"the anchor records event #{seq}, but the trail ends at #{last}: it has been cut short"
            if last < seq else f"event #{seq}, recorded in the anchor, is missing from the trail"
        ))  # fmt: skip
    if not event.hash.startswith(digest.lower()) or len(digest) < 8:
        return ChainProblem(seq, f"event #{seq} is not the one the anchor recorded: the trail was rewritten")
    return None
