"""ICAO Doc 9303 machine-readable zones: parsing, check digits, composition."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseworker.domain.birthdates import BirthDate, Precision
from caseworker.domain.errors import ValidationError
from caseworker.domain.mrz import (
    CheckResult,
    MrzResult,
    check_digit,
    compose_td1,
    compose_td3,
    parse_mrz,
)

TODAY = datetime.date(2024, 6, 1)
# ICAO Doc 9303 specimens (Part 4 Appendix, Part 5 Appendix)
TD3 = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
       "L898902C36UTO7408122F1204159ZE184226B<<<<<10")
TD1 = ("I<UTOD231458907<<<<<<<<<<<<<<<",
       "7408122F1204159UTO<<<<<<<<<<<6",
       "ERIKSSON<<ANNA<MARIA<<<<<<<<<<")


def parse(text: str) -> MrzResult:
    return parse_mrz(text, today=TODAY)


def test_check_digit() -> None:
    assert check_digit("L898902C3") == "6"
    assert check_digit("740812") == "2"
    assert check_digit("120415") == "9"
    assert check_digit("ZE184226B<<<<<") == "1"
    assert check_digit("D23145890") == "7"
    assert check_digit("") == "0"
    assert check_digit("<<<<") == "0"
    with pytest.raises(ValidationError):
        check_digit("ab")


def test_td3_specimen() -> None:
    r = parse("\n".join(TD3))
    assert (r.format, r.document_type, r.issuing_state) == ("TD3", "P", "UTO")
    assert (r.surname, r.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert (r.document_number, r.nationality, r.sex) == ("L898902C3", "UTO", "F")
    assert r.birth_date == BirthDate(datetime.date(1974, 8, 12), Precision.EXACT)
    assert r.expiry_date == datetime.date(2012, 4, 15)
    assert (r.optional_data, r.optional_data_2) == ("ZE184226B", "")
    assert r.lines == TD3 and r.warnings == () and not r.is_visa
    assert r.valid and r.failed_fields == ()
    assert r.checks == (
        CheckResult("document_number", "6", "6", True),
        CheckResult("birth_date", "2", "2", True),
        CheckResult("expiry_date", "9", "9", True),
        CheckResult("personal_number", "1", "1", True),
        CheckResult("composite", "0", "0", True),
    )


def test_td1_specimen() -> None:
    r = parse("\n".join(TD1))
    assert (r.format, r.document_type, r.issuing_state) == ("TD1", "I", "UTO")
    assert (r.surname, r.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert (r.document_number, r.nationality, r.sex) == ("D23145890", "UTO", "F")
    assert (r.birth_date.value, r.expiry_date) == (datetime.date(1974, 8, 12), datetime.date(2012, 4, 15))
    assert r.valid
    assert [c.field for c in r.checks] == ["document_number", "birth_date", "expiry_date", "composite"]
    assert r.checks[-1] == CheckResult("composite", "6", "6", True)


@pytest.mark.parametrize(
    "text",
    [
        "  p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<<<  \n\n  l898902c36uto7408122f1204159ze184226b<<<<<10\n",
        "P<UTOERIKSSON<<ANNA<MARIA<<<<< <<<<<<<<<<<<<<\r\nL898902C36 UTO7408122F1204159ZE184226B<<<<<10",
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<< L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ],
)
def test_pasted_text_is_forgiven(text: str) -> None:
    assert parse(text).lines == TD3


# (line index, position in line, field that must fail)
TD3_CHECKS = [(1, 9, "document_number"), (1, 19, "birth_date"), (1, 27, "expiry_date"),
              (1, 42, "personal_number"), (1, 43, "composite")]
TD1_CHECKS = [(0, 14, "document_number"), (1, 6, "birth_date"), (1, 14, "expiry_date"),
              (1, 29, "composite")]


def _corrupt(lines: tuple[str, ...], line: int, pos: int, *, fix_composite: bool) -> str:
    rows = list(lines)
    wrong = str((int(rows[line][pos]) + 1) % 10)
    rows[line] = rows[line][:pos] + wrong + rows[line][pos + 1:]
    if fix_composite:  # recompute the composite so that only the corrupted digit is wrong
        l2 = rows[1]
        data = (l2[:10] + l2[13:20] + l2[21:43] if len(l2) == 44
                else rows[0][5:30] + l2[:7] + l2[8:15] + l2[18:29])
        rows[1] = l2[:-1] + check_digit(data)
    return "\n".join(rows)


CHECKS = [(TD3, *c) for c in TD3_CHECKS] + [(TD1, *c) for c in TD1_CHECKS]


@pytest.mark.parametrize(("lines", "line", "pos", "field"), CHECKS)
def test_corrupted_check_digit_names_its_field(lines: tuple[str, ...], line: int, pos: int,
                                               field: str) -> None:
    r = parse(_corrupt(lines, line, pos, fix_composite=False))
    assert not r.valid
    # the composite covers the other check digits, so it fails with them
    assert r.failed_fields == ((field,) if field == "composite" else (field, "composite"))
    failed = next(c for c in r.checks if c.field == field)
    assert failed.expected == lines[line][pos] and failed.actual != failed.expected
    assert not failed.ok


@pytest.mark.parametrize(("lines", "line", "pos", "field"),
                         [c for c in CHECKS if c[3] != "composite"])
def test_corrupted_check_digit_alone_names_only_its_field(lines: tuple[str, ...], line: int,
                                                          pos: int, field: str) -> None:
    assert parse(_corrupt(lines, line, pos, fix_composite=True)).failed_fields == (field,)


@pytest.mark.parametrize(("line", "pos", "fields"), [
    (1, 2, ("document_number", "composite")),   # a digit of the document number
    (1, 17, ("birth_date", "composite")),       # a digit of the birth date
    (1, 24, ("expiry_date", "composite")),      # a digit of the expiry date
    (1, 30, ("personal_number", "composite")),  # a character of the personal number
])
def test_corrupted_data_fails_its_own_and_the_composite_check(line: int, pos: int,
                                                              fields: tuple[str, ...]) -> None:
    rows = list(TD3)
    rows[line] = rows[line][:pos] + ("1" if rows[line][pos] != "1" else "2") + rows[line][pos + 1:]
    assert parse("\n".join(rows)).failed_fields == fields


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "got lines of nothing"),
        ("P<UTOERIKSSON", "got lines of 13"),
        ("\n".join((TD3[0], TD3[1][:-5])), "got lines of 44, 39"),
        ("\n".join((TD3[0], TD3[1][:-1])), "got lines of 44, 43"),  # the composite digit is gone
        ("\n".join(TD1[:2]), "got lines of 30, 30"),
        ("\n".join((TD3[0], TD3[1][:20] + "*" + TD3[1][21:])), "line 2, position 21: '*'"),
        ("\n".join((TD3[0], TD3[1][:13] + "74O813" + TD3[1][19:])),
         "line 2, position 16: birth date must be digits (YYMMDD), found 'O'; reading it as 0 does not"),
        ("\n".join((TD3[0], TD3[1][:20] + "Q" + TD3[1][21:])), "line 2, position 21: sex"),
    ],
)
def test_malformed_zones_raise_with_line_and_position(text: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse(text)
    assert info.value.field == "mrz"
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("\n".join((TD3[0], TD3[1][:13] + "741332" + TD3[1][19:])),
         "line 2, position 14: birth date 741332 is not a possible date; kept as unknown"),
        ("\n".join((TD3[0], TD3[1][:21] + "120231" + TD3[1][27:])),
         "line 2, position 22: expiry date 120231 is not a possible date; kept as unknown"),
        ("\n".join((TD3[0][:8] + "1" + TD3[0][9:], TD3[1])), "line 1, position 9: digit 1 in the name, not corrected"),
        ("\n".join((TD3[0], TD3[1][:11] + "7" + TD3[1][12:])), "line 2, position 12: digit 7 in the nationality"),
        ("\n".join((TD1[0], TD1[1], "ERIKSSON<<ANNA<MAR1A<<<<<<<<<<")), "line 3, position 19: digit 1 in the name"),
    ],
)
def test_a_bad_field_no_check_digit_covers_is_a_warning_not_an_unreadable_zone(text: str, warning: str) -> None:
    r = parse(text)
    assert any(w.startswith(warning) for w in r.warnings), r.warnings


def test_birth_dates_are_never_in_the_future() -> None:
    young = compose_td3(surname="A", given_names="B", document_number="X1", nationality="AFG",
                        birth_date=datetime.date(2019, 1, 2), sex="M",
                        expiry_date=datetime.date(2029, 1, 1))
    assert parse("\n".join(young)).birth_date.value == datetime.date(2019, 1, 2)
    old = young[1][:13] + "300102" + check_digit("300102") + young[1][20:]
    assert parse("\n".join((young[0], old))).birth_date.value == datetime.date(1930, 1, 2)
    assert parse_mrz("\n".join(TD3)).birth_date.year == 1974  # with the real today


def test_mononym_sex_unspecified_and_optional_fields() -> None:
    lines = compose_td1(surname="Gulalai", given_names="", document_number="AF1234567",
                        nationality="AFG", birth_date=datetime.date(1990, 1, 1), sex="X",
                        expiry_date=datetime.date(2030, 6, 30), optional_data="ABC 12",
                        optional_data_2="XY")
    r = parse("\n".join(lines))
    assert (r.surname, r.given_names, r.sex) == ("GULALAI", "", "X")
    assert (r.optional_data, r.optional_data_2) == ("ABC 12", "XY")
    assert r.valid
    assert lines[1][7] == "<"


def test_long_tazkira_number_overflows_into_optional_data() -> None:
    lines = compose_td1(surname="Ahmadzai", given_names="Gul Bibi", document_number="1400-0101-12345",
                        nationality="AFG", birth_date=datetime.date(1988, 3, 2), sex="F",
                        expiry_date=datetime.date(2031, 1, 1), optional_data="K7")
    assert lines[0][14] == "<"
    r = parse("\n".join(lines))
    assert r.document_number == "1400010112345"
    assert r.optional_data == "K7"
    assert r.valid
    broken = lines[0][:16] + str((int(lines[0][16]) + 1) % 10) + lines[0][17:]
    assert "document_number" in parse("\n".join((broken, *lines[1:]))).failed_fields


def test_compose_rejects_what_an_mrz_cannot_hold() -> None:
    common = dict(surname="Karimi", given_names="Ali", nationality="AFG",
                  birth_date=datetime.date(1990, 1, 1), sex="M", expiry_date=datetime.date(2030, 1, 1))
    with pytest.raises(ValidationError) as info:
        compose_td3(document_number="P12345678901", **common)  # type: ignore[arg-type]
    assert info.value.field == "document_number"
    with pytest.raises(ValidationError) as info:
        compose_td3(document_number="P1", **{**common, "surname": "کریمی"})  # type: ignore[arg-type]
    assert info.value.field == "surname"
    with pytest.raises(ValidationError) as info:
        compose_td3(document_number="P1", **{**common, "sex": "Q"})  # type: ignore[arg-type]
    assert info.value.field == "sex"


def test_compose_reproduces_the_specimens() -> None:
    td3 = compose_td3(surname="Eriksson", given_names="Anna Maria", document_number="L898902C3",
                      nationality="UTO", birth_date=datetime.date(1974, 8, 12), sex="F",
                      expiry_date=datetime.date(2012, 4, 15), personal_number="ZE184226B")
    assert td3 == TD3
    td1 = compose_td1(surname="Eriksson", given_names="Anna Maria", document_number="D23145890",
                      nationality="UTO", birth_date=datetime.date(1974, 8, 12), sex="F",
                      expiry_date=datetime.date(2012, 4, 15))
    assert td1 == TD1


def test_compose_truncates_long_names_and_transliterates_accents() -> None:
    line1, _ = compose_td3(surname="Abdul-Rahman Al'Hashimi", given_names="Zoë " + "Maria " * 10,
                           document_number="P1", nationality="AFG",
                           birth_date=datetime.date(1990, 1, 1), sex="F",
                           expiry_date=datetime.date(2030, 1, 1))
    assert len(line1) == 44
    assert line1.startswith("P<AFGABDUL<RAHMAN<ALHASHIMI<<ZOE<MARIA<")


NAME = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=12)
NUMBER = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=9)
BIRTH = st.dates(min_value=datetime.date(1925, 1, 1), max_value=TODAY)
EXPIRY = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2060, 12, 31))
SEX = st.sampled_from(["M", "F", "X"])


@given(NAME, st.lists(NAME, max_size=2), NUMBER, BIRTH, SEX, EXPIRY, st.text(alphabet="0123456789", max_size=14))
def test_td3_round_trip(surname: str, given: list[str], number: str, birth: datetime.date,
                        sex: str, expiry: datetime.date, personal: str) -> None:
    lines = compose_td3(surname=surname, given_names=" ".join(given), document_number=number,
                        nationality="AFG", birth_date=birth, sex=sex, expiry_date=expiry,
                        personal_number=personal)
    r = parse("\n".join(lines))
    assert r.valid, r.checks
    assert (r.surname, r.given_names, r.document_number) == (surname, " ".join(given), number)
    assert (r.birth_date.value, r.expiry_date, r.sex, r.optional_data) == (birth, expiry, sex, personal)


@given(NAME, NAME, st.text(alphabet="0123456789", min_size=1, max_size=14), BIRTH, SEX, EXPIRY)
def test_td1_round_trip(surname: str, given: str, number: str, birth: datetime.date, sex: str,
                        expiry: datetime.date) -> None:
    lines = compose_td1(surname=surname, given_names=given, document_number=number,
                        nationality="AFG", birth_date=birth, sex=sex, expiry_date=expiry)
    r = parse("\n".join(lines))
    assert r.valid, r.checks
    assert (r.surname, r.given_names, r.document_number) == (surname, given, number)
    assert (r.birth_date.value, r.expiry_date, r.sex) == (birth, expiry, sex)


@given(st.text(max_size=120))
def test_parse_raises_only_validation_errors(text: str) -> None:
    try:
        parse(text)
    except ValidationError as exc:
        assert exc.field == "mrz"
