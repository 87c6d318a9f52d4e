"""``services.letters``: the travel-authorisation letter use cases for one signed-in user."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import BinaryIO

from sqlalchemy import or_, select

from caseworker.documents import letter_payload as lp
from caseworker.documents import letter_verify as lv
from caseworker.domain.errors import NotFoundError, ValidationError
from caseworker.domain.letters import REFERENCE_RE, LetterStatus
from caseworker.domain.roles import Action
from caseworker.services.context import Service, ServiceContext
from caseworker.services.letters import keys, lifecycle, printing
from caseworker.services.letters.printing import BatchResult, LetterPdf
from caseworker.services.letters.settings import LetterSettings, post_templates
from caseworker.services.letters.views import LetterView, letter_view, letter_views
from caseworker.services.settings import REVOCATION_MAX_AGE_DAYS, stored_value
from caseworker.store import audit
from caseworker.store.base import utcnow
from caseworker.store.models import Letter

Progress = Callable[[int, int], None]
_CONFUSABLE = str.maketrans("018", "OIB")


class LetterService(Service):
    def __init__(self, ctx: ServiceContext) -> None:
        super().__init__(ctx)
        self.settings = LetterSettings(ctx)
        if lifecycle.revoke_on_case_move not in ctx.transition_hooks:
            ctx.transition_hooks.append(lifecycle.revoke_on_case_move)

    # -- reading -------------------------------------------------------------------------

    def get(self, letter_id: int) -> LetterView:
        self._ctx.require(Action.VIEW)
        with self._ctx.read() as session:
            letter = session.get(Letter, letter_id)
            if letter is None:
                raise NotFoundError(f"no letter with id {letter_id}")
            return letter_view(session, letter)

    def find(self, identifier: str) -> int:
        """A letter id from ``17``, ``#17`` or a reference (its latest version, or ``REF v2``)."""
        text = (identifier or "").strip().upper().lstrip("#")
        if text.isdigit():
            return int(text)
        reference, _, version = text.partition(" V")
        if not REFERENCE_RE.match(reference):
            raise ValidationError(f"{identifier!r} is neither a letter id nor a reference like ISB/TA/2026/000123",
                                  field="letter")  # fmt: skip
        with self._ctx.read() as session:
            query = select(Letter.id).where(Letter.reference == reference)
            if version.strip().isdigit():
                query = query.where(Letter.version == int(version))
            found = session.execute(query.order_by(Letter.version.desc()).limit(1)).scalar_one_or_none()
        if found is None:
            raise NotFoundError(f"no letter {identifier.strip()}")
        return found

    def list(self, status: str | None = None, case_id: int | None = None, limit: int = 500) -> list[LetterView]:
        """Letters, newest first; ``status`` as the user sees it (EXPIRED includes unswept ones)."""
        self._ctx.require(Action.VIEW)
        self.expire_due()
        query = select(Letter)
        if case_id is not None:
            query = query.where(Letter.case_id == case_id)
        if status:
            wanted = LetterStatus(status.strip().upper())
            query = query.where(Letter.status == wanted.value)
        with self._ctx.read() as session:
            rows = session.execute(query.order_by(Letter.id.desc()).limit(limit)).scalars().all()
            return letter_views(session, list(rows))

    def for_case(self, case_id: int) -> list[LetterView]:
        return self.list(case_id=case_id)

    def live_for_cases(self, case_ids: Sequence[int]) -> list[LetterView]:
        """The live letters (issued, valid today) of these cases, in the order of the cases given:
        what printing a selection of cases prints."""
        self._ctx.require(Action.VIEW)
        self.expire_due()
        order = {case_id: i for i, case_id in enumerate(dict.fromkeys(case_ids))}
        found: list[Letter] = []
        with self._ctx.read() as session:
            ids = list(order)
            for start in range(0, len(ids), 500):
                found += session.execute(select(Letter).where(
                    Letter.case_id.in_(ids[start : start + 500]), Letter.status == LetterStatus.ISSUED.value,
                    Letter.valid_to >= dt.date.today())).scalars().all()  # fmt: skip
            found.sort(key=lambda letter: (order[letter.case_id], letter.id))
            return letter_views(session, found)

    def awaiting_approval(self) -> list[LetterView]:
        """Drafts this user may approve (not their own), oldest first: the officers' queue."""
        self._ctx.require(Action.VIEW)
        with self._ctx.read() as session:
            rows = session.execute(
                select(Letter).where(Letter.status == LetterStatus.DRAFT.value,
                                     or_(Letter.drafted_by_id.is_(None), Letter.drafted_by_id != self.user.id))
                .order_by(Letter.drafted_at, Letter.id)
            ).scalars().all()  # fmt: skip
            return letter_views(session, list(rows))

    def expire_due(self) -> int:
        """Record as EXPIRED the issued letters whose validity has ended (done by the system)."""
        today = dt.date.today()
        with self._ctx.read() as session:
            due = session.execute(select(Letter.id).where(
                Letter.status == LetterStatus.ISSUED.value, Letter.valid_to < today).limit(1)).first()  # fmt: skip
        if due is None:
            return 0
        with self._ctx.write() as session:
            return lifecycle.expire_due(session, today)

    # -- the lifecycle ----------------------------------------------------------------------

    def draft(self, case_id: int, person_ids: Sequence[int] | None = None, valid_days: int | None = None,
              crossings: Sequence[str] = (), post: str | None = None, signatory: str | None = None) -> LetterView:  # fmt: skip
        """A draft for an AUTHORISED case; people default to everyone cleared to travel."""
        self._ctx.require(Action.DRAFT_LETTER)
        with self._ctx.write() as session:
            letter = lifecycle.draft(session, self._ctx, case_id, person_ids=person_ids, valid_days=valid_days,
                                     crossing_names=crossings, post=post, signatory=signatory)  # fmt: skip
            return letter_view(session, letter)

    def reissue(self, letter_id: int, person_ids: Sequence[int] | None = None, valid_days: int | None = None,
                crossings: Sequence[str] | None = None, signatory: str | None = None) -> LetterView:  # fmt: skip
        """A draft of the next version of an issued letter (same reference); unchanged fields are kept."""
        self._ctx.require(Action.DRAFT_LETTER)
        with self._ctx.write() as session:
            old = lifecycle.lock_letter(session, letter_id)
            if old.status not in (LetterStatus.ISSUED, LetterStatus.EXPIRED, LetterStatus.REVOKED):
                raise ValidationError(f"letter #{old.id} is {old.status}; only an issued letter can be re-issued",
                                      field="letter")  # fmt: skip
            letter = lifecycle.draft(
                session, self._ctx, old.case_id, person_ids=person_ids or old.person_ids,
                valid_days=valid_days or old.valid_days, crossing_names=crossings or old.crossings,
                post=old.post_code, signatory=signatory, supersedes=old,
            )  # fmt: skip
            return letter_view(session, letter)

    def approve(self, letter_id: int) -> LetterView:
        """Approve and issue a draft (an authorising officer who did not draft it)."""
        self._ctx.require(Action.APPROVE_LETTER)
        with self._ctx.write() as session:
            return letter_view(session, lifecycle.approve(session, self._ctx, letter_id))

    def reject(self, letter_id: int, reason: str) -> LetterView:
        with self._ctx.write() as session:
            return letter_view(session, lifecycle.reject(session, self._ctx, letter_id, reason))

    def revoke(self, letter_id: int, reason: str) -> LetterView:
        self._ctx.require(Action.APPROVE_LETTER)
        with self._ctx.write() as session:
            return letter_view(session, lifecycle.revoke(session, self._ctx, letter_id, reason))

    # -- PDFs ---------------------------------------------------------------------------------

    def preview_pdf(self, letter_id: int, *, to_file: bool = False) -> LetterPdf:
        """The letter to look at, watermarked and without its codes (not counted as a print).

        Allowed to those who may print letters; recorded as a view, or as an export when
        the caller writes it to a file (`to_file`).
        """
        self._ctx.require(Action.DRAFT_LETTER)
        with self._ctx.write() as session:
            return printing.preview(session, self._ctx, letter_id, to_file)

    def print_pdf(self, letter_id: int, via: str = "pdf") -> LetterPdf:
        """The letter to print or save: counted, and audited with the file's hash."""
        self._ctx.require(Action.DRAFT_LETTER)
        with self._ctx.write() as session:
            return printing.print_one(session, self._ctx, letter_id, via)

    def print_batch(self, letter_ids: Sequence[int], out: BinaryIO, progress: Progress | None = None,
                    cancelled: Callable[[], bool] | None = None, via: str = "batch") -> BatchResult:  # fmt: skip
        """Many letters into one PDF. Prints are recorded only if the whole batch was written."""
        self._ctx.require(Action.DRAFT_LETTER)
        with self._ctx.read() as session:
            ready, skipped = printing.batch_contents(session, list(letter_ids))
            posts = {c.post_code for _, c in ready}
            templates = {post: post_templates(session, post) for post in posts}
        done, digest = printing.render_many(ready, out, templates.__getitem__, progress, cancelled)
        if done < len(ready):
            return BatchResult(0, tuple(skipped), "", True)
        with self._ctx.write() as session:
            for letter_id, _ in ready:
                letter = session.execute(select(Letter).where(Letter.id == letter_id).with_for_update()).scalar_one()
                printing.record_print(session, self._ctx, letter, digest, via)
        return BatchResult(done, tuple(skipped), digest, False)

    # -- keys, revocations, verification -------------------------------------------------

    def public_key_pem(self) -> tuple[bytes, str]:
        """(PEM, key id) of the store's signing key, for partners."""
        self._ctx.require(Action.VIEW)
        with self._ctx.write() as session:
            public = keys.signing_key(session).public_key()
        return lp.public_key_pem(public), lp.key_id(public)

    def _revocations(self, session, reference: str | None = None) -> list[lv.RevocationEntry]:
        query = select(Letter).where(Letter.status.in_((LetterStatus.REVOKED.value, LetterStatus.SUPERSEDED.value)))
        if reference is not None:
            query = query.where(Letter.reference == reference)
        return [
            lv.RevocationEntry(x.reference, x.version, x.status, (x.ended_at or utcnow()).astimezone().date())
            for x in session.execute(query).scalars() if x.reference and x.version
        ]  # fmt: skip

    def revocation_list(self) -> bytes:
        """The signed list of revoked and superseded letters, for partners (audited)."""
        self._ctx.require(Action.DRAFT_LETTER)
        with self._ctx.write() as session:
            key = keys.signing_key(session)
            entries = self._revocations(session)
            max_age = stored_value(session, REVOCATION_MAX_AGE_DAYS)
            data = lv.write_revocation_list(entries, key, utcnow(), max_age)
            audit.append(session, self.user.actor, "export.revocations", "letter", None,
                         summary=f"exported the revocation list ({len(entries)} letters)")  # fmt: skip
        return data

    def verify(self, text: str, today: dt.date | None = None) -> lv.VerifyResult:
        """Verify a QR text against this store's key and the letters' current status."""
        self._ctx.require(Action.VIEW)
        with self._ctx.write() as session:
            public = keys.signing_key(session).public_key()
            try:
                reference = lp.parse(text).payload.reference
            except lp.PayloadError:
                reference = None
            entries = self._revocations(session, reference) if reference else []
        revocations = lv.RevocationList(lp.key_id(public), utcnow(), tuple(entries))
        return lv.verify_text(text, public, revocations, today)

    def verify_code(self, reference: str, code: str, today: dt.date | None = None) -> lv.VerifyResult:
        """Check a reference and the short code read out over the phone against this store."""
        self._ctx.require(Action.VIEW)
        # Base32 has no 0, 1 or 8: read over the phone they can only mean O, I and B.
        wanted = (code or "").strip().upper().replace(" ", "").replace("-", "").translate(_CONFUSABLE)
        with self._ctx.read() as session:
            rows = session.execute(select(Letter).where(Letter.reference == (reference or "").strip().upper())).scalars()
            match = next((x for x in rows if x.verification_code.replace("-", "") == wanted and x.qr_text), None)
            qr_text = match.qr_text if match else None
        if qr_text is None:
            return lv.VerifyResult(lv.Verdict.INVALID, "no letter with this reference and verification code")
        return self.verify(qr_text, today)
