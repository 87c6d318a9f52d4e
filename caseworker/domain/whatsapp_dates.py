"""The timestamps of WhatsApp exports, and the day/month order of a whole chat.

A timestamp follows the phone's locale and says nothing of its order:
``03/09/2021, 2:03 pm`` is 3 September on a phone in Pakistan and 9 March on
one in the United States. The order is therefore decided for the whole chat,
never guessed line by line:

1. the numbers: an order under which a line's date cannot be (a month above
   12, a day past the month's end, a year before WhatsApp existed) is out;
2. when several orders remain and give different dates, the export's locale
   markers (Arabic or Persian digits and am/pm words, ``a. m.``, lower-case
   ``pm``, dotted dates, Finnish ``klo``) choose among them;
3. otherwise the caller says (``date_order``), or ``AmbiguousDateOrder`` is
   raised so that the user is asked, with an example line read each way.

A four-digit year from 1300 to 1499 is a Solar Hijri year (Persian-locale
phones) and is converted with ``domain.solar_hijri``.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from caseworker.domain.errors import ValidationError

ORDERS = ("DMY", "MDY", "YMD")
ORDER_WORDS = {"DMY": "day first", "MDY": "month first", "YMD": "year first"}
FIRST_YEAR, LAST_YEAR = 2009, 2099  # WhatsApp began in 2009: an earlier reading is a wrong one
SOLAR_HIJRI_YEARS = range(1300, 1500)
_ARABIC_DIGITS, _PERSIAN_DIGITS = "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹"
_DIGITS = str.maketrans(_ARABIC_DIGITS + _PERSIAN_DIGITS, "0123456789" * 2)
_ARABIC_RE, _PERSIAN_RE = re.compile(f"[{_ARABIC_DIGITS}]"), re.compile(f"[{_PERSIAN_DIGITS}]")
MARKS_RE = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACES_RE = re.compile("[\u00a0\u202f\u2007\u2009]")
_DATE = r"(\d{1,4})([./\-])\s?(\d{1,2})\2\s?(\d{1,4})\.?"
_CLOCK = (r"[,،]?\s*(?:klo\s+)?(오전|오후|上午|下午|午前|午後)?\s*(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?"
          r"(?:\s*(am|pm|a\.\s?m\.?|p\.\s?m\.?|ق\.ظ|ب\.ظ|ص|م)(?![^\s\]]))?")
IOS_RE = re.compile(r"^\[" + _DATE + _CLOCK + r"\]\s*(.*)$", re.IGNORECASE)
ANDROID_RE = re.compile(r"^" + _DATE + _CLOCK + r"\s+[-–]\s+(.*)$", re.IGNORECASE)
_AFTERNOON = {"p", "ب.ظ", "م", "오후", "下午", "午後"}  # any other am/pm word is the morning
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip


def describe(when: datetime.datetime, *, time: bool = True) -> str:
    """"4 September 2021 14:03", in English whatever the computer's locale (and on Windows too)."""
    day = f"{when.day} {_MONTHS[when.month - 1]} {when.year}"
    return f"{day} {when:%H:%M}" if time else day


class AmbiguousDateOrder(ValidationError):
    """The chat's dates read correctly in more than one order: the user must say which."""

    def __init__(self, orders: tuple[str, ...], line: int, example: str,
                 readings: tuple[tuple[str, datetime.datetime], ...]) -> None:  # fmt: skip
        self.orders, self.line, self.example, self.readings = orders, line, example, readings
        ways = " or ".join(f"{describe(when)} {ORDER_WORDS[order]}" for order, when in readings)
        super().__init__(f"the dates of this chat can be read {' or '.join(ORDER_WORDS[o] for o in orders)}: "
                         f"line {line}, “{example}”, is {ways}; say which order the phone writes",
                         field="date_order")  # fmt: skip


@dataclass
class Stamp:
    """One timestamp as written: its three date numbers, its clock and what it says of its locale."""

    line: int
    original: str  # the whole line as exported
    match: re.Match[str]  # IOS_RE or ANDROID_RE on the cleaned line
    fields: tuple[str, str, str]
    afternoon: bool | None  # None: a 24-hour clock
    time: datetime.time | None  # None: no time of day (25:00, 13 pm)

    @property
    def written(self) -> str:
        """The date and time as in the export, for showing to the user."""
        m = self.match
        return m.string[m.start(1):m.end(9) if m[9] else m.end(8) if m[8] else m.end(7)]

    @property
    def hints(self) -> set[str]:
        """The locale markers of the line (worked out only for a chat its dates cannot settle)."""
        m, hints = self.match, set()
        meridiem = (m[9] or "").lower()
        if _ARABIC_RE.search(self.original) or meridiem in ("ص", "م"):
            hints.add("arabic")
        if _PERSIAN_RE.search(self.original) or meridiem in ("ق.ظ", "ب.ظ"):
            hints.add("persian")
        if "." in meridiem:
            hints.add("dotted am/pm")  # Spanish, Latin-American and some Commonwealth phones
        elif meridiem in ("am", "pm") and (m[9] or "").islower():
            hints.add("lower-case am/pm")  # English outside the US (India, Pakistan, UK, Australia)
        if m[2] == "." and len(m[1]) <= 2:
            hints.add("dotted date")  # German, Russian, Central Asian, Turkish phones
        if "klo" in m[0].lower():
            hints.add("klo")
        return hints


def clean(line: str) -> str:
    """The line with bidi marks gone, odd spaces made plain and Arabic/Persian digits made ASCII."""
    return _SPACES_RE.sub(" ", MARKS_RE.sub("", line)).translate(_DIGITS)


def stamp(number: int, original: str, m: re.Match[str]) -> Stamp:
    word = (m[5] or m[9] or "").lower()
    afternoon = None if not word else word[0] in _AFTERNOON or word in _AFTERNOON
    hour, minute, second = int(m[6]), int(m[7]), int(m[8] or 0)
    when = None
    if afternoon is None or hour <= 12:
        hour = hour if afternoon is None else hour % 12 + (12 if afternoon else 0)
        when = datetime.time(hour, minute, second) if hour < 24 and minute < 60 and second < 60 else None
    return Stamp(number, original, m, (m[1], m[3], m[4]), afternoon, when)


def _locale_order(stamps: Sequence[Stamp]) -> str | None:
    """The order the export's locale writes, when its markers say so unanimously."""
    hints = set().union(*(s.hints for s in stamps))
    if "persian" in hints and "arabic" not in hints:
        return "YMD"  # Persian (Iran, Afghanistan) and Pashto phones write year/month/day
    orders = {"DMY"} if hints & {"arabic", "dotted am/pm", "lower-case am/pm", "dotted date", "klo"} else set()
    return orders.pop() if len(orders) == 1 else None


def _year(text: str) -> int | None:
    """A year of four digits, or of two (20xx); no phone writes one or three."""
    return int(text) if len(text) == 4 else 2000 + int(text) if len(text) == 2 else None


@functools.lru_cache(maxsize=4096)
def _date(fields: tuple[str, str, str], order: str) -> datetime.date | None:
    """The date ``fields`` stand for in ``order`` (cached: a chat has many messages a day)."""
    a, b, c = fields
    if order == "YMD":
        year_text, month, day = a, int(b), int(c)
        if len(c) > 2 or len(a) == 2 and len(b + c) < 4:
            return None  # a two-digit year comes first only with a padded month and day (21-09-04)
    elif len(a) > 2:
        return None
    else:
        year_text, (month, day) = c, (int(b), int(a)) if order == "DMY" else (int(a), int(b))
    year = _year(year_text)
    if year is None:
        return None
    try:
        if len(year_text) == 4 and year in SOLAR_HIJRI_YEARS:
            from caseworker.domain.solar_hijri import to_gregorian

            date = to_gregorian(year, month, day)
        else:
            date = datetime.date(year, month, day)
    except ValueError:  # ValidationError is a ValueError too
        return None
    return date if FIRST_YEAR <= date.year <= LAST_YEAR else None


def reading(s: Stamp, order: str) -> datetime.datetime | None:
    """The moment ``s`` stands for when its date is written in ``order``; None if there is none."""
    date = _date(s.fields, order)
    if date is None or s.time is None:
        return None
    return datetime.datetime.combine(date, s.time)


def is_solar_hijri(s: Stamp, order: str) -> bool:
    """Is the year of ``s``, read in ``order``, a Solar Hijri one?"""
    year = s.fields[0] if order == "YMD" else s.fields[2]
    return len(year) == 4 and int(year) in SOLAR_HIJRI_YEARS


def choose_order(stamps: Sequence[Stamp], given: str | None = None) -> tuple[str, str]:
    """(order, how it was settled: "dates", "locale", "given" or "any") for the whole chat.

    Raises AmbiguousDateOrder when the chat cannot settle it and ``given`` is None,
    and ValidationError when ``given`` contradicts the dates.
    """
    given = _checked_order(given)
    valid = {order: sum(reading(s, order) is not None for s in stamps) for order in ORDERS}
    best = max(valid.values())
    candidates = tuple(o for o in ORDERS if valid[o] == best)
    if given and valid[given] < best:
        wrong = next(s for s in stamps if reading(s, given) is None and reading(s, candidates[0]) is not None)
        raise ValidationError(f"this chat's dates are not {ORDER_WORDS[given]}: line {wrong.line} reads "
                              f"“{wrong.written}”", field="date_order")  # fmt: skip
    if len(candidates) == 1:
        return candidates[0], "dates"
    if all(len({reading(s, o) for o in candidates}) == 1 for s in stamps):
        return candidates[0], "any"  # every date reads the same whichever order (04/04/21)
    if given:
        return given, "given"
    locale = _locale_order(stamps)
    if locale in candidates:
        return locale, "locale"
    differing = [s for s in stamps if len({reading(s, o) for o in candidates}) > 1]
    example = next((s for s in differing if all(reading(s, o) for o in candidates)), differing[0])
    readings = tuple((o, when) for o in candidates if (when := reading(example, o)) is not None)
    raise AmbiguousDateOrder(candidates, example.line, example.written, readings)


def _checked_order(order: str | None) -> str | None:
    if order is None or order == "":
        return None
    key = order.strip().upper()
    if key not in ORDERS:
        raise ValidationError(f"{order!r} is not a date order (use dmy, mdy or ymd)", field="date_order")
    return key
