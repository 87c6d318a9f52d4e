"""Writing an approved handoff's file: the export step.

The file is built from the stored snapshot (checked against the digest that
was approved), encrypted with a fresh passphrase when the profile asks for a
password, and written to a temporary file beside the target. The ledger entry
and the `export.handoff` audit event are committed in the same transaction
that moves the file into place; if anything fails, no file is left behind
and the handoff stays approved.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from argon2 import PasswordHasher

from caseworker.documents.manifest import Manifest
from caseworker.documents.manifest_csv import write_csv
from caseworker.documents.manifest_xlsx import write_xlsx
from caseworker.documents.office_crypto import encrypt_ooxml
from caseworker.domain.date_formats import parse_date_format
from caseworker.domain.errors import ConflictError, StoreError, ValidationError, WorkflowError
from caseworker.domain.handoff_fields import Kind
from caseworker.domain.pseudonyms import new_passphrase
from caseworker.services.context import ServiceContext
from caseworker.services.handoffs import records
from caseworker.services.handoffs.dto import WrittenHandoff
from caseworker.services.handoffs.rows import digest
from caseworker.store import audit
from caseworker.store.anchors import head_text
from caseworker.store.base import utcnow
from caseworker.store.models import Handoff, Partner

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def _manifest(handoff: Handoff, partner: Partner, rows: list[tuple[int, list]]) -> Manifest:  # type: ignore[type-arg]
    kinds = records.kinds_of(handoff)
    date_columns = [i for i, k in enumerate(kinds) if k is Kind.DATE]
    cells = []
    for _, values in rows:
        row = list(values)
        for i in date_columns:
            if row[i] is not None:
                row[i] = dt.date.fromisoformat(row[i])
        cells.append(row)
    return Manifest(
        reference=handoff.reference, title=f"{handoff.reference} for {partner.display_name}",
        sheet_name=handoff.profile.get("sheet_name", "Manifest"), headings=list(handoff.headings), kinds=kinds,
        rows=cells, date_format=parse_date_format(handoff.profile["date_format"]),
    )  # fmt: skip


def _render(file_format: str, encrypted: bool, manifest: Manifest, progress: Progress,
            cancelled: Cancelled) -> tuple[bytes, str | None]:  # fmt: skip
    buffer = io.BytesIO()
    if file_format == "csv":
        write_csv(manifest, buffer, progress=progress, cancelled=cancelled)
        return buffer.getvalue(), None
    write_xlsx(manifest, buffer, progress=progress, cancelled=cancelled)
    if not encrypted:
        return buffer.getvalue(), None
    passphrase = new_passphrase()
    return encrypt_ooxml(buffer.getvalue(), passphrase), passphrase


def _temporary(out: Path, data: bytes) -> Path:
    temp = out.with_name(f".{out.name}.{secrets.token_hex(4)}.partial")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    return temp


def write_file(ctx: ServiceContext, ref: int | str, out: Path, *, overwrite: bool,
               progress: Progress | None, cancelled: Cancelled | None) -> WrittenHandoff:  # fmt: skip
    if out.exists() and not overwrite:
        raise ValidationError(f"{out} already exists; choose another file name", field="out")
    if not out.parent.is_dir():
        raise ValidationError(f"the folder {out.parent} does not exist", field="out")
    with ctx.read() as session:
        handoff = records.load_handoff(session, ref)
        if handoff.status != "APPROVED":
            raise WorkflowError(f"{handoff.reference} is {handoff.status.lower()}; only an approved handoff is written")
        rows = records.file_rows(session, handoff.id)
        if digest(handoff.headings, rows) != handoff.digest:
            raise StoreError(f"the stored rows of {handoff.reference} are not the ones approved; it will not be written")
        partner = session.get(Partner, handoff.partner_id)
        assert partner is not None
        manifest = _manifest(handoff, partner, rows)
        handoff_id, version = handoff.id, handoff.version
        file_format, encrypted, partner_name = handoff.file_format, handoff.encrypted, partner.name
    data, passphrase = _render(file_format, encrypted, manifest, progress or (lambda d, t: None), cancelled or (lambda: False))
    sha256 = hashlib.sha256(data).hexdigest()
    temp = _temporary(out, data)
    moved = False
    try:
        with ctx.write() as session:
            found = records.load_handoff(session, handoff_id, lock=True)
            if found.version != version or found.status != "APPROVED":
                raise ConflictError(f"{found.reference} was changed by someone else while the file was written")
            found.status, found.written_by_id, found.written_at = "WRITTEN", ctx.user.id, utcnow()
            found.file_sha256 = sha256
            found.passphrase_hash = PasswordHasher().hash(passphrase) if passphrase else None
            event = audit.append(
                session, ctx.user.actor, "export.handoff", "handoff", found.id,
                summary=f"wrote {found.reference} for {partner_name}: {found.row_count:,} rows, sha256 {sha256[:12]}…",
                after={"reference": found.reference, "partner": partner_name, "fields": list(records.fields_of(found)),
                       "people": sorted({pid for pid, _ in rows}), "rows": found.row_count, "sha256": sha256,
                       "format": found.file_format, "encrypted": passphrase is not None},
            )  # fmt: skip
            session.flush()
            view = records.handoff_view(session, found)
            os.replace(temp, out)
            moved = True
    except BaseException:
        with contextlib.suppress(OSError):
            (out if moved else temp).unlink()
        raise
    return WrittenHandoff(view, str(out), sha256, len(data), passphrase, head_text(event.seq, event.hash))
