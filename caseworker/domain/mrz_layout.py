"""Where each field sits in the five ICAO Doc 9303 zone layouts, and which check digits exist.

    TD3    passport       2 × 44   number, birth, expiry, personal number, composite (Part 4)
    MRV-A  visa           2 × 44   number, birth, expiry — no composite (Part 7)
    TD1    identity card  3 × 30   number, birth, expiry, composite (Part 5)
    TD2    identity card  2 × 36   number, birth, expiry, composite (Part 6)
    MRV-B  visa           2 × 36   number, birth, expiry — no composite (Part 7)

A visa and a TD3/TD2 document of the same size differ only in the document code
(``V…``). TD1 and TD2 document numbers longer than nine characters put ``<`` in
the number's check-digit position and continue, with their check digit, in the
optional data (Part 5 §4.2.2 note j, Part 6 note j); ``check_spans`` follows them.
Positions are 0-based (line, column) pairs; messages add 1.
"""

from __future__ import annotations

from dataclasses import dataclass

from caseworker.domain.errors import ValidationError

FIELD = "mrz"
Pos = tuple[int, int]
VALUES = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")} | {"<": 0}


def check_digit(s: str) -> str:
    """The ICAO 7-3-1 check digit of ``s`` (A–Z, 0–9 and < only)."""
    try:
        return str(sum(VALUES[c] * (7, 3, 1)[i % 3] for i, c in enumerate(s)) % 10)
    except KeyError as exc:
        raise ValidationError(f"{exc.args[0]!r} cannot appear in an MRZ", field=FIELD) from None


@dataclass(frozen=True, slots=True)
class Span:
    line: int
    start: int
    end: int

    def text(self, rows: list[str]) -> str:
        return rows[self.line][self.start:self.end]

    def positions(self) -> list[Pos]:
        return [(self.line, p) for p in range(self.start, self.end)]


@dataclass(frozen=True, slots=True)
class CheckSpan:
    """A check digit at ``digit`` over the characters of ``data``."""

    field: str
    data: tuple[Pos, ...]
    digit: Pos
    may_be_filler: bool = False  # TD3 personal number: "<" when the field is empty

    def covers(self) -> set[Pos]:
        return {*self.data, self.digit}

    def expected(self, rows: list[str]) -> str:
        return check_digit("".join(rows[line][p] for line, p in self.data))

    def actual(self, rows: list[str]) -> str:
        return rows[self.digit[0]][self.digit[1]]

    def skipped(self, rows: list[str]) -> bool:
        """An empty optional field whose check digit is < or 0 has nothing to check."""
        empty = all(rows[line][p] == "<" for line, p in self.data)
        return self.may_be_filler and empty and self.actual(rows) in "<0"

    def passes(self, rows: list[str]) -> bool:
        return self.skipped(rows) or self.expected(rows) == self.actual(rows)


@dataclass(frozen=True, slots=True)
class Layout:
    name: str
    width: int
    lines: int
    code: Span
    state: Span
    names: Span
    number: Span
    nationality: Span
    birth: Span
    sex: Span
    expiry: Span
    optional: Span
    optional_2: Span | None
    composite: tuple[Span, ...]  # empty for visas
    personal_check: bool = False

    @property
    def is_visa(self) -> bool:
        return self.name.startswith("MRV")

    def numeric(self) -> set[Pos]:
        """Positions that hold only digits (or < for an unknown part of a date)."""
        spans = (self.birth, self.expiry)
        digits = {(s.line, s.end) for s in (self.number, self.birth, self.expiry)}
        if self.personal_check:
            digits.add((self.optional.line, self.optional.end))
        if self.composite:
            digits.add((1, self.width - 1))
        return {p for s in spans for p in s.positions()} | digits

    def alphabetic(self) -> set[Pos]:
        spans = (self.code, self.state, self.names, self.nationality, self.sex)
        return {p for s in spans for p in s.positions()}


def _two_line(name: str, width: int, composite: bool, personal: bool = False) -> Layout:
    optional_end = width - 2 if personal else width - 1 if composite else width
    return Layout(
        name=name, width=width, lines=2, code=Span(0, 0, 2), state=Span(0, 2, 5), names=Span(0, 5, width),
        number=Span(1, 0, 9), nationality=Span(1, 10, 13), birth=Span(1, 13, 19), sex=Span(1, 20, 21),
        expiry=Span(1, 21, 27), optional=Span(1, 28, optional_end), optional_2=None,
        composite=(Span(1, 0, 10), Span(1, 13, 20), Span(1, 21, width - 1)) if composite else (),
        personal_check=personal)


TD3 = _two_line("TD3", 44, composite=True, personal=True)
TD2 = _two_line("TD2", 36, composite=True)
MRV_A = _two_line("MRV-A", 44, composite=False)
MRV_B = _two_line("MRV-B", 36, composite=False)
TD1 = Layout(
    name="TD1", width=30, lines=3, code=Span(0, 0, 2), state=Span(0, 2, 5), names=Span(2, 0, 30),
    number=Span(0, 5, 14), nationality=Span(1, 15, 18), birth=Span(1, 0, 6), sex=Span(1, 7, 8),
    expiry=Span(1, 8, 14), optional=Span(0, 15, 30), optional_2=Span(1, 18, 29),
    composite=(Span(0, 5, 30), Span(1, 0, 7), Span(1, 8, 15), Span(1, 18, 29)))
LAYOUTS = (TD3, TD2, MRV_A, MRV_B, TD1)


def layout_for(widths: tuple[int, ...], code: str) -> Layout | None:
    """The layout of a zone of these line widths whose document code is ``code``."""
    visa = code[:1] == "V"
    for layout in LAYOUTS:
        if widths == (layout.width,) * layout.lines and layout.is_visa == visa:
            return layout
    return None


def number_span(layout: Layout, rows: list[str]) -> tuple[list[Pos], Pos]:
    """The document number's positions and its check digit's, following a long-number overflow."""
    line, start, end = layout.number.line, layout.number.start, layout.number.end
    positions = [(line, p) for p in range(start, end)]
    overflow = layout.optional if layout.name in ("TD1", "TD2") else None
    if overflow is not None and rows[line][end] == "<" and rows[overflow.line][overflow.start] != "<":
        tail = overflow.text(rows).split("<", 1)[0]
        extra = [(overflow.line, overflow.start + i) for i in range(len(tail))]
        return positions + extra[:-1], extra[-1]
    return positions, (line, end)


def check_spans(layout: Layout, rows: list[str]) -> list[CheckSpan]:
    """Every check digit this zone has, in the order ICAO lists them."""
    number, number_digit = number_span(layout, rows)
    checks = [CheckSpan("document_number", tuple(number), number_digit),
              CheckSpan("birth_date", tuple(layout.birth.positions()), (layout.birth.line, layout.birth.end)),
              CheckSpan("expiry_date", tuple(layout.expiry.positions()), (layout.expiry.line, layout.expiry.end))]
    if layout.personal_check:
        checks.append(CheckSpan("personal_number", tuple(layout.optional.positions()),
                                (layout.optional.line, layout.optional.end), may_be_filler=True))
    if layout.composite:
        data = tuple(p for span in layout.composite for p in span.positions())
        checks.append(CheckSpan("composite", data, (layout.composite[-1].line, layout.width - 1)))
    return checks
