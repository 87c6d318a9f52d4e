"""Reading the audit trail: a case's history, verification, who saw a case."""

from __future__ import annotations

from sqlalchemy import or_, select

from caseworker.domain.roles import Action
from caseworker.services.context import Service
from caseworker.services.dto import AuditEntry
from caseworker.store.audit import ChainReport, verify_chain
from caseworker.store.models import AuditEvent


def _entry(e: AuditEvent) -> AuditEntry:
    return AuditEntry(
        e.seq, e.occurred_at, e.actor_name, e.action, e.entity_type, e.entity_id, e.case_id,
        e.summary, e.before, e.after,
    )  # fmt: skip


class HistoryService(Service):
    def for_case(self, case_id: int, *, include_views: bool = False, limit: int = 1000) -> list[AuditEntry]:
        """The case's events, newest first."""
        self._ctx.require(Action.VIEW)
        stmt = select(AuditEvent).where(AuditEvent.case_id == case_id)
        if not include_views:
            stmt = stmt.where(AuditEvent.action.not_like("view.%"))
        stmt = stmt.order_by(AuditEvent.seq.desc()).limit(limit)
        with self._ctx.read() as session:
            return [_entry(e) for e in session.execute(stmt).scalars()]

    def who_saw(self, case_id: int) -> list[AuditEntry]:
        """The access log of a case: every view or export of it or its attachments, oldest first.

        Views are `view.*` events and exports `export.*` events (letters,
        manifests and attachments saved out all follow that convention).
        """
        self._ctx.require(Action.VIEW_ACCESS_LOG)
        stmt = (
            select(AuditEvent)
            .where(AuditEvent.case_id == case_id, or_(AuditEvent.action.like("view.%"), AuditEvent.action.like("export.%")))
            .order_by(AuditEvent.seq)
        )
        with self._ctx.read() as session:
            return [_entry(e) for e in session.execute(stmt).scalars()]

    def verify(self) -> ChainReport:
        self._ctx.require(Action.VIEW)
        with self._ctx.read() as session:
            return verify_chain(session)
