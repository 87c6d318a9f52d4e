"""Phone numbers: normalised to E.164, searchable the way people type them.

Numbers arrive from WhatsApp exports, referral spreadsheets and caseworkers'
notes: "+93 70 123 4567", "(+93) 70 123 4567", "0701234567", "0093701234567",
"whatsapp:+92 300 1234567", "wa.me/93701234567", with Persian digits, bidi
marks or a trailing comma. Everything is stored in E.164 ("+93701234567"),
which is also what ``whatsapp_link`` needs.

``read_phone`` hands ``phonenumbers`` the whole value after removing only what
it cannot read (bidi marks, Persian/Arabic-Indic digits, link prefixes, brackets
around the country code, a doubled plus, trailing punctuation), and never
assigns a country the number does not belong to: a number written with its
country code belongs to that country; a national number (leading 0) is read
only in the region(s) the caller passes, in the caller's order of preference.
A number that is not valid there stays invalid, with a reason the caller can
show ("too short for Afghanistan") and the raw text kept, so intake can keep
it as a warning instead of losing it. ``normalise_phone`` is the strict form
(E.164 or ``ValidationError``) for places that must have a valid number.

Reasons never repeat the number: they end up in logs and error dialogs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

from caseworker.domain.errors import ValidationError

FIELD = "phone"
DEFAULT_REGIONS = ("AF",)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_PREFIX_RE = re.compile(
    r"^(?:(?:https?://)?(?:www\.)?(?:wa\.me/|api\.whatsapp\.com/send/?\?phone=)|whatsapp:|tel:)\s*",
    re.IGNORECASE)
_INVISIBLE_RE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]")
_BRACKETED_CODE_RE = re.compile(r"^[(\[{]\s*(?:\+|00)\s*([1-9][0-9]{0,2})\s*[)\]}]")
_TRAILING_RE = re.compile(r"[\s,.;:!?،؛]+$")
_ALLOWED_RE = re.compile(r"^\+?[0-9 ()\[\]\-./]+$")
_RFC3966_RE = re.compile(r";(?:phone-context|isub|ext)=", re.IGNORECASE)
_EXAMPLE = "use a number such as +93 70 123 4567 or 070 123 4567"
_NAMES = {
    "AF": "Afghanistan", "PK": "Pakistan", "IR": "Iran", "GB": "the United Kingdom", "UZ": "Uzbekistan",
    "TJ": "Tajikistan", "TM": "Turkmenistan", "QA": "Qatar", "AE": "the United Arab Emirates",
    "TR": "Turkey", "IN": "India", "DE": "Germany", "US": "the United States", "CA": "Canada",
}


@dataclass(frozen=True, slots=True)
class PhoneReading:
    """What a phone value reads as: valid (``e164`` set) or invalid (``reason`` set)."""

    raw: str
    e164: str | None
    region: str | None  # the number's country ("AF"), when known
    reason: str  # why it is not valid; "" when it is

    @property
    def valid(self) -> bool:
        return self.e164 is not None


def region_name(region: str) -> str:
    return _NAMES.get(region, region)


def clean_phone_text(text: str) -> str:
    """The value as ``phonenumbers`` can read it (see the module docstring for what goes)."""
    s = unicodedata.normalize("NFKC", _INVISIBLE_RE.sub("", str(text or ""))).translate(_DIGITS).strip()
    link = _PREFIX_RE.match(s)
    if link:
        s = s[link.end():].split("&", 1)[0].strip()
        if not link.group(0).lower().startswith("tel:") and not s.startswith(("+", "0")):
            s = "+" + s  # WhatsApp ids and links carry the international number without "+"
    s = _TRAILING_RE.sub("", s)
    s = _BRACKETED_CODE_RE.sub(lambda m: f"+{m.group(1)} ", s)
    s = re.sub(r"^\+[\s+]*", "+", s)
    if s.startswith("00"):
        s = "+" + s[2:]
    return s


def _invalid(raw: str, reason: str, region: str | None = None) -> PhoneReading:
    return PhoneReading(raw, None, region, reason)


def _length_reason(parsed: phonenumbers.PhoneNumber, region: str) -> str:
    where = region_name(region)
    result = phonenumbers.is_possible_number_with_reason(parsed)
    if result == ValidationResult.TOO_SHORT:
        return f"too short for {where}"
    if result in (ValidationResult.TOO_LONG, ValidationResult.INVALID_LENGTH):
        return f"too long for {where}" if result == ValidationResult.TOO_LONG else f"wrong length for {where}"
    return f"not a valid number in {where}"


def _parse(s: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(s, region)
    except NumberParseException:
        return None


def _parse_error(s: str) -> str:
    try:
        phonenumbers.parse(s, None)
    except NumberParseException as exc:
        if exc.error_type == NumberParseException.INVALID_COUNTRY_CODE:
            return "does not start with a known country code"
        if exc.error_type == NumberParseException.TOO_SHORT_NSN:
            return "is too short"
    return f"is not a phone number; {_EXAMPLE}"


def _reading(raw: str, parsed: phonenumbers.PhoneNumber) -> PhoneReading:
    e164 = phonenumbers.format_number(parsed, PhoneNumberFormat.E164)
    return PhoneReading(raw, e164, phonenumbers.region_code_for_number(parsed), "")


def _international(raw: str, s: str) -> PhoneReading:
    parsed = _parse(s, None)
    if parsed is None:
        return _invalid(raw, _parse_error(s))
    regions = phonenumbers.region_codes_for_country_code(parsed.country_code)
    if not regions or regions == ("001",):
        return _invalid(raw, "does not start with a known country code")
    return _dialled(raw, parsed)


def _dialled(raw: str, parsed: phonenumbers.PhoneNumber) -> PhoneReading:
    """A number that carries its own country code (+…, an international prefix, an RFC 3966 context)."""
    if phonenumbers.is_valid_number(parsed) and not parsed.extension:
        return _reading(raw, parsed)
    if parsed.extension:
        return _invalid(raw, "has an extension; enter the number alone")
    region = phonenumbers.region_code_for_country_code(parsed.country_code)
    return _invalid(raw, _length_reason(parsed, region), region if region != "ZZ" else None)


def _national(raw: str, s: str, regions: Sequence[str]) -> PhoneReading:
    first = _parse(s, regions[0])
    if first is not None and first.country_code != phonenumbers.country_code_for_region(regions[0]):
        return _dialled(raw, first)  # dialled with that region's international prefix (011 64 … from the US)
    found = []
    for region in regions:
        parsed = _parse(s, region)
        if parsed is not None and phonenumbers.is_valid_number_for_region(parsed, region):
            if region == regions[0]:
                return _reading(raw, parsed)
            found.append(parsed)
    if len(found) == 1:
        return _reading(raw, found[0])
    if found:
        codes = ", ".join(f"+{p.country_code}" for p in found)
        return _invalid(raw, f"is valid in several countries; add the country code ({codes})")
    if len(regions) == 1:
        parsed = _parse(s, regions[0])
        reason = _length_reason(parsed, regions[0]) if parsed else f"not a valid number in {region_name(regions[0])}"
        return _invalid(raw, f"{reason}; {_EXAMPLE}", regions[0])
    return _invalid(raw, f"not a valid number in any of: {', '.join(regions)}; add the country code")


def read_phone(text: str, regions: str | Sequence[str] = DEFAULT_REGIONS) -> PhoneReading:
    """Read ``text`` as a phone number; never raises (an invalid number has a ``reason``).

    ``regions`` are the countries a national number (one without its country
    code) may belong to, most likely first.
    """
    raw = str(text or "")
    wanted = (regions,) if isinstance(regions, str) else tuple(regions)
    wanted = tuple(dict.fromkeys(r.strip().upper() for r in wanted if r.strip())) or DEFAULT_REGIONS
    s = clean_phone_text(raw)
    if not s:
        return _invalid(raw, "is empty")
    if _RFC3966_RE.search(s):  # tel:03-331-6005;phone-context=+64: phonenumbers reads it whole
        parsed = _parse(s, wanted[0])
        return _dialled(raw, parsed) if parsed else _invalid(raw, f"is not a phone number; {_EXAMPLE}")
    if re.search(r"[^\W\d_]", s):
        return _invalid(raw, f"contains letters (an extension or a word); {_EXAMPLE}")
    if s.count("+") > 1 or ";" in s:
        return _invalid(raw, "holds more than one number; enter them one at a time")
    if not _ALLOWED_RE.match(s) or sum(c.isdigit() for c in s) < 6:
        return _invalid(raw, f"is not a phone number; {_EXAMPLE}")
    if s.startswith("+"):
        return _international(raw, s)
    return _national(raw, s, wanted)


def normalise_phone(text: str, default_region: str | Sequence[str] = DEFAULT_REGIONS) -> str:
    """The number in E.164 ("+93701234567"), or ValidationError(field="phone") with the reason."""
    reading = read_phone(text, default_region)
    if reading.e164 is None:
        raise ValidationError(reading.reason, field=FIELD)
    return reading.e164


def _parse_e164(e164: str) -> phonenumbers.PhoneNumber:
    if not isinstance(e164, str) or not re.fullmatch(r"\+[1-9][0-9]{4,14}", e164):
        raise ValidationError(f"{e164!r} is not in E.164 form (+ and digits only)", field=FIELD)
    parsed = _parse(e164, None)
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise ValidationError(f"{e164!r} is not a valid number", field=FIELD)
    return parsed


# Afghanistan, Pakistan, Iran and the UK: two-digit country codes, national trunk prefix 0.
_TRUNK_ZERO = re.compile(r"\+(?:93|92|98|44)[1-9][0-9]{7,10}")


def phone_search_forms(e164: str) -> list[str]:
    """The digit strings someone might type to find this number, most complete first.

    For "+93701234567": "+93701234567", "93701234567", "0093701234567",
    "0701234567", "701234567".
    """
    if _TRUNK_ZERO.fullmatch(e164):  # fast path for the numbers we see most (no parsing)
        significant = e164[3:]
        return [e164, e164[1:], "00" + e164[1:], "0" + significant, significant]
    parsed = _parse_e164(e164)
    national = re.sub(r"\D", "", phonenumbers.format_number(parsed, PhoneNumberFormat.NATIONAL))
    significant = phonenumbers.national_significant_number(parsed)
    forms = [e164, e164[1:], "00" + e164[1:], national, significant]
    return list(dict.fromkeys(forms))


def whatsapp_link(e164: str) -> str:
    """A click-to-chat link: "https://wa.me/93701234567"."""
    _parse_e164(e164)
    return f"https://wa.me/{e164[1:]}"
