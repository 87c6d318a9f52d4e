"""Solar Hijri (Persian calendar) dates of birth, converted to Gregorian.

Afghan tazkiras and many referral sheets give dates of birth in the Solar Hijri
calendar: ``1369/05/12`` (year first, as written in Afghanistan and Iran),
``12/05/1369`` (day first), or a year alone (``1369``), often with Persian
digits and a "ه.ش" suffix. The conversion uses ``jdatetime`` (a maintained
calendar library) rather than our own tables.

Precision is kept:

- a full date is exact; but ``YYYY/01/01`` (1 Hamal, Nowruz) is the Afghan
  placeholder for an unknown date, as 1 January is elsewhere, so it is recorded
  as a 1-January placeholder of the Gregorian year in which that Solar Hijri
  year begins (unless the caller says 1 January dates are exact);
- a year alone is "year only", stored as 1 January of Gregorian year
  ``year + 621`` (where the Solar Hijri year begins and spends 9 of its 12
  months; de-duplication allows one year either way for year-level dates);
- "c. 1369" or "1369?" is an estimate, stored at the middle of that year.

A four-digit year below 1500 cannot be a Gregorian date of birth of anyone
alive, so it is read as Solar Hijri; nothing else is.
"""

from __future__ import annotations

import datetime
import re

from caseworker.domain.birthdates import BirthDate, Precision
from caseworker.domain.errors import ValidationError

FIELD = "date_of_birth"
OFFSET = 621  # Gregorian year in which Solar Hijri year Y begins is Y + 621
FIRST_YEAR = 1279  # begins in March 1900
LAST_GREGORIAN_SH_YEAR = 1500  # four-digit years below this are Solar Hijri
_MONTHS = ("Hamal", "Sawr", "Jawza", "Saratan", "Asad", "Sunbula", "Mizan", "Aqrab", "Qaws", "Jadi",
           "Dalw", "Hut")  # fmt: skip
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_SUFFIX_RE = re.compile(r"\s*(?:ه\s*[.ـ]?\s*ش|هـ\s*\.?\s*ش|ش|\(?s\.?h\.?\)?|\(?a\.?p\.?\)?|solar hijri)\s*\.?$", re.I)
_ESTIMATE_RE = re.compile(r"^(?:circa|ca\.?|c\.?|approx\.?|about|~|حدود|تقریبا|تقریباً)\s*|\s*(?:\?|؟|\(?est\.?\)?)$", re.I)
_YEAR_FIRST_RE = re.compile(r"^(\d{4})\s*([/\-.])\s*(\d{1,2})\s*\2\s*(\d{1,2})$")
_DAY_FIRST_RE = re.compile(r"^(\d{1,2})\s*([/\-.])\s*(\d{1,2})\s*\2\s*(\d{4})$")
_YEAR_RE = re.compile(r"^(\d{4})$")


def _error(message: str) -> ValidationError:
    return ValidationError(message, field=FIELD)


def is_solar_hijri_year(year: int) -> bool:
    """True for a four-digit year that can only be Solar Hijri (1279–1499)."""
    return FIRST_YEAR <= year < LAST_GREGORIAN_SH_YEAR


def to_gregorian(year: int, month: int, day: int) -> datetime.date:
    """The Gregorian date of a Solar Hijri date, or ValidationError naming the problem."""
    if not 1 <= month <= 12:
        raise _error(f"month {month} does not exist in the Solar Hijri calendar")
    try:
        import jdatetime  # loaded with the first Solar Hijri date, not with the application

        return jdatetime.date(year, month, day).togregorian()
    except ValueError:
        raise _error(f"day {day} does not exist in {_MONTHS[month - 1]} {year}") from None


def _normalise(text: str) -> tuple[str, bool]:
    s = " ".join(str(text).translate(_DIGITS).split())
    s = _SUFFIX_RE.sub("", s).strip()
    estimated = bool(_ESTIMATE_RE.search(s))
    return _ESTIMATE_RE.sub("", s).strip(), estimated


def _checked(value: datetime.date, original: str, today: datetime.date) -> datetime.date:
    if value > today:
        raise _error(f"{original!r} (Solar Hijri) is in the future")
    return value


def parse_solar_hijri(text: str, *, jan1_is_exact: bool = False,
                      today: datetime.date | None = None) -> BirthDate | None:
    """The date of birth in ``text`` if it is a Solar Hijri date, else None.

    Raises ValidationError for text that is Solar Hijri but impossible
    (``1369/13/01``, ``1369/12/31``) or in the future.
    """
    today = today or datetime.date.today()
    s, estimated = _normalise(text)
    if m := _YEAR_FIRST_RE.match(s):
        year, month, day = int(m[1]), int(m[3]), int(m[4])
    elif m := _DAY_FIRST_RE.match(s):
        year, month, day = int(m[4]), int(m[3]), int(m[1])
    elif m := _YEAR_RE.match(s):
        year, month, day = int(m[1]), 0, 0
    else:
        return None
    if not is_solar_hijri_year(year):
        return None
    if estimated:
        value = to_gregorian(year, month, day) if month else to_gregorian(year, 7, 1)  # 1 Mizan: mid-year
        return BirthDate(_checked(value, text, today), Precision.ESTIMATED)
    gregorian_year = year + OFFSET
    if not month:
        _checked(datetime.date(gregorian_year, 1, 1), text, today)
        return BirthDate(datetime.date(gregorian_year, 1, 1), Precision.YEAR_ONLY)
    value = _checked(to_gregorian(year, month, day), text, today)
    if (month, day) == (1, 1) and not jan1_is_exact:
        return BirthDate(datetime.date(gregorian_year, 1, 1), Precision.JAN1_PLACEHOLDER)
    return BirthDate(value, Precision.EXACT)


def from_gregorian(value: datetime.date) -> str:
    """``YYYY/MM/DD`` in the Solar Hijri calendar (for showing beside a Gregorian date)."""
    import jdatetime

    j = jdatetime.date.fromgregorian(date=value)
    return f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
