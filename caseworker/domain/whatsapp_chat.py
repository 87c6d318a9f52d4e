"""Reading chats exported with WhatsApp's "Export chat" (Android and iOS).

An export is plain text, one message per timestamped line, continued on the
following lines when the message has several. The timestamp's form follows the
phone's locale, and it carries no time zone (it is the phone's local time):

    12/31/21, 9:41 PM - Ahmad Karimi: text              Android, US
    31/12/2021, 21:41 - Ahmad Karimi: text              Android, UK and most locales
    31.12.21, 21:41 - +93 70 123 4567: text             Android, German and Central Asian
    [31/12/2021, 21:41:05] Ahmad Karimi: text           iOS (with U+200E marks, U+202F before PM)

Day-first or month-first is decided once per file: a first number above 12
settles it, otherwise the reading whose times run forwards wins. System lines
(end-to-end encryption notice, group changes) are kept apart; attachments
(``<attached: 00000012-PHOTO-….jpg>`` on iOS, ``IMG-….jpg (file attached)`` on
Android), omitted media, deleted and edited messages are recognised.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

MAX_SENDER = 60
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_MARKS_RE = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACES_RE = re.compile("[\u00a0\u202f\u2007\u2009]")
_STAMP = (r"(\d{1,4})[./\-](\d{1,2})[./\-](\d{1,4}),?\s+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?"
          r"\s*(am|pm|a\.\s?m\.|p\.\s?m\.|ق\.ظ|ب\.ظ|ص|م)?")
_IOS_RE = re.compile(r"^\[" + _STAMP + r"\]\s*(.*)$", re.IGNORECASE)
_ANDROID_RE = re.compile(r"^" + _STAMP + r"\s+[-–]\s+(.*)$", re.IGNORECASE)
_PM = ("pm", "p.m.", "p. m.", "ب.ظ", "م")
_ATTACHED_RE = re.compile(r"<attached:\s*([^<>]+?)\s*>", re.IGNORECASE)
_FILE_ATTACHED_RE = re.compile(r"^(.+?\.[A-Za-z0-9]{2,5})\s+\(file attached\)\s*$", re.IGNORECASE | re.MULTILINE)
_OMITTED_RE = re.compile(
    r"^(?:<media omitted>|(?:image|video|audio|sticker|gif|document|contact card) omitted)$", re.IGNORECASE)
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

    @property
    def participants(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.sender for m in self.messages if m.sender and not m.system))


@dataclass
class _Raw:
    line: int
    numbers: tuple[int, int, int]
    clock: tuple[int, int, int, str]
    rest: list[str]
    ios: bool


def _header(line: str) -> tuple[re.Match[str], bool] | None:
    clean = _SPACES_RE.sub(" ", _MARKS_RE.sub("", line.translate(_DIGITS)))
    if clean.startswith("["):
        m = _IOS_RE.match(clean)
        return (m, True) if m else None
    m = _ANDROID_RE.match(clean)
    return (m, False) if m else None


def _choose_order(raws: list[_Raw]) -> str:
    if raws and all(len(str(r.numbers[0])) == 4 or r.numbers[0] > 31 for r in raws):
        return "YMD"
    if any(r.numbers[0] > 12 for r in raws):
        return "DMY"
    if any(r.numbers[1] > 12 for r in raws):
        return "MDY"
    forward = {order: sum(a <= b for a, b in zip(times, times[1:], strict=False))
               for order in ("DMY", "MDY") if (times := [_when(r, order) for r in raws]) and None not in times}
    if len(forward) == 2 and forward["DMY"] != forward["MDY"]:
        return max(forward, key=forward.__getitem__)
    twelve_hour = any(r.clock[3] for r in raws)
    return "MDY" if twelve_hour else "DMY"


def _when(raw: _Raw, order: str) -> datetime.datetime | None:
    a, b, c = raw.numbers
    year, month, day = {"DMY": (c, b, a), "MDY": (c, a, b), "YMD": (a, b, c)}[order]
    if year < 100:
        year += 2000
    hour, minute, second, meridiem = raw.clock
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem.lower().replace(" ", "") in _PM else 0)
    try:
        return datetime.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


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


def _message(index: int, raw: _Raw, at: datetime.datetime, first_raw: str) -> ChatMessage:
    rest = raw.rest[0]
    sender, text, system = _split_sender(rest, raw.ios, first_raw)
    text = "\n".join([text, *raw.rest[1:]]).strip()
    if system:
        return ChatMessage(index, raw.line, at, "", text, system=True)
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
    return ChatMessage(index, raw.line, at, sender, text, tuple(attachments), omitted, deleted, edited)


def parse_chat(text: str) -> Chat:
    """Every message of an exported chat, in file order. Raises ValueError if there are none."""
    raws: list[_Raw] = []
    first_raw: list[str] = []
    ignored = 0
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        found = _header(line)
        if found is None:
            if raws:
                raws[-1].rest.append(_MARKS_RE.sub("", line))
            elif line.strip():
                ignored += 1
            continue
        m, ios = found
        numbers = (int(m[1]), int(m[2]), int(m[3]))
        clock = (int(m[4]), int(m[5]), int(m[6] or 0), (m[7] or "").strip())
        raws.append(_Raw(number, numbers, clock, [_MARKS_RE.sub("", m[8])], ios))
        first_raw.append(line.split("]", 1)[-1] if ios else line.split(" - ", 1)[-1])
    if not raws:
        raise ValueError("no WhatsApp messages found: is this a chat exported with “Export chat”?")
    order = _choose_order(raws)
    messages: list[ChatMessage] = []
    for raw, original in zip(raws, first_raw, strict=True):
        at = _when(raw, order)
        if at is None:  # a line that only looked like a message: part of the one before
            if messages:
                previous = messages.pop()
                messages.append(_continued(previous, _MARKS_RE.sub("", original)))
            continue
        messages.append(_message(len(messages), raw, at, _after_sender(original)))
    ios = sum(r.ios for r in raws) * 2 > len(raws)
    return Chat(tuple(messages), order, "ios" if ios else "android", ignored)


def _after_sender(original: str) -> str:
    return original.partition(": ")[2] if ": " in original else original


def _continued(message: ChatMessage, line: str) -> ChatMessage:
    from dataclasses import replace

    return replace(message, text=f"{message.text}\n{line}".strip())
