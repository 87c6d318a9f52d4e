"""Reading spreadsheet cells: dates of birth in every form, sex, relationships, documents, phones."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseworker.domain.birthdates import BirthDate, Precision
from caseworker.domain.cell_values import (
    birth_from_cell,
    cell_text,
    identifier_text,
    parse_relationship,
    parse_sex,
    role_for,
    split_phones,
    tazkira_type,
)
from caseworker.domain.errors import ValidationError
from caseworker.domain.vocab import DocumentType, PersonRole, Relationship, Sex

TODAY = dt.date(2026, 11, 25)
E, Y, J, S = Precision.EXACT, Precision.YEAR_ONLY, Precision.JAN1_PLACEHOLDER, Precision.ESTIMATED


@pytest.mark.parametrize(("value", "expected"), [
    ("12/05/1990", (dt.date(1990, 5, 12), E)), ("12.05.1990", (dt.date(1990, 5, 12), E)),
    ("1990-05-12", (dt.date(1990, 5, 12), E)), ("1990-05-12 00:00:00", (dt.date(1990, 5, 12), E)),
    ("12 May 1990", (dt.date(1990, 5, 12), E)), ("12-May-1990", (dt.date(1990, 5, 12), E)),
    ("May 12, 1990", (dt.date(1990, 5, 12), E)), ("12/05/90", (dt.date(1990, 5, 12), E)),
    ("01/02/15", (dt.date(2015, 2, 1), E)), (dt.datetime(1990, 5, 12), (dt.date(1990, 5, 12), E)),
    (dt.date(1990, 5, 12), (dt.date(1990, 5, 12), E)), ("1990", (dt.date(1990, 1, 1), Y)),
    (1990, (dt.date(1990, 1, 1), Y)), (1990.0, (dt.date(1990, 1, 1), Y)),
    ("01/01/1990", (dt.date(1990, 1, 1), J)), (dt.datetime(1990, 1, 1), (dt.date(1990, 1, 1), J)),
    ("c. 1990", (dt.date(1990, 1, 1), S)), ("1369/05/12", (dt.date(1990, 8, 3), E)),
    (1369, (dt.date(1990, 1, 1), Y)), ("۱۹۹۰/۰۵/۱۲".replace("/", "-"), None),
    (33005, (dt.date(1990, 5, 12), E)),  # an Excel date that lost its format
])  # fmt: skip
def test_dates_of_birth(value: object, expected: tuple[dt.date, Precision] | None) -> None:
    birth = birth_from_cell(value, today=TODAY)
    if expected is None:
        assert birth == BirthDate(dt.date(1990, 5, 12), E)
    else:
        assert birth == BirthDate(*expected)


def test_empty_cells_and_exact_first_of_january() -> None:
    assert birth_from_cell(None) is None and birth_from_cell("  ") is None
    assert birth_from_cell("01/01/1990", jan1_is_exact=True, today=TODAY).precision is E  # type: ignore[union-attr]


@pytest.mark.parametrize(("value", "message"), [
    ("31/02/1990", "day 31 does not exist in February 1990"),
    ("05/23/1990", r"month 23 does not exist \(dates are day first"),
    ("yesterday", "is not a date"), (1885, "is not a date or a year"), (1990.5, "is not a date or a year"),
    (dt.date(2099, 1, 2), "is in the future"), ("x" * 50, "too long"),
])  # fmt: skip
def test_impossible_dates_say_why(value: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        birth_from_cell(value, today=TODAY)


def test_cell_text() -> None:
    assert cell_text(None) == "" and cell_text(12.0) == "12" and cell_text(" a  b ") == "a b"
    assert cell_text(dt.datetime(1990, 5, 12)) == "1990-05-12" and cell_text(True) == "TRUE"


@pytest.mark.parametrize(("text", "sex"), [("M", Sex.M), ("male", Sex.M), ("مرد", Sex.M), ("F", Sex.F),
                                           ("Female", Sex.F), ("زن", Sex.F), ("ښځینه", Sex.F), ("", None),
                                           ("unknown", Sex.X)])
def test_sex(text: str, sex: Sex | None) -> None:
    assert parse_sex(text) is sex


def test_unknown_sex_is_an_error() -> None:
    with pytest.raises(ValidationError, match="not a sex we recognise"):
        parse_sex("Q")


@pytest.mark.parametrize(("text", "relationship", "known"), [
    ("self", Relationship.SELF, True), ("Principal", Relationship.SELF, True), ("Wife", Relationship.SPOUSE, True),
    ("همسر", Relationship.SPOUSE, True), ("لور", Relationship.DAUGHTER, True), ("پسر", Relationship.SON, True),
    ("grandson", Relationship.GRANDCHILD, True), ("nephew", Relationship.OTHER, False),
    ("mother", Relationship.MOTHER, True), ("ورور", Relationship.BROTHER, True),
])  # fmt: skip
def test_relationships(text: str, relationship: Relationship, known: bool) -> None:
    assert parse_relationship(text) == (relationship, known)


def test_a_child_needs_a_sex_to_be_a_son_or_daughter() -> None:
    assert parse_relationship("child", Sex.F) == (Relationship.DAUGHTER, True)
    assert parse_relationship("child") == (Relationship.SON, False)
    assert role_for(Relationship.SPOUSE) is PersonRole.DEPENDANT and role_for(Relationship.OTHER) is PersonRole.ADDITIONAL


def test_documents_and_phones() -> None:
    assert tazkira_type("1400-0101-12345") is DocumentType.E_TAZKIRA
    assert tazkira_type("۱۴۰۰۰۱۰۱۱۲۳۴۵") is DocumentType.E_TAZKIRA
    assert tazkira_type("12345/678") is DocumentType.PAPER_TAZKIRA
    assert split_phones("0701234567 / 0799 123 456") == ["0701234567", "0799 123 456"]
    assert split_phones("+93 70 123 4567") == ["+93 70 123 4567"]
    assert split_phones("۰۷۰۱۲۳۴۵۶۷، 0799123456") == ["0701234567", "0799123456"]


@pytest.mark.parametrize(("value", "digits"), [
    (93701234567.0, "93701234567"), (93701234567, "93701234567"), ("93701234567.0", "93701234567"),
    ("7.01234567E+8", "701234567"), ("7.01234567e+08", "701234567"), (7.01234567e8, "701234567"),
    ("1.400010112345E+12", "1400010112345"), ("0701234567.0", "0701234567"), ("0701234567", "0701234567"),
    ("۰۷۰۱۲۳۴۵۶۷", "0701234567"), ("٠٧٠١٢٣٤٥٦٧", "0701234567"), ("۱۴۰۰-۰۱۰۱-۱۲۳۴۵", "1400-0101-12345"),
    ("+93 70 123 4567", "+93 70 123 4567"), ("P01234567", "P01234567"), (None, ""),
    # what is not a whole number is kept as written, for the caller to say what is wrong
    ("7.0123456789E+8", "7.0123456789E+8"), (1234.5, "1234.5"), (float("nan"), "nan"), (float("inf"), "inf"),
    ("1E+300", "1E+300"), (1e300, "1e+300"), (True, "TRUE"), (dt.date(1990, 5, 12), "1990-05-12"),
])  # fmt: skip
def test_identifier_cells_become_their_digits(value: object, digits: str) -> None:
    assert identifier_text(value) == digits


@given(st.integers(min_value=0, max_value=2**53))
def test_any_whole_number_excel_stored_as_a_float_reads_as_its_digits(number: int) -> None:
    assert identifier_text(float(number)) == str(number)
    assert identifier_text(f"{number}.0") == str(number)
    mantissa = f"{number:E}"  # 7.012346E+08: only as many digits as were kept
    assert identifier_text(mantissa) == (f"{int(float(mantissa))}" if float(mantissa) == int(float(mantissa))
                                         else mantissa)
    persian = str(number).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert identifier_text(persian) == str(number)


@given(st.one_of(st.text(), st.floats(), st.integers(), st.booleans(), st.none(), st.dates()))
def test_identifier_text_never_fails(value: object) -> None:
    assert isinstance(identifier_text(value), str)
