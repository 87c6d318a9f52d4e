"""The QR payload: Base45, the binary record, signatures, verdicts and revocation lists."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseworker.documents import letter_payload as lp
from caseworker.documents import letter_verify as lv

KEY = lp.new_private_key()
TODAY = dt.date(2026, 11, 25)


def payload(**changes: object) -> lp.LetterPayload:
    values = dict(
        key_id=lp.key_id(KEY.public_key()), reference="ISB/TA/2026/000123", version=1,
        valid_from=TODAY, valid_to=TODAY + dt.timedelta(days=29),
        people=(lp.PayloadPerson("MOHAMMAD KARIMI", dt.date(1985, 3, 14), False, "P01234567"),
                lp.PayloadPerson("ZARGHONA", dt.date(1990, 1, 1), True, ""),
                lp.PayloadPerson("محمد", None, False, "1400-0102-03456")),
    )  # fmt: skip
    values.update(changes)
    return lp.LetterPayload(**values)  # type: ignore[arg-type]


def test_base45_matches_rfc_9285_examples() -> None:
    assert lp.b45encode(b"AB") == "BB8"
    assert lp.b45encode(b"Hello!!") == "%69 VD92EX0"
    assert lp.b45encode(b"base-45") == "UJCLQE7W581"
    assert lp.b45decode("QED8WEX0") == b"ietf!"
    for bad in ("GGW", "A", "aaa"):
        with pytest.raises(lp.PayloadError):
            lp.b45decode(bad)


@given(st.binary(max_size=300))
def test_base45_round_trips(data: bytes) -> None:
    assert lp.b45decode(lp.b45encode(data)) == data


def test_record_round_trips_and_uses_only_qr_alphanumeric_characters() -> None:
    signed = lp.sign(payload(), KEY)
    text = lp.qr_text(signed)
    assert set(text) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
    back = lp.parse(text)
    assert back.payload == payload() and lp.signature_valid(back, KEY.public_key())
    assert lp.parse("QR-Code:" + text).payload == payload()  # pasted from zbarimg
    assert back.verification_code == signed.verification_code
    assert len(signed.verification_code) == 11 and signed.verification_code[5] == "-"


def test_a_family_of_nine_stays_a_small_qr_code() -> None:
    import zxingcpp

    people = tuple(lp.PayloadPerson("MOHAMMAD AHMAD KARIMI", dt.date(1985, 3, 14), False, "P01234567") for _ in range(9))
    text = lp.qr_text(lp.sign(payload(people=people), KEY))
    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    modules = memoryview(barcode.to_image(scale=1, add_quiet_zones=False)).shape[0]
    assert modules <= 85  # version 17 or lower: 0.5 mm modules in 45 mm


@pytest.mark.parametrize(
    ("text", "reason"),
    [("hello", "should start with TA1:"), ("TA1:", "truncated"), ("TA1:abc", "cannot appear"),
     ("TA1:" + lp.b45encode(b"\x09" + bytes(80)), "newer version")],
)  # fmt: skip
def test_malformed_codes_are_invalid_with_a_reason(text: str, reason: str) -> None:
    result = lv.verify_text(text, KEY.public_key(), today=TODAY)
    assert result.verdict == "INVALID" and reason in result.reason


def test_verdicts() -> None:
    text = lp.qr_text(lp.sign(payload(), KEY))
    public = KEY.public_key()
    assert lv.verify_text(text, public, today=TODAY).verdict == "VALID"
    assert lv.verify_text(text, public, today=TODAY + dt.timedelta(days=29)).verdict == "VALID"
    assert lv.verify_text(text, public, today=TODAY + dt.timedelta(days=30)).verdict == "EXPIRED"
    assert lv.verify_text(text, public, today=TODAY - dt.timedelta(days=1)).verdict == "INVALID"
    entries = [lv.RevocationEntry("ISB/TA/2026/000123", 1, "REVOKED", TODAY)]
    revoked = lv.read_revocation_list(lv.write_revocation_list(entries, KEY, dt.datetime.now(dt.UTC)), public)
    assert lv.verify_text(text, public, revoked, today=TODAY).verdict == "REVOKED"
    entries = [lv.RevocationEntry("ISB/TA/2026/000123", 1, "SUPERSEDED", TODAY)]
    superseded = lv.read_revocation_list(lv.write_revocation_list(entries, KEY, dt.datetime.now(dt.UTC)), public)
    assert lv.verify_text(text, public, superseded, today=TODAY).verdict == "SUPERSEDED"
    assert lv.verify_text(lp.qr_text(lp.sign(payload(version=2), KEY)), public, superseded, today=TODAY).verdict == "VALID"


def test_a_tampered_revocation_list_is_refused() -> None:
    entries = [lv.RevocationEntry("ISB/TA/2026/000123", 1, "REVOKED", TODAY)]
    data = lv.write_revocation_list(entries, KEY, dt.datetime.now(dt.UTC))
    emptied = data.replace(b'"ISB/TA/2026/000123"', b'"ISB/TA/2026/000999"')
    with pytest.raises(lp.PayloadError, match="altered"):
        lv.read_revocation_list(emptied, KEY.public_key())
    with pytest.raises(lp.PayloadError, match="not a caseworker revocation list"):
        lv.read_revocation_list(b"[]", KEY.public_key())


def test_public_keys_load_from_pem_or_raw_bytes() -> None:
    public = KEY.public_key()
    assert lp.key_id(lp.load_public_key(lp.public_key_pem(public))) == lp.key_id(public)
    assert lp.key_id(lp.load_public_key(lp.raw_public(public))) == lp.key_id(public)
    with pytest.raises(lp.PayloadError):
        lp.load_public_key(b"not a key")
