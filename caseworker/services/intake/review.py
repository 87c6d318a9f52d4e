"""The duplicate review queue: what is waiting, and "not a duplicate" remembered.

Each pair of cases appears once (lower id first). A pair marked "not a
duplicate" keeps its row with that status, so no later import or scan
proposes it again.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from caseworker.domain.errors import NotFoundError, ValidationError
from caseworker.domain.roles import Action
from caseworker.domain.validation import clean_text
from caseworker.services import records
from caseworker.services.context import ServiceContext
from caseworker.services.intake.dto import DuplicatePair
from caseworker.store import audit
from caseworker.store.base import utcnow
from caseworker.store.models import Case, DuplicateCandidate

OPEN, MERGED, NOT_DUPLICATE = "OPEN", "MERGED", "NOT_DUPLICATE"


def pair_row(session: Session, case_a: int, case_b: int) -> DuplicateCandidate | None:
    low, high = sorted((case_a, case_b))
    return session.execute(select(DuplicateCandidate).where(
        DuplicateCandidate.case_low_id == low, DuplicateCandidate.case_high_id == high)).scalar_one_or_none()


def repoint(session: Session, merged_away: int, survivor: int, actor: audit.Actor) -> None:
    """Open pairs that named the merged-away case now name the survivor (or close)."""
    rows = session.execute(select(DuplicateCandidate).where(
        or_(DuplicateCandidate.case_low_id == merged_away, DuplicateCandidate.case_high_id == merged_away),
        DuplicateCandidate.status == OPEN)).scalars().all()
    for row in rows:
        other = row.case_high_id if row.case_low_id == merged_away else row.case_low_id
        existing = pair_row(session, survivor, other) if other != survivor else None
        if other == survivor or existing is not None:
            row.status, row.resolved_at, row.resolved_by_id = MERGED, utcnow(), actor.id
            if existing is not None and existing.status == OPEN and row.score > existing.score:
                existing.score, existing.reasons = row.score, row.reasons
            continue
        row.case_low_id, row.case_high_id = sorted((survivor, other))


class ReviewQueue:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def duplicates(self, status: str = OPEN, limit: int = 1000) -> list[DuplicatePair]:
        """Pairs with this status, highest score first."""
        self._ctx.require(Action.VIEW)
        return self._pairs(DuplicateCandidate.status == status, limit)

    def candidate(self, candidate_id: int) -> DuplicatePair:
        self._ctx.require(Action.VIEW)
        found = self._pairs(DuplicateCandidate.id == candidate_id, 1)
        if not found:
            raise NotFoundError(f"no duplicate candidate with id {candidate_id}")
        return found[0]

    def _pairs(self, where: object, limit: int) -> list[DuplicatePair]:
        a, b = aliased(Case), aliased(Case)
        query = (select(DuplicateCandidate, a, b)
                 .join(a, a.id == DuplicateCandidate.case_low_id).join(b, b.id == DuplicateCandidate.case_high_id)
                 .where(where).order_by(DuplicateCandidate.score.desc(), DuplicateCandidate.id).limit(limit))  # type: ignore[arg-type]
        with self._ctx.read() as session:
            return [
                DuplicatePair(
                    row.id, ca.id, ca.reference, ca.principal_name or ca.principal_name_original, cb.id, cb.reference,
                    cb.principal_name or cb.principal_name_original, row.score, tuple(row.reasons or ()), row.status,
                    row.created_at, tuple(row.pairs or ()),
                )  # fmt: skip
                for row, ca, cb in session.execute(query)
            ]

    def not_duplicate(self, case_a: int, case_b: int, reason: str = "") -> None:
        """Record that two cases are different families; they are never proposed again."""
        self._ctx.require(Action.MERGE)
        if case_a == case_b:
            raise ValidationError("give two different cases", field="case")
        note = clean_text(reason, "reason", max_length=2000)
        with self._ctx.write() as session:
            first, second = records.load_case(session, case_a), records.load_case(session, case_b)
            row = pair_row(session, case_a, case_b)
            if row is None:
                low, high = sorted((case_a, case_b))
                row = DuplicateCandidate(case_low_id=low, case_high_id=high, score=0, reasons=[], pairs=[], note="")
                session.add(row)
            elif row.status == MERGED:
                raise ValidationError("these cases have already been merged", field="case")
            row.status, row.resolved_at, row.resolved_by_id = NOT_DUPLICATE, utcnow(), self._ctx.user.id
            row.note = note
            session.flush()
            audit.append(
                session, self._ctx.user.actor, "duplicate.not_duplicate", "duplicate_candidate", row.id,
                case_id=first.id, summary=f"{first.reference} and {second.reference} are not duplicates"
                + (f": {note}" if note else ""), after={"cases": [first.id, second.id], "reason": note},
            )  # fmt: skip
