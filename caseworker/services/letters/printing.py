"""Letters to PDF: previews, counted prints and batches.

Every print of an issued letter (``letters pdf``, the print dialog, a batch)
adds one to its print count and appends an ``export.letter`` audit event
with the copy number and the SHA-256 of the PDF, so every copy in circulation
is accounted for; copies after the first are recorded as reprints. Letters
that are not live (drafts, revoked, superseded, expired, rejected) can only
be previewed.

A preview is never a letter: whatever the letter's status it is drawn with a
watermark in every language of the letter (PREVIEW — NOT VALID, or the status
that makes it invalid) and without its QR code or verification code, so its
bytes differ from every counted print and no verifier can accept it. Previews
follow the printing rule (a read-only user may do neither) and each is
recorded with the letter's people and the preview's SHA-256: ``view.letter``
when shown on screen, ``export.letter_preview`` when written to a file.

The PDF renderer (ReportLab, HarfBuzz, the QR encoder) is imported by the
functions that draw, on the first letter drawn: every session builds the
letter service, and most never draw a letter.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.documents.files import HashingWriter
from caseworker.documents.letter_content import LetterContent
from caseworker.documents.letter_watermark import PREVIEW
from caseworker.domain.errors import NotFoundError, WorkflowError
from caseworker.domain.letters import LetterStatus, effective_status
from caseworker.services.context import ServiceContext
from caseworker.services.letters import content
from caseworker.services.letters.settings import post_templates
from caseworker.store import audit
from caseworker.store.base import utcnow
from caseworker.store.models import Letter


@dataclass(frozen=True, slots=True)
class LetterPdf:
    letter_id: int
    label: str
    filename: str
    data: bytes
    sha256: str
    copy: int | None  # the print number; None for a preview


@dataclass(frozen=True, slots=True)
class BatchResult:
    printed: int
    skipped: tuple[str, ...]  # letters that are not live, with why
    sha256: str
    cancelled: bool


def _label(letter: Letter) -> str:
    return f"{letter.reference} v{letter.version}" if letter.reference else f"draft letter #{letter.id}"


def filename(letter: Letter) -> str:
    if letter.reference:
        return f"letter-{letter.reference.replace('/', '-')}-v{letter.version}.pdf"
    return f"letter-draft-{letter.id}.pdf"


def _load(session: Session, letter_id: int) -> Letter:
    letter = session.get(Letter, letter_id)
    if letter is None:
        raise NotFoundError(f"no letter with id {letter_id}")
    return letter


def watermark_for(status: LetterStatus) -> str:
    """The watermark of a preview: PREVIEW for a live letter, else the status that voids it."""
    return PREVIEW if status is LetterStatus.ISSUED else status.value


def preview(session: Session, ctx: ServiceContext, letter_id: int, to_file: bool = False) -> LetterPdf:
    """The letter watermarked as a preview, without its codes; recorded with its people and hash."""
    from caseworker.documents.letter_pdf import render_pdf

    letter = _load(session, letter_id)
    status = effective_status(letter.status, letter.valid_to, dt.date.today())
    data = render_pdf(content.content_for(session, letter, watermark_for(status)), post_templates(session, letter.post_code))
    digest = hashlib.sha256(data).hexdigest()
    action, verb = ("export.letter_preview", "wrote a preview of") if to_file else ("view.letter", "previewed")
    audit.append(session, ctx.user.actor, action, "letter", letter.id, case_id=letter.case_id,
                 summary=f"{verb} {_label(letter)} ({status.value.lower()})",
                 after={"sha256": digest, "status": status.value, "person_ids": letter.person_ids})  # fmt: skip
    return LetterPdf(letter.id, _label(letter), filename(letter), data, digest, None)


def _printable(letter: Letter, today: dt.date) -> None:
    status = effective_status(letter.status, letter.valid_to, today)
    if status is not LetterStatus.ISSUED:
        raise WorkflowError(f"{_label(letter)} is {status.value}; only a live letter can be printed")


def record_print(session: Session, ctx: ServiceContext, letter: Letter, sha256: str, via: str) -> int:
    letter.print_count += 1
    letter.last_printed_at = utcnow()
    copy = letter.print_count
    kind = "printed" if copy == 1 else f"reprinted (copy {copy})"
    audit.append(
        session, ctx.user.actor, "export.letter", "letter", letter.id, case_id=letter.case_id,
        summary=f"{kind} {_label(letter)} via {via}",
        after={"copy": copy, "reprint": copy > 1, "sha256": sha256, "via": via, "person_ids": letter.person_ids},
    )  # fmt: skip
    return copy


def print_one(session: Session, ctx: ServiceContext, letter_id: int, via: str) -> LetterPdf:
    from caseworker.documents.letter_pdf import render_pdf

    letter = session.execute(select(Letter).where(Letter.id == letter_id).with_for_update()).scalar_one_or_none()
    if letter is None:
        raise NotFoundError(f"no letter with id {letter_id}")
    _printable(letter, dt.date.today())
    data = render_pdf(content.content_for(session, letter), post_templates(session, letter.post_code))
    digest = hashlib.sha256(data).hexdigest()
    copy = record_print(session, ctx, letter, digest, via)
    return LetterPdf(letter.id, _label(letter), filename(letter), data, digest, copy)


def batch_contents(session: Session, letter_ids: Sequence[int]) -> tuple[list[tuple[int, LetterContent]], list[str]]:
    """The printable letters among ``letter_ids`` (in order) and why the others are skipped."""
    today = dt.date.today()
    letters = {x.id: x for x in session.execute(select(Letter).where(Letter.id.in_(letter_ids))).scalars()}
    ready, skipped = [], []
    for letter_id in letter_ids:
        letter = letters.get(letter_id)
        if letter is None:
            skipped.append(f"#{letter_id}: no such letter")
            continue
        status = effective_status(letter.status, letter.valid_to, today)
        if status is not LetterStatus.ISSUED:
            skipped.append(f"{_label(letter)}: {status.value.lower()}")
            continue
        ready.append((letter.id, content.content_for(session, letter)))
    return ready, skipped


def render_many(
    ready: list[tuple[int, LetterContent]], out: BinaryIO, templates_for: Callable,
    progress: Callable[[int, int], None] | None, cancelled: Callable[[], bool] | None,
) -> tuple[int, str]:  # fmt: skip
    """Draw the letters into ``out``; no store access here (runs on a worker thread)."""
    from caseworker.documents.letter_pdf import render_batch

    writer = HashingWriter(out)
    total = len(ready)
    done = render_batch(
        (c for _, c in ready), writer, templates_for,
        (lambda n: progress(n, total)) if progress else None, cancelled,
    )  # fmt: skip
    return done, writer.sha.hexdigest()
