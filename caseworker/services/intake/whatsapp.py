"""Importing a WhatsApp "Export chat" (.txt, or .zip with media) into a case.

Each message becomes a contact entry (time, sender, text; incoming when the
sender is the case's person, outgoing otherwise), each media file that came
with the export an attachment, and the export itself is kept as a CHAT_EXPORT
attachment. The person is found by the phone number or name the export
carries (sender names, "WhatsApp Chat with +93 70 123 4567.zip"). A chat
whose day/month order cannot be settled raises ``AmbiguousDateOrder`` from
preview and run alike, until they are given ``date_order``. Messages
are fingerprinted per case, so importing a later export of the same chat adds
only what is new. One transaction; the zip is measured before it is read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from caseworker.domain.errors import ValidationError
from caseworker.domain.roles import Action
from caseworker.domain.vocab import AttachmentKind
from caseworker.domain.whatsapp_chat import ChatMessage
from caseworker.services import records
from caseworker.services.attachments import MAX_ATTACHMENT, safe_filename, sniff_media_type
from caseworker.services.context import ServiceContext
from caseworker.services.inputs import ContactInput
from caseworker.services.intake import archives
from caseworker.services.intake.chat_files import Export, match_person, phone_of, read_export
from caseworker.services.intake.dto import ChatImportReport, ChatPreview
from caseworker.services.intake.sheets import ImportCancelled
from caseworker.store import audit
from caseworker.store.models import (
    Attachment,
    AttachmentContent,
    ContactEntry,
    ImportBatch,
    ImportRow,
    Person,
)

MAX_NOTE = 10_000
_IMAGE = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic")
Progress = Callable[[int, int], None]


def _zone(name: str | None) -> dt.tzinfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(f"{name!r} is not a time zone (e.g. Asia/Kabul, Asia/Karachi)", field="timezone") from None


def _utc(at: dt.datetime, zone: dt.tzinfo | None) -> dt.datetime:
    local = at.replace(tzinfo=zone) if zone else at.astimezone()  # naive: this computer's local time rules
    return local.astimezone(dt.UTC)


def fingerprints(case_id: int, messages: list[ChatMessage]) -> list[str]:
    seen: Counter[tuple[object, ...]] = Counter()
    out = []
    for m in messages:
        key = (m.at.isoformat(), m.sender, m.text, m.attachments, m.deleted)
        seen[key] += 1
        out.append(hashlib.sha256(f"wa|{case_id}|{key}|{seen[key]}".encode()).hexdigest())
    return out


def _note(m: ChatMessage) -> str:
    parts = [m.text] if m.text else []
    parts += [f"[attachment: {a}]" for a in m.attachments]
    if m.media_omitted:
        parts.append("[media not included in the export]")
    if m.deleted:
        parts.append("[message deleted]")
    if m.edited:
        parts.append("(edited)")
    note = f"{m.sender}: " + " ".join(parts) if parts else f"{m.sender}:"
    return note if len(note) <= MAX_NOTE else note[: MAX_NOTE - 40] + " … (cut; full text in the export)"


def _kind(name: str) -> str:
    lower = name.lower()
    if lower.endswith(_IMAGE):
        return AttachmentKind.PHOTO.value
    if lower.endswith(".pdf"):
        return AttachmentKind.DOCUMENT_SCAN.value
    return AttachmentKind.OTHER.value


class ChatImporter:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def _known(self, session: Session, prints: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(prints), 500):
            found.update(session.execute(select(ImportRow.fingerprint).where(
                ImportRow.fingerprint.in_(prints[start:start + 500]))).scalars())
        return found

    def preview(self, path: Path | str, case_id: int, date_order: str | None = None) -> ChatPreview:
        self._ctx.require(Action.LOG_CONTACT)
        export = read_export(path, date_order)
        messages = [m for m in export.chat.messages if not m.system]
        with self._ctx.read() as session:
            case = records.load_case(session, case_id, people=True)
            person_id, why, _ = match_person(list(case.people), export)
            new = len(messages) - len(self._known(session, fingerprints(case.id, messages)))
        return ChatPreview(
            export.filename, export.chat.platform, export.chat.date_order, len(messages),
            len(export.chat.messages) - len(messages), messages[0].at if messages else None,
            messages[-1].at if messages else None, export.chat.participants, len(export.media), new, person_id, why,
        )  # fmt: skip

    def run(self, path: Path | str, case_id: int, person_id: int | None = None, timezone: str | None = None,
            progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
            date_order: str | None = None) -> ChatImportReport:
        self._ctx.require(Action.LOG_CONTACT)
        self._ctx.require(Action.EDIT_CASE)  # attachments
        export = read_export(path, date_order)
        zone = _zone(timezone)
        messages = [m for m in export.chat.messages if not m.system]
        actor = self._ctx.user.actor
        with self._ctx.write() as session:
            case = records.load_case(session, case_id, people=True)
            matched, _, senders = match_person(list(case.people), export)
            if person_id is not None:
                if person_id not in {p.id for p in case.people}:
                    raise ValidationError("is not a member of this case", field="person")
                if person_id != matched:
                    senders = {export.hint} & set(export.chat.participants) if export.hint else set()
                matched = person_id
            person = session.get(Person, matched) if matched else None
            handle = next((c.value for c in person.contact_points if c.kind == "WHATSAPP"),
                          next((c.value for c in person.contact_points if c.kind == "PHONE"), "")) if person else ""
            handle = handle or (phone_of(export.hint) or "")
            prints = fingerprints(case.id, messages)
            known = self._known(session, prints)
            batch = ImportBatch(kind="WHATSAPP", source=export.hint[:100], filename=export.filename[:255],
                                file_sha256=hashlib.sha256(export.data).hexdigest(), created_by_id=actor.id)
            session.add(batch)
            session.flush()
            entries, rows, events = [], [], []
            for done, (message, fp) in enumerate(zip(messages, prints, strict=True), 1):
                if done % 500 == 0:
                    if cancelled and cancelled():
                        raise ImportCancelled()
                    if progress:
                        progress(done, len(messages) + 1)
                if fp in known:
                    continue
                incoming = message.sender in senders
                values = ContactInput(
                    channel="WHATSAPP", outcome="MESSAGE_RECEIVED" if incoming else "MESSAGE_SENT", handle=handle,
                    note=_note(message), occurred_at=_utc(message.at, zone), person_id=matched,
                    direction="IN" if incoming else "OUT",
                ).clean()  # fmt: skip
                entries.append({**values, "case_id": case.id, "created_by_id": actor.id})
                rows.append({"batch_id": batch.id, "fingerprint": fp, "row_number": message.line,
                             "source_key": "whatsapp", "external_ref": "", "case_id": case.id,
                             "person_id": matched, "outcome": "MESSAGE"})
            if entries:
                ids = session.execute(insert(ContactEntry.__table__).returning(
                    ContactEntry.id, sort_by_parameter_order=True), entries).scalars().all()
                session.execute(insert(ImportRow.__table__), rows)
                events += [{"action": "contact.add", "entity_type": "contact", "entity_id": entry_id,
                            "case_id": case.id, "summary": f"whatsapp {e['outcome'].lower().replace('_', ' ')}: "
                            f"{e['note'][:80]}", "after": {k: e[k] for k in ("occurred_at", "direction", "note")}}
                           for entry_id, e in zip(ids, entries, strict=True)]
            added_files, missing, original_id = self._attachments(session, export, case.id, matched, messages,
                                                                  prints, known, events)
            batch.counts = {"messages": len(messages), "added": len(entries), "already_imported": len(known),
                            "attachments": added_files, "date_order": export.chat.date_order,
                            "date_order_from": export.chat.order_from, "calendar": export.chat.calendar}
            events.insert(0, {"action": "intake.whatsapp", "entity_type": "import_batch", "entity_id": batch.id,
                              "case_id": case.id, "summary": f"imported WhatsApp chat {export.filename}: "
                              f"{len(entries)} new messages, {added_files} attachments"})
            audit.append_many(session, actor, events)
            session.flush()
            records.refresh_contact_columns(session, case.id)
            reference = case.reference
        if progress:
            progress(1, 1)
        return ChatImportReport(export.filename, reference, matched, len(messages), len(entries), len(known),
                                len(export.chat.messages) - len(messages), added_files, tuple(missing), original_id)

    def _attachments(self, session: Session, export: Export, case_id: int, person_id: int | None,
                     messages: list[ChatMessage], prints: list[str], known: set[str],
                     events: list[dict]) -> tuple[int, list[str], int | None]:
        held = set(session.execute(select(Attachment.sha256).where(Attachment.case_id == case_id)).scalars())
        added, missing = 0, []
        files: list[tuple[str, bytes, str]] = []
        for message, fp in zip(messages, prints, strict=True):
            if fp in known:
                continue
            for name in message.attachments:
                info = export.media.get(PurePosixPath(name).name)
                if info is None or export.archive is None:
                    missing.append(name)
                    continue
                if info.file_size > MAX_ATTACHMENT:
                    missing.append(f"{name} (larger than {MAX_ATTACHMENT // (1024 * 1024)} MB)")
                    continue
                files.append((name, archives.read_member(export.archive, info, export.filename, MAX_ATTACHMENT),
                              _kind(name)))
        original_id = None
        if len(export.data) <= MAX_ATTACHMENT:
            files.append((export.filename, export.data, AttachmentKind.CHAT_EXPORT.value))
        else:  # the media are attached one by one; keep the chat text as the original
            files.append((f"{Path(export.filename).stem}.txt", export.chat_bytes, AttachmentKind.CHAT_EXPORT.value))
        for name, data, kind in files:
            digest = hashlib.sha256(data).hexdigest()
            if digest in held or not data:
                continue
            held.add(digest)
            filename = safe_filename(name)
            attachment = Attachment(case_id=case_id, person_id=person_id, kind=kind, filename=filename,
                                    media_type=sniff_media_type(data, filename), size=len(data), sha256=digest,
                                    added_by_id=self._ctx.user.id)
            session.add(attachment)
            session.flush()
            session.add(AttachmentContent(attachment_id=attachment.id, data=data))
            if kind == AttachmentKind.CHAT_EXPORT.value:
                original_id = attachment.id
            else:
                added += 1
            events.append({"action": "attachment.add", "entity_type": "attachment", "entity_id": attachment.id,
                           "case_id": case_id, "summary": f"attached {filename} ({len(data):,} bytes) from a WhatsApp export",
                           "after": {"filename": filename, "kind": kind, "size": len(data), "sha256": digest}})
        return added, missing, original_id
