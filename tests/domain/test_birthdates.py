"""Dates of birth with precision: parsing, display, storage, comparison."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseworker.domain.birthdates import BirthDate, Precision
from caseworker.domain.errors import ValidationError

TODAY = datetime.date(2024, 6, 1)
D = datetime.date
P = Precision


def parse(text: str, **kwargs: object) -> BirthDate:
    return BirthDate.parse(text, today=TODAY, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("1990-05-12", D(1990, 5, 12), P.EXACT),
        ("12/05/1990", D(1990, 5, 12), P.EXACT),
        ("12.05.1990", D(1990, 5, 12), P.EXACT),
        ("12-05-1990", D(1990, 5, 12), P.EXACT),
        ("2/5/1990", D(1990, 5, 2), P.EXACT),
        ("12/5/1990", D(1990, 5, 12), P.EXACT),
        ("12 May 1990", D(1990, 5, 12), P.EXACT),
        ("3 sept 2001", D(2001, 9, 3), P.EXACT),
        ("۱۲/۰۵/۱۹۹۰", D(1990, 5, 12), P.EXACT),
        ("١٩٩٠", D(1990, 1, 1), P.YEAR_ONLY),
        ("1990", D(1990, 1, 1), P.YEAR_ONLY),
        (" 1990 ", D(1990, 1, 1), P.YEAR_ONLY),
        ("1990 (year only)", D(1990, 1, 1), P.YEAR_ONLY),
        ("c. 1990", D(1990, 1, 1), P.ESTIMATED),
        ("c.1990", D(1990, 1, 1), P.ESTIMATED),
        ("ca. 1990", D(1990, 1, 1), P.ESTIMATED),
        ("circa 1990", D(1990, 1, 1), P.ESTIMATED),
        ("~1990", D(1990, 1, 1), P.ESTIMATED),
        ("1990?", D(1990, 1, 1), P.ESTIMATED),
        ("1990 (est)", D(1990, 1, 1), P.ESTIMATED),
        ("c. 1990 (estimated)", D(1990, 1, 1), P.ESTIMATED),
        ("c. 12/05/1990", D(1990, 5, 12), P.ESTIMATED),
        ("01/01/1990", D(1990, 1, 1), P.JAN1_PLACEHOLDER),
        ("1990-01-01", D(1990, 1, 1), P.JAN1_PLACEHOLDER),
        ("1990 (1 Jan placeholder)", D(1990, 1, 1), P.JAN1_PLACEHOLDER),
        ("01/01/1990 (exact)", D(1990, 1, 1), P.EXACT),
        ("2024-06-01", D(2024, 6, 1), P.EXACT),
        ("1900", D(1900, 1, 1), P.YEAR_ONLY),
    ],
)
def test_parse(text: str, value: datetime.date, precision: Precision) -> None:
    assert parse(text) == BirthDate(value, precision)


@pytest.mark.parametrize(("text", "value"), [
    ("05/1990", D(1990, 5, 1)), ("5/1990", D(1990, 5, 1)), ("1990-05", D(1990, 5, 1)), ("May 1990", D(1990, 5, 1)),
    ("sept. 1990", D(1990, 9, 1)), ("December, 1990", D(1990, 12, 1)), ("May 1990 (month only)", D(1990, 5, 1)),
])  # fmt: skip
def test_month_and_year_keep_month_precision(text: str, value: datetime.date) -> None:
    birth = parse(text)
    assert birth == BirthDate(value, P.MONTH_ONLY) and birth.display() == f"{value:%B %Y} (month only)"
    assert birth.span() == (value, (value + datetime.timedelta(days=31)).replace(day=1) - datetime.timedelta(days=1))
    assert birth.compatible_with(parse(f"{birth.span()[1]:%d/%m/%Y}")) and birth.compatible_with(parse("1990"))
    assert not birth.compatible_with(parse(f"{birth.span()[1] + datetime.timedelta(days=1):%d/%m/%Y}"))


def test_a_month_only_date_is_stored_on_the_first_of_its_month() -> None:
    with pytest.raises(ValidationError, match="first day of its month"):
        BirthDate(D(1990, 5, 12), P.MONTH_ONLY)
    assert BirthDate(D(1990, 7, 23), P.MONTH_ONLY).display() == "Asad 1369 (month only)"  # 1 Asad


def test_bidi_marks_of_copied_cells_are_ignored() -> None:
    assert parse("\u200f12/05/1990\u200e") == BirthDate(D(1990, 5, 12), P.EXACT)


def test_jan1_is_exact_when_told_so() -> None:
    assert parse("01/01/1990", jan1_is_exact=True) == BirthDate(D(1990, 1, 1), P.EXACT)
    assert parse("1990", jan1_is_exact=True).precision is P.YEAR_ONLY


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("yesterday", "not a date"),
        ("12/05/90", "not a date"),
        ("1990-13", "month 13 does not exist"),
        ("Smarch 1990", "not a date"),
        ("31/02/1990", "day 31 does not exist in February 1990"),
        ("29/02/1991", "day 29"),
        ("05/25/1990", "month 25 does not exist"),
        ("1990-13-01", "month 13"),
        ("12/05/1899", "before 1900"),
        ("1850", "before 1900"),
        ("0000", "before 1900"),
        ("02/06/2024", "in the future"),
        ("2025", "in the future"),
        ("c. 2030", "in the future"),
        ("12 Smarch 1990", "not a date"),
    ],
)
def test_parse_rejects_nonsense(text: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse(text)
    assert info.value.field == "date_of_birth"
    assert fragment in str(info.value)


def test_leap_day_is_accepted() -> None:
    assert parse("29/02/1992").value == D(1992, 2, 29)


def test_parse_uses_the_real_today_by_default() -> None:
    with pytest.raises(ValidationError, match="future"):
        BirthDate.parse(f"{datetime.date.today().year + 1}")
    assert BirthDate.parse("1990").year == 1990


@pytest.mark.parametrize(
    ("birth", "shown"),
    [
        (BirthDate(D(1990, 5, 12), P.EXACT), "12 May 1990"),
        (BirthDate(D(1990, 1, 1), P.EXACT), "1 January 1990"),
        (BirthDate(D(1990, 1, 1), P.YEAR_ONLY), "1990 (year only)"),
        (BirthDate(D(1990, 1, 1), P.ESTIMATED), "c. 1990 (estimated)"),
        (BirthDate(D(1990, 1, 1), P.JAN1_PLACEHOLDER), "1990 (1 Jan placeholder)"),
    ],
)
def test_display(birth: BirthDate, shown: str) -> None:
    assert birth.display() == shown
    assert str(birth) == shown


def test_year_only_and_placeholder_must_be_stored_as_1_january() -> None:
    with pytest.raises(ValidationError):
        BirthDate(D(1990, 5, 12), P.YEAR_ONLY)
    with pytest.raises(ValidationError):
        BirthDate(D(1990, 5, 12), P.JAN1_PLACEHOLDER)
    assert BirthDate(D(1990, 5, 12), P.ESTIMATED).year == 1990


def test_storage_round_trip() -> None:
    for birth in (BirthDate(D(1990, 5, 12), P.EXACT), BirthDate(D(1990, 1, 1), P.JAN1_PLACEHOLDER)):
        stored = birth.to_storage()
        assert stored[0] == birth.value.isoformat()
        assert BirthDate.from_storage(*stored) == birth
    assert BirthDate(D(1990, 1, 1), P.YEAR_ONLY).to_storage() == ("1990-01-01", "YEAR_ONLY")
    assert BirthDate.from_storage("1990-01-01", "ESTIMATED").precision is P.ESTIMATED


@pytest.mark.parametrize(
    ("date_str", "precision_str"),
    [("1990-02-30", "EXACT"), ("12/05/1990", "EXACT"), ("1990-01-01", "approximately"),
     ("1990-05-12", "YEAR_ONLY"), (None, "EXACT")],
)
def test_from_storage_rejects_bad_values(date_str: str, precision_str: str) -> None:
    with pytest.raises(ValidationError) as info:
        BirthDate.from_storage(date_str, precision_str)
    assert info.value.field == "date_of_birth"


def test_precision_accepts_its_stored_name() -> None:
    assert BirthDate(D(1990, 1, 1), "YEAR_ONLY").precision is P.YEAR_ONLY  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        ("12/05/1990", "12/05/1990", True),
        ("12/05/1990", "13/05/1990", False),
        ("12/05/1990", "1990", True),
        ("12/05/1990", "1991", False),
        ("12/05/1990", "01/01/1990", True),
        ("31/12/1990", "01/01/1991", False),
        ("1990", "01/01/1990", True),
        ("1990", "1989", False),
        ("c. 1990", "12/05/1992", True),
        ("c. 1990", "12/05/1988", True),
        ("c. 1990", "12/05/1993", False),
        ("c. 1990", "1987", False),
        ("c. 1990", "c. 1992", True),
        ("01/01/1990 (exact)", "01/01/1990 (exact)", True),
        ("01/01/1990 (exact)", "1990", True),
    ],
)
def test_compatible_with(a: str, b: str, compatible: bool) -> None:
    assert parse(a).compatible_with(parse(b)) is compatible
    assert parse(b).compatible_with(parse(a)) is compatible


def test_age_on() -> None:
    birth = parse("12/05/1990")
    assert birth.age_on(D(2024, 5, 11)) == 33
    assert birth.age_on(D(2024, 5, 12)) == 34
    assert birth.age_on(D(1990, 5, 12)) == 0
    assert parse("1990").age_on(D(2024, 1, 1)) == 34
    assert parse("29/02/2000").age_on(D(2001, 2, 28)) == 0
    assert parse("29/02/2000").age_on(D(2001, 3, 1)) == 1
    with pytest.raises(ValidationError):
        birth.age_on(D(1990, 5, 11))


@given(st.dates(min_value=D(1900, 1, 1), max_value=TODAY), st.sampled_from(list(Precision)))
def test_display_parses_back(value: datetime.date, precision: Precision) -> None:
    if precision in (P.YEAR_ONLY, P.JAN1_PLACEHOLDER, P.ESTIMATED):
        value = value.replace(month=1, day=1)
    if precision is P.MONTH_ONLY:
        value = value.replace(day=1)
    birth = BirthDate(value, precision)
    assert parse(birth.display(), jan1_is_exact=precision is P.EXACT) == birth
    assert BirthDate.from_storage(*birth.to_storage()) == birth


@given(st.text(max_size=40))
def test_parse_raises_only_validation_errors(text: str) -> None:
    try:
        birth = parse(text)
    except ValidationError as exc:
        assert exc.field == "date_of_birth"
    else:
        assert D(1900, 1, 1) <= birth.value <= TODAY
