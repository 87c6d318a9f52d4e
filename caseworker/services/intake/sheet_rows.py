"""What every referral-list reader gives back, and the limits each one keeps to.

A reader (``excel_book``, ``legacy_xls``, ``ods_book``, ``text_table``) opens
a file into a ``Book`` of ``SheetSource``s; ``collect`` reads one sheet's rows
under the same row, column and cell limits whatever the format, so a hostile
file costs no more memory as .ods or .xls than as .xlsx.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from caseworker.domain.errors import ValidationError

MAX_FILE = 100 * 1024 * 1024
MAX_ROWS = 100_000  # rows with data
MAX_SCANNED = 250_000  # rows including empty ones
MAX_COLUMNS = 200
MAX_CELL = 32_767  # Excel's own limit for one cell
MAX_SHEETS = 200
Cancelled = Callable[[], bool]
Row = tuple[int, tuple[object, ...]]  # (row number as a spreadsheet shows it, cells from column A)
Merge = tuple[int, int, int, int]  # (first row, first column, last row, last column); rows from 1, columns from 0
VISIBLE, HIDDEN, VERY_HIDDEN = "visible", "hidden", "veryHidden"


class ImportCancelled(Exception):
    """The user cancelled a long job; nothing was written."""


def problem(filename: str, message: str) -> ValidationError:
    return ValidationError(f"{filename}: {message}")


@dataclass(frozen=True, slots=True)
class RawSheet:
    filename: str
    sha256: str
    sheet: str
    sheets: tuple[str, ...]  # the sheets that can be chosen (hidden ones are not)
    encoding: str | None
    rows: tuple[Row, ...]
    merges: tuple[Merge, ...] = ()  # merged cells, as the file declares them
    notes: tuple[str, ...] = ()  # what the reader left out and why ("hidden sheet 'X' not read")


@dataclass
class SheetSource:
    """One sheet of a book: its rows are read on demand, its merged cells once the rows are read."""

    title: str
    state: str
    rows: Callable[[], Iterable[tuple[int, Sequence[object]]]]
    merges: Callable[[], Sequence[Merge]] = lambda: ()


@dataclass
class Book:
    sheets: list[SheetSource]
    notes: list[str] = field(default_factory=list)
    close: Callable[[], None] = lambda: None


def trimmed(cells: Sequence[object], filename: str, number: int) -> tuple[object, ...]:
    """A row's cells without the empty ones at its end; too wide a row or too long a cell is refused."""
    values = list(cells)
    while values and (values[-1] is None or values[-1] == ""):
        values.pop()
    if len(values) > MAX_COLUMNS:
        raise problem(filename, f"row {number} has data in column {len(values)}; at most {MAX_COLUMNS} "
                                "columns are read")
    for value in values:
        if isinstance(value, str) and len(value) > MAX_CELL:
            raise problem(filename, f"row {number} has a cell of {len(value):,} characters; refused")
    return tuple(None if v == "" else v for v in values)


def collect(rows: Iterable[tuple[int, Sequence[object]]], filename: str, cancelled: Cancelled | None,
            limit: int | None = None) -> list[Row]:
    """The non-empty rows, numbered as in the file; `limit` stops after that many (a peek at the top)."""
    out: list[Row] = []
    for seen, (number, cells) in enumerate(rows, start=1):
        if max(number, seen) > MAX_SCANNED:
            raise problem(filename, f"has more than {MAX_SCANNED:,} rows; split it into smaller files")
        if seen % 2000 == 0 and cancelled and cancelled():
            raise ImportCancelled()
        values = trimmed(cells, filename, number)
        if values:
            out.append((number, values))
            if len(out) > MAX_ROWS:
                raise problem(filename, f"has more than {MAX_ROWS:,} rows of data; split it into smaller files")
            if limit is not None and len(out) >= limit:
                break
    return out


def numbered(rows: Iterable[Sequence[object]]) -> Iterator[tuple[int, Sequence[object]]]:
    """Rows that come without numbers (CSV, xlrd), numbered from 1."""
    return enumerate(rows, start=1)
