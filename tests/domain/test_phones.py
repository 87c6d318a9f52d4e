"""Phone numbers: E.164 normalisation, search forms, WhatsApp links."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseworker.domain.errors import ValidationError
from caseworker.domain.phones import normalise_phone, phone_search_forms, whatsapp_link

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
        ("whatsapp:+93701234567", AF),
        ("WhatsApp: +93 70 123 4567", AF),
        ("whatsapp:93701234567", AF),
        ("wa.me/93701234567", AF),
        ("https://wa.me/93701234567", AF),
        ("https://api.whatsapp.com/send?phone=93701234567&text=hi", AF),
        ("tel:0701234567", AF),
        ("+93 79 987 6543", "+93799876543"),
        # Pakistan
        ("+92 300 1234567", "+923001234567"),
        ("0300 1234567", "+923001234567"),
        ("0300-1234567", "+923001234567"),
        ("0092 300 1234567", "+923001234567"),
        ("۰۳۰۰۱۲۳۴۵۶۷", "+923001234567"),
        # Iran
        ("+98 912 123 4567", "+989121234567"),
        ("0912 123 4567", "+989121234567"),
        # United Kingdom
        ("+44 7400 123456", "+447400123456"),
        ("07400 123456", "+447400123456"),
        ("+44 (0)20 7123 4567", "+442071234567"),
        ("020 7123 4567", "+442071234567"),
    ],
)
def test_normalise_phone(text: str, e164: str) -> None:
    assert normalise_phone(text) == e164


def test_default_region_decides_national_numbers() -> None:
    assert normalise_phone("0300 1234567", default_region="PK") == "+923001234567"
    assert normalise_phone("07400 123456", default_region="GB") == "+447400123456"
    assert normalise_phone("0912 123 4567", default_region="ir") == "+989121234567"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "none", "070 123 456", "0701234567890", "+93 70 123", "+999 1234567",
     "12345", "1-800-FLOWERS", "0701234567 ext 5", "+93 70 123 4567; +92 300 1234567",
     "wa.me/", "whatsapp:"],
)
def test_normalise_phone_rejects_invalid(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalise_phone(text)
    assert info.value.field == "phone"


def test_error_does_not_echo_the_number() -> None:
    with pytest.raises(ValidationError) as info:
        normalise_phone("070 987 65")
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
