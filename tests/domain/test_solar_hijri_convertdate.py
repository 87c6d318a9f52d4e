"""Every day from 1 Hamal 1300 to the last of Hut 1450 converts as ``convertdate`` converts it.

``convertdate`` computes the Solar Hijri calendar astronomically (the March
equinox at the Tehran meridian, with PyMeeus); ``jdatetime``, which the
application uses, computes it arithmetically. The two agreeing on all 55,152
days, month lengths and leap years of 1300–1450 SH (March 1921 – March 2072)
is the check that our conversions are right, and that the typed form of each
day reads back as that day.
"""

from __future__ import annotations

import datetime as dt
import functools

import pytest

from caseworker.domain.birthdates import BirthDate, Precision
from caseworker.domain.errors import ValidationError
from caseworker.domain.solar_hijri import from_gregorian, month_of, to_gregorian

persian = pytest.importorskip("convertdate.persian")
FIRST, LAST = 1300, 1450


@pytest.fixture(scope="module")
def calendar() -> dict[tuple[int, int, int], dt.date]:
    """convertdate's Gregorian date for each Solar Hijri day, its equinoxes computed once per year."""
    equinox = persian.equinox_jd
    persian.equinox_jd = functools.lru_cache(maxsize=None)(equinox)  # the same results, 30 times faster
    try:
        days, day = {}, dt.date(*persian.to_gregorian(FIRST, 1, 1))
        while (sh := persian.from_gregorian(day.year, day.month, day.day))[0] <= LAST:
            days[sh] = day
            day += dt.timedelta(days=1)
        return days
    finally:
        persian.equinox_jd = equinox


def test_every_day_converts_as_convertdate_says(calendar: dict[tuple[int, int, int], dt.date]) -> None:
    assert len(calendar) == 55_152 and all(len(sh) == 3 for sh in calendar)
    assert [d for (y, m, d) in calendar][:31] == list(range(1, 32))
    wrong = [(sh, g, to_gregorian(*sh)) for sh, g in calendar.items() if to_gregorian(*sh) != g]
    assert wrong == []
    gregorian = sorted(calendar.values())
    assert gregorian == [gregorian[0] + dt.timedelta(days=i) for i in range(len(gregorian))]  # no gap, no overlap
    back = [(g, sh) for sh, g in calendar.items() if from_gregorian(g) != "{:04d}/{:02d}/{:02d}".format(*sh)]
    assert back == []


def test_month_lengths_and_leap_years_as_convertdate_says(calendar: dict[tuple[int, int, int], dt.date]) -> None:
    lengths = {(y, m): d for (y, m, d) in calendar}  # the last day seen of each month
    for year in range(FIRST, LAST + 1):
        for month in range(1, 13):
            length = lengths[(year, month)]
            with pytest.raises(ValidationError, match=f"day {length + 1} does not exist"):
                to_gregorian(year, month, length + 1)
            assert month_of(calendar[(year, month, 1)])[2] == calendar[(year, month, length)]
    leap_years = [y for y in range(FIRST, LAST + 1) if (y, 12, 30) in calendar]
    assert len(leap_years) == 37 and 1399 in leap_years and 1403 in leap_years  # 30 Hut 1399 = 20 March 2021


def test_typed_dates_read_as_convertdate_says(calendar: dict[tuple[int, int, int], dt.date]) -> None:
    today = dt.date(2072, 12, 31)
    for (year, month, day), gregorian in list(calendar.items())[::11]:  # a day or more of every month
        typed = f"{day} {['Hamal', 'Sawr', 'Jawza', 'Saratan', 'Asad', 'Sunbula', 'Mizan', 'Aqrab', 'Qaws', 'Jadi', 'Dalw', 'Hut'][month - 1]} {year}"  # noqa: E501
        assert BirthDate.parse(typed, jan1_is_exact=True, today=today) == BirthDate(gregorian, Precision.EXACT)
        numeric = f"{year}/{month:02d}/{day:02d}".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
        assert BirthDate.parse(numeric, jan1_is_exact=True, today=today) == BirthDate(gregorian, Precision.EXACT)
