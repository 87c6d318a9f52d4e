"""Generated chats in each export format, with random moments, read back exactly or asked about.

The property: a chat is read with exactly the moments it was written with, or
the parser raises AmbiguousDateOrder offering the right order among others;
it never returns a wrong moment. With the right order given it always reads
back. Formats whose order the dates or the locale settle never ask.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import jdatetime
from hypothesis import given, settings
from hypothesis import strategies as st

from caseworker.domain.whatsapp_chat import AmbiguousDateOrder, parse_chat

ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
RLM, NNBSP, NBSP = "\u200f", "\u202f", "\u00a0"


def _h12(t: dt.datetime) -> int:
    return t.hour % 12 or 12


def _solar(t: dt.datetime) -> str:
    j = jdatetime.date.fromgregorian(date=t.date())
    return f"{j.year}/{j.month}/{j.day}، {t:%H:%M}".translate(PERSIAN)


# name: (header of a message at t, order, whether the locale alone settles the order)
Render = Callable[[dt.datetime], str]
FORMATS: dict[str, tuple[Render, str, bool]] = {
    "android en-GB": (lambda t: f"{t:%d/%m/%Y, %H:%M} - ", "DMY", False),
    "android en-US": (lambda t: f"{t.month}/{t.day}/{t:%y}, {_h12(t)}:{t:%M} {t:%p} - ", "MDY", False),
    "android en-IN": (lambda t: f"{t:%d/%m/%Y}, {_h12(t)}:{t:%M} {t:%p}".lower() + " - ", "DMY", True),
    "android de": (lambda t: f"{t:%d.%m.%y, %H:%M} - ", "DMY", True),
    "android ar": (lambda t: f"{t.day}{RLM}/{t.month}{RLM}/{t.year} {_h12(t)}:{t:%M} ".translate(ARABIC)
                   + ("ص" if t.hour < 12 else "م") + " - ", "DMY", True),
    "android es": (lambda t: f"{t.day}/{t.month}/{t:%y}, {_h12(t)}:{t:%M} {'a' if t.hour < 12 else 'p'}.{NBSP}m. - ",
                   "DMY", True),
    "android fa": (lambda t: _solar(t) + " - ", "YMD", True),
    "android hu": (lambda t: f"{t:%Y. %m. %d.} {t.hour}:{t:%M} - ", "YMD", True),
    "android ko": (lambda t: f"{t.year}. {t.month}. {t.day}. {'오전' if t.hour < 12 else '오후'} {_h12(t)}:{t:%M} - ",
                   "YMD", True),
    "android yy-mm-dd": (lambda t: f"{t:%y-%m-%d, %H:%M} - ", "YMD", False),
    "android nl": (lambda t: f"{t:%d-%m-%Y %H:%M} - ", "DMY", False),
    "ios en-GB": (lambda t: f"[{t:%d/%m/%Y, %H:%M:%S}] ", "DMY", False),
    "ios en-US": (lambda t: f"[{t.month}/{t.day}/{t:%y}, {_h12(t)}:{t:%M:%S}{NNBSP}{t:%p}] ", "MDY", False),
    "ios es": (lambda t: f"[{t.day}/{t.month}/{t:%y} {_h12(t)}:{t:%M:%S} {'a' if t.hour < 12 else 'p'}. m.] ",
               "DMY", True),
    "android en-US U+202F": (lambda t: f"{t.month}/{t.day}/{t:%y}, {_h12(t)}:{t:%M}{NNBSP}{t:%p} - ", "MDY", False),
    "android ar comma": (lambda t: f"{t:%d/%m/%Y}، {_h12(t)}:{t:%M} ".translate(ARABIC)
                         + ("ص" if t.hour < 12 else "م") + " - ", "DMY", True),
    "android fa 12h": (lambda t: RLM + _solar(t).split("، ")[0] + f"، {_h12(t)}:{t:%M} ".translate(PERSIAN)
                       + ("ق.ظ" if t.hour < 12 else "ب.ظ") + " - ", "YMD", True),
    "android fa gregorian": (lambda t: f"{t.year}/{t.month}/{t.day}، {t:%H:%M} - ".translate(PERSIAN), "YMD", True),
    "android iso": (lambda t: f"{t:%Y-%m-%d %H:%M} - ", "YMD", True),
    "android zh": (lambda t: f"{t.year}/{t.month}/{t.day} {'上午' if t.hour < 12 else '下午'}{_h12(t)}:{t:%M} - ",
                   "YMD", True),
    "android fi": (lambda t: f"{t.day}.{t.month}.{t.year} klo {t.hour}.{t:%M} - ", "DMY", True),
    "android hr": (lambda t: f"{t.day}. {t.month}. {t.year}. {t:%H:%M} - ", "DMY", True),
    "android dotted time": (lambda t: f"{t:%d/%m/%Y, %H.%M} - ", "DMY", False),
    "android 12h dotted time": (lambda t: f"{t:%d-%m-%Y}, {_h12(t):02d}.{t:%M} {t:%p} - ", "DMY", False),
    "ios de": (lambda t: f"[{t:%d.%m.%y, %H:%M:%S}] ", "DMY", True),
    "ios no comma": (lambda t: f"[{t:%d/%m/%Y %H:%M:%S}] ", "DMY", False),
    "ios ymd": (lambda t: f"[{t:%Y/%m/%d, %H:%M:%S}] ", "YMD", True),
}
SECONDS = {name for name in FORMATS if name.startswith("ios")}

moments = st.lists(st.datetimes(min_value=dt.datetime(2010, 1, 1), max_value=dt.datetime(2035, 12, 31)),
                   min_size=1, max_size=8).map(sorted)
words = st.text(alphabet="abcdefghij klmnop", min_size=1, max_size=30).map(str.strip).filter(bool)


def _chat(name: str, times: list[dt.datetime], texts: list[str]) -> str:
    render = FORMATS[name][0]
    lines = []
    for i, (t, text) in enumerate(zip(times, texts, strict=False)):
        sender = "Fatima Caseworker" if i % 2 else "+93 70 123 4567"
        lines.append(f"{render(t)}{sender}: {text}")
        if i % 3 == 2:
            lines.append("and a second line")
    return "\n".join(lines) + "\n"


def _settled(name: str, times: list[dt.datetime]) -> bool:
    """Enough (not all) of the cases in which the chat itself must settle its order, worked out apart."""
    _, order, by_locale = FORMATS[name]
    if by_locale or order == "YMD" and name != "android yy-mm-dd":
        return True
    if name == "android yy-mm-dd":
        return any(t.day < 9 for t in times)  # read day first, the year would be 2001–2008: before WhatsApp
    four_digit_year = name in ("android en-GB", "android nl", "ios en-GB", "android dotted time",
                               "android 12h dotted time", "ios no comma")
    return any(t.day > 12 for t in times) or four_digit_year and all(t.day == t.month for t in times)


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(sorted(FORMATS)), moments, st.lists(words, min_size=8, max_size=8))
def test_generated_chats_read_back_or_ask(name: str, times: list[dt.datetime], texts: list[str]) -> None:
    _, order, by_locale = FORMATS[name]
    expected = [t.replace(microsecond=0) if name in SECONDS else t.replace(second=0, microsecond=0) for t in times]
    text = _chat(name, times, texts)
    given_order = parse_chat(text, order.lower())
    assert [m.at for m in given_order.messages] == expected
    assert [m.text for m in given_order.messages][2:3] in ([], [f"{texts[2]}\nand a second line"])
    settled = _settled(name, times)
    try:
        chat = parse_chat(text)
    except AmbiguousDateOrder as asked:
        assert not settled, f"{name} asked although its dates or locale settle the order"
        assert order in asked.orders and len(asked.orders) > 1
        assert dict(asked.readings)[order] in expected
    else:
        assert [m.at for m in chat.messages] == expected
        assert chat.date_order == order or chat.order_from == "any"  # 1/1/21 reads alike either way
