"""Solar Hijri (Persian calendar) dates of birth, converted to Gregorian.

Afghan tazkiras and many referral sheets give dates of birth in the Solar Hijri
calendar: ``1369/05/12`` (year first, as written in Afghanistan and Iran),
``12/05/1369`` (day first), ``12 Asad 1369`` or ``۱۲ اسد ۱۳۶۹`` (a month
name, Afghan or Iranian, in Latin or Dari/Pashto script: see
``solar_hijri_months``), ``1369/05`` (year and month), or a year alone
(``1369``); often with Persian digits, the Arabic decimal separator
(``۱۳۶۹٫۰۵٫۱۲``), a suffix (``ه.ش``, ``ه‍.ش``, ``هجری شمسی``, ``ش``, ``SH``)
and, in cells copied from right-to-left documents, a leading bidi mark. The
conversion uses ``jdatetime`` (a maintained calendar library) rather than our
own tables; tests compare it day by day with ``convertdate``.

Precision is kept:

- a full date is exact; but ``YYYY/01/01`` (1 Hamal, Nowruz) is the Afghan
  placeholder for an unknown date, as 1 January is elsewhere, so it is recorded
  as a 1-January placeholder of the Gregorian year in which that Solar Hijri
  year begins (unless the caller says 1 January dates are exact);
- a year alone is "year only", stored as 1 January of Gregorian year
  ``year + 621`` (where the Solar Hijri year begins and spends 9 of its 12
  months; de-duplication allows one year either way for year-level dates);
- a year and month is "month only", stored as the Gregorian date of the
  month's first day (``1369/05`` → 23 July 1990, 1 Asad);
- "c. 1369" or "1369?" is an estimate, stored at the middle of that year.

A four-digit year below 1500 cannot be a Gregorian date of birth of anyone
alive, so it is read as Solar Hijri; nothing else is.
"""

from __future__ import annotations

import datetime
import re

from caseworker.domain.birthdates import BirthDate, Precision
from caseworker.domain.errors import ValidationError
from caseworker.domain.solar_hijri_months import NAME_PATTERN, month_name, month_number

FIELD = "date_of_birth"
OFFSET = 621  # Gregorian year in which Solar Hijri year Y begins is Y + 621
FIRST_YEAR = 1279  # begins in March 1900
LAST_GREGORIAN_SH_YEAR = 1500  # four-digit years below this are Solar Hijri
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789/")
_MARKS_RE = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff\u0640]")
_SUFFIX_RE = re.compile(
    r"\s*(?:ه\u200d?\s*[.ـ]?\s*ش|هـ\s*\.?\s*ش|(?:هجری|هجري)\s*(?:شمسی|شمسي|خورشیدی)|شمسی|خورشیدی|ش"
    r"|\(?s\.?\s?h\.?\)?|\(?a\.?p\.?\)?|solar hijri|hijri shamsi|shamsi)\s*\.?$", re.I)
_ESTIMATE_RE = re.compile(r"^(?:circa|ca\.?|c\.?|approx\.?|about|~|حدود|تقریبا|تقریباً)(?![^\W\d_])\s*"
                          r"|\s*(?:\?|؟|\(?est\.?\)?)$", re.I)  # "c." but not the C of Changash
_MONTH_ONLY_RE = re.compile(r"\s*\(month only\)$", re.I)
_YEAR_FIRST_RE = re.compile(r"^(\d{4})\s*([/\-.])\s*(\d{1,2})\s*\2\s*(\d{1,2})$")
_DAY_FIRST_RE = re.compile(r"^(\d{1,2})\s*([/\-.])\s*(\d{1,2})\s*\2\s*(\d{4})$")
_YEAR_MONTH_RE = re.compile(r"^(\d{4})\s*[/\-.]\s*(\d{1,2})$|^(\d{1,2})\s*[/\-.]\s*(\d{4})$")
_YEAR_RE = re.compile(r"^(\d{4})$")
_LEAD = r"(?:(?:ماه|برج|month of)\s+)?"
_NAMED_RES = (  # (pattern, groups for day, month name, year)
    (re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?[\s\-/,]*{_LEAD}({NAME_PATTERN})[\s\-/,]*(\d{{4}})$", re.I), (1, 2, 3)),
    (re.compile(rf"^{_LEAD}({NAME_PATTERN})[\s\-/]*(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$", re.I), (2, 1, 3)),
    (re.compile(rf"^(\d{{4}})[\s\-/,]*{_LEAD}({NAME_PATTERN})[\s\-/,]*(\d{{1,2}})$", re.I), (3, 2, 1)),
    (re.compile(rf"^{_LEAD}({NAME_PATTERN})[\s\-/,]*(\d{{4}})$", re.I), (0, 1, 2)),
)


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
        raise _error(f"day {day} does not exist in {month_name(month)} {year}") from None


def _normalise(text: str) -> tuple[str, bool, bool]:
    """(the date alone, estimated?, marked "month only"?)."""
    s = " ".join(_MARKS_RE.sub("", str(text)).translate(_DIGITS).split())
    s = _SUFFIX_RE.sub("", s).strip()
    month_only = bool(_MONTH_ONLY_RE.search(s))
    s = _MONTH_ONLY_RE.sub("", s)
    estimated = bool(_ESTIMATE_RE.search(s))
    return _ESTIMATE_RE.sub("", s).strip(), estimated, month_only


def _named(s: str) -> tuple[int, int, int] | None:
    """(year, month, day or 0) of a date written with a month name, else None."""
    for pattern, (day, name, year) in _NAMED_RES:
        if (m := pattern.match(s)) and (number := month_number(m[name])) is not None:
            return int(m[year]), number, int(m[day]) if day else 0
    return None


def _fields(s: str) -> tuple[int, int, int] | None:
    """(year, month or 0, day or 0) as written, whatever the form, else None."""
    if m := _YEAR_FIRST_RE.match(s):
        return int(m[1]), int(m[3]), int(m[4])
    if m := _DAY_FIRST_RE.match(s):
        return int(m[4]), int(m[3]), int(m[1])
    if m := _YEAR_MONTH_RE.match(s):
        return (int(m[1]), int(m[2]), 0) if m[1] else (int(m[4]), int(m[3]), 0)
    if m := _YEAR_RE.match(s):
        return int(m[1]), 0, 0
    return _named(s)


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
    s, estimated, _ = _normalise(text)
    found = _fields(s)
    if found is None or not is_solar_hijri_year(found[0]):
        return None
    year, month, day = found
    if estimated:
        value = to_gregorian(year, month, day or 15) if month else to_gregorian(year, 7, 1)  # 1 Mizan: mid-year
        return BirthDate(_checked(value, text, today), Precision.ESTIMATED)
    gregorian_year = year + OFFSET
    if not month:
        _checked(datetime.date(gregorian_year, 1, 1), text, today)
        return BirthDate(datetime.date(gregorian_year, 1, 1), Precision.YEAR_ONLY)
    if not day:
        return BirthDate(_checked(to_gregorian(year, month, 1), text, today), Precision.MONTH_ONLY)
    value = _checked(to_gregorian(year, month, day), text, today)
    if (month, day) == (1, 1) and not jan1_is_exact:
        return BirthDate(datetime.date(gregorian_year, 1, 1), Precision.JAN1_PLACEHOLDER)
    return BirthDate(value, Precision.EXACT)


def month_of(value: datetime.date) -> tuple[int, int, datetime.date]:
    """(Solar Hijri year, month, Gregorian date of that month's last day) of the month holding ``value``."""
    import jdatetime

    j = jdatetime.date.fromgregorian(date=value)
    days = 31 if j.month <= 6 else 30 if j.month < 12 or j.isleap() else 29
    return j.year, j.month, (j.replace(day=1) + datetime.timedelta(days=days - 1)).togregorian()


def month_display(value: datetime.date) -> str:
    """"Asad 1369" for a date in that Solar Hijri month."""
    year, month, _ = month_of(value)
    return f"{month_name(month)} {year}"


def is_month_start(value: datetime.date) -> bool:
    """Is ``value`` the first day of a Solar Hijri month (how month-only Solar Hijri dates are stored)?"""
    import jdatetime

    return jdatetime.date.fromgregorian(date=value).day == 1


def from_gregorian(value: datetime.date) -> str:
    """``YYYY/MM/DD`` in the Solar Hijri calendar (for showing beside a Gregorian date)."""
    import jdatetime

    j = jdatetime.date.fromgregorian(date=value)
    return f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
