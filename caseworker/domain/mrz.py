"""Machine-readable zones (ICAO Doc 9303): passports, identity cards and visas.

``parse_mrz`` reads a pasted or scanned zone (stray spaces, blank lines and
lowercase are forgiven), detects the layout from the line lengths and the
document code — TD3 passports (2×44), TD1 (3×30) and TD2 (2×36) cards, MRV-A
(2×44) and MRV-B (2×36) visas — and returns every field with the result of
every check digit that layout has, so that a caseworker sees *which* field does
not add up instead of a bare "invalid".

A date of birth that is unknown (``<<<<<<``) or known only in part (``74<<<<``,
as ICAO allows and Afghan documents often have) is kept as unknown or year
only, with a warning; it does not make the zone unreadable. Common OCR slips
are undone where the check digits then agree (see ``mrz_repair``), each with a
warning. A zone that cannot be read at all (wrong line lengths, characters
outside A–Z 0–9 <, letters where digits belong, impossible dates) raises
``ValidationError`` naming the line and position.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from caseworker.domain.birthdates import BirthDate, Precision
from caseworker.domain.errors import ValidationError
from caseworker.domain.mrz_compose import compose_td1, compose_td3
from caseworker.domain.mrz_layout import (
    FIELD,
    VALUES,
    Layout,
    Span,
    check_digit,
    check_spans,
    layout_for,
)
from caseworker.domain.mrz_repair import MAX_FILLERS, TO_DIGIT, repair, replace_lookalike_fillers

__all__ = ["CheckResult", "MrzResult", "check_digit", "compose_td1", "compose_td3", "parse_mrz"]
_SHAPES = "2 lines of 44 characters (passport TD3, visa MRV-A), 2 lines of 36 (card TD2, visa MRV-B) or 3 of 30 (card TD1)"


@dataclass(frozen=True, slots=True)
class CheckResult:
    field: str
    expected: str
    actual: str
    ok: bool


@dataclass(frozen=True, slots=True)
class MrzResult:
    format: str  # "TD3", "TD2", "TD1", "MRV-A" or "MRV-B"
    document_type: str
    issuing_state: str
    surname: str
    given_names: str
    document_number: str
    nationality: str
    birth_date: BirthDate | None  # None when the zone says it is unknown
    sex: str  # "M", "F" or "X"
    expiry_date: datetime.date | None  # None when the zone has none
    optional_data: str  # TD3 personal number; TD1 first optional field; visa/TD2 optional data
    optional_data_2: str  # TD1 second optional field ("" otherwise)
    checks: tuple[CheckResult, ...]
    lines: tuple[str, ...]  # as read, after the corrections listed in ``warnings``
    warnings: tuple[str, ...] = ()  # corrections made and partial dates, for the caseworker to compare

    @property
    def valid(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def failed_fields(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.checks if not c.ok)

    @property
    def is_visa(self) -> bool:
        return self.format.startswith("MRV")


def _fail(line: int, pos: int, message: str) -> ValidationError:
    return ValidationError(f"line {line + 1}, position {pos + 1}: {message}", field=FIELD)


def _rows(text: str) -> tuple[list[str], list[str]]:
    text = unicodedata.normalize("NFKC", str(text or ""))
    rows = [re.sub(r"\s+", "", row).upper() for row in text.splitlines()]
    rows, notes = replace_lookalike_fillers([row for row in rows if row])
    if len(rows) == 1 and len(rows[0]) in (72, 88, 90):
        size = {72: 36, 88: 44, 90: 30}[len(rows[0])]
        rows = [rows[0][i:i + size] for i in range(0, len(rows[0]), size)]
    return rows, notes


def _shape_error(rows: list[str], mend: str = "") -> ValidationError:
    got = ", ".join(str(len(r)) for r in rows) or "nothing"
    return ValidationError(f"expected {_SHAPES}; got lines of {got}{mend}", field=FIELD)


def _layout(rows: list[str]) -> Layout:
    widest = max((len(r) for r in rows), default=0)
    width = 30 if len(rows) == 3 else 44 if widest > 40 else 36
    if len(rows) not in (2, 3) or any(abs(len(r) - width) > MAX_FILLERS for r in rows):
        raise _shape_error(rows)
    layout = layout_for((width,) * len(rows), rows[0][:1])
    if layout is None:
        raise _shape_error(rows)
    return layout


def _read(text: str) -> tuple[list[str], Layout, list[str]]:
    rows, notes = _rows(text)
    layout = _layout(rows)
    repaired = repair(rows, layout)
    if repaired is None:
        raise _shape_error(rows, " (adding or removing fillers does not make the check digits agree)")
    rows, fixes = repaired
    for n, row in enumerate(rows):
        for p, c in enumerate(row):
            if c not in VALUES:
                raise _fail(n, p, f"{c!r} is not allowed (only A-Z, 0-9 and <)")
    return rows, layout, notes + fixes


def _alpha(rows: list[str], span: Span, what: str, notes: list[str]) -> str:
    """A letters-only field; a digit in it is kept and reported (no check digit covers these fields,
    so nothing shows which letter was meant)."""
    for line, p in span.positions():
        c = rows[line][p]
        if c.isdigit():
            notes.append(f"line {line + 1}, position {p + 1}: digit {c} in the {what}, not corrected "
                         "(no check digit covers it); compare with the document")
    return span.text(rows)


def _text(s: str) -> str:
    return " ".join(s.replace("<", " ").split())


def _digits(rows: list[str], span: Span, what: str) -> str:
    s = span.text(rows)
    for p, c in enumerate(s, span.start):
        if not (c.isdigit() or c == "<"):
            hint = f"; reading it as {TO_DIGIT[c]} does not make the check digits agree" if c in TO_DIGIT else ""
            raise _fail(span.line, p, f"{what} must be digits (YYMMDD), found {c!r}{hint}")
    return s


def _century(yy: int, birth: bool, today: datetime.date) -> int:
    if birth:
        return 2000 + yy if 2000 + yy <= today.year else 1900 + yy
    return 2000 + yy if 2000 + yy <= today.year + 50 else 1900 + yy


def _date(s: str, year: int) -> datetime.date | None:
    try:
        return datetime.date(year, int(s[2:4]), int(s[4:]))
    except ValueError:
        return None


def _birth(rows: list[str], span: Span, today: datetime.date) -> tuple[BirthDate | None, list[str]]:
    s = _digits(rows, span, "birth date")
    where = f"line {span.line + 1}, position {span.start + 1}"
    if not s[:2].isdigit():
        return None, [f"{where}: date of birth unknown in the zone ({s}); kept as unknown"]
    year = _century(int(s[:2]), True, today)
    if s.isdigit() and s[2:4] != "00" and s[4:] != "00":
        value = _date(s, year)
        if value is not None and value > today:
            value = _date(s, year - 100)
        if value is None:
            return None, [f"{where}: birth date {s} is not a possible date; kept as unknown"]
        return BirthDate(value, Precision.EXACT), []
    if s[2:4].isdigit() and int(s[2:4]) > 12:
        return None, [f"{where}: birth date {s} has no month {s[2:4]}; kept as unknown"]
    return BirthDate(datetime.date(year, 1, 1), Precision.YEAR_ONLY), [
        f"{where}: date of birth known only in part in the zone ({s}); kept as {year} (year only)"]


def _expiry(rows: list[str], span: Span, today: datetime.date) -> tuple[datetime.date | None, list[str]]:
    s = _digits(rows, span, "expiry date")
    where = f"line {span.line + 1}, position {span.start + 1}"
    if s == "<<<<<<":
        return None, [f"{where}: no expiry date in the zone"]
    value = _date(s, _century(int(s[:2]), False, today)) if s.isdigit() else None
    if value is None:
        return None, [f"{where}: expiry date {s} is not a possible date; kept as unknown"]
    return value, []


def _sex(rows: list[str], span: Span) -> str:
    c = span.text(rows)
    if c not in "MFX<":
        raise _fail(span.line, span.start, f"sex must be M, F, X or <, found {c!r}")
    return "X" if c == "<" else c


def _names(field: str) -> tuple[str, str]:
    primary, _, secondary = field.partition("<<")
    return _text(primary), _text(secondary)


def _number_and_optional(rows: list[str], layout: Layout, number: str) -> str:
    """The optional data without the tail of a long document number that overflowed into it."""
    optional = layout.optional.text(rows)
    if len(number) > layout.number.end - layout.number.start:
        optional = optional[len(number) - 9 + 1:]
    return optional


def parse_mrz(text: str, *, today: datetime.date | None = None) -> MrzResult:
    """Read a TD1, TD2, TD3, MRV-A or MRV-B zone and verify the check digits it has."""
    today = today or datetime.date.today()
    rows, layout, warnings = _read(text)
    kind = _alpha(rows, layout.code, "document code", warnings).replace("<", "")
    state = _text(_alpha(rows, layout.state, "issuing state", warnings))
    surname, given = _names(_alpha(rows, layout.names, "name", warnings))
    nationality = _text(_alpha(rows, layout.nationality, "nationality", warnings))
    checks = []
    number = ""
    for span in check_spans(layout, rows):
        if span.field == "document_number":
            number = "".join(rows[line][p] for line, p in span.data)
        if not span.skipped(rows):
            checks.append(CheckResult(span.field, span.expected(rows), span.actual(rows), span.passes(rows)))
    birth, birth_notes = _birth(rows, layout.birth, today)
    expiry, expiry_notes = _expiry(rows, layout.expiry, today)
    return MrzResult(
        format=layout.name, document_type=kind, issuing_state=state,
        surname=surname, given_names=given, document_number=number.strip("<"),
        nationality=nationality,
        birth_date=birth, sex=_sex(rows, layout.sex), expiry_date=expiry,
        optional_data=_text(_number_and_optional(rows, layout, number)),
        optional_data_2=_text(layout.optional_2.text(rows)) if layout.optional_2 else "",
        checks=tuple(checks), lines=tuple(rows), warnings=tuple(warnings + birth_notes + expiry_notes))
