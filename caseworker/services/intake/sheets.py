"""Reading a referral list (.xlsx/.xlsm, .xls, .ods, CSV) into rows of cell values, safely.

The format is told by the file's first bytes, not its name: a zip is an Excel
workbook (``excel_book``) or an OpenDocument spreadsheet (``ods_book``), an OLE
compound file is an old Excel workbook (``legacy_xls``) or a password-protected
one, and anything else named .csv/.tsv/.txt is text (``text_table``). Hidden
and very hidden sheets are never read (``RawSheet.notes`` says so); without a
sheet named, the first visible sheet whose top rows hold recognised headings
is read, and the other visible ones are offered. Every failure of a parser
becomes a ValidationError naming the file; nothing here touches the store.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from caseworker.domain.errors import ValidationError
from caseworker.services.intake.header_rows import find_header, recognised
from caseworker.services.intake.sheet_rows import (
    MAX_FILE,
    VISIBLE,
    Book,
    Cancelled,
    ImportCancelled,
    RawSheet,
    SheetSource,
    collect,
    problem,
)
from caseworker.services.intake.text_table import decode_text

__all__ = ["ImportCancelled", "RawSheet", "decode_text", "read_sheet"]
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_TEXT_SUFFIXES = (".csv", ".txt", ".tsv", "")
PEEK = 15  # rows looked at for headings when choosing a sheet


def _load(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            raise problem(path.name, f"is {size // (1024 * 1024)} MB; at most {MAX_FILE // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise problem(path.name, f"cannot be read ({exc.strerror or exc})") from None
    if not data:
        raise problem(path.name, "is empty")
    return data


def _zip_kind(data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "xlsx"  # the workbook reader says what is wrong with the archive
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "content.xml" in names and "xl/workbook.xml" not in names:
        return "ods"
    return "xlsx"


def _open(path: Path, data: bytes, encoding: str | None) -> tuple[Book, str | None]:
    name, suffix = path.name, path.suffix.lower()
    if data.startswith(_ZIP):
        kind = _zip_kind(data)
        if kind == "xlsb" or suffix == ".xlsb":
            raise problem(name, "is a binary workbook (.xlsb); save it as an Excel Workbook (.xlsx)")
        if kind == "ods":
            from caseworker.services.intake import ods_book

            return ods_book.open_book(data, name), None
        from caseworker.services.intake import excel_book

        return excel_book.open_book(data, name), None
    if data.startswith(_OLE):
        from caseworker.services.intake import legacy_xls

        if suffix in (".xlsx", ".xlsm") and legacy_xls.is_encrypted(data):  # encrypted OOXML is an OLE file
            raise problem(name, "is password-protected; remove the password in Excel (File › Info › Protect "
                                "Workbook) and save it again")
        return legacy_xls.open_book(data, name), None
    kinds = {".xlsx": "an Excel workbook (.xlsx)", ".xlsm": "an Excel workbook (.xlsm)", ".xltx": "an Excel "
             "template (.xltx)", ".ods": "an OpenDocument spreadsheet (.ods)", ".xlsb": "a binary workbook (.xlsb)"}
    if suffix in kinds:
        raise problem(name, f"is not {kinds[suffix]}: its content is something else")
    if suffix == ".xls" and data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        raise problem(name, "is a web page or XML file with an .xls name; open it in Excel and save it as an "
                            "Excel Workbook (.xlsx)")
    if suffix in (*_TEXT_SUFFIXES, ".xls"):  # many systems export tab-separated text named .xls
        from caseworker.services.intake import text_table

        if suffix != ".xls":
            return text_table.open_book(data, name, path.stem, encoding)
        try:
            book, used = text_table.open_book(data, name, path.stem, encoding)
        except ValidationError:
            raise problem(name, "is not an Excel 97–2003 workbook (.xls): its content is something else") from None
        book.notes.append("the file is text, not an Excel workbook: it was read as tab- or comma-separated text")
        return book, used
    raise problem(name, "is not a referral list this program reads (.xlsx, .xlsm, .xls, .ods, .csv, .tsv, .txt)")


def _choose(book: Book, name: str, wanted: str | None, cancelled: Cancelled | None) -> SheetSource:
    visible = [s for s in book.sheets if s.state == VISIBLE]
    if wanted:
        chosen = next((s for s in book.sheets if s.title == wanted), None)
        if chosen is None:
            raise problem(name, f"has no sheet called {wanted!r} (sheets: {', '.join(s.title for s in visible)})")
        if chosen.state != VISIBLE:
            raise problem(name, f"sheet {wanted!r} is hidden; unhide it in the spreadsheet program to import it")
        return chosen
    if not visible:
        raise problem(name, "has no visible sheet (every sheet is hidden)" if book.sheets else "has no worksheet")
    if len(visible) > 1:
        for sheet in visible:
            top = collect(sheet.rows(), name, cancelled, limit=PEEK)
            if top and recognised(top[find_header(top)][1]) >= 2:
                return sheet
    return visible[0]


def _notes(book: Book, chosen: SheetSource) -> tuple[str, ...]:
    notes = list(book.notes)
    hidden = [s.title for s in book.sheets if s.state != VISIBLE]
    if hidden:
        listed = ", ".join(repr(t) for t in hidden)
        notes.append(f"hidden sheet {listed} was not read" if len(hidden) == 1
                     else f"{len(hidden)} hidden sheets were not read: {listed}")
    others = [s.title for s in book.sheets if s.state == VISIBLE and s is not chosen]
    if others:
        notes.append(f"sheet {chosen.title!r} was read; other sheets: {', '.join(repr(t) for t in others)}")
    return tuple(notes)


def read_sheet(path: Path | str, *, sheet: str | None = None, encoding: str | None = None,
               cancelled: Cancelled | None = None) -> RawSheet:
    """Every non-empty row of the file's sheet, with row numbers as a spreadsheet shows them."""
    path = Path(path)
    name = path.name
    data = _load(path)
    digest = hashlib.sha256(data).hexdigest()
    try:
        book, used = _open(path, data, encoding)
        try:
            chosen = _choose(book, name, sheet, cancelled)
            rows = collect(chosen.rows(), name, cancelled)
            merges = tuple(chosen.merges())
        finally:
            book.close()
    except (ValidationError, ImportCancelled):
        raise
    except Exception as exc:  # a reader's own error on a file it could not read
        raise problem(name, f"is damaged or cannot be read ({type(exc).__name__}: {str(exc)[:200]})") from None
    visible = tuple(s.title for s in book.sheets if s.state == VISIBLE)
    if not rows:
        raise problem(name, f"has nothing in it (sheet {chosen.title!r} is empty)")
    return RawSheet(name, digest, chosen.title, visible, used, tuple(rows), merges, _notes(book, chosen))
