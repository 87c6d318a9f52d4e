"""Reading chats exported with WhatsApp's "Export chat" (Android and iOS).

An export is plain text, one message per timestamped line, continued on the
following lines when the message has several. The timestamp's form follows the
phone's locale, and it carries no time zone (it is the phone's local time):

    9/4/21, 2:03 PM - Ahmad Karimi: text                Android, US
    04/09/2021, 2:03 pm - Ahmad Karimi: text            Android, English in India and Pakistan
    04/09/2021, 14:03 - Ahmad Karimi: text              Android, UK and most locales
    04.09.21, 14:03 - +93 70 123 4567: text             Android, German and Central Asian
    ٤/٩/٢٠٢١ ٢:٠٣ م - احمد: text                 Android, Arabic
    ۱۴۰۰/۶/۱۳، ۱۴:۰۳ - احمد: text                       Android, Persian (Solar Hijri years)
    [04/09/2021, 14:03:05] Ahmad Karimi: text           iOS (with U+200E marks, U+202F before PM)

The day/month order is decided once for the whole chat by
``domain.whatsapp_dates`` and never guessed: a chat that cannot settle it
raises ``AmbiguousDateOrder`` unless the caller passes ``date_order``. System
lines (end-to-end encryption notice, group changes) are kept apart;
attachments (``<attached: 00000012-PHOTO-….jpg>`` on iOS, ``IMG-….jpg (file
attached)`` on Android), omitted media, deleted and edited messages are
recognised. docs/parsers/whatsapp.md lists every form read.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace

from caseworker.domain.whatsapp_dates import (
    ANDROID_RE,
    IOS_RE,
    MARKS_RE,
    AmbiguousDateOrder,
    Stamp,
    choose_order,
    clean,
    is_solar_hijri,
    reading,
    stamp,
)

__all__ = ["AmbiguousDateOrder", "Chat", "ChatMessage", "parse_chat"]

MAX_SENDER = 60
_SEPARATOR_RE = re.compile(r"\s+[-–]\s+")
_ATTACHED_RE = re.compile(r"<\s*attached:\s*([^<>]+?)\s*>", re.IGNORECASE)
_FILE_ATTACHED_RE = re.compile(r"^(.+?\.[A-Za-z0-9]{2,5})\s+\(file attached\)\s*$", re.IGNORECASE | re.MULTILINE)
_OMITTED_RE = re.compile(
    r"^(?:<(?:media omitted|medien ausgeschlossen|multimedia omitido|médias omis|media omessi"
    r"|arquivo de mídia oculto|تم استبعاد الوسائط)>"
    r"|(?:image|video|audio|sticker|gif|document|contact card) omitted)$", re.IGNORECASE)
_DELETED = ("this message was deleted", "you deleted this message", "this message was deleted.",
            "you deleted this message.")  # fmt: skip
_EDITED_RE = re.compile(r"\s*<this message was edited>\s*$", re.IGNORECASE)
_SYSTEM_RE = re.compile(
    r"(?:messages and calls are end-to-end encrypted|messages to this group are now secured"
    r"|(?:^|\s)created (?:group|this group)|changed the subject|changed this group's icon"
    r"|changed the group description|security code (?:with .* )?changed|changed their phone number"
    r"|changed (?:to|from) \+?\d|joined using this group's invite link|^you blocked this contact"
    r"|^you unblocked this contact|disappearing messages|this chat is with a business account"
    r"|(?:^|\s)(?:added|removed) .+$|(?:^|\s)left$|is a contact\.?$)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ChatMessage:
    index: int
    line: int  # line number in the export where the message starts
    at: datetime.datetime  # naive: the phone's local time
    sender: str  # "" for a system line
    text: str  # without attachment, edit and deletion markers
    attachments: tuple[str, ...] = ()
    media_omitted: bool = False
    deleted: bool = False
    edited: bool = False
    system: bool = False


@dataclass(frozen=True, slots=True)
class Chat:
    messages: tuple[ChatMessage, ...]
    date_order: str  # "DMY", "MDY" or "YMD"
    platform: str  # "android" or "ios"
    ignored_lines: int  # lines before the first message that are not part of any
    order_from: str = "dates"  # how the order was settled: "dates", "locale", "given" or "any"
    calendar: str = "gregorian"  # or "solar_hijri" (converted to Gregorian)

    @property
    def participants(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.sender for m in self.messages if m.sender and not m.system))


@dataclass
class _Raw:
    stamp: Stamp
    rest: list[str]
    ios: bool
    first_raw: str  # the header line after its timestamp, marks kept (iOS system lines start with U+200E)
    whole: str  # the header line without marks, for when it turns out not to be a header


def _header(number: int, line: str) -> _Raw | None:
    text = clean(line)
    regex, ios = (IOS_RE, True) if text.startswith("[") else (ANDROID_RE, False)
    m = regex.match(text)
    if not m:
        return None
    # The message as written (the match is on the line with its digits made ASCII); iOS marks its system
    # lines with U+200E after the "]".
    after = line.split("]", 1)[-1] if ios else _SEPARATOR_RE.split(line, maxsplit=1)[-1]
    return _Raw(stamp(number, line, m), [MARKS_RE.sub("", after).lstrip()], ios, after, MARKS_RE.sub("", line))


def _split_sender(rest: str, ios: bool, raw_text: str) -> tuple[str, str, bool]:
    """(sender, text, system)."""
    sender, sep, text = rest.partition(": ")
    if not sep and rest.endswith(":"):
        sender, sep, text = rest[:-1], ":", ""
    if not sep or len(sender) > MAX_SENDER or '"' in sender:
        return "", rest, True
    system = _SYSTEM_RE.search(text) is not None and (
        not ios or raw_text.lstrip().startswith("\u200e") or "end-to-end" in text)
    return sender.strip(), text, system


def _message(index: int, raw: _Raw, at: datetime.datetime) -> ChatMessage:
    after_sender = raw.first_raw.partition(": ")[2] if ": " in raw.first_raw else raw.first_raw
    sender, text, system = _split_sender(raw.rest[0], raw.ios, after_sender)
    text = "\n".join([text, *raw.rest[1:]]).strip()
    if system:
        return ChatMessage(index, raw.stamp.line, at, "", text, system=True)
    edited = bool(_EDITED_RE.search(text))
    text = _EDITED_RE.sub("", text)
    attachments = [m.strip() for m in _ATTACHED_RE.findall(text)]
    text = _ATTACHED_RE.sub("", text)
    attachments += [m.strip() for m in _FILE_ATTACHED_RE.findall(text)]
    text = _FILE_ATTACHED_RE.sub("", text).strip()
    omitted = bool(_OMITTED_RE.match(text))
    deleted = text.lower() in _DELETED
    if omitted or deleted:
        text = ""
    return ChatMessage(index, raw.stamp.line, at, sender, text, tuple(attachments), omitted, deleted, edited)


def parse_chat(text: str, date_order: str | None = None) -> Chat:
    """Every message of an exported chat, in file order.

    ``date_order`` ("dmy", "mdy" or "ymd") is needed only when the chat cannot
    settle it (AmbiguousDateOrder says so); it never overrides dates that prove
    another order (ValidationError). Raises ValueError if there are no messages.
    """
    raws: list[_Raw] = []
    ignored = 0
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        raw = _header(number, line)
        if raw is not None:
            raws.append(raw)
        elif raws:
            raws[-1].rest.append(MARKS_RE.sub("", line))
        elif line.strip():
            ignored += 1
    if not any(reading(r.stamp, o) for r in raws for o in ("DMY", "MDY", "YMD")):
        raise ValueError("no WhatsApp messages found: is this a chat exported with “Export chat”?")
    order, settled = choose_order([r.stamp for r in raws], date_order)
    messages: list[ChatMessage] = []
    solar = False
    for raw in raws:
        at = reading(raw.stamp, order)
        if at is None:  # a line that only looked like a message: part of the one before
            if messages:
                messages.append(_continued(messages.pop(), raw))
            else:
                ignored += 1 + sum(bool(r.strip()) for r in raw.rest[1:])
            continue
        solar = solar or is_solar_hijri(raw.stamp, order)
        messages.append(_message(len(messages), raw, at))
    ios = sum(r.ios for r in raws) * 2 > len(raws)
    return Chat(tuple(messages), order, "ios" if ios else "android", ignored, settled,
                "solar_hijri" if solar else "gregorian")


def _continued(message: ChatMessage, raw: _Raw) -> ChatMessage:
    text = "\n".join([raw.whole, *raw.rest[1:]])
    return replace(message, text=f"{message.text}\n{text}".strip())
