"""Excel workbooks (.xlsx, .xlsm) through openpyxl, values only.

``archives.check_workbook`` measures the archive first (zip bombs, XML
entities). openpyxl then reads in read-only mode with cached values only
(``data_only``: a formula is never evaluated; one without a cached value reads
as empty) and ``keep_vba=False``: a macro-enabled workbook's macros are never
run, read or kept, only its cells. Each sheet's XML is walked once by
openpyxl's own sheet parser, which also gives the merged cells the headings
need and the rows' true numbers (a sheet may start below row 1).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any

from caseworker.domain.errors import ValidationError
from caseworker.services.intake import archives
from caseworker.services.intake.sheet_rows import (
    HIDDEN,
    MAX_SHEETS,
    VERY_HIDDEN,
    VISIBLE,
    Book,
    ImportCancelled,
    Merge,
    SheetSource,
    problem,
)

_STATES = {"visible": VISIBLE, "hidden": HIDDEN, "veryHidden": VERY_HIDDEN}


def damaged(filename: str, exc: Exception) -> ValidationError:
    return problem(filename, f"is damaged or not a valid Excel workbook ({type(exc).__name__}: {exc})")


def open_book(data: bytes, filename: str) -> Book:
    import openpyxl

    archive = archives.open_zip(io.BytesIO(data), filename)
    macros = archives.check_workbook(archive, filename)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False,
                                      keep_vba=False)
    except ValidationError:
        raise
    except Exception as exc:  # openpyxl raises whatever its XML and zip readers raise
        raise damaged(filename, exc) from None
    worksheets = [ws for ws in book.worksheets if hasattr(ws, "iter_rows")]  # not chart sheets
    if len(worksheets) > MAX_SHEETS:
        book.close()
        raise problem(filename, f"has {len(worksheets):,} sheets; at most {MAX_SHEETS} are read")
    notes = ["the workbook holds macros: they were not run, and nothing of them is kept"] if macros else []
    return Book([_source(book, ws, filename) for ws in worksheets], notes, book.close)


def _source(book: Any, ws: Any, filename: str) -> SheetSource:
    merges: list[Merge] = []

    def rows() -> Iterator[tuple[int, Sequence[object]]]:
        merges.clear()
        yield from _rows(book, ws, filename, merges)

    return SheetSource(ws.title, _STATES.get(ws.sheet_state or "visible", HIDDEN), rows, lambda: tuple(merges))


def _whole(value: object) -> object:
    """A whole number stored as a float (93701234567.0) as an int, as .xls and .ods give it."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _rows(book: Any, ws: Any, filename: str, merges: list[Merge]) -> Iterator[tuple[int, Sequence[object]]]:
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.worksheet._reader import WorkSheetParser

    try:
        with ws._get_source() as source:
            parser = WorkSheetParser(source, ws._shared_strings, data_only=True, epoch=book.epoch,
                                     date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
            for number, cells in parser.parse():
                if not cells:
                    continue
                last = max(cell["column"] for cell in cells)  # at most 16,384 in a valid sheet
                values: list[object] = [None] * last
                for cell in cells:
                    if cell["column"] >= 1:
                        values[cell["column"] - 1] = _whole(cell["value"])
                yield number, values
            for ref in (parser.merged_cells.mergeCell if parser.merged_cells else ()):
                min_col, min_row, max_col, max_row = range_boundaries(str(ref.ref))
                merges.append((min_row, min_col - 1, max_row, max_col - 1))
    except (ValidationError, ImportCancelled):
        raise
    except Exception as exc:
        raise damaged(filename, exc) from None
