"""Machine-readable zones (ICAO Doc 9303): TD3 passports and TD1 identity cards.

``parse_mrz`` reads a pasted or scanned zone (stray spaces, blank lines and
lowercase are forgiven), detects the format from the line lengths, and
returns every field with the result of every check digit, so that a caseworker
sees *which* field does not add up instead of a bare "invalid". A zone that
cannot be read at all (wrong line lengths, characters outside A–Z 0–9 <,
letters where digits belong, impossible dates) raises ``ValidationError``
naming the line and position.

``compose_td3``/``compose_td1`` build valid zones from fields for the synthetic
demo data and round-trip with ``parse_mrz``. TD1 document numbers longer than
nine characters (e-tazkira) use the ICAO overflow into the optional data.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from caseworker.domain.errors import ValidationError
from caseworker.domain.names import normalise_latin

FIELD = "mrz"
_VALUES = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")} | {"<": 0}
_FORMATS = {(44, 44): "TD3", (30, 30, 30): "TD1"}


def check_digit(s: str) -> str:
    """The ICAO 7-3-1 check digit of ``s`` (A–Z, 0–9 and < only)."""
    try:
        return str(sum(_VALUES[c] * (7, 3, 1)[i % 3] for i, c in enumerate(s)) % 10)
    except KeyError as exc:
        raise ValidationError(f"{exc.args[0]!r} cannot appear in an MRZ", field=FIELD) from None


@dataclass(frozen=True, slots=True)
class CheckResult:
    field: str
    expected: str
    actual: str
    ok: bool


@dataclass(frozen=True, slots=True)
class MrzResult:
    format: str  # "TD3" or "TD1"
    document_type: str
    issuing_state: str
    surname: str
    given_names: str
    document_number: str
    nationality: str
    birth_date: datetime.date
    sex: str  # "M", "F" or "X"
    expiry_date: datetime.date
    optional_data: str  # TD3 personal number; TD1 first optional field
    optional_data_2: str  # TD1 second optional field ("" for TD3)
    checks: tuple[CheckResult, ...]
    lines: tuple[str, ...]

    @property
    def valid(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def failed_fields(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.checks if not c.ok)


def _fail(line: int, pos: int, message: str) -> ValidationError:
    return ValidationError(f"line {line}, position {pos}: {message}", field=FIELD)


def _lines(text: str) -> tuple[list[str], str]:
    rows = [re.sub(r"\s+", "", row).upper() for row in str(text or "").splitlines()]
    rows = [row for row in rows if row]
    if len(rows) == 1 and len(rows[0]) in (88, 90):
        size = 44 if len(rows[0]) == 88 else 30
        rows = [rows[0][i:i + size] for i in range(0, len(rows[0]), size)]
    fmt = _FORMATS.get(tuple(len(r) for r in rows))
    if fmt is None:
        got = ", ".join(str(len(r)) for r in rows) or "nothing"
        raise ValidationError("expected 2 lines of 44 characters (passport, TD3) or 3 lines of 30 "
                              f"(identity card, TD1); got lines of {got}", field=FIELD)
    for n, row in enumerate(rows, 1):
        for p, c in enumerate(row, 1):
            if c not in _VALUES:
                raise _fail(n, p, f"{c!r} is not allowed (only A-Z, 0-9 and <)")
    return rows, fmt


def _alpha(rows: list[str], n: int, start: int, end: int, what: str) -> str:
    for p in range(start, end):
        if rows[n - 1][p].isdigit():
            raise _fail(n, p + 1, f"digit {rows[n - 1][p]!r} in the {what}")
    return rows[n - 1][start:end]


def _text(s: str) -> str:
    return " ".join(s.replace("<", " ").split())


def _date(rows: list[str], n: int, start: int, what: str, today: datetime.date) -> datetime.date:
    s = rows[n - 1][start:start + 6]
    for p, c in enumerate(s, start + 1):
        if not c.isdigit():
            raise _fail(n, p, f"{what} must be digits (YYMMDD), found {c!r}")
    yy, mm, dd = int(s[:2]), int(s[2:4]), int(s[4:])
    centuries = (2000, 1900) if what == "birth date" or 2000 + yy <= today.year + 50 else (1900,)
    for century in centuries:
        try:
            value = datetime.date(century + yy, mm, dd)
        except ValueError:
            continue
        if what != "birth date" or value <= today:
            return value
    raise _fail(n, start + 1, f"{what} {s} is not a possible date")


def _check(field: str, data: str, actual: str) -> CheckResult:
    expected = check_digit(data)
    return CheckResult(field, expected, actual, expected == actual)


def _sex(rows: list[str], n: int, pos: int) -> str:
    c = rows[n - 1][pos]
    if c not in "MFX<":
        raise _fail(n, pos + 1, f"sex must be M, F, X or <, found {c!r}")
    return "X" if c == "<" else c


def _names(field: str) -> tuple[str, str]:
    primary, _, secondary = field.partition("<<")
    return _text(primary), _text(secondary)


def parse_mrz(text: str, *, today: datetime.date | None = None) -> MrzResult:
    """Read a TD3 (2×44) or TD1 (3×30) zone and verify its check digits."""
    today = today or datetime.date.today()
    rows, fmt = _lines(text)
    l1, l2 = rows[0], rows[1]
    kind = _alpha(rows, 1, 0, 2, "document code").replace("<", "")
    state = _text(_alpha(rows, 1, 2, 5, "issuing state"))
    if fmt == "TD3":
        number, number_cd, nat_at, birth_at, sex_at, expiry_at = l2[:9], l2[9], 10, 13, 20, 21
        surname, given = _names(_alpha(rows, 1, 5, 44, "name"))
        optional, optional_2 = l2[28:42], ""
        composite = l2[:10] + l2[13:20] + l2[21:43]
    else:
        number, number_cd, optional = l1[5:14], l1[14], l1[15:30]
        if number_cd == "<" and optional[0] != "<":  # long number continues in the optional data
            overflow = optional.split("<", 1)[0]
            number, number_cd, optional = number + overflow[:-1], overflow[-1], optional[len(overflow):]
        nat_at, birth_at, sex_at, expiry_at = 15, 0, 7, 8
        surname, given = _names(_alpha(rows, 3, 0, 30, "name"))
        optional_2 = l2[18:29]
        composite = l1[5:30] + l2[:7] + l2[8:15] + l2[18:29]
    checks = [_check("document_number", number, number_cd),
              _check("birth_date", l2[birth_at:birth_at + 6], l2[birth_at + 6]),
              _check("expiry_date", l2[expiry_at:expiry_at + 6], l2[expiry_at + 6])]
    if fmt == "TD3" and not (optional.strip("<") == "" and l2[42] in "<0"):
        checks.append(_check("personal_number", optional, l2[42]))
    checks.append(_check("composite", composite, l2[-1]))
    return MrzResult(
        format=fmt, document_type=kind, issuing_state=state, surname=surname, given_names=given,
        document_number=number.rstrip("<"),
        nationality=_text(_alpha(rows, 2, nat_at, nat_at + 3, "nationality")),
        birth_date=_date(rows, 2, birth_at, "birth date", today), sex=_sex(rows, 2, sex_at),
        expiry_date=_date(rows, 2, expiry_at, "expiry date", today),
        optional_data=_text(optional), optional_data_2=_text(optional_2),
        checks=tuple(checks), lines=tuple(rows))


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
