"""Issue 13: common OCR slips are undone only where the check digits then agree, with a warning."""

from __future__ import annotations

import datetime

import pytest
from mrz.base.functions import hash_string

from caseworker.domain.errors import ValidationError
from caseworker.domain.mrz import MrzResult, parse_mrz

TODAY = datetime.date(2024, 6, 1)
TD3 = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10")
TD1 = ("I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<")
MRV_B = ("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "L8988901C4XXX4009078F9612109<<<<<<<<")


def parse(*lines: str) -> MrzResult:
    return parse_mrz("\n".join(lines), today=TODAY)


def _put(line: str, pos: int, c: str) -> str:
    return line[:pos] + c + line[pos + 1:]


@pytest.mark.parametrize(
    ("pos", "slip", "warning"),
    [
        (15, "O", "line 2, position 16: read O as 0"),   # in the date of birth
        (22, "Z", "line 2, position 23: read Z as 2"),   # in the expiry date
        (19, "Z", "line 2, position 20: read Z as 2"),   # the birth date's check digit
        (43, "O", "line 2, position 44: read O as 0"),   # the composite check digit
        (18, "Z", "line 2, position 19: read Z as 2"),
        (26, "S", "line 2, position 27: read S as 5"),
        (9, "G", "line 2, position 10: read G as 6"),    # the document number's check digit
        (42, "I", "line 2, position 43: read I as 1"),   # the personal number's check digit
    ],
)
def test_a_letter_among_the_digits_is_read_as_its_digit_when_the_checks_agree(
        pos: int, slip: str, warning: str) -> None:
    r = parse(TD3[0], _put(TD3[1], pos, slip))
    assert r.lines == TD3
    assert r.valid
    assert r.warnings == (warning,)


@pytest.mark.parametrize(("pos", "slip"), [(13, "X"), (16, "A"), (24, "K")])
def test_a_letter_that_looks_like_no_digit_is_an_error(pos: int, slip: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse(TD3[0], _put(TD3[1], pos, slip))
    assert f"line 2, position {pos + 1}" in str(info.value) and "must be digits" in str(info.value)


def test_several_slips_are_each_reported() -> None:
    line2 = TD3[1][:13] + "74O8I2" + TD3[1][19:21] + "I2O4I5" + TD3[1][27:]
    r = parse(TD3[0], line2)
    assert r.valid and r.lines == TD3
    assert r.warnings == ("line 2, position 16: read O as 0", "line 2, position 18: read I as 1",
                          "line 2, position 22: read I as 1", "line 2, position 24: read O as 0",
                          "line 2, position 26: read I as 1")


def test_a_slip_the_check_digit_does_not_confirm_is_an_error_not_a_guess() -> None:
    line2 = TD3[1][:13] + "74O813" + TD3[1][19:]  # O→0 gives 740813, whose check digit is not 2
    with pytest.raises(ValidationError) as info:
        parse(TD3[0], line2)
    assert "line 2, position 16" in str(info.value)
    assert "does not make the check digits agree" in str(info.value)


def test_a_slip_on_a_visa_is_confirmed_by_its_own_check_digit() -> None:
    line2 = MRV_B[1][:13] + "4OO9O7" + MRV_B[1][19:]
    r = parse(MRV_B[0], line2)
    assert r.valid and r.lines == MRV_B
    assert len(r.warnings) == 3


def test_a_slip_in_a_td1_card() -> None:
    line2 = "74O8122F12O4159UTO<<<<<<<<<<<6"
    r = parse(TD1[0], line2, TD1[2])
    assert r.valid and r.lines == TD1
    assert r.warnings == ("line 2, position 3: read O as 0", "line 2, position 11: read O as 0")


def test_letters_in_the_document_number_are_never_changed() -> None:
    """Document numbers hold letters and digits, so an O there may be an O."""
    r = parse(*TD3)
    assert r.document_number == "L898902C3"  # the C and the L stay
    assert r.warnings == ()


@pytest.mark.parametrize(
    ("lines", "warning"),
    [
        ((TD3[0].replace("<<ANNA", "«ANNA"), TD3[1]), "line 1: read « as <<"),
        ((TD3[0].replace("<<<<<<<<", "««««", 1), TD3[1]), "line 1: read « as <<"),
        ((TD3[0], TD3[1].replace("B<<<<<1", "B««1")), "line 2: 1 filler short; added at position 42"),
        ((TD3[0], TD3[1].replace("B<<<<<1", "B«««1")), "line 2: 1 filler too many; removed at position 43"),
        ((TD3[0], TD3[1].replace("B<<<<<1", "B‹‹‹‹‹1")), "line 2: read ‹ as <"),
    ],
)
def test_lookalike_fillers(lines: tuple[str, str], warning: str) -> None:
    r = parse(*lines)
    assert r.lines == TD3 and r.valid
    assert any(w.startswith(warning) for w in r.warnings), r.warnings


@pytest.mark.parametrize("cut", [37, 40, 41])
def test_a_data_line_one_filler_short_is_padded_where_the_checks_agree(cut: int) -> None:
    short = TD3[1][:cut] + TD3[1][cut + 1:]  # drop one filler of the personal-number padding
    r = parse(TD3[0], short)
    assert r.lines == TD3 and r.valid
    assert "line 2: 1 filler short; added at position 42" in r.warnings


def test_a_data_line_one_filler_too_many_is_trimmed_where_the_checks_agree() -> None:
    long = TD3[1][:40] + "<" + TD3[1][40:]
    r = parse(TD3[0], long)
    assert r.lines == TD3 and r.valid
    assert "line 2: 1 filler too many; removed at position 43" in r.warnings


def test_a_name_line_short_of_fillers_is_padded_at_the_end() -> None:
    r = parse(TD3[0][:-2], TD3[1])
    assert r.lines == TD3
    assert "line 1: 2 fillers short; added at the end" in r.warnings
    r = parse(TD1[0], TD1[1], TD1[2][:-1])
    assert r.lines == TD1 and "line 3: 1 filler short; added at the end" in r.warnings


def test_a_short_line_no_filler_can_mend_is_an_error() -> None:
    inside_number = TD3[1][:3] + TD3[1][4:]  # a digit of the document number is missing
    with pytest.raises(ValidationError) as info:
        parse(TD3[0], inside_number)
    assert "got lines of 44, 43" in str(info.value)


def test_a_missing_filler_in_the_document_number_padding_is_found_by_its_check_digit() -> None:
    line1 = "I<UTOD231458<<7<<<<<<<<<<<<<<<"  # number D231458 with two padding fillers
    line1 = line1[:14] + hash_string("D231458<<") + line1[15:]
    line2 = TD1[1][:29] + hash_string(line1[5:30] + TD1[1][:7] + TD1[1][8:15] + TD1[1][18:29])
    r = parse(line1[:13] + line1[14:], line2, TD1[2])
    assert r.lines == (line1, line2, TD1[2]) and r.valid
    assert r.document_number == "D231458"
    assert "line 1: 1 filler short; added at position 14" in r.warnings
