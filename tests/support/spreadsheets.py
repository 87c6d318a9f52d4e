"""Referral lists in every format people send, written by real writers, not by hand.

.xlsx by openpyxl, .ods by odfpy's own writer (OpenDocument 1.2: value types,
spanned and covered cells, repeated rows and columns, a table style with
``table:display="false"`` for a hidden sheet), .xls by xlwt (BIFF8, as Excel
97–2003 writes it) and by LibreOffice Calc's own export filters, and CSV as
Excel saves it: "CSV UTF-8" (with a BOM), "Unicode Text" (UTF-16 LE with a BOM,
tab-separated) and "CSV" on an Arabic-locale Windows (Windows-1256).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@dataclass
class Sheet:
    title: str
    rows: Sequence[Sequence[object]]
    merges: Sequence[tuple[int, int, int, int]] = ()  # (first row, first column, last row, last column), from 0
    state: str = "visible"  # or "hidden", "veryHidden"
    extra: dict[str, object] = field(default_factory=dict)


def write_xlsx(path: Path, sheets: Sequence[Sheet]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for spec in sheets:
        sheet = book.create_sheet(spec.title)
        for row in spec.rows:
            sheet.append(list(row))
        for r0, c0, r1, c1 in spec.merges:
            sheet.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
        sheet.sheet_state = spec.state
    book.save(path)
    return path


def write_ods(path: Path, sheets: Sequence[Sheet], repeat_tail: bool = True) -> Path:
    """As LibreOffice writes it: spans with covered cells, and (`repeat_tail`) the empty rest of the sheet
    as repeated rows and columns (1,048,576 rows by 1,024 columns)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableProperties
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.teletype import addTextToElement
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    hidden = Style(name="taHidden", family="table")
    hidden.addElement(TableProperties(display="false"))
    shown = Style(name="taShown", family="table")
    shown.addElement(TableProperties(display="true"))
    doc.automaticstyles.addElement(hidden)
    doc.automaticstyles.addElement(shown)
    for spec in sheets:
        table = Table(name=spec.title, stylename=hidden if spec.state != "visible" else shown)
        spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in spec.merges}
        covered = {(r, c) for (r0, c0), (rs, cs) in spans.items() for r in range(r0, r0 + rs)
                   for c in range(c0, c0 + cs)} - set(spans)
        width = max([len(r) for r in spec.rows] + [c0 + cs for (_, c0), (_, cs) in spans.items()] + [0])
        for r, values in enumerate(spec.rows):
            row = TableRow()
            for c in range(width):
                value = values[c] if c < len(values) else None
                if (r, c) in covered:
                    row.addElement(CoveredTableCell())
                    continue
                cell = _ods_cell(TableCell, value)
                if (r, c) in spans:
                    cell.setAttribute("numberrowsspanned", str(spans[(r, c)][0]))
                    cell.setAttribute("numbercolumnsspanned", str(spans[(r, c)][1]))
                if isinstance(value, str) and value:
                    paragraph = P()
                    addTextToElement(paragraph, value)
                    cell.addElement(paragraph)
                row.addElement(cell)
            if repeat_tail:
                row.addElement(TableCell(numbercolumnsrepeated=1024 - width))
            table.addElement(row)
        if repeat_tail:
            tail = TableRow(numberrowsrepeated=1_048_576 - len(spec.rows))
            tail.addElement(TableCell(numbercolumnsrepeated=1024))
            table.addElement(tail)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def _ods_cell(cell_type: type, value: object):  # type: ignore[no-untyped-def]
    from odf.text import P

    if value is None or value == "":
        return cell_type()
    if isinstance(value, bool):
        cell = cell_type(valuetype="boolean", booleanvalue="true" if value else "false")
        cell.addElement(P(text="TRUE" if value else "FALSE"))
        return cell
    if isinstance(value, (int, float)):
        cell = cell_type(valuetype="float", value=repr(float(value)) if isinstance(value, float) else str(value))
        cell.addElement(P(text=str(value)))
        return cell
    if isinstance(value, dt.datetime):
        cell = cell_type(valuetype="date", datevalue=value.isoformat())
        cell.addElement(P(text=value.strftime("%d/%m/%Y %H:%M:%S")))
        return cell
    if isinstance(value, dt.date):
        cell = cell_type(valuetype="date", datevalue=value.isoformat())
        cell.addElement(P(text=value.strftime("%d/%m/%Y")))
        return cell
    return cell_type(valuetype="string")


def write_xls(path: Path, sheets: Sequence[Sheet]) -> Path:
    """BIFF8 through xlwt; dates with a date format, so they are dates to Excel and xlrd alike."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    moment_style = xlwt.easyxf(num_format_str="DD/MM/YYYY HH:MM:SS")
    for spec in sheets:
        sheet = book.add_sheet(spec.title, cell_overwrite_ok=True)
        merged = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in spec.merges}
        for r, values in enumerate(spec.rows):
            for c, value in enumerate(values):
                if (r, c) in merged:
                    r1, c1 = merged[(r, c)]
                    sheet.write_merge(r, r1, c, c1, value)
                elif value is not None:
                    style = moment_style if isinstance(value, dt.datetime) else (
                        date_style if isinstance(value, dt.date) else xlwt.Style.default_style)
                    sheet.write(r, c, value, style)
        sheet.visibility = {"visible": 0, "hidden": 1, "veryHidden": 2}[spec.state]
    book.save(str(path))
    return path


def libreoffice_convert(sources: Sequence[Path], target: str, workdir: Path) -> list[Path]:
    """Each source saved by LibreOffice Calc as `target` ("xls", "ods", "xlsx"), in one run."""
    assert SOFFICE, "LibreOffice is not installed"
    out = workdir / f"lo-{target}"
    out.mkdir(exist_ok=True)
    filters = {"xls": "xls:MS Excel 97", "ods": "ods:calc8", "xlsx": "xlsx:Calc MS Excel 2007 XML"}
    subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={(workdir / 'lo-profile').as_uri()}",
         "--convert-to", filters[target], "--outdir", str(out), *map(str, sources)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    return [out / f"{s.stem}.{target}" for s in sources]


def write_excel_csv(path: Path, rows: Sequence[Sequence[str]], flavour: str) -> Path:
    """As Excel's "Save as" writes it: "utf-8-bom" (CSV UTF-8), "unicode-text" (UTF-16 LE, BOM, tabs),
    "cp1256" (CSV on Arabic Windows: ی and ک written as ي and ك, and Persian digits as 0-9, Windows'
    best-fit mapping for what the code page lacks), "utf-8"."""
    delimiter = "\t" if flavour == "unicode-text" else ","

    def field(text: str) -> str:
        if any(ch in text for ch in (delimiter, '"', "\n", "\r")):
            return '"' + text.replace('"', '""') + '"'
        return text

    body = "".join(delimiter.join(field(c) for c in row) + "\r\n" for row in rows)
    if flavour == "utf-8-bom":
        data = b"\xef\xbb\xbf" + body.encode("utf-8")
    elif flavour == "unicode-text":
        data = b"\xff\xfe" + body.encode("utf-16-le")
    elif flavour == "cp1256":
        best_fit = str.maketrans("یک۰۱۲۳۴۵۶۷۸۹", "يك0123456789")
        data = body.translate(best_fit).encode("cp1256")
    else:
        data = body.encode(flavour)
    path.write_bytes(data)
    return path
