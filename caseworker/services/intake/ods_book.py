"""OpenDocument spreadsheets (.ods, as LibreOffice and Google Sheets save them) through odfpy.

An .ods file is a zip too: ``archives.check_spreadsheet`` measures it with the
workbook limits and refuses entity declarations before anything parses it.
Only ``content.xml`` is parsed, by odfpy's own loader on defusedxml's parser
(odfpy's ``load`` would read every picture into memory and print a broken
part to the console), under a size cap of its own, since odfpy holds the
whole document in memory.

Cells follow OpenDocument 1.2 part 1, 9.1.4 and 19.385: the value comes from
``office:value`` / ``office:date-value`` / ``office:boolean-value`` by
``office:value-type`` (never from a formula, which is not evaluated), text from
the ``text:p`` paragraphs; ``number-columns-repeated`` and
``number-rows-repeated`` are expanded only where they repeat something, and
``number-columns-spanned`` / ``number-rows-spanned`` are the merged cells.
A table is hidden when its style's ``table:display`` is false.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator, Sequence
from typing import Any

from caseworker.services.intake import archives
from caseworker.services.intake.sheet_rows import (
    HIDDEN,
    MAX_CELL,
    MAX_COLUMNS,
    MAX_SCANNED,
    MAX_SHEETS,
    VISIBLE,
    Book,
    Merge,
    SheetSource,
    problem,
)

MAX_CONTENT = 64 * 1024 * 1024  # content.xml, uncompressed: about 20,000 rows of 20 columns
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_ROW_GROUPS = frozenset({"table-header-rows", "table-rows", "table-row-group"})
_CELLS = frozenset({"table-cell", "covered-table-cell"})
_TEXT_NODE = 3


def open_book(data: bytes, filename: str) -> Book:
    archive = archives.open_zip(io.BytesIO(data), filename)
    archives.check_spreadsheet(archive, filename)
    info = archive.getinfo("content.xml")
    if info.file_size > MAX_CONTENT:
        raise problem(filename, f"holds {info.file_size // (1024 * 1024)} MB of cells; at most "
                                f"{MAX_CONTENT // (1024 * 1024)} MB are read from an .ods file: save it as .xlsx")
    content = archives.read_member(archive, info, filename, MAX_CONTENT)
    doc = _parse(content, filename)
    hidden = _hidden_styles(doc)
    tables = [t for body in doc.body.childNodes if _local(body) == "spreadsheet"
              for t in body.childNodes if _local(t) == "table"]
    if len(tables) > MAX_SHEETS:
        raise problem(filename, f"has {len(tables):,} sheets; at most {MAX_SHEETS} are read")
    return Book([_source(t, hidden, filename) for t in tables])


def _parse(content: bytes, filename: str) -> Any:
    from xml.sax import SAXException, handler
    from xml.sax.xmlreader import InputSource

    from defusedxml import DefusedXmlException
    from defusedxml.sax import make_parser
    from odf.load import LoadParser
    from odf.opendocument import OpenDocument

    doc = OpenDocument("application/vnd.oasis.opendocument.spreadsheet", add_generator=False)
    doc._parsing = "content.xml"
    parser = make_parser()
    parser.setFeature(handler.feature_namespaces, 1)
    parser.setFeature(handler.feature_external_ges, 0)
    parser.setContentHandler(LoadParser(doc))
    parser.setErrorHandler(handler.ErrorHandler())  # raises on the first error
    source = InputSource()
    source.setByteStream(io.BytesIO(content))
    try:
        parser.parse(source)
    except (SAXException, DefusedXmlException, ValueError, AttributeError, TypeError) as exc:
        raise problem(filename, f"is damaged or not a valid OpenDocument spreadsheet ({type(exc).__name__}: "
                                f"{str(exc)[:200]})") from None
    del doc._parsing
    return doc


def _local(node: Any) -> str:
    qname = getattr(node, "qname", None)
    return qname[1] if qname else ""


def _attr(node: Any, namespace: str, name: str) -> str | None:
    return node.attributes.get((namespace, name))


def _count(node: Any, name: str, cap: int) -> int:
    try:
        return max(1, min(int(_attr(node, TABLE, name) or 1), cap))
    except ValueError:
        return 1


def _hidden_styles(doc: Any) -> set[str]:
    hidden = set()
    for style in doc.automaticstyles.childNodes:
        if _local(style) == "style" and _attr(style, STYLE, "family") == "table":
            for props in style.childNodes:
                if _local(props) == "table-properties" and _attr(props, TABLE, "display") == "false":
                    hidden.add(_attr(style, STYLE, "name") or "")
    return hidden


def _source(table: Any, hidden: set[str], filename: str) -> SheetSource:
    merges: list[Merge] = []

    def rows() -> Iterator[tuple[int, Sequence[object]]]:
        merges.clear()
        yield from _rows(table, filename, merges)

    state = HIDDEN if _attr(table, TABLE, "style-name") in hidden else VISIBLE
    return SheetSource(_attr(table, TABLE, "name") or "Sheet", state, rows, lambda: tuple(merges))


def _row_elements(node: Any) -> Iterator[Any]:
    for child in node.childNodes:
        name = _local(child)
        if name == "table-row":
            yield child
        elif name in _ROW_GROUPS:
            yield from _row_elements(child)


def _rows(table: Any, filename: str, merges: list[Merge]) -> Iterator[tuple[int, Sequence[object]]]:
    number = 0
    for row in _row_elements(table):
        repeat = _count(row, "number-rows-repeated", MAX_SCANNED + 1)
        cells = _cells(row, number + 1, filename, merges)
        if any(v is not None for v in cells):
            for _ in range(repeat):
                number += 1
                yield number, cells
                if number > MAX_SCANNED:
                    return  # collect refuses the sheet
        else:
            number += repeat  # empty rows, often a million of them to the sheet's end


def _cells(row: Any, number: int, filename: str, merges: list[Merge]) -> list[object]:
    values: list[object] = []
    column = 0
    for cell in row.childNodes:
        if _local(cell) not in _CELLS:
            continue
        repeat = _count(cell, "number-columns-repeated", 1 << 20)
        value = _value(cell) if _local(cell) == "table-cell" else None
        if value is not None:
            if column + repeat > MAX_COLUMNS:
                raise problem(filename, f"row {number} has data in column {column + repeat:,}; at most "
                                        f"{MAX_COLUMNS} columns are read")
            values.extend([None] * (column - len(values)))
            values.extend([value] * repeat)
        spanned = (_count(cell, "number-rows-spanned", MAX_SCANNED), _count(cell, "number-columns-spanned", 1 << 14))
        if spanned != (1, 1) and column < MAX_COLUMNS:
            merges.append((number, column, number + spanned[0] - 1, column + spanned[1] - 1))
        column += repeat
    return values


def _value(cell: Any) -> object:
    kind = _attr(cell, OFFICE, "value-type")
    try:
        if kind in ("float", "percentage", "currency"):
            number = float(_attr(cell, OFFICE, "value") or "nan")
            return int(number) if number.is_integer() and abs(number) < 2**53 else number
        if kind == "date":
            return _date(_attr(cell, OFFICE, "date-value") or "")
        if kind == "boolean":
            return (_attr(cell, OFFICE, "boolean-value") or "").strip().lower() == "true"
    except ValueError:
        pass  # a value attribute that is not what its type says: the text as shown
    if kind == "string" and (string := _attr(cell, OFFICE, "string-value")) is not None:
        return string or None
    text = "\n".join(_text(p) for p in cell.childNodes if _local(p) in ("p", "h"))
    return text or None


def _date(text: str) -> dt.date | dt.datetime:
    moment = dt.datetime.fromisoformat(text.strip())
    if "T" not in text:
        return moment.date()
    return moment.replace(tzinfo=None)


def _text(node: Any) -> str:
    parts: list[str] = []
    size = 0
    for child in node.childNodes:
        if child.nodeType == _TEXT_NODE:
            part = child.data
        elif _local(child) == "s":
            try:
                part = " " * max(1, min(int(_attr(child, TEXT, "c") or 1), MAX_CELL + 1))
            except ValueError:
                part = " "
        elif _local(child) == "tab":
            part = "\t"
        elif _local(child) == "line-break":
            part = "\n"
        elif _local(child) in ("annotation", "note"):
            continue
        else:
            part = _text(child)
        parts.append(part)
        size += len(part)
        if size > MAX_CELL:
            break  # too long a cell: `trimmed` refuses it with its row number
    return "".join(parts)

