"""The handoff flow: preview → prepare → approve (a second person) → write → ledger.

Every step is one transaction, checked against the user's role and audited.
Preparing stores the exact cells as the snapshot; approving and writing work
from that snapshot only, so later edits to people never change what was
approved, and the file holds exactly what the approver saw.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from caseworker.domain.errors import ConflictError, PermissionDenied, WorkflowError
from caseworker.domain.roles import Action, Role, can
from caseworker.domain.validation import clean_text
from caseworker.services.context import Service, ServiceContext
from caseworker.services.handoffs import changes, records
from caseworker.services.handoffs.dto import HandoffPreview, HandoffView, WrittenHandoff
from caseworker.services.handoffs.ledger import LedgerService
from caseworker.services.handoffs.partners import PartnerService, load_partner
from caseworker.services.handoffs.planning import Plan, plan_full
from caseworker.services.handoffs.selection import Batch, HandoffSelection
from caseworker.store import audit, counters
from caseworker.store.base import utcnow
from caseworker.store.models import Handoff, HandoffRow, Partner, User

if TYPE_CHECKING:
    from caseworker.services.handoffs.writing import Cancelled, Progress

_HASHER = PasswordHasher()


class HandoffService(Service):
    def __init__(self, ctx: ServiceContext) -> None:
        super().__init__(ctx)
        self.partners = PartnerService(ctx)
        self.ledger = LedgerService(ctx)

    # -- preparing -----------------------------------------------------------

    def preview(self, partner: str, selection: HandoffSelection, batch: Batch = Batch()) -> HandoffPreview:  # noqa: B008
        """The exact rows and columns a handoff would hold; nothing is stored."""
        self._ctx.require(Action.PREPARE_HANDOFF)
        with self._ctx.read() as session:
            return plan_full(session, self.user, load_partner(session, partner), selection, batch).preview()

    def prepare(self, partner: str, selection: HandoffSelection, batch: Batch = Batch(), *,  # noqa: B008
                expected_digest: str | None = None) -> HandoffPreview:  # fmt: skip
        """Store the snapshot for approval. With `expected_digest` (from a preview), refuse if
        anything changed since that preview, so what is stored is what was seen."""
        self._ctx.require(Action.PREPARE_HANDOFF)
        with self._ctx.write() as session:
            plan = plan_full(session, self.user, load_partner(session, partner), selection, batch)
            return self._store(session, plan, expected_digest)

    def preview_changes(self, partner: str, *, since: str | int | None = None,
                        batch: Batch | None = None) -> HandoffPreview:  # fmt: skip
        """What changed for `partner` since its last written handoff (or `since`)."""
        self._ctx.require(Action.PREPARE_HANDOFF)
        with self._ctx.read() as session:
            found = load_partner(session, partner)
            base = changes.base_handoff(session, found, since)
            return changes.plan_changes(session, self.user, found, base, batch).preview()

    def prepare_changes(self, partner: str, *, since: str | int | None = None, batch: Batch | None = None,
                        expected_digest: str | None = None) -> HandoffPreview:  # fmt: skip
        self._ctx.require(Action.PREPARE_HANDOFF)
        with self._ctx.write() as session:
            found = load_partner(session, partner)
            base = changes.base_handoff(session, found, since)
            plan = changes.plan_changes(session, self.user, found, base, batch)
            return self._store(session, plan, expected_digest)

    def _store(self, session: Session, plan: Plan, expected_digest: str | None) -> HandoffPreview:
        preview = plan.preview()
        if expected_digest is not None and expected_digest != preview.digest:
            raise ConflictError("the people or their details changed since the preview; look at the preview again")
        year = dt.datetime.now(dt.UTC).year
        handoff = Handoff(
            reference=f"HO-{year}-{counters.next_value(session, f'handoff:{year}'):05d}",
            partner_id=plan.partner.id, kind=plan.kind, base_id=plan.base.id if plan.base else None,
            status="PREPARED", selection=plan.selection.to_json(), profile=plan.profile.to_json(),
            headings=plan.headings, crossing_point=plan.batch.crossing_point, window_from=plan.batch.window_from,
            window_to=plan.batch.window_to, uk_contact=plan.uk_contact, row_count=preview.row_count,
            people_count=preview.people_count, digest=preview.digest, prepared_by_id=self.user.id,
            file_format=plan.profile.file_format, encrypted=plan.profile.password, close_note="",
        )  # fmt: skip
        session.add(handoff)
        session.flush()
        changes_ = plan.changes or [None] * len(plan.rows)
        fields_ = plan.changed_fields or [None] * len(plan.rows)
        values = [
            {"handoff_id": handoff.id, "person_id": r.person_id, "case_id": r.case_id, "position": i,
             "change": c, "changed_fields": f, "cells": r.cells}
            for i, (r, c, f) in enumerate(zip(plan.rows, changes_, fields_, strict=True), 1)
        ] + [
            {"handoff_id": handoff.id, "person_id": r.person_id, "case_id": r.case_id, "position": None,
             "change": "UNCHANGED", "changed_fields": None, "cells": r.cells}
            for r in plan.carried or []
        ]  # fmt: skip
        for start in range(0, len(values), 5000):
            session.execute(insert(HandoffRow), values[start : start + 5000])
        what = "changes since " + plan.base.reference if plan.base else plan.selection.describe()
        audit.append(
            session, self.user.actor, "handoff.prepare", "handoff", handoff.id,
            summary=f"prepared {handoff.reference} for {plan.partner.name}: {preview.row_count:,} rows ({what})",
            after={"reference": handoff.reference, "partner": plan.partner.name, "kind": plan.kind,
                   "rows": preview.row_count, "fields": list(plan.profile.fields), "selection": handoff.selection,
                   "digest": preview.digest},
        )  # fmt: skip
        view = records.handoff_view(session, handoff)
        return HandoffPreview(**{**{f: getattr(preview, f) for f in preview.__dataclass_fields__}, "handoff": view})

    # -- deciding ------------------------------------------------------------

    def approve(self, handoff: int | str) -> HandoffView:
        """A second person, an authorising officer, approves the stored snapshot."""
        self._ctx.require(Action.APPROVE_HANDOFF)
        with self._ctx.write() as session:
            found = records.load_handoff(session, handoff, lock=True)
            self._expect(found, "PREPARED", "approved")
            me = session.get(User, self.user.id)
            if me is None or not me.active or not can(Role(me.role), Action.APPROVE_HANDOFF):
                raise PermissionDenied("only an active authorising officer may approve a handoff")
            if found.prepared_by_id == self.user.id:
                raise PermissionDenied(f"you prepared {found.reference}; a different authorising officer must approve it")
            found.status, found.approved_by_id, found.approved_at = "APPROVED", self.user.id, utcnow()
            audit.append(session, self.user.actor, "handoff.approve", "handoff", found.id,
                         summary=f"approved {found.reference} ({found.row_count:,} rows)",
                         after={"digest": found.digest})  # fmt: skip
            session.flush()
            return records.handoff_view(session, found)

    def cancel(self, handoff: int | str, reason: str) -> HandoffView:
        """Drop a handoff that was not written (its preparer, or an authorising officer)."""
        self._ctx.require(Action.PREPARE_HANDOFF)
        note = clean_text(reason, "reason", max_length=500, required=True)
        with self._ctx.write() as session:
            found = records.load_handoff(session, handoff, lock=True)
            if found.status not in ("PREPARED", "APPROVED"):
                raise WorkflowError(f"{found.reference} is {found.status.lower()}; only an unwritten handoff can be cancelled")
            if found.prepared_by_id != self.user.id and not can(self.user.role, Action.APPROVE_HANDOFF):
                raise PermissionDenied("only its preparer or an authorising officer may cancel a handoff")
            return self._close(session, found, "CANCELLED", note, "cancelled")

    def recall(self, handoff: int | str, note: str) -> HandoffView:
        """Record that the partner was asked to delete a written handoff."""
        self._ctx.require(Action.PREPARE_HANDOFF)
        text = clean_text(note, "note", max_length=500, required=True)
        with self._ctx.write() as session:
            found = records.load_handoff(session, handoff, lock=True)
            self._expect(found, "WRITTEN", "recalled")
            return self._close(session, found, "RECALLED", text, "recalled")

    def _close(self, session: Session, found: Handoff, status: str, note: str, verb: str) -> HandoffView:
        before = found.status
        found.status, found.closed_by_id, found.closed_at, found.close_note = status, self.user.id, utcnow(), note
        action = {"CANCELLED": "handoff.cancel", "RECALLED": "handoff.recall"}[status]
        audit.append(session, self.user.actor, action, "handoff", found.id, summary=f"{verb} {found.reference}: {note}", before={"status": before},
                     after={"status": status, "note": note})  # fmt: skip
        session.flush()
        return records.handoff_view(session, found)

    @staticmethod
    def _expect(found: Handoff, status: str, verb: str) -> None:
        if found.status != status:
            raise WorkflowError(f"{found.reference} is {found.status.lower()}; only a {status.lower()} handoff can be {verb}")

    # -- writing -------------------------------------------------------------

    def write(self, handoff: int | str, out: str | Path, *, overwrite: bool = False,
              progress: Progress | None = None, cancelled: Cancelled | None = None) -> WrittenHandoff:  # fmt: skip
        """Write the approved snapshot to `out`; the passphrase is in the result, once."""
        # The spreadsheet writers (openpyxl, msoffcrypto) load with the first file written.
        from caseworker.services.handoffs.writing import write_file

        self._ctx.require(Action.PREPARE_HANDOFF)
        return write_file(self._ctx, handoff, Path(out), overwrite=overwrite, progress=progress, cancelled=cancelled)

    def check_passphrase(self, handoff: int | str, passphrase: str) -> bool:
        """Was `passphrase` the one issued for this handoff's file?"""
        self._ctx.require(Action.VIEW)
        with self._ctx.read() as session:
            stored = records.load_handoff(session, handoff).passphrase_hash
        if not stored:
            return False
        try:
            return _HASHER.verify(stored, passphrase)
        except (VerificationError, InvalidHashError):
            return False

    # -- reading -------------------------------------------------------------

    def get(self, handoff: int | str) -> HandoffView:
        self._ctx.require(Action.VIEW)
        with self._ctx.read() as session:
            return records.handoff_view(session, records.load_handoff(session, handoff))

    def list(self, *, status: str | None = None, partner: str | None = None, limit: int = 500) -> list[HandoffView]:
        """Newest first."""
        self._ctx.require(Action.VIEW)
        stmt = select(Handoff).order_by(Handoff.id.desc()).limit(limit)
        if status:
            stmt = stmt.where(Handoff.status == status.strip().upper())
        with self._ctx.read() as session:
            if partner:
                stmt = stmt.where(Handoff.partner_id == load_partner(session, partner).id)
            return records.handoff_views(session, list(session.execute(stmt).scalars()))

    def snapshot(self, handoff: int | str) -> HandoffPreview:
        """The stored rows of a handoff, as its preview (recorded as a view: it shows personal data)."""
        self._ctx.require(Action.VIEW)
        with self._ctx.write() as session:
            found = records.load_handoff(session, handoff)
            rows = records.file_rows(session, found.id)
            partner = session.get(Partner, found.partner_id)
            audit.append(session, self.user.actor, "view.handoff", "handoff", found.id,
                         summary=f"looked at the rows of {found.reference}")  # fmt: skip
            view = records.handoff_view(session, found)
        return HandoffPreview(
            partner=partner.name if partner else "?", headings=tuple(found.headings),
            kinds=tuple(k.value for k in records.kinds_of(found)), date_format=found.profile["date_format"],
            rows=tuple(tuple(cells) for _, cells in rows), person_ids=tuple(pid for pid, _ in rows),
            row_count=found.row_count, people_count=found.people_count, warnings=(), digest=found.digest,
            handoff=view,
        )  # fmt: skip
