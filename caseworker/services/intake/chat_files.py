"""Reading a WhatsApp export (.txt or .zip) and finding the case's person it is with.

The zip is measured before anything is read from it (``archives``); the chat
text is decoded like a CSV (BOMs, UTF-8, UTF-16) and parsed by
``domain.whatsapp_chat``; a chat whose day/month order cannot be settled raises
``AmbiguousDateOrder`` until the caller passes the order the user chose. The file name carries who the chat is with
("WhatsApp Chat with +93 70 123 4567.zip", "WhatsApp Chat - Ahmad Karimi.zip"),
and so do the senders; a phone number finds a person by their numbers, a name
by its script-independent keys.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from caseworker.domain import names, phones
from caseworker.domain.errors import ValidationError
from caseworker.domain.whatsapp_chat import AmbiguousDateOrder, Chat, parse_chat
from caseworker.services.attachments import MAX_ATTACHMENT
from caseworker.services.intake import archives
from caseworker.services.intake.sheets import decode_text
from caseworker.store.models import Person

MAX_CHAT = 20 * 1024 * 1024
CHAT_LIMITS = archives.ZipLimits(max_entries=5_000, max_total=2 * 1024**3, max_entry=MAX_ATTACHMENT * 4)
_HINT_RE = re.compile(r"^WhatsApp Chat (?:with|-)\s*(.+)$", re.IGNORECASE)


@dataclass
class Export:
    filename: str
    data: bytes  # the export file as given
    chat: Chat
    hint: str  # who the chat is with, from the file name
    media: dict[str, zipfile.ZipInfo] = field(default_factory=dict)
    archive: zipfile.ZipFile | None = None
    chat_bytes: bytes = b""  # the chat text as exported (kept when the whole export is too large)


def read_export(path: Path | str, date_order: str | None = None) -> Export:
    path = Path(path)
    try:
        if path.stat().st_size > CHAT_LIMITS.max_total:
            raise archives.problem(path.name, "is too large for a chat export")
        data = path.read_bytes()
    except OSError as exc:
        raise archives.problem(path.name, f"cannot be read ({exc.strerror or exc})") from None
    match = _HINT_RE.match(path.stem)
    hint = match.group(1).strip() if match else ""
    archive = None
    media: dict[str, zipfile.ZipInfo] = {}
    if data.startswith(b"PK\x03\x04"):
        archive = archives.open_zip(io.BytesIO(data), path.name)
        entries = archives.check_declared(archive, path.name, CHAT_LIMITS)
        texts = [e for e in entries if e.filename.lower().endswith(".txt") and not e.is_dir()]
        chat_entry = next((e for e in texts if PurePosixPath(e.filename).name == "_chat.txt"), texts[0] if texts else None)
        if chat_entry is None:
            raise archives.problem(path.name, "holds no chat (.txt); is it a WhatsApp export?")
        raw = archives.read_member(archive, chat_entry, path.name, MAX_CHAT)
        media = {PurePosixPath(e.filename).name: e for e in entries if e is not chat_entry and not e.is_dir()}
    else:
        if len(data) > MAX_CHAT:
            raise archives.problem(path.name, f"is larger than {MAX_CHAT // (1024 * 1024)} MB of text")
        raw = data
    text, _ = decode_text(raw, path.name)
    try:
        chat = parse_chat(text, date_order)
    except AmbiguousDateOrder:
        raise  # the caller asks the user; the message names the line and both readings
    except ValueError as exc:
        raise archives.problem(path.name, str(exc)) from None
    return Export(path.name, data, chat, hint, media, archive, raw)


def phone_of(text: str) -> str | None:
    """The number in E.164 if the text is a phone number, else None."""
    if sum(c.isdigit() for c in text) < 7:
        return None
    try:
        return phones.normalise_phone(text)
    except ValidationError:
        return None


def match_person(people: list[Person], export: Export) -> tuple[int | None, str, set[str]]:
    """(person id, why, the sender names that are that person)."""
    by_phone = {c.value: p for p in people for c in p.contact_points if c.kind != "EMAIL"}
    candidates = [export.hint, *export.chat.participants] if export.hint else list(export.chat.participants)
    for text in candidates:
        number = phone_of(text)
        if number and number in by_phone:
            person = by_phone[number]
            senders = {s for s in export.chat.participants if phone_of(s) == number or s == text}
            return person.id, f"phone number {number}", senders
    for text in candidates:
        key = names.sorted_name_key(text)
        if not key:
            continue
        for person in people:
            forms = (person.latin_name, person.name_original, *(person.variants or []))
            if any(names.sorted_name_key(f) == key for f in forms if f):
                senders = {s for s in export.chat.participants if names.sorted_name_key(s) == key}
                return person.id, f"name {text!r}", senders | ({text} if text in export.chat.participants else set())
    return None, "no phone number or name in the export matches a person of this case", set()
