"""Solar Hijri dates of birth: conversion through jdatetime, with their precision."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseworker.domain.birthdates import BirthDate, Precision
from caseworker.domain.errors import ValidationError
from caseworker.domain.solar_hijri import from_gregorian, is_solar_hijri_year, parse_solar_hijri

TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize(("text", "value", "precision"), [
    ("1369/05/12", dt.date(1990, 8, 3), Precision.EXACT),
    ("1369-5-12", dt.date(1990, 8, 3), Precision.EXACT),
    ("12/05/1369", dt.date(1990, 8, 3), Precision.EXACT),  # day first
    ("۱۳۶۹/۰۵/۱۲", dt.date(1990, 8, 3), Precision.EXACT),  # Persian digits
    ("١٣٦٩/٠٥/١٢", dt.date(1990, 8, 3), Precision.EXACT),  # Arabic-Indic digits
    ("1369/05/12 ه.ش", dt.date(1990, 8, 3), Precision.EXACT),
    ("1399/12/30", dt.date(2021, 3, 20), Precision.EXACT),  # a leap year's last day
    ("1369", dt.date(1990, 1, 1), Precision.YEAR_ONLY),
    ("1369 SH", dt.date(1990, 1, 1), Precision.YEAR_ONLY),
    ("1369/01/01", dt.date(1990, 1, 1), Precision.JAN1_PLACEHOLDER),  # 1 Hamal: the Afghan placeholder
    ("c. 1369", dt.date(1990, 9, 23), Precision.ESTIMATED),
    ("حدود ۱۳۶۹", dt.date(1990, 9, 23), Precision.ESTIMATED),
    ("1369?", dt.date(1990, 9, 23), Precision.ESTIMATED),
])  # fmt: skip
def test_solar_hijri_forms(text: str, value: dt.date, precision: Precision) -> None:
    assert parse_solar_hijri(text, today=TODAY) == BirthDate(value, precision)


def test_one_hamal_can_be_exact_when_the_list_says_so() -> None:
    assert parse_solar_hijri("1369/01/01", jan1_is_exact=True, today=TODAY) == BirthDate(dt.date(1990, 3, 21), Precision.EXACT)


@pytest.mark.parametrize("text", ["1990-05-12", "12/05/1990", "1990", "hello", "", "1500", "1278/01/01"])
def test_gregorian_and_other_text_is_not_solar_hijri(text: str) -> None:
    assert parse_solar_hijri(text, today=TODAY) is None


@pytest.mark.parametrize(("text", "message"), [
    ("1369/13/01", "month 13 does not exist in the Solar Hijri calendar"),
    ("1369/12/30", "day 30 does not exist in Hut 1369"),
    ("1369/07/31", "day 31 does not exist in Mizan 1369"),
    ("1410/01/05", "is in the future"),
    ("1410", "is in the future"),
])  # fmt: skip
def test_impossible_solar_hijri_dates(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        parse_solar_hijri(text, today=TODAY)
    assert caught.value.field == "date_of_birth"


def test_the_year_range() -> None:
    assert is_solar_hijri_year(1279) and is_solar_hijri_year(1404)
    assert not is_solar_hijri_year(1278) and not is_solar_hijri_year(1900)


@given(st.dates(min_value=dt.date(1900, 4, 1), max_value=TODAY))
def test_round_trip_through_the_solar_hijri_calendar(day: dt.date) -> None:
    text = from_gregorian(day)
    parsed = parse_solar_hijri(text, jan1_is_exact=True, today=TODAY)
    assert parsed == BirthDate(day, Precision.EXACT)
