"""Reading the audit trail: a case's history, verification, who saw a case."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, func, or_, select

from caseworker.domain.roles import Action
from caseworker.services.context import Service
from caseworker.services.dto import AuditEntry
from caseworker.store.anchors import Anchor
from caseworker.store.audit import ChainProblem, ChainReport, verify_anchor, verify_chain
from caseworker.store.audit import head as audit_head
from caseworker.store.models import AuditEvent, HandoffRow, ImportRow

# What a handoff shows or hands over: the rows seen when prepared and when looked at, and the file.
HANDOFF_DISCLOSURES = ("handoff.prepare", "view.handoff", "export.handoff")


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
        """The access log of a case: every way its people's data was shown or left the store, oldest first.

        - views and exports of the case itself: `view.*` and `export.*` events recorded against it
          (case, attachment and letter views, attachments saved out, letter prints and previews);
        - handoffs that held any of its people: prepared (the preparer saw the rows), shown
          (`handoff show`, the approver's look) and written, each naming the partner;
        - intake files written from batches that held its rows (`export.*` of an import batch);
        - backups written while the case existed, which contain it.
        """
        self._ctx.require(Action.VIEW_ACCESS_LOG)
        with self._ctx.read() as session:
            handoffs = select(HandoffRow.handoff_id).where(HandoffRow.case_id == case_id).distinct()
            batches = select(ImportRow.batch_id).where(ImportRow.case_id == case_id).distinct()
            created = select(func.min(AuditEvent.seq)).where(AuditEvent.case_id == case_id).scalar_subquery()
            stmt = (
                select(AuditEvent)
                .where(or_(
                    and_(AuditEvent.case_id == case_id,
                         or_(AuditEvent.action.like("view.%"), AuditEvent.action.like("export.%"))),
                    and_(AuditEvent.entity_type == "handoff", AuditEvent.action.in_(HANDOFF_DISCLOSURES),
                         AuditEvent.entity_id.in_(handoffs)),
                    and_(AuditEvent.entity_type == "import_batch", AuditEvent.action.like("export.%"),
                         AuditEvent.entity_id.in_(batches)),
                    and_(AuditEvent.action == "backup.create", AuditEvent.seq > created),
                ))
                .order_by(AuditEvent.seq)
            )  # fmt: skip
            return [_entry(e) for e in session.execute(stmt).scalars()]

    def verify(self, anchors: Sequence[Anchor] = ()) -> ChainReport:
        """The whole chain, and that it still holds each anchor (a head recorded outside the store)."""
        self._ctx.require(Action.VIEW)
        with self._ctx.read() as session:
            report = verify_chain(session)
            found = [(a, verify_anchor(session, a.seq, a.hash)) for a in anchors]
        extra = tuple(ChainProblem(p.seq, f"{p.message} (anchor from {a.source})") for a, p in found if p)
        return ChainReport(report.events, report.problems + extra, tuple(a for a, p in found if p is None))

    def head(self) -> tuple[int, str]:
        """The chain's head now, to record outside the store."""
        with self._ctx.read() as session:
            return audit_head(session)
