"""The store-wide duplicate scan: ``services.intake.scan_store(progress, cancelled)``.

Imports fill the review queue with what they bring in; people who were
already held twice before (a family referred by the MoD and again by an MP,
entered by hand at two posts) are found only by looking at the store itself.
The scan reads everyone in one read transaction, pairs them with the blocking
and scoring of an import (``scan_match``), and writes the new pairs to the
review queue in one short write transaction, with one audit event each.

A pair already in the queue, merged or marked "not a duplicate" is never
queued again, so running the scan twice adds nothing. An identical document
number in two different cases is queued as a strong candidate, never merged
automatically: both are live cases someone is working on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from caseworker.domain.dedup_scores import QUEUE_THRESHOLD, SCAN_THRESHOLD
from caseworker.domain.errors import ValidationError
from caseworker.domain.roles import Action
from caseworker.domain.workflow import Status
from caseworker.services.context import ServiceContext
from caseworker.services.intake.dto import QueuedPair, ScanReport
from caseworker.services.intake.scan_load import load_held
from caseworker.services.intake.scan_match import CasePair, SelfMatcher
from caseworker.services.intake.sheets import ImportCancelled
from caseworker.store import audit
from caseworker.store.base import utcnow
from caseworker.store.models import Case, DuplicateCandidate

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
SCALE = 1000
LOADED, MATCHED = 250, 950  # progress: reading the store, then pairing (the bulk), then writing
IN_CHUNK = 500


def _scaled(progress: Progress | None, start: int, end: int) -> Progress | None:
    if progress is None:
        return None
    return lambda done, total: progress(start + (end - start) * done // max(total, 1), SCALE)


def _known_pairs(session: Session) -> set[tuple[int, int]]:
    """Every pair in the review queue, whatever its status: open, merged or not a duplicate."""
    rows = session.execute(select(DuplicateCandidate.case_low_id, DuplicateCandidate.case_high_id))
    return {(low, high) for low, high in rows}


class StoreScan:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def run(self, progress: Progress | None = None, cancelled: Cancelled | None = None,
            min_score: int = SCAN_THRESHOLD) -> ScanReport:
        """Queue every new pair of cases that may be one family; the report names them."""
        self._ctx.require(Action.MERGE)
        if not QUEUE_THRESHOLD <= min_score <= 100:
            raise ValidationError(f"the lowest score must be from {QUEUE_THRESHOLD} to 100", field="min_score")
        started = time.perf_counter()
        with self._ctx.read() as session:
            known = _known_pairs(session)
            held = load_held(session, _scaled(progress, 0, LOADED), cancelled)
        if progress:
            progress(LOADED, SCALE)
        matcher = SelfMatcher(held, min_score, lambda low, high: (low, high) in known)
        found = matcher.pairs(_scaled(progress, LOADED, MATCHED), cancelled)
        cases = len({record.group for record in held.records})
        del held
        if cancelled and cancelled():
            raise ImportCancelled()
        queued: list[QueuedPair] = []
        if found:
            with self._ctx.write() as session:
                queued = self._write(session, found)
        if progress:
            progress(SCALE, SCALE)
        return ScanReport(
            people=len(matcher.records), cases=cases, compared=matcher.compared, found=len(found),
            queued=len(queued), already_known=len(matcher.known),
            same_document=sum(1 for p in found.values() if p.same_document),
            seconds=round(time.perf_counter() - started, 2), duplicates=tuple(queued),
        )  # fmt: skip

    def _write(self, session: Session, found: dict[tuple[int, int], CasePair]) -> list[QueuedPair]:
        """New queue entries for the pairs still new and still live (the scan read a moment ago)."""
        known = _known_pairs(session)
        ids = sorted({case_id for pair in found for case_id in pair})
        live: dict[int, str] = {}
        for start in range(0, len(ids), IN_CHUNK):
            live.update(session.execute(select(Case.id, Case.reference).where(
                Case.id.in_(ids[start:start + IN_CHUNK]), Case.status != Status.DUPLICATE.value)).all())
        new = sorted(((key, pair) for key, pair in found.items()
                      if key not in known and key[0] in live and key[1] in live),
                     key=lambda item: (-item[1].result.score, item[0]))  # fmt: skip
        if not new:
            return []
        now = utcnow()
        reasons = [list(pair.result.reasons) + [f"but {c}" for c in pair.result.conflicts] for _, pair in new]
        values: list[dict[str, Any]] = [
            {"case_low_id": low, "case_high_id": high, "score": pair.result.score, "reasons": why,
             "pairs": sorted(pair.people, key=lambda p: -p["score"]), "status": "OPEN", "batch_id": None, "note": "",
             "created_at": now} for ((low, high), pair), why in zip(new, reasons, strict=True)]  # fmt: skip
        entry_ids = session.execute(insert(DuplicateCandidate).returning(DuplicateCandidate.id,
                                                                         sort_by_parameter_order=True),
                                    values).scalars().all()  # fmt: skip
        audit.append_many(session, self._ctx.user.actor, [{
            "action": "duplicate.queue", "entity_type": "duplicate_candidate", "entity_id": entry_id, "case_id": low,
            "summary": f"possible duplicate found by a store scan (score {pair.result.score}): "
                       f"{live[low]} and {live[high]}: {pair.result.explanation}",
            "after": {"cases": [low, high], "score": pair.result.score, "reasons": why, "found_by": "scan"},
        } for entry_id, ((low, high), pair), why in zip(entry_ids, new, reasons, strict=True)])  # fmt: skip
        return [QueuedPair(live[low], live[high], pair.result.score, tuple(why))
                for ((low, high), pair), why in zip(new, reasons, strict=True)]
