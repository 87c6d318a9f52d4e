"""Build valid zones from fields, for the synthetic demo data and the tests.

``compose_td3``/``compose_td1`` round-trip with ``parse_mrz``. TD1 document
numbers longer than nine characters (e-tazkira) use the ICAO overflow into the
optional data.
"""

from __future__ import annotations

import datetime
import re

from caseworker.domain.errors import ValidationError
from caseworker.domain.mrz_layout import check_digit
from caseworker.domain.names import normalise_latin


def _field(value: str, length: int, what: str, *, truncate: bool = False) -> str:
    """``value`` in MRZ characters, padded with < (separators become <, or vanish in numbers)."""
    s = normalise_latin(str(value)).upper().replace("'", "")
    s = re.sub(r"[\s\-,.]+", "" if what == "document_number" else "<", s)
    if re.search(r"[^A-Z0-9<]", s):
        raise ValidationError(f"{value!r} cannot be written in an MRZ (Latin letters and digits)",
                              field=what)
    if len(s) > length and not truncate:
        raise ValidationError(f"{value!r} is longer than {length} characters", field=what)
    return s[:length].ljust(length, "<")


def _name_field(surname: str, given_names: str, length: int) -> str:
    given = _field(given_names, length, "given_names", truncate=True).rstrip("<")
    name = _field(surname, length, "surname", truncate=True).rstrip("<") + ("<<" + given if given else "")
    return name[:length].ljust(length, "<")


def _sex_char(sex: str) -> str:
    if sex not in ("M", "F", "X", "<", ""):
        raise ValidationError(f"{sex!r} is not M, F or X", field="sex")
    return sex if sex in ("M", "F") else "<"


def compose_td3(*, surname: str, given_names: str, document_number: str, nationality: str,
                birth_date: datetime.date, sex: str, expiry_date: datetime.date,
                issuing_state: str | None = None, document_code: str = "P",
                personal_number: str = "") -> tuple[str, str]:
    """The two 44-character lines of a passport zone with correct check digits."""
    line1 = (_field(document_code, 2, "document_code") + _field(issuing_state or nationality, 3, "issuing_state")
             + _name_field(surname, given_names, 39))
    number, personal = _field(document_number, 9, "document_number"), _field(personal_number, 14, "personal_number")
    birth, expiry = f"{birth_date:%y%m%d}", f"{expiry_date:%y%m%d}"
    personal_cd = "<" if personal.strip("<") == "" else check_digit(personal)
    body = (number + check_digit(number) + _field(nationality, 3, "nationality") + birth + check_digit(birth)
            + _sex_char(sex) + expiry + check_digit(expiry) + personal + personal_cd)
    return line1, body + check_digit(body[:10] + body[13:20] + body[21:43])


def compose_td1(*, surname: str, given_names: str, document_number: str, nationality: str,
                birth_date: datetime.date, sex: str, expiry_date: datetime.date,
                issuing_state: str | None = None, document_code: str = "I",
                optional_data: str = "", optional_data_2: str = "") -> tuple[str, str, str]:
    """The three 30-character lines of an identity-card zone (long numbers overflow)."""
    number = _field(document_number, 24, "document_number").rstrip("<")
    if len(number) <= 9:
        head = number.ljust(9, "<") + check_digit(number.ljust(9, "<"))
        optional = _field(optional_data, 15, "optional_data")
    else:
        head = number[:9] + "<"
        extra = number[9:] + check_digit(number)
        optional = _field(extra + ("<" + optional_data if optional_data else ""), 15, "optional_data")
    line1 = (_field(document_code, 2, "document_code") + _field(issuing_state or nationality, 3, "issuing_state")
             + head + optional)
    birth, expiry = f"{birth_date:%y%m%d}", f"{expiry_date:%y%m%d}"
    line2 = (birth + check_digit(birth) + _sex_char(sex) + expiry + check_digit(expiry)
             + _field(nationality, 3, "nationality") + _field(optional_data_2, 11, "optional_data_2"))
    line2 += check_digit(line1[5:30] + line2[:7] + line2[8:15] + line2[18:29])
    return line1, line2, _name_field(surname, given_names, 30)
