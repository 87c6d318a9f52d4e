"""Phone numbers against data we did not write: the public vectors in vectors/phones.tsv and
phonenumbers' own example numbers, written every way people type them."""

from __future__ import annotations

from pathlib import Path

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from caseworker.domain.phones import clean_phone_text, read_phone

VECTORS = Path(__file__).parent / "vectors" / "phones.tsv"
REGIONS = ("AF", "PK", "IR", "GB", "UZ", "TJ", "QA")
DARI = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def load_vectors() -> list[tuple[str, tuple[str, ...], str, str]]:
    rows = []
    for line in VECTORS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            written, regions, expected, source = line.split("\t")
            rows.append((written, tuple(regions.split(",")), expected, source))
    return rows


VECTOR_ROWS = load_vectors()


def test_the_vector_file_holds_every_source() -> None:
    assert len(VECTOR_ROWS) >= 75
    assert {source for *_, source in VECTOR_ROWS} == {"issue", "readme", "util", "shape", "wa", "ofcom"}


@pytest.mark.parametrize(("written", "regions", "expected", "source"), VECTOR_ROWS)
def test_public_vector(written: str, regions: tuple[str, ...], expected: str, source: str) -> None:
    reading = read_phone(written, regions)
    if expected == "invalid":
        assert not reading.valid and reading.reason and reading.raw == written
    else:
        assert reading.e164 == expected, reading.reason


def test_vectors_agree_with_phonenumbers_where_it_reads_them() -> None:
    """Where phonenumbers itself reads a written form as a valid number of the first region
    offered, we give the same E.164; the only forms we refuse that it reads are those with
    letters (an extension or a vanity number, which E.164 would silently drop or convert)."""
    compared = 0
    for written, regions, _, _ in VECTOR_ROWS:
        try:
            theirs = phonenumbers.parse(written, regions[0])
        except phonenumbers.NumberParseException:
            continue
        if not phonenumbers.is_valid_number(theirs):
            continue
        compared += 1
        ours = read_phone(written, regions[:1])
        number = clean_phone_text(written).split(";", 1)[0]  # without a link prefix or RFC 3966 parameters
        if any(c.isalpha() for c in number):
            assert not ours.valid and "letters" in ours.reason, written
        else:
            assert ours.e164 == phonenumbers.format_number(theirs, PhoneNumberFormat.E164), written
    assert compared >= 40


_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE,
          PhoneNumberType.VOIP, PhoneNumberType.TOLL_FREE)


def _examples() -> list[tuple[str, phonenumbers.PhoneNumber]]:
    found = []
    for region in REGIONS:
        for kind in _TYPES:
            number = phonenumbers.example_number_for_type(region, kind)
            if number is not None and phonenumbers.is_valid_number(number):
                found.append((region, number))
    return found


EXAMPLES = _examples()


def test_there_are_examples_for_every_region() -> None:
    assert {region for region, _ in EXAMPLES} == set(REGIONS)


def _vary(number: phonenumbers.PhoneNumber, seed: int) -> phonenumbers.PhoneNumber:
    """A different valid number of the same shape: the example with its last digits changed."""
    nsn = phonenumbers.national_significant_number(number)
    for step in range(10):
        tail = str((seed + step * 7919) % 1000).zfill(3)
        candidate = phonenumbers.parse(f"+{number.country_code}{nsn[:-3]}{tail}", None)
        if phonenumbers.is_valid_number(candidate):
            return candidate
    return number


def _written_forms(number: phonenumbers.PhoneNumber) -> list[tuple[str, bool]]:
    """(form, is national) for every phonenumbers format and the messy ways people type them."""
    intl = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    rfc = phonenumbers.format_number(number, PhoneNumberFormat.RFC3966)
    code, rest = intl.split(" ", 1)
    nsn = phonenumbers.national_significant_number(number)
    forms = [
        (intl, False), (e164, False), (rfc, False), (national, True),
        (f"({code}) {rest}", False), (f"[{code}] {nsn}", False), (f"+{code}", False),
        ("00" + e164[1:], False), (f"00{code[1:]} {rest}", False), ("+" + e164, False),
        (intl.replace(" ", "-"), False), (intl.replace(" ", "."), False), (intl + ",", False),
        (f"\u200e{intl}\u200f", False), (intl.translate(DARI), False), (intl.translate(ARABIC), False),
        (f"https://wa.me/{e164[1:]}", False), (f"whatsapp:{e164}", False),
        (national.replace(" ", ""), True), (national.translate(DARI), True), (national + ";", True),
        (national.replace(" ", "-"), True),
    ]
    return [(f, nat) for f, nat in forms if f != f"+{code}"]


@given(st.sampled_from(EXAMPLES), st.integers(min_value=0, max_value=999), st.data())
def test_every_written_form_gives_the_same_e164(example: tuple[str, phonenumbers.PhoneNumber], seed: int,
                                                 data: st.DataObject) -> None:
    region, number = example
    number = _vary(number, seed)
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    form, national = data.draw(st.sampled_from(_written_forms(number)))
    reading = read_phone(form, region if national else "AF")
    assert reading.e164 == e164, (form, reading.reason)
    assert reading.region == region


@given(st.sampled_from(EXAMPLES), st.integers(min_value=0, max_value=999))
def test_a_national_number_is_never_given_a_region_it_was_not_offered(
        example: tuple[str, phonenumbers.PhoneNumber], seed: int) -> None:
    region, number = example
    number = _vary(number, seed)
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    for offered in REGIONS:
        reading = read_phone(national, offered)
        if reading.valid:
            assert reading.region == offered, (national, offered)
        else:
            assert reading.reason
            assert not phonenumbers.is_valid_number_for_region(phonenumbers.parse(national, offered), offered)
    assert read_phone(national, region).region == region
