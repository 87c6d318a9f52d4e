"""Issue 13: visas, TD2 cards and unknown dates of birth, each checked as ICAO Doc 9303 defines.

Check digits in these tests come from the `mrz` package (``hash_string``), not from our own
implementation, so a wrong weighting or filler value on our side cannot hide itself.
"""

from __future__ import annotations

import datetime

import pytest
from mrz.base.functions import hash_string

from caseworker.domain.birthdates import BirthDate, Precision
from caseworker.domain.mrz import MrzResult, parse_mrz

TODAY = datetime.date(2024, 6, 1)
# ICAO Doc 9303 Part 7 (visas) and Part 6 (TD2) specimens
MRV_A = ("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L8988901C4XXX4009078F96121096ZE184226B<<<<<<")
MRV_B = ("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "L8988901C4XXX4009078F9612109<<<<<<<<")
TD2 = ("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6")
TD3 = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10")
TD1 = ("I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<")


def parse(lines: tuple[str, ...]) -> MrzResult:
    return parse_mrz("\n".join(lines), today=TODAY)


@pytest.mark.parametrize(("lines", "layout"), [(MRV_A, "MRV-A"), (MRV_B, "MRV-B")])
def test_visas_are_read_as_visas_with_only_their_check_digits(lines: tuple[str, ...], layout: str) -> None:
    r = parse(lines)
    assert r.format == layout and r.is_visa
    assert [c.field for c in r.checks] == ["document_number", "birth_date", "expiry_date"]  # no composite
    assert r.valid and r.warnings == ()
    assert (r.document_type, r.issuing_state, r.surname, r.given_names) == ("V", "UTO", "ERIKSSON", "ANNA MARIA")
    assert (r.document_number, r.nationality, r.sex) == ("L8988901C", "XXX", "F")
    assert r.birth_date == BirthDate(datetime.date(1940, 9, 7), Precision.EXACT)
    assert r.expiry_date == datetime.date(1996, 12, 10)


def test_visa_optional_data_is_kept_whole() -> None:
    assert parse(MRV_A).optional_data == "6ZE184226B"
    assert parse(MRV_B).optional_data == ""


def test_a_td2_card_is_read() -> None:
    r = parse(TD2)
    assert r.format == "TD2" and not r.is_visa
    assert [c.field for c in r.checks] == ["document_number", "birth_date", "expiry_date", "composite"]
    assert r.valid
    assert (r.document_number, r.surname, r.given_names, r.expiry_date) == (
        "D23145890", "ERIKSSON", "ANNA MARIA", datetime.date(2012, 4, 15))


def test_a_td2_composite_covers_its_optional_data() -> None:
    line2 = TD2[1][:28] + "ABC" + TD2[1][31:]
    assert parse((TD2[0], line2)).failed_fields == ("composite",)


def test_a_td2_long_document_number_continues_in_the_optional_data() -> None:
    number = "D23145890734"
    tail = number[9:] + hash_string(number)
    body = number[:9] + "<" + "UTO" + "740812" + hash_string("740812") + "F" + "120415" + hash_string("120415")
    body += (tail + "<" * 7)[:7]
    line2 = body + hash_string(body[:10] + body[13:20] + body[21:35])
    r = parse((TD2[0], line2))
    assert r.document_number == number and r.optional_data == ""
    assert r.valid, r.checks


def test_a_visa_with_a_wrong_digit_fails_that_check_only() -> None:
    line2 = MRV_A[1][:19] + "0" + MRV_A[1][20:]
    assert parse((MRV_A[0], line2)).failed_fields == ("birth_date",)


def _with_birth(lines: tuple[str, ...], birth: str) -> tuple[str, ...]:
    """A TD3 zone with ``birth`` as its date of birth and check digits from the mrz package."""
    l2 = lines[1][:13] + birth + hash_string(birth) + lines[1][20:43]
    return lines[0], l2 + hash_string(l2[:10] + l2[13:20] + l2[21:43])


@pytest.mark.parametrize(
    ("birth", "expected", "warning"),
    [
        ("74<<<<", BirthDate(datetime.date(1974, 1, 1), Precision.YEAR_ONLY), "known only in part"),
        ("7408<<", BirthDate(datetime.date(1974, 1, 1), Precision.YEAR_ONLY), "kept as 1974 (year only)"),
        ("740000", BirthDate(datetime.date(1974, 1, 1), Precision.YEAR_ONLY), "known only in part"),
        ("<<<<<<", None, "date of birth unknown in the zone"),
        ("08<<<<", BirthDate(datetime.date(2008, 1, 1), Precision.YEAR_ONLY), "kept as 2008 (year only)"),
        ("30<<<<", BirthDate(datetime.date(1930, 1, 1), Precision.YEAR_ONLY), "kept as 1930 (year only)"),
    ],
)
def test_unknown_and_partial_birth_dates_keep_the_zone_readable(birth: str, expected: BirthDate | None,
                                                                 warning: str) -> None:
    r = parse(_with_birth(TD3, birth))
    assert r.valid, r.checks
    assert r.birth_date == expected
    assert any(warning in w for w in r.warnings), r.warnings
    assert (r.surname, r.document_number) == ("ERIKSSON", "L898902C3")


def test_an_unknown_birth_date_on_a_td1_card() -> None:
    l2 = "<<<<<<" + hash_string("<<<<<<") + TD1[1][7:29]
    l2 += hash_string(TD1[0][5:30] + l2[:7] + l2[8:15] + l2[18:29])
    r = parse((TD1[0], l2, TD1[2]))
    assert r.valid and r.birth_date is None


def test_a_partial_birth_date_with_a_wrong_check_digit_still_fails_it() -> None:
    lines = _with_birth(TD3, "74<<<<")
    wrong = lines[1][:19] + "7" + lines[1][20:]
    assert "birth_date" in parse((lines[0], wrong)).failed_fields


def test_a_visa_zone_of_a_passport_size_is_not_a_passport() -> None:
    """The old parser read every 2×44 zone as TD3 and reported the visa's missing composite as a failure."""
    as_passport = ("P" + MRV_A[0][1:], MRV_A[1])
    assert parse(as_passport).format == "TD3"
    assert not parse(as_passport).valid  # a visa's line 2 does not satisfy TD3's checks
    assert parse(MRV_A).valid
