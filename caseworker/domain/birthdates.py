"""Dates of birth with their precision.

Many of the people we help do not know their exact date of birth: documents
carry a year only, an estimate, or 1 January as a placeholder. A ``BirthDate``
keeps the date together with how much of it is known, so that letters print
"1990 (year only)" rather than a made-up day, and de-duplication compares
"1990" with "12 May 1990" as compatible rather than different.

Year-level precisions store 1 January of the year (an estimate may keep the
full date it was estimated from); "month only" stores the first day of the
month, of a Gregorian month (``05/1990``, ``May 1990``) or of a Solar Hijri
one (``1369/05``, ``Asad 1369``: 23 July 1990, never the 1st of a Gregorian
month, so the two cannot be confused). Solar Hijri dates are read by
``domain.solar_hijri``, which ``parse`` tries first.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from enum import StrEnum

from caseworker.domain.errors import ValidationError

FIELD = "date_of_birth"
MIN_YEAR = 1900
ESTIMATE_YEARS = 2
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_MONTH_NUMBERS = {m.lower()[:n]: i for i, m in enumerate(_MONTHS, 1) for n in (3, len(m))}
_MONTH_NUMBERS["sept"] = 9
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_MARKS_RE = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]")  # bidi marks of copied cells
_ESTIMATED_RE = re.compile(
    r"^(?:circa|ca\.?|c\.?|approx\.?|about|~)\s*|\s*(?:\?|\(?(?:est\.?|estimated)\)?)$")
_EXACT_RE = re.compile(r"\s*\(?exact\)?$")
_YEAR_ONLY_RE = re.compile(r"\s*\(year only\)$")
_PLACEHOLDER_RE = re.compile(r"\s*\(1 jan(?:uary)? placeholder\)$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_FIRST_RE = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})$")
_WORDS_RE = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})$")
_MONTH_YEAR_RE = re.compile(r"^(?:(\d{1,2})[/.\-](\d{4})|(\d{4})-(\d{1,2})|([a-z]+)\.?,?\s+(\d{4}))$")
_MONTH_ONLY_RE = re.compile(r"\s*\(month only\)$")
_YEAR_RE = re.compile(r"^\d{4}$")


class Precision(StrEnum):
    """How much of a date of birth is known."""

    EXACT = "EXACT"
    YEAR_ONLY = "YEAR_ONLY"
    ESTIMATED = "ESTIMATED"
    JAN1_PLACEHOLDER = "JAN1_PLACEHOLDER"
    MONTH_ONLY = "MONTH_ONLY"


def _error(message: str) -> ValidationError:
    return ValidationError(message, field=FIELD)


def _make_date(year: int, month: int, day: int, text: str) -> datetime.date:
    if not 1 <= month <= 12:
        raise _error(f"{text!r}: month {month} does not exist (dates are day first, DD/MM/YYYY)")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise _error(f"{text!r}: day {day} does not exist in {_MONTHS[month - 1]} {year}") from None


@dataclass(frozen=True, slots=True)
class BirthDate:
    """A date of birth and how precisely it is known."""

    value: datetime.date
    precision: Precision

    def __post_init__(self) -> None:
        if not isinstance(self.precision, Precision):
            object.__setattr__(self, "precision", Precision(self.precision))
        if self.precision in (Precision.YEAR_ONLY, Precision.JAN1_PLACEHOLDER) and (
            self.value.month, self.value.day) != (1, 1):
            raise _error(f"a {self.precision.name.lower().replace('_', ' ')} date must be stored as 1 January")
        if self.precision is Precision.MONTH_ONLY and self.value.day != 1:
            from caseworker.domain.solar_hijri import is_month_start

            if not is_month_start(self.value):
                raise _error("a month-only date must be stored as the first day of its month")

    @classmethod
    def parse(cls, text: str, *, jan1_is_exact: bool = False,
              today: datetime.date | None = None) -> BirthDate:
        """Read a typed date of birth: ISO, day-first, a year, or an estimate.

        ``01/01/1990`` means "unknown, recorded as 1 January" unless
        ``jan1_is_exact`` is true or the text ends with "(exact)".
        """
        today = today or datetime.date.today()
        original = text
        s = " ".join(_MARKS_RE.sub("", str(text or "")).translate(_DIGITS).lower().split())
        if not s:
            raise _error("is empty; enter a date such as 12/05/1990, 1990 or c. 1990")
        from caseworker.domain.solar_hijri import parse_solar_hijri  # noqa: I001 (builds BirthDates: imported late)

        if len(s) <= 60 and (solar := parse_solar_hijri(s, jan1_is_exact=jan1_is_exact, today=today)):
            return solar
        exact = jan1_is_exact or bool(_EXACT_RE.search(s))
        s = _EXACT_RE.sub("", s)
        year_only = bool(_YEAR_ONLY_RE.search(s))
        placeholder = bool(_PLACEHOLDER_RE.search(s))
        s = _MONTH_ONLY_RE.sub("", _PLACEHOLDER_RE.sub("", _YEAR_ONLY_RE.sub("", s)))
        estimated = bool(_ESTIMATED_RE.search(s))
        s = _ESTIMATED_RE.sub("", s).strip()
        if m := _ISO_RE.match(s):
            value = _make_date(int(m[1]), int(m[2]), int(m[3]), original)
        elif m := _DAY_FIRST_RE.match(s):
            value = _make_date(int(m[4]), int(m[3]), int(m[1]), original)
        elif (m := _WORDS_RE.match(s)) and m[2] in _MONTH_NUMBERS:
            value = _make_date(int(m[3]), _MONTH_NUMBERS[m[2]], int(m[1]), original)
        elif _YEAR_RE.match(s):
            value = datetime.date(max(int(s), 1), 1, 1)
            year_only = year_only or not (estimated or placeholder)
        elif (m := _MONTH_YEAR_RE.match(s)) and (not m[5] or m[5] in _MONTH_NUMBERS):
            month = int(m[1] or m[4]) if not m[5] else _MONTH_NUMBERS[m[5]]
            value = _make_date(max(int(m[2] or m[3] or m[6]), 1), month, 1, original)
            if value.year >= MIN_YEAR and value <= today and not (estimated or year_only):
                return cls(value, Precision.MONTH_ONLY)
        else:
            raise _error(f"{original!r} is not a date; use DD/MM/YYYY, YYYY-MM-DD, MM/YYYY, YYYY or c. YYYY")
        if value.year < MIN_YEAR:
            raise _error(f"{original!r} is before {MIN_YEAR}")
        if value > today:
            raise _error(f"{original!r} is in the future")
        if estimated:
            return cls(value, Precision.ESTIMATED)
        if year_only:
            return cls(value.replace(month=1, day=1), Precision.YEAR_ONLY)
        if (value.month, value.day) == (1, 1) and (placeholder or not exact):
            return cls(value, Precision.JAN1_PLACEHOLDER)
        return cls(value, Precision.EXACT)

    @property
    def year(self) -> int:
        return self.value.year

    def display(self) -> str:
        """Human form: "12 May 1990", "1990 (year only)", "c. 1990 (estimated)"."""
        if self.precision is Precision.EXACT:
            return f"{self.value.day} {_MONTHS[self.value.month - 1]} {self.value.year}"
        if self.precision is Precision.MONTH_ONLY:
            if self.value.day == 1:
                return f"{_MONTHS[self.value.month - 1]} {self.value.year} (month only)"
            from caseworker.domain.solar_hijri import month_display

            return f"{month_display(self.value)} (month only)"
        return {
            Precision.YEAR_ONLY: f"{self.year} (year only)",
            Precision.ESTIMATED: f"c. {self.year} (estimated)",
            Precision.JAN1_PLACEHOLDER: f"{self.year} (1 Jan placeholder)",
        }[self.precision]

    __str__ = display

    def to_storage(self) -> tuple[str, str]:
        """(ISO date, precision name) for two database columns."""
        return self.value.isoformat(), self.precision.value

    @classmethod
    def from_storage(cls, date_str: str, precision_str: str) -> BirthDate:
        """Rebuild from the two columns written by ``to_storage``."""
        try:
            value, precision = datetime.date.fromisoformat(date_str), Precision(precision_str)
        except (TypeError, ValueError):
            raise _error(f"stored value ({date_str!r}, {precision_str!r}) is not valid") from None
        return cls(value, precision)

    def compatible_with(self, other: BirthDate) -> bool:
        """Could both records describe the same person's date of birth?

        An estimate on either side allows two years either way; a year-only or
        1-January date matches any date in the same year (a month-only one, if
        its month falls in that year); a month-only date matches any date in its
        month; exact needs equality.
        """
        kinds = {self.precision, other.precision}
        if Precision.ESTIMATED in kinds:
            return abs(self.year - other.year) <= ESTIMATE_YEARS
        if kinds & {Precision.YEAR_ONLY, Precision.JAN1_PLACEHOLDER}:
            year_level = (Precision.YEAR_ONLY, Precision.JAN1_PLACEHOLDER)
            return all(a.year in {b.span()[0].year, b.span()[1].year}
                       for a, b in ((self, other), (other, self)) if a.precision in year_level)  # fmt: skip
        (a_first, a_last), (b_first, b_last) = self.span(), other.span()
        return a_first <= b_last and b_first <= a_last

    def span(self) -> tuple[datetime.date, datetime.date]:
        """The first and last day the date of birth can be."""
        if self.precision is Precision.EXACT:
            return self.value, self.value
        if self.precision is Precision.MONTH_ONLY:
            if self.value.day == 1:
                following = (self.value.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
                return self.value, following - datetime.timedelta(days=1)
            from caseworker.domain.solar_hijri import month_of

            return self.value, month_of(self.value)[2]
        return self.value.replace(month=1, day=1), self.value.replace(month=12, day=31)

    def age_on(self, on: datetime.date) -> int:
        """Completed years on ``on`` (counted from 1 January when only the year is known)."""
        if on < self.value:
            raise _error(f"{on.isoformat()} is before the date of birth")
        return on.year - self.value.year - ((on.month, on.day) < (self.value.month, self.value.day))
