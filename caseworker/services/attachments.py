"""Scans and files kept inside the store."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import select

from caseworker.domain.errors import NotFoundError, ValidationError
from caseworker.domain.roles import Action
from caseworker.domain.validation import clean_text
from caseworker.domain.vocab import AttachmentKind
from caseworker.services import records
from caseworker.services.context import Service
from caseworker.services.dto import AttachmentView
from caseworker.store import audit
from caseworker.store.models import Attachment, AttachmentContent, Person

MAX_ATTACHMENT = 50 * 1024 * 1024

_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"PK\x03\x04", "application/zip"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
]


def sniff_media_type(data: bytes, filename: str) -> str:
    """The media type from the content itself, never trusting the file name alone."""
    for magic, media_type in _MAGIC:
        if data.startswith(magic):
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    return "text/plain"


def safe_filename(name: str) -> str:
    base = Path(name.replace("\\", "/")).name or "file"
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*')
    return clean_text(base, "file name", max_length=255, required=True)


class AttachmentService(Service):
    def add(
        self,
        case_id: int,
        filename: str,
        data: bytes,
        kind: str = AttachmentKind.OTHER.value,
        person_id: int | None = None,
    ) -> AttachmentView:
        self._ctx.require(Action.EDIT_CASE)
        name = safe_filename(filename)
        if not data:
            raise ValidationError(f"{name} is empty", field="file")
        if len(data) > MAX_ATTACHMENT:
            raise ValidationError(f"{name} is larger than {MAX_ATTACHMENT // (1024 * 1024)} MB", field="file")
        kind = AttachmentKind.parse(kind, "kind").value
        digest = hashlib.sha256(data).hexdigest()
        media_type = sniff_media_type(data, name)
        with self._ctx.write() as session:
            case = records.load_case(session, case_id)
            if person_id is not None and session.execute(
                select(Person.case_id).where(Person.id == person_id)
            ).scalar() != case.id:
                raise ValidationError("is not a member of this case", field="person")
            attachment = Attachment(
                case_id=case.id, person_id=person_id, kind=kind, filename=name, media_type=media_type,
                size=len(data), sha256=digest, added_by_id=self.user.id,
            )  # fmt: skip
            session.add(attachment)
            session.flush()
            session.add(AttachmentContent(attachment_id=attachment.id, data=data))
            audit.append(
                session, self.user.actor, "attachment.add", "attachment", attachment.id, case_id=case.id,
                summary=f"attached {name} ({len(data):,} bytes)",
                after={"filename": name, "kind": kind, "size": len(data), "sha256": digest},
            )
            return AttachmentView(
                attachment.id, person_id, kind, name, media_type, len(data), digest,
                self.user.username, attachment.added_at,
            )  # fmt: skip

    def content(self, attachment_id: int, *, purpose: str = "view") -> tuple[AttachmentView, bytes]:
        """The file's bytes. Every view or export is recorded in the access log."""
        self._ctx.require(Action.VIEW)
        with self._ctx.write() as session:
            attachment = session.get(Attachment, attachment_id)
            if attachment is None:
                raise NotFoundError(f"no attachment with id {attachment_id}")
            blob = session.get(AttachmentContent, attachment_id)
            assert blob is not None
            action = "export.attachment" if purpose == "export" else "view.attachment"
            audit.append(
                session, self.user.actor, action, "attachment", attachment.id, case_id=attachment.case_id,
                summary=f"{'exported' if purpose == 'export' else 'viewed'} {attachment.filename}",
                after={"sha256": attachment.sha256} if purpose == "export" else None,
            )
            view = AttachmentView(
                attachment.id, attachment.person_id, attachment.kind, attachment.filename,
                attachment.media_type, attachment.size, attachment.sha256, None, attachment.added_at,
            )  # fmt: skip
            return view, bytes(blob.data)
