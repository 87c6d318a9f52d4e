"""The header formats other open-source WhatsApp parsers document, with lines of our own.

- whatstk (lucasrodes/whatstk, ``whatstk/whatsapp/assets/header_format_support.json``)
  lists 96 header formats built from one grammar: date order × separator
  (``-``, ``/``, ``.``) × Android (``date, time - name:``) or iOS
  (``[date time] name:``) × seconds or not × 24- or 12-hour clock; the year
  ``%y`` or ``%Y``. Its 72 day-month-year, month-day-year and year-month-day
  formats are read here in both year widths (144 cases); its 24 year-day-month
  ones are not (no phone writes them; docs/parsers/whatsapp.md).
- whatsapp-chat-parser (Pustur/whatsapp-chat-parser, ``tests/unit/parser.test.ts``)
  tests ten header forms, and one more among its message tests. The eight
  with a separator after the time and the year at one end are read here as
  that project reads them (one only once the user says day first: that
  project assumes it); the other three are not read, and say so.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from caseworker.domain.whatsapp_chat import AmbiguousDateOrder, parse_chat

MOMENTS = (dt.datetime(2021, 9, 4, 14, 3, 5), dt.datetime(2021, 9, 13, 0, 5, 0), dt.datetime(2021, 12, 25, 23, 59, 59))
GRAMMAR = list(itertools.product(("%d{s}%m{s}%y", "%m{s}%d{s}%y", "%y{s}%m{s}%d"), "-/.", ("android", "ios"),
                                 (False, True), (False, True), ("%y", "%Y")))  # fmt: skip


def _hformat(date: str, sep: str, platform: str, seconds: bool, twelve: bool, year: str) -> str:
    day = date.format(s=sep).replace("%y", year)
    clock = ("%I:%M:%S" if seconds else "%I:%M") if twelve else ("%H:%M:%S" if seconds else "%H:%M")
    clock += " %p" if twelve else ""
    return f"{day}, {clock} - " if platform == "android" else f"[{day} {clock}] "


@pytest.mark.parametrize(("date", "sep", "platform", "seconds", "twelve", "year"), GRAMMAR)
def test_whatstk_header_formats(date: str, sep: str, platform: str, seconds: bool, twelve: bool, year: str) -> None:
    header = _hformat(date, sep, platform, seconds, twelve, year)
    senders = ("Fatima Caseworker", "+93 70 123 4567", "Fatima Caseworker")
    text = "".join(f"{t.strftime(header)}{who}: message {i}\n" for i, (t, who) in enumerate(zip(MOMENTS, senders,
                                                                                               strict=True)))  # fmt: skip
    chat = parse_chat(text)
    expected = [t if seconds else t.replace(second=0) for t in MOMENTS]
    assert [m.at for m in chat.messages] == expected, text
    assert [m.sender for m in chat.messages] == list(senders) and chat.platform == platform
    assert chat.date_order == {"%d": "DMY", "%m": "MDY", "%y": "YMD"}[date[:2]]


# Our lines in the ten forms of whatsapp-chat-parser's tests: (line, the moment that project reads, asked?)
PUSTUR = [
    ("4/9/21, 2:03 p.m. - Ahmad: salam", dt.datetime(2021, 9, 4, 14, 3), False),
    ("04-09-2021, 02.03 PM - Ahmad: salam", dt.datetime(2021, 9, 4, 14, 3), True),  # it assumes day first; we ask
    ("[09.14.21 21:25:15] Ahmad: salam", dt.datetime(2021, 9, 14, 21, 25, 15), False),
    ("14.9.2021 klo 21.25.15 - Ahmad: salam", dt.datetime(2021, 9, 14, 21, 25, 15), False),
    ("[4/9/21 2:03:00 p. m.] Ahmad: salam", dt.datetime(2021, 9, 4, 14, 3), False),
    ("\u200e[4/9/21 2:03:00 p. m.] Ahmad: salam", dt.datetime(2021, 9, 4, 14, 3), False),
    ("[2021/09/14, 21:25:15] Ahmad: salam", dt.datetime(2021, 9, 14, 21, 25, 15), False),
    ("04/09/2021, 02:03 p.m. - Ahmad: salam", dt.datetime(2021, 9, 4, 14, 3), False),
]


@pytest.mark.parametrize(("line", "moment", "asked"), PUSTUR)
def test_whatsapp_chat_parser_forms(line: str, moment: dt.datetime, asked: bool) -> None:
    if asked:
        with pytest.raises(AmbiguousDateOrder):
            parse_chat(line)
        chat = parse_chat(line, "dmy")
    else:
        chat = parse_chat(line)
    assert [(m.at, m.sender, m.text) for m in chat.messages] == [(moment, "Ahmad", "salam")]


@pytest.mark.parametrize("line", ["14.06.21 21.25.15: Ahmad: salam", "14. 6. 2021. 21:25:15 Ahmad: salam",
                                  "[06/2021/14, 21:25:15] Ahmad: salam"])  # fmt: skip
def test_forms_not_read_say_so(line: str) -> None:
    with pytest.raises(ValueError, match="no WhatsApp messages found"):
        parse_chat(line)
