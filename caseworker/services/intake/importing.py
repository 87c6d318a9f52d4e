"""Importing a referral list: preview, dry run, import, rejects, saved mappings.

``ImportJob.run`` is the long-running worker: it takes ``progress(done,
total)`` and ``cancelled()`` callables and imports no Qt. Reading and planning
happen outside any write transaction (``plan``); the batch is then written
(``writer``), a chunk of families per transaction. A dry run runs the very
same writing with every chunk in one transaction that is then rolled back,
so a dry run that succeeds means the import succeeds. An import that fails or
is cancelled after some chunks were committed takes them back (``undo``); one
that was killed leaves an interrupted batch, which the next import of the same
file from the same source continues. The rejects workbook is written before the
batch, so an import never commits without its rejects on disk (they are also
kept with the batch in the store).
"""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from caseworker.domain.cell_values import cell_text
from caseworker.domain.errors import ConflictError
from caseworker.domain.roles import Action
from caseworker.services.context import ServiceContext
from caseworker.services.intake import mapping as mapping_module
from caseworker.services.intake.dto import (
    ImportReport,
    ImportRequest,
    Preview,
    Problem,
    QueuedPair,
    RowResult,
)
from caseworker.services.intake.mapping import Mapping, headings_of
from caseworker.services.intake.outcomes import REJECTED as REJECTED_TEXT
from caseworker.services.intake.outcomes import (
    WARNED,
    OutcomeRow,
    check_target,
    default_path,
    write_outcomes,
)
from caseworker.services.intake.plan import (
    CREATED,
    LINKED,
    QUEUED,
    REJECTED,
    UNCHANGED,
    UPDATED,
    ImportPlan,
    PlannedRow,
    plan_import,
)
from caseworker.services.intake.sheets import RawSheet, read_sheet
from caseworker.services.intake.undo import abandon, resumable
from caseworker.services.intake.writer import PAUSE, BatchWriter
from caseworker.store import audit
from caseworker.store.base import utcnow
from caseworker.store.models import Case, ColumnMapping, Post

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
SCALE = 1000


class _RolledBack(Exception):
    """Raised inside a dry run's write transaction, after everything was written, to roll it back."""


def _warning_text(warning: Any) -> str:
    where = warning.column or "row"
    return f"{where} {warning.value!r}: {warning.message}" if warning.value else f"{where}: {warning.message}"


def source_key(source: str) -> str:
    return " ".join(source.casefold().split())[:100]


def _scaled(progress: Progress | None, start: int, end: int) -> Progress | None:
    if progress is None:
        return None
    return lambda done, total: progress(start + (end - start) * done // max(total, 1), SCALE)


class ImportJob:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    # -- mappings -------------------------------------------------------------------------------

    def saved_mapping(self, source: str) -> dict[str, Any] | None:
        with self._ctx.read() as session:
            row = session.get(ColumnMapping, source_key(source))
            return dict(row.mapping) if row else None

    def sources(self) -> list[str]:
        with self._ctx.read() as session:
            return list(session.execute(select(ColumnMapping.source).order_by(ColumnMapping.source)).scalars())

    def posts(self) -> list[tuple[str, str]]:
        """(code, name) of every post, the one owning most cases first (the default for new cases)."""
        with self._ctx.read() as session:
            sizes = dict(session.execute(select(Case.post_code, func.count()).group_by(Case.post_code)).all())
            posts = session.execute(select(Post).order_by(Post.code)).scalars().all()
            return [(p.code, p.name) for p in sorted(posts, key=lambda p: -sizes.get(p.code, 0))]

    def _save_mapping(self, session: Any, source: str, data: dict[str, Any]) -> None:
        key = source_key(source)
        if not key:
            return
        row = session.get(ColumnMapping, key)
        if row is None:
            session.add(ColumnMapping(source_key=key, source=source.strip()[:100], mapping=data,
                                      updated_by_id=self._ctx.user.id))
        else:
            row.mapping, row.updated_at, row.updated_by_id = data, utcnow(), self._ctx.user.id

    def mapping_for(self, raw: RawSheet, source: str, mapping_json: dict[str, Any] | None = None) -> tuple[Mapping, bool]:
        saved = mapping_json if mapping_json is not None else self.saved_mapping(source)
        _, headings, _ = headings_of(raw, Mapping((), header_row=(saved or {}).get("header_row")))
        mapping = mapping_module.detect(headings, saved, source)
        if not mapping.defaults.get("post"):
            posts = self.posts()
            mapping.defaults["post"] = posts[0][0] if posts else ""
        return mapping, bool(saved)

    # -- preview --------------------------------------------------------------------------------

    def preview(self, path: Path | str, source: str = "", mapping_json: dict[str, Any] | None = None,
                sheet: str | None = None, rows: int = 10) -> Preview:
        self._ctx.require(Action.IMPORT)
        saved = mapping_json if mapping_json is not None else self.saved_mapping(source)
        raw = read_sheet(path, sheet=sheet or (saved or {}).get("sheet"), encoding=(saved or {}).get("encoding"))
        mapping, was_saved = self.mapping_for(raw, source, saved)
        index, headings, data = headings_of(raw, mapping)
        header_number = raw.rows[index][0] if raw.rows else 1
        shown = data[:rows]
        return Preview(
            raw.filename, raw.sheet, raw.sheets, raw.encoding, header_number, headings,
            tuple(n for n, _ in shown), tuple(tuple(cell_text(c) for c in cells) for _, cells in shown),
            len(data), mapping.to_json(headings), mapping.columns, was_saved, raw.notes,
        )  # fmt: skip

    # -- the import ----------------------------------------------------------------------------

    def run(self, request: ImportRequest, progress: Progress | None = None,
            cancelled: Cancelled | None = None) -> ImportReport:
        self._ctx.require(Action.IMPORT)
        started = time.perf_counter()
        saved: dict[str, Any] | None = None
        if request.mapping is not None:
            sheet, encoding = request.mapping.sheet, request.mapping.encoding
        else:
            saved = request.mapping_json if request.mapping_json is not None else self.saved_mapping(request.source)
            sheet, encoding = (saved or {}).get("sheet"), (saved or {}).get("encoding")
        raw = read_sheet(request.path, sheet=sheet, encoding=encoding, cancelled=cancelled)
        if progress:
            progress(50, SCALE)
        mapping = request.mapping or self.mapping_for(raw, request.source, saved)[0]
        with self._ctx.read() as session:
            posts = set(session.execute(select(Post.code)).scalars())
            plan = plan_import(session, raw, mapping, request.source.strip(), posts,
                               _scaled(progress, 50, 700), cancelled)
        counts = Counter(p.outcome for p in plan.rows)
        rejects = [{"row": p.row.number, "cells": [cell_text(c) for c in p.row.cells], "errors": [
            str(x) for x in p.row.problems]} for p in plan.rows if p.outcome == REJECTED]
        outcome_rows = [p for p in plan.rows if p.outcome == REJECTED or (p.outcome != UNCHANGED and p.row.warnings)]
        rejects_path: Path | None = None
        if outcome_rows and (request.rejects_path or not request.dry_run):
            rejects_path = request.rejects_path or default_path(request.path)
            check_target(rejects_path, request.overwrite)  # before anything is written
        batch_id = None
        results = self._results(plan, None)
        if rejects or any(p.outcome not in (UNCHANGED, REJECTED) for p in plan.rows):
            totals = {k.lower(): counts.get(k, 0) for k in (CREATED, QUEUED, LINKED, UPDATED, REJECTED, UNCHANGED)}
            out: dict[str, Any] = {}

            def finish(session: Any) -> None:  # in the batch's last transaction
                if request.save_mapping:
                    self._save_mapping(session, request.source, plan.mapping.to_json(plan.headings))
                session.flush()
                if request.dry_run:  # the same writing, undone: a dry run that succeeds means the import does
                    raise _RolledBack()
                out["results"] = self._results(plan, writer)

            try:
                if request.dry_run:
                    with self._ctx.write() as session:  # every chunk in this one transaction, rolled back
                        writer = BatchWriter(lambda: contextlib.nullcontext(session), plan, self._ctx.user.actor,
                                             totals, rejects, _scaled(progress, 700, SCALE), cancelled, None, finish)
                        writer.write()
                else:
                    writer = BatchWriter(self._ctx.write, plan, self._ctx.user.actor, totals, rejects,
                                         _scaled(progress, 700, SCALE), cancelled,
                                         resumable(self._ctx, plan.raw.sha256, plan.source), finish, PAUSE)
                    try:
                        batch_id = writer.write()
                    except BaseException:
                        if writer.batch_id is not None:  # chunks were committed: take them back
                            abandon(self._ctx, writer.batch_id)
                        raise
                    results = out["results"]
                    if rejects_path is not None:  # after the last chunk, so no one waits for the spreadsheet
                        with self._ctx.write() as session:
                            self._write_outcomes(session, rejects_path, plan, outcome_rows, results, batch_id,
                                                 request)
            except _RolledBack:
                pass
            except IntegrityError:  # a concurrent import wrote the same rows or pairs first (PostgreSQL)
                raise ConflictError("another import of some of these rows finished meanwhile; nothing was "
                                    "written: run the import again") from None
        if request.dry_run and rejects_path is not None:
            with self._ctx.write() as session:
                self._write_outcomes(session, rejects_path, plan, outcome_rows, results, None, request)
        if progress:
            progress(SCALE, SCALE)
        return self._report(plan, request, counts, results, batch_id, rejects_path, time.perf_counter() - started)

    def _write_outcomes(self, session: Any, path: Path, plan: ImportPlan, rows: list[PlannedRow],
                        results: list[RowResult], batch_id: int | None, request: ImportRequest) -> None:
        by_row = {r.row: r for r in results}
        out = []
        for p in rows:
            issues = p.row.problems + p.row.warnings if p.outcome == REJECTED else p.row.warnings
            result = by_row.get(p.row.number)
            rejected = p.outcome == REJECTED
            out.append(OutcomeRow(
                p.row.number, p.row.cells, REJECTED_TEXT if rejected else WARNED,
                tuple(dict.fromkeys(x.column for x in issues)),
                tuple(p.message if rejected and not issues else str(x) if rejected else _warning_text(x)
                      for x in issues) or (p.message,),
                None if rejected or result is None else result.case,
                None if rejected or result is None else result.person_id))
        write_outcomes(path, plan.headings, out, overwrite=request.overwrite)
        warned = sum(1 for r in out if r.outcome == WARNED)
        audit.append_many(session, self._ctx.user.actor, [{
            "action": "export.intake_outcomes", "entity_type": "import_batch", "entity_id": batch_id,
            "summary": f"wrote the rows to fix of {plan.raw.filename} ({warned} imported with a warning, "
                       f"{len(out) - warned} rejected) to {path.name}" + (" (dry run)" if batch_id is None else ""),
            "after": {"file": path.name, "rows": [r.row for r in out]},
        }])  # fmt: skip

    def _results(self, plan: ImportPlan, writer: BatchWriter | None) -> list[RowResult]:
        out = []
        for p in plan.rows:
            case: str | None = None
            person_id = None
            if p.outcome in (CREATED, QUEUED):
                if writer is not None:
                    person_id = writer.person_of.get(id(p))
                if p.family and p.family.case_id:
                    case = plan.case_refs.get(p.family.case_id)
            elif p.outcome == UNCHANGED and p.held_case:
                case = plan.case_refs.get(p.held_case)
            elif p.outcome in (LINKED, UPDATED):
                target = p.target()
                person_id = target.link_person or (writer.person_of.get(id(p)) if writer else None)
                case = plan.case_refs.get(target.link_case) if target.link_case else None
            warnings = () if p.outcome == UNCHANGED else tuple(_warning_text(w) for w in p.row.warnings)
            out.append(RowResult(p.row.number, p.outcome, p.message, case, person_id, warnings))
        if writer is not None:
            out = self._with_new_references(out, writer)
        return out

    def _with_new_references(self, results: list[RowResult], writer: BatchWriter) -> list[RowResult]:
        session = writer.session
        ids = {pid for r in results if r.case is None and (pid := r.person_id)}
        if not ids:
            return results
        from caseworker.store.models import Case, Person

        found: dict[int, str] = {}
        id_list = sorted(ids)
        for start in range(0, len(id_list), 500):
            rows = session.execute(select(Person.id, Case.reference).join(Case, Case.id == Person.case_id)
                                   .where(Person.id.in_(id_list[start:start + 500])))
            found.update({person_id: reference for person_id, reference in rows})
        return [RowResult(r.row, r.outcome, r.message, r.case or found.get(r.person_id or -1), r.person_id,
                          r.warnings) for r in results]

    def _report(self, plan: ImportPlan, request: ImportRequest, counts: Counter[str], results: list[RowResult],
                batch_id: int | None, rejects_path: Path | None, seconds: float) -> ImportReport:
        problems = tuple(Problem(x.row, x.column, x.message) for p in plan.rows if p.outcome == REJECTED
                         for x in p.row.problems)
        warned = [p for p in plan.rows if p.outcome not in (REJECTED, UNCHANGED) and p.row.warnings]
        warnings = tuple(Problem(x.row, x.column, x.message, x.value) for p in warned for x in p.row.warnings)
        duplicates = []
        for c in plan.candidates:
            left = plan.case_refs.get(c.family.case_id) if c.family.case_id else f"new case (row {c.family.principal.number})"
            right = (plan.case_refs.get(c.other_case, str(c.other_case)) if c.other_case is not None
                     else f"new case (row {c.other_family.principal.number})")  # type: ignore[union-attr]
            duplicates.append(QueuedPair(str(left), right, c.result.score,
                                         c.result.reasons + tuple(f"but {x}" for x in c.result.conflicts)))
        return ImportReport(
            file=plan.raw.filename, source=plan.source, sheet=plan.raw.sheet, dry_run=request.dry_run,
            batch_id=batch_id, rows=len(plan.rows), empty_rows=plan.empty_rows, created=counts.get(CREATED, 0),
            queued=counts.get(QUEUED, 0), linked=counts.get(LINKED, 0), updated=counts.get(UPDATED, 0),
            rejected=counts.get(REJECTED, 0), unchanged=counts.get(UNCHANGED, 0),
            cases_created=len(plan.new_families()), duplicates_queued=len(duplicates),
            rejects_file=str(rejects_path) if rejects_path else None, seconds=round(seconds, 2),
            results=tuple(results), problems=problems, duplicates=tuple(duplicates), notes=plan.raw.notes,
            warnings=warnings, warned=len(warned),
        )  # fmt: skip
