"""Writing an import plan: in bulk, a chunk of families per transaction.

Cases, people, documents, numbers and search rows are inserted with
multi-row statements, their audit events appended in one chain step, the row
fingerprints written in the same chunk as the people they made. Each chunk is
its own transaction, so another writer on SQLite waits for one chunk at most,
never for the whole list. The batch stays one unit: it is RUNNING until its
last chunk (links to held people, the review queue, the held cases' notes)
marks it COMPLETE, and everything it created or changed is in its undo log
(``ImportUndo``). A kill between chunks leaves whole families and a batch that
``undo`` removes or a second run of the same file completes. Before writing,
the plan is checked against the store as it is now (rows imported meanwhile,
people merged away), so a plan made in a read transaction is never applied to
a changed store.
"""

from __future__ import annotations

import os
import socket
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import insert, select, text, update
from sqlalchemy.orm import Session

from caseworker.domain.workflow import Status
from caseworker.services import records
from caseworker.services.intake import families as fam
from caseworker.services.intake.additions import merge_into_targets
from caseworker.services.intake.bulk import complete_rows
from caseworker.services.intake.plan import CREATED, LINKED, QUEUED, UPDATED, ImportPlan, PlannedRow
from caseworker.services.intake.sheets import ImportCancelled
from caseworker.services.intake.writer_checks import check_still_valid, write_candidates
from caseworker.services.people import _person_label
from caseworker.store import audit
from caseworker.store.base import utcnow
from caseworker.store.models import (
    AuditHead,
    Case,
    ContactPoint,
    IdentityDocument,
    ImportBatch,
    ImportRow,
    ImportUndo,
    Person,
    SearchRow,
)
from caseworker.store.search import case_row, index_row

KEPT = (CREATED, QUEUED, LINKED, UPDATED)
CHUNK_ROWS = 300  # people written per transaction: another writer waits for one chunk at most (~0.3 s)
# After each chunk the writer steps aside this long, so that a writer waiting on the SQLite lock (whose
# busy handler sleeps up to 100 ms between tries) gets it rather than the next chunk: without the pause,
# chunks back to back starve it as surely as one long transaction.
PAUSE = 0.11
RUNNING, COMPLETE = "RUNNING", "COMPLETE"
Chunk = Callable[[], AbstractContextManager[Session]]
_RESERVE = text("INSERT INTO counters (name, value) VALUES (:name, :n) "
                "ON CONFLICT (name) DO UPDATE SET value = counters.value + :n RETURNING value")
Progress = Callable[[int, int], None]


def _reserve(session: Session, name: str, count: int) -> list[int]:
    last = int(session.execute(_RESERVE, {"name": name, "n": count}).scalar_one())
    return list(range(last - count + 1, last + 1))


def _chunks(items: list[Any], size: int = 500) -> list[list[Any]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def owner_tag() -> str:
    """Who is writing a batch: this host and process (an interrupted batch's owner is gone)."""
    return f"{socket.gethostname()[:80]}:{os.getpid()}"


class BatchWriter:
    """Writes a plan in chunks, each its own transaction (``chunk()`` gives one).

    A chunk holds whole families (cases, people, documents, numbers, search rows) with the
    fingerprints of their rows, so that a batch cut off between chunks is consistent and a
    second run of the same file continues it (``resume``). Links to people already held,
    the review queue and the held cases' notes come in the last chunk, which marks the batch
    COMPLETE. A dry run hands in a ``chunk()`` that gives the same transaction every time.
    """

    def __init__(self, chunk: Chunk, plan: ImportPlan, actor: audit.Actor, counts: dict[str, int],
                 rejects: list[dict[str, Any]], progress: Progress | None, cancelled: Callable[[], bool] | None,
                 resume: int | None = None, finish: Callable[[Session], None] | None = None,
                 pause: float = 0.0) -> None:
        self.chunk, self.plan, self.actor = chunk, plan, actor
        self.pause = pause  # seconds between chunks (PAUSE for a real import; a dry run has one transaction)
        self.counts, self.rejects = counts, rejects
        self.progress, self.cancelled = progress, cancelled
        self.resume, self.finish = resume, finish
        self.session: Session = None  # type: ignore[assignment]  # the chunk's session, while it runs
        self.batch_id: int | None = None
        self.events: list[dict[str, Any]] = []
        self.undo: list[dict[str, Any]] = []  # ImportUndo rows gathered in this chunk
        self.case_of: dict[int, int] = {}  # id(family) -> case id
        self.person_of: dict[int, int] = {}  # id(planned row) -> person id
        self.touched: set[int] = set()  # held cases that gained people or details
        self.joined_notes: dict[int, list[str]] = defaultdict(list)  # held case -> notes of rows joining it
        self.by_number = {p.row.number: p for p in plan.rows}
        self.creating: dict[int, list[PlannedRow]] = defaultdict(list)
        for p in plan.rows:
            if p.outcome in (CREATED, QUEUED):
                self.creating[id(p.family)].append(p)
        self.now = utcnow()

    def _step(self, done: int, total: int) -> None:
        if self.cancelled and self.cancelled():
            raise ImportCancelled()
        if self.progress:
            self.progress(done, total)

    def _flush_events(self) -> None:
        """Append the events and undo entries gathered so far (in chunks, to keep memory flat)."""
        audit.append_many(self.session, self.actor, self.events)
        self.events.clear()
        if self.undo:
            self.session.execute(insert(ImportUndo.__table__), complete_rows(ImportUndo.__table__, self.undo))
            self.undo.clear()

    def _end_chunk(self, status: str) -> None:
        self._flush_events()
        seq = self.session.execute(select(AuditHead.seq).where(AuditHead.id == 1)).scalar_one()
        self.session.execute(update(ImportBatch).where(ImportBatch.id == self.batch_id).values(
            status=status, heartbeat_at=utcnow(), last_seq=seq))

    def _units(self) -> list[list[PlannedRow]]:
        """The rows creating people, a family at a time (new families first), cut into chunks."""
        families = self.plan.new_families()
        new = {id(f) for f in families}
        units = [self.creating[id(f)] for f in families]
        units += [rows for key, rows in self.creating.items() if key not in new]
        chunks: list[list[PlannedRow]] = [[]]
        for rows in units:
            if chunks[-1] and len(chunks[-1]) + len(rows) > CHUNK_ROWS:
                chunks.append([])
            chunks[-1].extend(rows)
        return [c for c in chunks if c]

    def write(self) -> int:
        with self.chunk() as session:
            self.session = session
            check_still_valid(session, self.plan)
            batch = session.get(ImportBatch, self.resume) if self.resume else None
            if batch is None:
                batch = ImportBatch(
                    kind="SPREADSHEET", source=self.plan.source, filename=self.plan.raw.filename,
                    file_sha256=self.plan.raw.sha256, options=self.plan.mapping.to_json(self.plan.headings),
                    counts=self.counts, rejects=self.rejects, created_by_id=self.actor.id,
                )  # fmt: skip
                session.add(batch)
            batch.status, batch.owner, batch.heartbeat_at = RUNNING, owner_tag(), utcnow()
            session.flush()
            self.batch_id = batch.id
            self.events.append({
                "action": "intake.import" if not self.resume else "intake.resume", "entity_type": "import_batch",
                "entity_id": batch.id,
                "summary": f"{'imported' if not self.resume else 'resumed the import of'} {self.plan.raw.filename} "
                           f"from {self.plan.source or 'an unnamed source'}: "
                           + ", ".join(f"{v} {k}" for k, v in self.counts.items() if v),
                "after": {"counts": self.counts, "sha256": self.plan.raw.sha256},
            })  # fmt: skip
            self._end_chunk(RUNNING)
        merge_into_targets(self.plan.rows)
        chunks = self._units()
        total = sum(len(c) for c in chunks) + CHUNK_ROWS
        done = 0
        for rows in chunks:
            self._step(done, total)
            with self.chunk() as session:
                self.session = session
                families = list({id(p.family): p.family for p in rows if p.family.case_id is None}.values())  # type: ignore[union-attr]
                self._new_cases(families)  # type: ignore[arg-type]
                self._new_people(rows)
                self._fingerprints(rows)
                self._end_chunk(RUNNING)
            done += len(rows)
            if self.pause:
                time.sleep(self.pause)
        self._step(done, total)
        with self.chunk() as session:
            self.session = session
            self._link_held()
            self._fingerprints([p for p in self.plan.rows if p.outcome in (LINKED, UPDATED)])
            write_candidates(self)
            for case_id in sorted(self.touched):
                case = records.load_case(session, case_id)
                self.undo.append({"batch_id": self.batch_id, "kind": "UPDATED", "entity_type": "case",
                                  "entity_id": case_id, "before": {"notes": case.notes}})
                if self.joined_notes.get(case_id):
                    added = "\n".join(self.joined_notes[case_id])
                    case.notes = (f"{case.notes}\n{added}" if case.notes else added)[:20000]
                records.refresh_family(session, case)
                records.touch(case)
            session.flush()
            self._end_chunk(COMPLETE)
            if self.finish is not None:
                self.finish(session)
        self._step(total, total)
        return self.batch_id

    # -- new cases --------------------------------------------------------------------------

    def _creating(self, family: fam.Family) -> list[PlannedRow]:
        return self.creating[id(family)]

    def _notes(self, family: fam.Family, rows: list[PlannedRow]) -> str:
        source = self.plan.source or "an unnamed source"
        lines = [f"Imported from {source} ({self.plan.raw.filename}, row{'s' if len(rows) > 1 else ''} "
                 + ", ".join(str(p.row.number) for p in rows) + ")."]
        lines += family.notes
        for p in rows:
            lines += [f"Row {p.row.number} ({p.row.label}): {note}" for note in p.row.notes]
        return "\n".join(lines)

    def _new_cases(self, families: list[fam.Family]) -> None:
        defaults = self.plan.mapping.defaults
        by_post: dict[str, list[fam.Family]] = defaultdict(list)
        for family in families:
            by_post[(family.principal.post or defaults.get("post", "")).upper()].append(family)
        rows: list[dict[str, Any]] = []
        order: list[fam.Family] = []
        for post, members in sorted(by_post.items()):
            numbers = _reserve(self.session, f"case:{post}:{self.now.year}", len(members))
            for family, number in zip(members, numbers, strict=True):
                creating = self._creating(family)
                principal = creating[0].row.person
                values = {"scheme": defaults.get("scheme", "ARAP"), "referral_source": defaults.get("referral_source", "FCDO"),
                          "priority": defaults.get("priority", "NORMAL"), "referrer": self.plan.source[:200]}
                values.update(fam.case_values(family))
                rows.append({
                    **values, "reference": f"{post}-{self.now.year}-{number:05d}", "post_code": post,
                    "status": Status.REFERRED.value, "notes": self._notes(family, creating)[:20000],
                    "principal_name": " ".join(x for x in (principal["doc_given_names"], principal["doc_surname"]) if x),
                    "principal_name_original": principal["name_original"], "family_size": len(creating),
                    "created_by_id": self.actor.id, "created_at": self.now, "updated_at": self.now,
                    "status_changed_at": self.now, "version": 1,
                })  # fmt: skip
                order.append(family)
        if not rows:
            return
        rows = complete_rows(Case.__table__, rows)
        ids = self.session.execute(insert(Case.__table__).returning(Case.id, sort_by_parameter_order=True), rows).scalars().all()
        for family, case_id, values in zip(order, ids, rows, strict=True):
            self.case_of[id(family)] = case_id
            self.undo.append({"batch_id": self.batch_id, "kind": "CREATED", "entity_type": "case", "entity_id": case_id})
            self.events.append({
                "action": "case.create", "entity_type": "case", "entity_id": case_id, "case_id": case_id,
                "summary": f"created case {values['reference']} from {self.plan.source or 'an import'} "
                           f"({self.plan.raw.filename} row {family.principal.number})",
                "after": {k: values[k] for k in records.CASE_FIELDS if k in values},
            })  # fmt: skip
        self.session.execute(insert(SearchRow.__table__), complete_rows(SearchRow.__table__, [
            case_row(cid, r["reference"]) for cid, r in zip(ids, rows, strict=True)]))

    def case_id(self, family: fam.Family) -> int:
        return family.case_id if family.case_id is not None else self.case_of[id(family)]

    # -- new people ---------------------------------------------------------------------------

    def _new_people(self, creating: list[PlannedRow]) -> None:
        if not creating:
            return
        rows = [{**p.row.person, "variants": list(p.row.person.get("variants", [])),
                 "case_id": self.case_id(p.family), "created_at": self.now, "updated_at": self.now}  # type: ignore[arg-type]
                for p in creating]
        rows = complete_rows(Person.__table__, rows)
        ids = self.session.execute(insert(Person.__table__).returning(Person.id, sort_by_parameter_order=True), rows).scalars().all()
        documents, points, search_rows = [], [], []
        for p, person_id, values in zip(creating, ids, rows, strict=True):
            self.person_of[id(p)] = person_id
            documents += [{**d, "person_id": person_id, "created_at": self.now} for d in p.row.documents]
            points += [{**c, "person_id": person_id} for c in p.row.contact_points]
            if p.family.case_id is not None:  # type: ignore[union-attr]
                self.touched.add(p.family.case_id)  # type: ignore[union-attr]
                self.joined_notes[p.family.case_id] += [  # type: ignore[union-attr]
                    f"Row {p.row.number} ({p.row.label}) of {self.plan.raw.filename}: {note}" for note in p.row.notes]
            else:
                search_rows.append(index_row(
                    values["case_id"], person_id,
                    [values["doc_given_names"], values["doc_surname"], values["name_original"], *values["variants"]],
                    [d["number_norm"] for d in p.row.documents], [(c["kind"], c["value"]) for c in p.row.contact_points]))
            self.events.append({
                "action": "person.add", "entity_type": "person", "entity_id": person_id, "case_id": values["case_id"],
                "summary": f"imported {values['relationship_to_principal'].lower()} {_person_label(values)} "
                           f"(row {p.row.number})",
                "after": {**p.row.person, "documents": p.row.documents, "contact_points": p.row.contact_points},
            })  # fmt: skip
        for table, values in ((IdentityDocument.__table__, documents), (ContactPoint.__table__, points),
                              (SearchRow.__table__, search_rows)):
            if values:
                self.session.execute(insert(table), complete_rows(table, values))

    # -- people already held ----------------------------------------------------------------------

    def _link_held(self) -> None:
        for p in self.plan.rows:
            if p.outcome not in (LINKED, UPDATED):
                continue
            target = p.target()
            if target.link_person is None:
                self.person_of[id(p)] = self.person_of[id(target)]
                continue
            person = self.session.get(Person, target.link_person)
            assert person is not None
            self.person_of[id(p)] = person.id
            if p.row.notes:
                self.touched.add(person.case_id)
                self.joined_notes[person.case_id] += [
                    f"Row {p.row.number} ({p.row.label}) of {self.plan.raw.filename}: {note}" for note in p.row.notes]
            adds = p.additions
            if adds:
                before = {key: getattr(person, key) for key in adds.fields}  # dates are stored as ISO text
                before["variants"] = list(person.variants or [])
                self.undo.append({"batch_id": self.batch_id, "kind": "UPDATED", "entity_type": "person",
                                  "entity_id": person.id, "before": before})
                for key, value in adds.fields.items():
                    setattr(person, key, value)
                if adds.variants:
                    person.variants = list(person.variants or []) + adds.variants
                person.updated_at = self.now
                added = [IdentityDocument(person_id=person.id, **doc) for doc in adds.documents]
                added += [ContactPoint(person_id=person.id, **point) for point in adds.contact_points]
                self.session.add_all(added)
                self.session.flush()
                self.undo += [{"batch_id": self.batch_id, "kind": "CREATED", "entity_id": row.id,
                               "entity_type": "identity_document" if isinstance(row, IdentityDocument) else "contact_point"}
                              for row in added]
                self.touched.add(person.case_id)
            self.events.append({
                "action": "person.link", "entity_type": "person", "entity_id": person.id, "case_id": person.case_id,
                "summary": f"row {p.row.number} of {self.plan.raw.filename} is this person: {p.message}",
                "after": {"fields": adds.fields, "variants": adds.variants, "documents": adds.documents,
                          "contact_points": adds.contact_points} if adds else None,
            })  # fmt: skip

    # -- fingerprints and the review queue ------------------------------------------------------

    def _fingerprints(self, planned: list[PlannedRow]) -> None:
        source_key = self.plan.source.casefold()[:100]
        rows = []
        for p in planned:
            if p.outcome not in KEPT:
                continue
            family = p.family
            assert family is not None
            person_id = self.person_of.get(id(p))
            case_id = self.case_id(family) if p.outcome in (CREATED, QUEUED) else self._case_of_person(person_id)
            rows.append({"batch_id": self.batch_id, "fingerprint": p.row.fingerprint, "row_number": p.row.number,
                         "source_key": source_key, "external_ref": (family.key or p.row.external_ref)[:100],
                         "case_id": case_id, "person_id": person_id, "outcome": p.outcome})
        if rows:
            self.session.execute(insert(ImportRow.__table__), complete_rows(ImportRow.__table__, rows))

    def _case_of_person(self, person_id: int | None) -> int | None:
        if person_id is None:
            return None
        return self.session.execute(select(Person.case_id).where(Person.id == person_id)).scalar_one_or_none()
