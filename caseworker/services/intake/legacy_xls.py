"""Old Excel 97–2003 workbooks (.xls, BIFF inside an OLE compound file) through xlrd 2.

xlrd reads cell values only: formulas come as the values Excel cached, and
macros (a VBA storage beside the workbook stream) are never read. The file is
refused before xlrd sees it when it is password-protected (msoffcrypto reads
the FILEPASS record) or larger than ``MAX_XLS``; a workbook of more than
``MAX_SHEETS`` sheets is refused before any sheet is loaded, and each sheet is
loaded only when it is read. Dates are cells whose format is a date (xlrd
decides by the format, as Excel does) and become datetimes; whole numbers
become ints, as openpyxl gives them, so phone numbers keep their digits.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any

from caseworker.domain.errors import ValidationError
from caseworker.services.intake.sheet_rows import (
    HIDDEN,
    MAX_SHEETS,
    VERY_HIDDEN,
    VISIBLE,
    Book,
    Merge,
    SheetSource,
    problem,
)

MAX_XLS = 32 * 1024 * 1024  # xlrd holds the whole workbook in memory
_STATES = {0: VISIBLE, 1: HIDDEN, 2: VERY_HIDDEN}


def is_encrypted(data: bytes) -> bool:
    try:
        import msoffcrypto

        return bool(msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted())
    except Exception:  # not an Office file msoffcrypto knows: xlrd will say what it is
        return False


def open_book(data: bytes, filename: str) -> Book:
    import xlrd

    if is_encrypted(data):
        raise problem(filename, "is password-protected; remove the password in Excel (File › Info › Protect "
                                "Workbook) and save it again")
    if len(data) > MAX_XLS:
        raise problem(filename, f"is {len(data) // (1024 * 1024)} MB; an old Excel 97–2003 (.xls) workbook is "
                                f"read up to {MAX_XLS // (1024 * 1024)} MB: save it as .xlsx")
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, ragged_rows=True,
                                  logfile=io.StringIO())
    except Exception as exc:  # xlrd raises XLRDError, struct.error, IndexError … on damaged files
        raise _damaged(filename, exc) from None
    if book.nsheets > MAX_SHEETS:
        book.release_resources()
        raise problem(filename, f"has {book.nsheets:,} sheets; at most {MAX_SHEETS} are read")
    states = list(getattr(book, "_sheet_visibility", []))
    names = book.sheet_names()
    sources = [_source(book, index, name, _STATES.get(states[index] if index < len(states) else 0, HIDDEN),
                       filename) for index, name in enumerate(names)]
    return Book(sources, [], book.release_resources)


def _damaged(filename: str, exc: Exception) -> ValidationError:
    text = str(exc)
    if "encrypted" in text.lower():
        return problem(filename, "is password-protected; remove the password in Excel and save it again")
    if "Can't find workbook" in text:
        return problem(filename, "is an Office file but not an Excel workbook (a Word document?)")
    return problem(filename, f"is damaged or not a valid Excel 97–2003 workbook ({type(exc).__name__}: "
                             f"{text[:200]})")


def _source(book: Any, index: int, name: str, state: str, filename: str) -> SheetSource:
    merges: list[Merge] = []

    def rows() -> Iterator[tuple[int, Sequence[object]]]:
        try:
            sheet = book.sheet_by_index(index)
        except Exception as exc:
            raise _damaged(filename, exc) from None
        merges[:] = [(rlo + 1, clo, rhi, chi - 1) for rlo, rhi, clo, chi in sheet.merged_cells]
        for number in range(sheet.nrows):
            yield number + 1, [_value(book, cell) for cell in sheet.row(number)]

    return SheetSource(name, state, rows, lambda: tuple(merges))


def _value(book: Any, cell: Any) -> object:
    import xlrd

    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_NUMBER:
        return int(value) if float(value).is_integer() and abs(value) < 2**53 else value
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(value, book.datemode)
        except Exception:  # a negative or out-of-range serial: the number as stored
            return value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERROR")
    return value or None
