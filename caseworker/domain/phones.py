"""Phone numbers: normalised to E.164, searchable the way people type them.

Numbers arrive from WhatsApp exports, referral spreadsheets and caseworkers'
notes: "+93 70 123 4567", "0701234567", "0093701234567", "whatsapp:+92 300
1234567", "wa.me/93701234567", with Persian digits or brackets. Everything is
stored in E.164 ("+93701234567"), which is also what ``whatsapp_link`` needs.

A number written in national form (leading 0) is read in ``default_region``
(Afghanistan) first. Families have moved to Pakistan and Iran and relatives are
in the UK, so a national number that is not valid there is tried in
``FALLBACK_REGIONS``; a mobile match wins (03xx… → Pakistan, 09xx… → Iran,
07xxx… → UK), and a number valid in several regions but mobile in none is
refused as ambiguous rather than guessed.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

from caseworker.domain.errors import ValidationError

FIELD = "phone"
FALLBACK_REGIONS = ("PK", "IR", "GB")
_MOBILE = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_PREFIX_RE = re.compile(
    r"^(?:(?:https?://)?(?:www\.)?(?:wa\.me/|api\.whatsapp\.com/send/?\?phone=)|whatsapp:|tel:)\s*",
    re.IGNORECASE)
_INVISIBLE_RE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]")
_ALLOWED_RE = re.compile(r"^\+?[0-9 ()\-./]+$")
_EXAMPLE = "use a number such as +93 70 123 4567 or 070 123 4567"


def _error(message: str) -> ValidationError:
    return ValidationError(message, field=FIELD)


def _parse(number: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        parsed = phonenumbers.parse(number, region)
    except NumberParseException:
        return None
    return parsed if phonenumbers.is_valid_number(parsed) else None


def _clean(text: str) -> str:
    s = unicodedata.normalize("NFKC", _INVISIBLE_RE.sub("", str(text or ""))).translate(_DIGITS)
    s = s.strip()
    link = _PREFIX_RE.match(s)
    if link:
        s = s[link.end():].split("&", 1)[0].strip()
        if not link.group(0).lower().startswith("tel:") and not s.startswith(("+", "0")):
            s = "+" + s  # WhatsApp ids and links carry the international number without "+"
    if s.startswith("00"):
        s = "+" + s[2:]
    return s


def normalise_phone(text: str, default_region: str = "AF") -> str:
    """The number in E.164 ("+93701234567"), or ValidationError(field="phone")."""
    s = _clean(text)
    if not s:
        raise _error("is empty")
    if not _ALLOWED_RE.match(s) or sum(c.isdigit() for c in s) < 6:
        raise _error(f"is not a phone number; {_EXAMPLE}")
    if s.startswith("+"):
        parsed = _parse(s, None)
        if parsed is None:
            raise _error(f"is not a valid international number; {_EXAMPLE}")
        return phonenumbers.format_number(parsed, PhoneNumberFormat.E164)
    parsed = _parse(s, default_region.upper())
    if parsed is None:
        found = [p for r in FALLBACK_REGIONS if r != default_region.upper() and (p := _parse(s, r))]
        mobiles = [p for p in found if phonenumbers.number_type(p) in _MOBILE]
        if mobiles or len(found) == 1:
            parsed = (mobiles or found)[0]
        elif found:
            raise _error("is valid in several countries; add the country code (e.g. +92, +98)")
        else:
            raise _error(f"is not a valid number for {default_region.upper()} or a neighbouring "
                         f"country; {_EXAMPLE}")
    return phonenumbers.format_number(parsed, PhoneNumberFormat.E164)


def _parse_e164(e164: str) -> phonenumbers.PhoneNumber:
    if not isinstance(e164, str) or not re.fullmatch(r"\+[1-9][0-9]{4,14}", e164):
        raise _error(f"{e164!r} is not in E.164 form (+ and digits only)")
    parsed = _parse(e164, None)
    if parsed is None:
        raise _error(f"{e164!r} is not a valid number")
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
