"""Phone numbers: E.164 normalisation, search forms, WhatsApp links."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseworker.domain.errors import ValidationError
from caseworker.domain.phones import normalise_phone, phone_search_forms, read_phone, whatsapp_link

AF = "+93701234567"


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        # Afghanistan, in every way it gets written
        ("+93 70 123 4567", AF),
        ("+93701234567", AF),
        ("0701234567", AF),
        ("070 123 4567", AF),
        ("070-123-4567", AF),
        ("(070) 123 4567", AF),
        ("0093 70 123 4567", AF),
        ("0093701234567", AF),
        ("+93 (0)70 123 4567", AF),
        ("۰۷۰۱۲۳۴۵۶۷", AF),
        ("٠٧٠١٢٣٤٥٦٧", AF),
        ("+۹۳ ۷۰ ۱۲۳ ۴۵۶۷", AF),
        ("\u200e+93 70 123 4567\u200f", AF),
        ("\u202b+93 70 123 4567\u202c", AF),
        ("\u061c۰۷۰۱۲۳۴۵۶۷", AF),
        ("whatsapp:+93701234567", AF),
        ("WhatsApp: +93 70 123 4567", AF),
        ("whatsapp:93701234567", AF),
        ("wa.me/93701234567", AF),
        ("https://wa.me/93701234567", AF),
        ("https://api.whatsapp.com/send?phone=93701234567&text=hi", AF),
        ("tel:0701234567", AF),
        ("+93 79 987 6543", "+93799876543"),
        # brackets around the country code, a doubled plus, trailing punctuation (issue 13)
        ("(+93) 70 123 4567", AF),
        ("[+93] 701234567", AF),
        ("(0093) 70 123 4567", AF),
        ("++93701234567", AF),
        ("+ +93 70 123 4567", AF),
        ("+93 70 123 4567,", AF),
        ("+93 70 123 4567.", AF),
        ("0701234567 ،", AF),
        ("(+92) 300 1234567", "+923001234567"),
        # Pakistan, Iran, the UK written with their country code
        ("+92 300 1234567", "+923001234567"),
        ("0092 300 1234567", "+923001234567"),
        ("+98 912 123 4567", "+989121234567"),
        ("+44 7400 123456", "+447400123456"),
        ("+44 (0)20 7123 4567", "+442071234567"),
    ],
)
def test_normalise_phone(text: str, e164: str) -> None:
    assert normalise_phone(text) == e164
    reading = read_phone(text)
    assert reading.valid and reading.e164 == e164 and reading.reason == "" and reading.raw == text


def test_default_regions_decide_national_numbers() -> None:
    assert normalise_phone("0300 1234567", default_region="PK") == "+923001234567"
    assert normalise_phone("07400 123456", default_region="GB") == "+447400123456"
    assert normalise_phone("0912 123 4567", default_region="ir") == "+989121234567"
    assert normalise_phone("0300 1234567", default_region=("AF", "PK")) == "+923001234567"
    assert read_phone("0300 1234567", ("AF", "PK")).region == "PK"


def test_a_national_number_gets_only_the_regions_the_caller_passes() -> None:
    """Issue 13: "07700 900123" (a UK drama number, invalid everywhere it belongs) became Iranian."""
    reading = read_phone("07700 900123")
    assert not reading.valid and reading.e164 is None
    assert reading.raw == "07700 900123"
    assert reading.reason.startswith("too long for Afghanistan")
    several = read_phone("07700 900123", ("AF", "PK", "GB"))
    assert not several.valid
    assert "not a valid number in any of: AF, PK, GB" in several.reason
    assert not read_phone("0300 1234567").valid  # Pakistani by its shape, but only AF was offered
    assert read_phone("0300 1234567").reason.startswith("too long for Afghanistan")


def test_a_number_valid_in_several_offered_regions_is_not_guessed() -> None:
    reading = read_phone("0300 1234567", ("AF", "PK", "GB"))  # PK mobile and UK 0300 non-geographic
    assert not reading.valid
    assert "+92" in reading.reason and "+44" in reading.reason
    assert read_phone("0701234567", ("AF", "PK", "GB")).e164 == AF  # the first region wins when valid there


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "is empty"),
        ("   ", "is empty"),
        ("none", "contains letters"),
        ("070 123 456", "not a valid number in Afghanistan"),
        ("0701234567890", "too long for Afghanistan"),
        ("+93 70 123", "too short for Afghanistan"),
        ("+999 1234567", "does not start with a known country code"),
        ("12345", "is not a phone number"),
        ("1-800-FLOWERS", "contains letters"),
        ("0701234567 ext 5", "contains letters"),
        ("+93 70 123 4567; +92 300 1234567", "more than one number"),
        ("wa.me/", "is not a phone number"),
        ("whatsapp:", "is not a phone number"),
    ],
)
def test_invalid_numbers_say_why(text: str, reason: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalise_phone(text)
    assert info.value.field == "phone"
    assert reason in info.value.bare_message
    reading = read_phone(text)
    assert not reading.valid and reading.raw == text and reason in reading.reason


def test_error_does_not_echo_the_number() -> None:
    for text in ("070 987 65", "+93 70 987", "07700 987123"):
        with pytest.raises(ValidationError) as info:
            normalise_phone(text)
        assert "987" not in str(info.value)


def test_search_forms() -> None:
    assert phone_search_forms(AF) == [
        "+93701234567", "93701234567", "0093701234567", "0701234567", "701234567"]
    assert phone_search_forms("+447400123456") == [
        "+447400123456", "447400123456", "00447400123456", "07400123456", "7400123456"]
    assert "03001234567" in phone_search_forms("+923001234567")


@pytest.mark.parametrize("bad", ["0701234567", "93701234567", "+93 70 123 4567", "+9370123", ""])
def test_search_forms_and_link_need_e164(bad: str) -> None:
    with pytest.raises(ValidationError):
        phone_search_forms(bad)
    with pytest.raises(ValidationError):
        whatsapp_link(bad)


def test_whatsapp_link() -> None:
    assert whatsapp_link(AF) == "https://wa.me/93701234567"
    assert normalise_phone(whatsapp_link(AF)) == AF


@given(st.integers(min_value=0, max_value=99_999_999).map(lambda n: f"07{n:08d}"[:10]))
def test_every_afghan_mobile_round_trips(national: str) -> None:
    try:
        e164 = normalise_phone(national)
    except ValidationError:
        return  # not every 07x prefix is allocated
    assert e164.startswith("+93")
    assert normalise_phone(e164) == e164
    assert national in phone_search_forms(e164)
    assert normalise_phone(whatsapp_link(e164)) == e164


@given(st.text(max_size=30))
def test_only_validation_errors(text: str) -> None:
    try:
        result = normalise_phone(text)
    except ValidationError as exc:
        assert exc.field == "phone"
    else:
        assert result.startswith("+") and result[1:].isdigit()


@given(st.text(max_size=40), st.lists(st.sampled_from(["AF", "PK", "IR", "GB", "UZ", "", "xx"]), max_size=3))
def test_read_phone_never_raises(text: str, regions: list[str]) -> None:
    reading = read_phone(text, regions)
    assert reading.raw == text
    assert reading.valid == (reading.reason == "")


def test_a_number_dialled_with_the_regions_international_prefix_keeps_its_own_country() -> None:
    assert read_phone("011 44 20 8366 1177", "US").e164 == "+442083661177"
    assert read_phone("011 44 20 8366 1177", "US").region == "GB"
    assert read_phone("0044 20 8366 1177", "AF").e164 == "+442083661177"


def test_rfc3966_is_read_whole_but_an_extension_is_refused() -> None:
    assert read_phone("tel:070-123-4567;phone-context=+93", "GB").e164 == AF
    reading = read_phone("tel:+93-70-123-4567;ext=5")
    assert not reading.valid and "extension" in reading.reason
