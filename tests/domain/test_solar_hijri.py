"""Solar Hijri dates of birth: conversion through jdatetime, with their precision."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseworker.domain.birthdates import BirthDate, Precision
from caseworker.domain.errors import ValidationError
from caseworker.domain.solar_hijri import (
    from_gregorian,
    is_solar_hijri_year,
    parse_solar_hijri,
    to_gregorian,
)

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


ASAD_12 = BirthDate(dt.date(1990, 8, 3), Precision.EXACT)


@pytest.mark.parametrize("text", [
    "12 Asad 1369", "12 asad 1369", "12-Asad-1369", "12th Asad 1369", "Asad 12, 1369", "1369 Asad 12",
    "12 Assad 1369", "12 Mordad 1369", "12 Murdad 1369", "12 Amordad 1369", "12 mordād 1369",
    "۱۲ اسد ۱۳۶۹", "١٢ اسد ١٣٦٩", "۱۲ مرداد ۱۳۶۹", "۱۲ برج اسد ۱۳۶۹", "12 Zmaray 1369", "۱۲ زمری ۱۳۶۹",
    "1369/05/12 ه‍.ش", "1369/05/12 ه.ش", "1369/05/12 هـ.ش", "1369/05/12 هجری شمسی", "۱۳۶۹/۰۵/۱۲ ش",
    "۱۲ اسد ۱۳۶۹ هجری شمسی", "12 Asad 1369 SH",
    "\u200f1369/05/12", "\u200e۱۳۶۹/۰۵/۱۲", "\u061c۱۳۶۹/۰۵/۱۲", "\u200f۱۲ اسد ۱۳۶۹\u200f",
    "۱۳۶۹٫۰۵٫۱۲", "1369٫5٫12",
])  # fmt: skip
def test_the_forms_of_issue_13(text: str) -> None:
    assert parse_solar_hijri(text, today=TODAY) == ASAD_12


@pytest.mark.parametrize(("month", "names"), [
    (1, ["Hamal", "حمل", "Farvardin", "فروردین"]), (2, ["Sawr", "Saur", "Thawr", "ثور", "Ordibehesht", "اردیبهشت"]),
    (3, ["Jawza", "Jauza", "Jowza", "جوزا", "Khordad", "خرداد"]), (4, ["Saratan", "Sartan", "سرطان", "Tir", "تیر"]),
    (5, ["Asad", "اسد", "Mordad", "مرداد"]), (6, ["Sunbula", "Sonbola", "Sumbula", "سنبله", "Shahrivar", "شهریور"]),
    (7, ["Mizan", "Meezan", "میزان", "Mehr", "مهر"]), (8, ["Aqrab", "Akrab", "عقرب", "Aban", "آبان"]),
    (9, ["Qaws", "Qaus", "Kaus", "قوس", "Azar", "آذر"]), (10, ["Jadi", "Jaddi", "جدی", "جدي", "Dey", "دی", "دي"]),
    (11, ["Dalw", "Dalv", "دلو", "Bahman", "بهمن"]), (12, ["Hut", "Hoot", "حوت", "Esfand", "Isfand", "اسفند"]),
])  # fmt: skip
def test_every_month_by_its_afghan_and_iranian_names(month: int, names: list[str]) -> None:
    expected = BirthDate(to_gregorian(1369, month, 3), Precision.EXACT)
    for name in names:
        assert parse_solar_hijri(f"3 {name} 1369", today=TODAY) == expected, name


@pytest.mark.parametrize(("text", "first"), [
    ("1369/05", dt.date(1990, 7, 23)), ("۱۳۶۹/۰۵", dt.date(1990, 7, 23)), ("05/1369", dt.date(1990, 7, 23)),
    ("Asad 1369", dt.date(1990, 7, 23)), ("اسد ۱۳۶۹", dt.date(1990, 7, 23)), ("Mordad 1369 SH", dt.date(1990, 7, 23)),
    ("1369/10", dt.date(1990, 12, 22)), ("Hut 1399", dt.date(2021, 2, 19)),
])  # fmt: skip
def test_year_and_month_keep_month_precision(text: str, first: dt.date) -> None:
    birth = parse_solar_hijri(text, today=TODAY)
    assert birth == BirthDate(first, Precision.MONTH_ONLY)
    assert birth is not None and birth.display().endswith("(month only)")
    assert BirthDate.parse(birth.display(), today=TODAY) == birth  # what is shown reads back


def test_a_month_only_date_meets_the_days_of_its_month_and_no_others() -> None:
    asad = BirthDate.parse("Asad 1369", today=TODAY)
    assert asad.display() == "Asad 1369 (month only)" and asad.span() == (dt.date(1990, 7, 23), dt.date(1990, 8, 22))
    assert asad.compatible_with(BirthDate(dt.date(1990, 8, 22), Precision.EXACT))
    assert not asad.compatible_with(BirthDate(dt.date(1990, 8, 23), Precision.EXACT))
    assert asad.compatible_with(BirthDate.parse("08/1990", today=TODAY))  # August 1990 overlaps Asad
    assert not asad.compatible_with(BirthDate.parse("09/1990", today=TODAY))
    jadi = BirthDate.parse("Jadi 1369", today=TODAY)  # 22 December 1990 – 20 January 1991
    assert jadi.compatible_with(BirthDate.parse("1991", today=TODAY)) and jadi.compatible_with(BirthDate.parse("1990"))
    assert not jadi.compatible_with(BirthDate.parse("1992", today=TODAY))


def test_typed_dates_of_birth_read_solar_hijri_too() -> None:
    assert BirthDate.parse("12 Asad 1369", today=TODAY) == ASAD_12
    assert BirthDate.parse("۱۳۶۹/۰۵/۱۲ ه.ش", today=TODAY) == ASAD_12
    assert BirthDate.parse("May 1990", today=TODAY) == BirthDate(dt.date(1990, 5, 1), Precision.MONTH_ONLY)
    assert BirthDate.parse("1369", today=TODAY) == BirthDate(dt.date(1990, 1, 1), Precision.YEAR_ONLY)


@pytest.mark.parametrize(("text", "message"), [
    ("32 Asad 1369", "day 32 does not exist in Asad 1369"),
    ("30 Hut 1369", "day 30 does not exist in Hut 1369"),
    ("1369/13", "month 13 does not exist in the Solar Hijri calendar"),
    ("Asad 1410", "is in the future"),
])  # fmt: skip
def test_impossible_named_and_month_dates(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_solar_hijri(text, today=TODAY)


@pytest.mark.parametrize("text", ["12 Smarch 1369", "12 May 1369", "Changash", "12 Asad", "Asad"])
def test_what_is_not_a_solar_hijri_date(text: str) -> None:
    assert parse_solar_hijri(text, today=TODAY) is None


def test_changash_is_not_read_as_an_estimate() -> None:
    assert parse_solar_hijri("3 Changash 1369", today=TODAY) == BirthDate(to_gregorian(1369, 4, 3), Precision.EXACT)
