"""Reading a referral list (XLSX or CSV) into rows of cell values, safely.

XLSX goes through openpyxl in read-only mode with cached values only
(``data_only``: formulas are never evaluated, a formula without a cached value
reads as empty), after ``archives.check_workbook`` has measured the archive.
CSV is read in UTF-8 (with or without a BOM), UTF-16 as Excel's "Unicode Text"
writes it (tab-separated), or Windows-1256 (Arabic-script Windows). Every
failure of a parser becomes a ValidationError naming the file; nothing here
touches the store.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from caseworker.domain.errors import ValidationError
from caseworker.services.intake import archives

MAX_FILE = 100 * 1024 * 1024
MAX_ROWS = 100_000  # rows with data
MAX_SCANNED = 250_000  # rows including empty ones
MAX_COLUMNS = 200
MAX_CELL = 32_767  # Excel's own limit for one cell
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam")
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class ImportCancelled(Exception):
    """The user cancelled a long job; nothing was written."""


@dataclass(frozen=True, slots=True)
class RawSheet:
    filename: str
    sha256: str
    sheet: str
    sheets: tuple[str, ...]
    encoding: str | None
    rows: tuple[tuple[int, tuple[object, ...]], ...]  # (row number in the file, cells)


def _trimmed(cells: tuple[object, ...] | list[object], filename: str, number: int) -> tuple[object, ...]:
    values = list(cells)
    while values and (values[-1] is None or values[-1] == ""):
        values.pop()
    if len(values) > MAX_COLUMNS:
        raise archives.problem(filename, f"row {number} has data in column {len(values)}; at most {MAX_COLUMNS} "
                                         "columns are read")
    for value in values:
        if isinstance(value, str) and len(value) > MAX_CELL:
            raise archives.problem(filename, f"row {number} has a cell of {len(value):,} characters; refused")
    return tuple(None if v == "" else v for v in values)


def _collect(rows: object, filename: str, cancelled: Cancelled | None) -> list[tuple[int, tuple[object, ...]]]:
    out: list[tuple[int, tuple[object, ...]]] = []
    for number, cells in enumerate(rows, start=1):  # type: ignore[call-overload]
        if number > MAX_SCANNED:
            raise archives.problem(filename, f"has more than {MAX_SCANNED:,} rows; split it into smaller files")
        if number % 2000 == 0 and cancelled and cancelled():
            raise ImportCancelled()
        values = _trimmed(cells, filename, number)
        if values:
            out.append((number, values))
            if len(out) > MAX_ROWS:
                raise archives.problem(filename, f"has more than {MAX_ROWS:,} rows of data; split it into smaller files")
    return out


def _read_xlsx(path: Path, data: bytes, sheet: str | None, cancelled: Cancelled | None) -> tuple[str, tuple[str, ...], list]:
    import openpyxl

    name = path.name
    archive = archives.open_zip(io.BytesIO(data), name)
    archives.check_workbook(archive, name)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except ValidationError:
        raise
    except Exception as exc:  # openpyxl raises whatever its XML and zip readers raise
        raise archives.problem(name, f"is damaged or not a valid Excel workbook ({type(exc).__name__}: {exc})") from None
    try:
        worksheets = [ws for ws in book.worksheets if hasattr(ws, "iter_rows")]
        titles = tuple(ws.title for ws in worksheets)
        if not worksheets:
            raise archives.problem(name, "has no worksheet")
        if sheet:
            chosen = next((ws for ws in worksheets if ws.title == sheet), None)
            if chosen is None:
                raise archives.problem(name, f"has no sheet called {sheet!r} (sheets: {', '.join(titles)})")
        else:
            chosen = next((ws for ws in worksheets if getattr(ws, "sheet_state", "visible") == "visible"), worksheets[0])
        chosen.reset_dimensions()  # declared dimensions can lie; read what is there
        rows = _collect(chosen.iter_rows(values_only=True), name, cancelled)
        return chosen.title, titles, rows
    except (ValidationError, ImportCancelled):
        raise
    except Exception as exc:
        raise archives.problem(name, f"is damaged or not a valid Excel workbook ({type(exc).__name__}: {exc})") from None
    finally:
        book.close()


def decode_text(data: bytes, filename: str, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding) of a CSV or chat export: BOMs first, then UTF-8, then Windows-1256."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError) as exc:
            raise archives.problem(filename, f"cannot be read as {encoding} ({exc})") from None
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    elif len(data) > 3 and data[1:200:2].count(0) > len(data[1:200:2]) * 0.6:
        candidates = ["utf-16-le"]
    else:
        candidates = ["utf-8", "cp1256"]
    for candidate in candidates:
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        if "\x00" in text or sum(ch < " " and ch not in "\t\r\n" for ch in text[:65536]) > 8:
            break
        return text, candidate
    raise archives.problem(filename, "is not a text file in UTF-8, UTF-16 or Windows-1256 (binary data?)")


def _read_csv(path: Path, data: bytes, encoding: str | None, cancelled: Cancelled | None) -> tuple[str, list]:
    text, used = decode_text(data, path.name, encoding)
    sample = text[:65536]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if used.startswith("utf-16") or "\t" in sample.split("\n", 1)[0] else csv.excel
    try:
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        rows = _collect(([c.strip() for c in row] for row in reader), path.name, cancelled)
    except csv.Error as exc:
        raise archives.problem(path.name, f"is not a valid CSV file ({exc})") from None
    return used, rows


def read_sheet(path: Path | str, *, sheet: str | None = None, encoding: str | None = None,
               cancelled: Cancelled | None = None) -> RawSheet:
    """Every non-empty row of the file's sheet, with row numbers as a spreadsheet shows them."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            raise archives.problem(name, f"is {size // (1024 * 1024)} MB; at most {MAX_FILE // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise archives.problem(name, f"cannot be read ({exc.strerror or exc})") from None
    if not data:
        raise archives.problem(name, "is empty")
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix in _MACRO_SUFFIXES:
        raise archives.problem(name, "is a macro-enabled workbook; macros are refused. Save it as .xlsx")
    if suffix == ".xlsb":
        raise archives.problem(name, "is a binary workbook (.xlsb); save it as an Excel Workbook (.xlsx)")
    if data.startswith(_OLE):
        raise archives.problem(name, _ole_message(data))
    if suffix in (".xlsx", ".xltx") or data.startswith(b"PK\x03\x04"):
        if not data.startswith(b"PK\x03\x04"):
            raise archives.problem(name, "is not an Excel workbook (.xlsx): its content is something else")
        title, sheets, rows = _read_xlsx(path, data, sheet, cancelled)
        return _checked(RawSheet(name, digest, title, sheets, None, tuple(rows)))
    if suffix in (".csv", ".txt", ".tsv", ""):
        used, rows = _read_csv(path, data, encoding, cancelled)
        return _checked(RawSheet(name, digest, path.stem, (path.stem,), used, tuple(rows)))
    raise archives.problem(name, "is neither an Excel workbook (.xlsx) nor a CSV file")


def _checked(raw: RawSheet) -> RawSheet:
    if not raw.rows:
        raise archives.problem(raw.filename, f"has nothing in it (sheet {raw.sheet!r} is empty)")
    return raw


def _ole_message(data: bytes) -> str:
    try:
        import msoffcrypto

        if msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted():
            return "is password-protected; remove the password in Excel and save it as .xlsx"
    except Exception:  # not an Office file msoffcrypto knows: fall through to the general message
        pass
    return "is an old Excel 97–2003 (.xls) or other binary Office file; save it as an Excel Workbook (.xlsx)"
