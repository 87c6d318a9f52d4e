"""Finding the headings of a referral list: below title rows, merged, on one row or two.

Lists come with titles above the headings ("Referrals from the office of …"),
headings merged across columns, and two-row headings: "Passport" merged over
"No." and "Expiry", with "Name" merged down both rows. ``headings_of`` finds
the heading row (the first with two recognised headings), fills a merged
heading across the columns it spans, and joins a row of sub-headings below
it, or a row of merged group headings above it, into one heading a column
("Passport No.", "Passport Expiry"). A row is taken as sub-headings only when
each of its cells is itself a heading word ("No.", "Expiry", "شماره") under a
heading spanning several columns, so a row of data is never mistaken for one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from caseworker.domain.cell_values import cell_text
from caseworker.services.intake.heading_words import heading_field, norm
from caseworker.services.intake.sheet_rows import Merge, RawSheet, Row

if TYPE_CHECKING:
    from caseworker.services.intake.mapping import Mapping

LOOK = 15  # rows searched for the headings
_SUB_WORDS = frozenset(norm(w) for w in (
    "no", "no.", "number", "num", "nr", "#", "id", "expiry", "expiry date", "expires", "date of expiry", "issue date",
    "date of issue", "issued", "type", "country of issue", "issuing country", "place of issue", "شماره", "نمبر",
    "شمیره", "تاریخ انقضا", "تاریخ صدور", "نوع", "ګڼه", "د پای نیټه",
))  # fmt: skip
_UNRECOGNISED = (None, "notes")


def recognised(row: Sequence[object]) -> int:
    return sum(1 for cell in row if isinstance(cell, str) and heading_field(cell) not in _UNRECOGNISED)


def find_header(rows: Sequence[Row], look: int = LOOK) -> int:
    """Index in `rows` of the heading row: the first with two recognised headings, else the first."""
    for index, (_, cells) in enumerate(rows[:look]):
        if recognised(cells) >= 2:
            return index
    return 0


def _texts(cells: Sequence[object], width: int) -> list[str]:
    return [cell_text(cells[i]) if i < len(cells) else "" for i in range(width)]


def _spans(number: int, texts: list[str], merges: Sequence[Merge], inferred: bool) -> list[int]:
    """For each column, the column whose heading covers it (itself, or the start of a merge), or -1."""
    owner = [i if t else -1 for i, t in enumerate(texts)]
    width = len(texts)
    for first_row, first_col, _last_row, last_col in merges:
        if first_row == number and last_col > first_col and first_col < width:
            for col in range(first_col, min(last_col, width - 1) + 1):
                owner[col] = first_col
    if inferred:  # no merges known: a heading followed by blank headings spans them
        for col in range(1, width):
            if owner[col] == -1 and owner[col - 1] != -1:
                owner[col] = owner[col - 1]
    return owner


def _joined(group: str, sub: str) -> str:
    """The heading of a column with `group` above `sub`."""
    if not group:
        return sub
    if not sub:
        return group
    both = f"{group} {sub}"
    field = heading_field(both)
    if field in _UNRECOGNISED:
        return sub
    if field != heading_field(sub) or heading_field(group) not in _UNRECOGNISED:
        return both
    return sub


def _sub_row(top: list[str], owner: list[int], below: list[str], inferred: bool) -> bool:
    """Whether `below` holds sub-headings of the spanning headings in `top` (at least two when the spans
    are only inferred from blank headings, as in a CSV file)."""
    filled = [i for i, t in enumerate(below) if t]
    if len(filled) < (2 if inferred else 1):
        return False
    for col in filled:
        start = owner[col]
        if start == -1 or owner.count(start) < 2:
            return False  # a cell under a single-column heading: data, not a sub-heading
        if len(below[col]) > 40 or any(ch.isdigit() for ch in below[col]):
            return False
        if norm(below[col]) not in _SUB_WORDS and heading_field(below[col]) in _UNRECOGNISED:
            return False
    return any(heading_field(_joined(top[owner[c]], below[c])) not in _UNRECOGNISED for c in filled)


def _groups_above(number: int, above: list[str], merges: Sequence[Merge]) -> list[str] | None:
    """Merged headings on the row above the headings: groups ("Personal details", "Passport") and
    headings merged down into the heading row ("Name" over two rows), if any."""
    width = len(above)
    spans = [(c0, c1) for r0, c0, r1, c1 in merges if r0 == number - 1 and (c1 > c0 or r1 >= number) and c0 < width]
    if not spans or any(c0 == 0 and c1 >= width - 1 for c0, c1 in spans):
        return None  # no merged groups, or a title merged across the whole sheet
    groups = [""] * width
    for c0, c1 in spans:
        for col in range(c0, min(c1, width - 1) + 1):
            groups[col] = above[c0]
    return groups


def headings_of(raw: RawSheet, mapping: Mapping) -> tuple[int, tuple[str, ...], list[Row]]:
    """(index of the heading row, headings, data rows). `mapping.header_row` fixes the heading row."""
    rows = list(raw.rows)
    if not rows:
        return 0, (), []
    wanted = mapping.header_row
    index = next((i for i, (n, _) in enumerate(rows) if n == wanted), None) if wanted else None
    index = find_header(rows) if index is None else index
    width = max(len(cells) for _, cells in rows[index:])
    number, header = rows[index][0], _texts(rows[index][1], width)
    merged = _spans(number, header, raw.merges, inferred=False)
    spanning = _spans(number, header, raw.merges, inferred=not raw.merges)
    if index + 1 < len(rows) and rows[index + 1][0] == number + 1:
        below = _texts(rows[index + 1][1], width)
        if _sub_row(header, spanning, below, inferred=not raw.merges):
            heads = [_joined(header[spanning[c]] if spanning[c] >= 0 and (below[c] or merged[c] >= 0) else "",
                             below[c]) for c in range(width)]
            return index, _named(heads), rows[index + 2:]
    heads = [header[merged[c]] if merged[c] >= 0 else "" for c in range(width)]
    if index > 0 and rows[index - 1][0] == number - 1 and raw.merges:
        groups = _groups_above(number, _texts(rows[index - 1][1], width), raw.merges)
        if groups:
            heads = [_joined(g, h) for g, h in zip(groups, heads, strict=True)]
    return index, _named(heads), rows[index + 1:]


def _named(heads: list[str]) -> tuple[str, ...]:
    return tuple(h or f"Column {i + 1}" for i, h in enumerate(heads))
