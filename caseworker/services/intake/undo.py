"""Undoing a referral import, and the batches an interrupted import leaves.

``BatchUndo.undo`` removes what a batch created (its cases, its people with
their documents and numbers, its review-queue entries, its row fingerprints)
and puts back what it changed (values it filled in on people already held,
spellings it added, the notes of the held cases it joined, review entries it
rescored), in one transaction and one audit event. It does so only while
nothing later changed those records: any audited change to one of its cases
after the batch (a contact logged, a person edited, a merge, a later import
linking to its people) or a decided review entry stands in the way, and then
the undo lists what does and changes nothing.

A batch is written in chunks (``writer``). A batch still RUNNING whose process
is gone (a kill, a power cut) is *interrupted*: ``undo`` removes it, or
importing the same file from the same source again continues it
(``resumable``).
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from caseworker.domain.errors import NotFoundError, ValidationError
from caseworker.domain.roles import Action
from caseworker.services import records
from caseworker.services.context import ServiceContext
from caseworker.services.intake.dto import BatchInfo, UndoReport
from caseworker.store import audit
from caseworker.store.base import utcnow
from caseworker.store.models import (
    AuditEvent,
    Case,
    ContactPoint,
    DuplicateCandidate,
    IdentityDocument,
    ImportBatch,
    ImportRow,
    ImportUndo,
    Person,
    SearchRow,
)

RUNNING, COMPLETE, INTERRUPTED, UNDONE = "RUNNING", "COMPLETE", "INTERRUPTED", "UNDONE"
STALE = dt.timedelta(minutes=15)  # a RUNNING batch of another computer silent this long was interrupted
OWN_ACTIONS = ("intake.import", "intake.resume", "case.create", "person.add", "person.link", "duplicate.queue",
               "export.intake_outcomes")  # fmt: skip
SHOWN = 20  # blockers listed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def status_of(batch: ImportBatch, now: dt.datetime | None = None) -> str:
    """The batch's status, RUNNING becoming INTERRUPTED when the process writing it is gone."""
    if batch.status != RUNNING:
        return batch.status
    host, _, pid = (batch.owner or "").rpartition(":")
    if host == socket.gethostname()[:80] and pid.isdigit():
        return RUNNING if _alive(int(pid)) else INTERRUPTED
    beat = batch.heartbeat_at or batch.created_at
    return INTERRUPTED if beat is None or (now or utcnow()) - beat > STALE else RUNNING


def resumable(ctx: ServiceContext, sha256: str, source: str) -> int | None:
    """The interrupted batch of this file from this source, which a new run continues."""
    with ctx.read() as session:
        for batch in session.execute(select(ImportBatch).where(
                ImportBatch.file_sha256 == sha256, ImportBatch.source == source, ImportBatch.kind == "SPREADSHEET",
                ImportBatch.status.in_((RUNNING, INTERRUPTED))).order_by(ImportBatch.id.desc())).scalars():
            if status_of(batch) == INTERRUPTED:
                return batch.id
    return None


def abandon(ctx: ServiceContext, batch_id: int) -> None:
    """An import that failed or was cancelled part-way: take back its chunks (or mark it interrupted)."""
    try:
        report = BatchUndo(ctx).undo(batch_id, reason="the import was cancelled or failed part-way")
    except Exception:
        report = None
    if report is None or not report.done:
        with ctx.write() as session:
            session.execute(update(ImportBatch).where(ImportBatch.id == batch_id, ImportBatch.status == RUNNING)
                            .values(status=INTERRUPTED))


def _chunks(ids: Iterable[int], size: int = 500) -> list[list[int]]:
    items = sorted(set(ids))
    return [items[i:i + size] for i in range(0, len(items), size)]


class BatchUndo:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def batches(self, limit: int = 50) -> list[BatchInfo]:
        """The latest spreadsheet imports, newest first, with what undo would do to them."""
        self._ctx.require(Action.VIEW)
        with self._ctx.read() as session:
            rows = session.execute(select(ImportBatch).where(ImportBatch.kind == "SPREADSHEET")
                                   .order_by(ImportBatch.id.desc()).limit(limit)).scalars().all()
            return [BatchInfo(b.id, b.filename, b.source, b.created_at, status_of(b), dict(b.counts or {}))
                    for b in rows]

    def undo(self, batch_id: int, reason: str = "") -> UndoReport:
        self._ctx.require(Action.IMPORT)
        with self._ctx.write() as session:
            batch = session.get(ImportBatch, batch_id)
            if batch is None or batch.kind != "SPREADSHEET":
                raise NotFoundError(f"no referral import with batch number {batch_id}")
            status = status_of(batch)
            if status == UNDONE:
                raise ValidationError(f"import {batch_id} ({batch.filename}) was undone already", field="batch")
            if status == RUNNING and batch.owner != _own_tag():
                raise ValidationError(f"import {batch_id} ({batch.filename}) is still being written; wait for it "
                                      "to finish", field="batch")
            plan = _UndoPlan(session, batch)
            blockers = plan.blockers()
            if blockers:
                return UndoReport(batch_id, batch.filename, False, 0, 0, 0, tuple(blockers))
            plan.apply()
            audit.append(session, self._ctx.user.actor, "intake.undo", "import_batch", batch_id,
                         summary=f"undid the import of {batch.filename} ({batch.source or 'no source'}): removed "
                                 f"{len(plan.cases)} cases and {len(plan.people)} people, put back "
                                 f"{len(plan.reverted)} records" + (f" ({reason})" if reason else ""),
                         after={"cases": sorted(plan.cases), "people": sorted(plan.people),
                                "reverted": sorted(plan.reverted)})
            batch.status = UNDONE
            return UndoReport(batch_id, batch.filename, True, len(plan.cases), len(plan.people),
                              len(plan.reverted), ())


def _own_tag() -> str:
    from caseworker.services.intake.writer import owner_tag

    return owner_tag()


class _UndoPlan:
    """What undoing one batch removes and puts back, read in the undo's transaction."""

    def __init__(self, session: Session, batch: ImportBatch) -> None:
        self.session, self.batch = session, batch
        log = session.execute(select(ImportUndo).where(ImportUndo.batch_id == batch.id)).scalars().all()
        self.log = log
        self.cases = {e.entity_id for e in log if e.kind == "CREATED" and e.entity_type == "case"}
        made = session.execute(select(ImportRow.person_id).where(
            ImportRow.batch_id == batch.id, ImportRow.outcome.in_(("CREATED", "QUEUED")),
            ImportRow.person_id.is_not(None))).scalars()
        self.people = set(made)
        self.reverted = {(e.entity_type, e.entity_id) for e in log if e.kind == "UPDATED"}
        held_people = {e.entity_id for e in log if e.entity_type == "person"}
        added = {e.entity_id for e in log if e.kind == "CREATED" and e.entity_type in ("identity_document",
                                                                                       "contact_point")}
        owners = self._cases_of_people(self.people | held_people)
        self.affected = self.cases | owners | {e.entity_id for e in log if e.entity_type == "case"}
        self.added_rows = added

    def _cases_of_people(self, people: set[int]) -> set[int]:
        found: set[int] = set()
        for chunk in _chunks(people):
            found.update(self.session.execute(select(Person.case_id).where(Person.id.in_(chunk))).scalars())
        return found

    def blockers(self) -> list[str]:
        start = self.session.execute(select(AuditEvent.seq).where(
            AuditEvent.entity_type == "import_batch", AuditEvent.entity_id == self.batch.id,
            AuditEvent.action == "intake.import")).scalar_one_or_none() or 0
        last = self.batch.last_seq or start
        spans = [(start, last, self.batch.created_by_id)]  # this batch's own events, and those of batches undone
        for other in self.session.execute(select(ImportBatch).where(ImportBatch.status == UNDONE,
                                                                    ImportBatch.id > self.batch.id)).scalars():
            begun = self.session.execute(select(AuditEvent.seq).where(
                AuditEvent.entity_type == "import_batch", AuditEvent.entity_id == other.id,
                AuditEvent.action == "intake.import")).scalar_one_or_none()
            if begun is not None:
                spans.append((begun, other.last_seq or begun, other.created_by_id))
        out: list[str] = []
        refs: dict[int, str] = {}
        for chunk in _chunks(self.affected):
            refs.update(self.session.execute(select(Case.id, Case.reference).where(Case.id.in_(chunk))).all())
            events = self.session.execute(
                select(AuditEvent).where(AuditEvent.case_id.in_(chunk), AuditEvent.seq > start,
                                         AuditEvent.action.not_like("view.%"), AuditEvent.action.not_like("export.%"))
                .order_by(AuditEvent.seq)).scalars()
            for event in events:
                ours = event.action in OWN_ACTIONS and any(
                    low <= event.seq <= high and event.actor_id == actor for low, high, actor in spans)
                if not ours:
                    when = event.occurred_at.strftime("%Y-%m-%d %H:%M")
                    out.append(f"{refs.get(event.case_id or 0, event.case_id)}: {event.action} by "
                               f"{event.actor_name} on {when}: {event.summary[:120]}")
        decided = self.session.execute(select(DuplicateCandidate.id, DuplicateCandidate.status).where(
            DuplicateCandidate.batch_id == self.batch.id, DuplicateCandidate.status != "OPEN")).all()
        out += [f"review entry {entry} was decided ({status.lower().replace('_', ' ')})" for entry, status in decided]
        if len(out) > SHOWN:
            out = out[:SHOWN] + [f"… and {len(out) - SHOWN} more"]
        return out

    def apply(self) -> None:
        s = self.session
        s.execute(delete(DuplicateCandidate).where(DuplicateCandidate.batch_id == self.batch.id))
        for entry in self.log:
            if entry.kind == "UPDATED" and entry.entity_type == "duplicate_candidate":
                s.execute(update(DuplicateCandidate).where(DuplicateCandidate.id == entry.entity_id)
                          .values(**entry.before))
        for model, kind in ((IdentityDocument, "identity_document"), (ContactPoint, "contact_point")):
            ids = [e.entity_id for e in self.log if e.kind == "CREATED" and e.entity_type == kind]
            for chunk in _chunks(ids):
                s.execute(delete(model).where(model.id.in_(chunk)))
        for entry in self.log:
            if entry.kind == "UPDATED" and entry.entity_type == "person":
                person = s.get(Person, entry.entity_id)
                if person is not None:
                    for key, value in _values(entry.before).items():
                        setattr(person, key, value)
        s.execute(delete(ImportRow).where(ImportRow.batch_id == self.batch.id))
        for chunk in _chunks(self.people):
            s.execute(delete(SearchRow).where(SearchRow.person_id.in_(chunk)))
            s.execute(delete(Person).where(Person.id.in_(chunk)))
        for chunk in _chunks(self.cases):
            s.execute(delete(SearchRow).where(SearchRow.case_id.in_(chunk)))
            s.execute(delete(Person).where(Person.case_id.in_(chunk)))
            s.execute(delete(Case).where(Case.id.in_(chunk)))
        s.flush()
        notes = {e.entity_id: e.before.get("notes", "") for e in self.log
                 if e.kind == "UPDATED" and e.entity_type == "case"}
        for case_id in sorted((self.affected - self.cases) | set(notes)):
            case = s.get(Case, case_id)
            if case is None:
                continue
            if case_id in notes:
                case.notes = notes[case_id]
            records.refresh_family(s, case)
            records.touch(case)
        s.execute(delete(ImportUndo).where(ImportUndo.batch_id == self.batch.id))


def _values(before: dict[str, Any]) -> dict[str, Any]:
    out = dict(before)
    if isinstance(out.get("birth_date"), str):
        out["birth_date"] = dt.date.fromisoformat(out["birth_date"][:10])
    return out
