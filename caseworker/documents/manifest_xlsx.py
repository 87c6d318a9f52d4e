"""Writing a manifest as an XLSX workbook with openpyxl's write-only mode.

The workbook has one visible sheet and nothing else: no hidden sheets, rows or
columns, no formulas, no defined names beyond the built-in print titles, no
external links, clean document properties. It is readable and printable as it
comes: bold frozen header row with an auto-filter, sensible column widths,
the classification and the handoff reference in the printed header and
footer, landscape pages one page wide with the header row on every page.

openpyxl's write-only mode spools the sheet to a plain temporary file; here
the sheet streams straight into its (in-memory) zip entry instead, so no
unencrypted copy of the people's details ever touches the disk, even if the
program is killed, and the sheet is compressed once rather than twice.

Per-cell work is kept to the minimum (rows are already safe; each text cell
gets one cheap check, each date cell reuses one styled cell per column), so
writing costs about what bare openpyxl costs for the same cells.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any, BinaryIO
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.writer.excel import ExcelWriter

from caseworker.documents.cells import ERROR_VALUES, TRIGGERS, safe_text
from caseworker.documents.manifest import (
    APPLICATION,
    CLASSIFICATION,
    Cancelled,
    Manifest,
    Progress,
    WriteCancelled,
    never,
    no_progress,
)
from caseworker.domain.handoff_fields import Kind

_WIDTH_SAMPLE = 500
_MIN_WIDTH, _MAX_WIDTH = 6, 60
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_HEADER_ALIGN = Alignment(vertical="center", wrap_text=True)
_PROGRESS_EVERY = 2000
_A4 = "9"  # ECMA-376 paper size code


_SHEET_PART = "xl/worksheets/sheet1.xml"


class _ManifestSheet(WriteOnlyWorksheet):
    """openpyxl's write-only sheet, turning a row into cells without waste: one plain cell
    re-used for every unstyled value, styled cells (dates, header) passed through as they
    are. (openpyxl's own version raises and catches an exception for every styled cell.)
    Each cell is written before the next is made, so re-using one is safe."""

    def _values_to_row(self, values: Any, row_idx: int) -> Iterator[Any]:
        plain = WriteOnlyCell(self)
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            if isinstance(value, Cell):
                cell = value
            else:
                cell = plain
                cell.value = value
            cell.column, cell.row = col_idx, row_idx
            yield cell
            if plain.has_style:  # a value that brought its own format (not one we write)
                plain = WriteOnlyCell(self)


class _ManifestExcelWriter(ExcelWriter):
    """openpyxl's writer for a sheet already streamed into the archive, and
    without the hidden ``_xlnm._FilterDatabase`` name.

    openpyxl adds that (hidden) defined name for every auto-filter; Excel and
    LibreOffice build the filter from the sheet's own ``autoFilter`` element,
    so the workbook keeps its filter without any hidden name.
    """

    def write_worksheet(self, ws: Any) -> None:
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts, ws._drawing.images = ws._charts, ws._images
        if not ws.closed or ws.path[1:] != _SHEET_PART:
            raise RuntimeError(f"the sheet was not streamed to {_SHEET_PART}")
        ws._rels = ws._writer._rels
        self.manifest.append(ws)

    def _write_worksheets(self) -> None:
        super()._write_worksheets()
        for ws in self.workbook.worksheets:
            ws.auto_filter.ref = None


def _column_widths(manifest: Manifest) -> list[float]:
    widths = []
    sample = manifest.rows[:_WIDTH_SAMPLE]
    for col, (heading, kind) in enumerate(zip(manifest.headings, manifest.kinds, strict=True)):
        if kind is Kind.DATE:
            longest = len(manifest.date_format.format(dt.date(2000, 12, 28)))
        else:
            longest = max((len(str(row[col])) for row in sample if row[col] is not None), default=0)
        longest = max(longest, min(len(heading), 24))
        widths.append(float(min(max(longest + 2, _MIN_WIDTH), _MAX_WIDTH)))
    return widths


def _set_up_sheet(ws, manifest: Manifest, last_column: str) -> None:  # type: ignore[no-untyped-def]
    for col, width in enumerate(_column_widths(manifest), 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last_column}{manifest.row_count + 1}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = _A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    hf = ws.HeaderFooter
    hf.oddHeader.left.text = CLASSIFICATION
    hf.oddHeader.right.text = manifest.reference
    hf.oddFooter.left.text = CLASSIFICATION
    hf.oddFooter.center.text = "&P / &N"
    hf.oddFooter.right.text = manifest.reference


def _header(ws, manifest: Manifest) -> list[WriteOnlyCell]:  # type: ignore[no-untyped-def]
    cells = []
    for heading in manifest.headings:
        cell = WriteOnlyCell(ws, value=safe_text(heading))
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGN
        cells.append(cell)
    return cells


def _append_rows(ws: Any, manifest: Manifest, progress: Progress, cancelled: Cancelled) -> None:
    # One styled cell per date column, re-used row after row: openpyxl writes
    # each cell as soon as the row is appended, so re-using it is safe.
    date_columns = [i for i, kind in enumerate(manifest.kinds) if kind is Kind.DATE]
    text_columns = [i for i, kind in enumerate(manifest.kinds) if kind in (Kind.TEXT, Kind.FLAG)]
    styled = {}
    for col in date_columns:
        cell = WriteOnlyCell(ws)
        cell.number_format = manifest.date_format.excel
        styled[col] = cell
    total = manifest.row_count
    append = ws.append
    for done, row in enumerate(manifest.rows, 1):
        values = list(row)
        for i in text_columns:
            value = values[i]
            if value and (value[0] in TRIGGERS or value in ERROR_VALUES):
                values[i] = safe_text(value)
        for col in date_columns:
            value = values[col]
            if value is not None:
                cell = styled[col]
                cell.value = value
                values[col] = cell
        append(values)
        if done % _PROGRESS_EVERY == 0:
            if cancelled():
                raise WriteCancelled("writing the manifest was cancelled")
            progress(done, total)


def _abandon(ws: Any, archive: ZipFile) -> None:
    """Close what was opened, so nothing is left half-written behind an error or a cancel."""
    for step in (ws.close, ws._writer.out.close, archive.close):
        with contextlib.suppress(Exception):
            step()


def write_xlsx(
    manifest: Manifest, out: BinaryIO, *, progress: Progress = no_progress, cancelled: Cancelled = never
) -> None:
    """Write `manifest` to the binary stream `out` (not encrypted)."""
    wb = Workbook(write_only=True)
    props = wb.properties
    props.creator, props.lastModifiedBy = APPLICATION, None
    props.title, props.keywords = manifest.title, CLASSIFICATION
    props.subject = f"{CLASSIFICATION} partner manifest {manifest.reference}"
    ws = _ManifestSheet(parent=wb, title=manifest.sheet_name)
    wb._add_sheet(ws)
    _set_up_sheet(ws, manifest, get_column_letter(len(manifest.headings)))
    archive = ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True)
    ws._writer = WorksheetWriter(ws, out=archive.open(_SHEET_PART, "w", force_zip64=True))
    ws._writer.write_top()
    ws.append(_header(ws, manifest))
    try:
        _append_rows(ws, manifest, progress, cancelled)
    except BaseException:
        _abandon(ws, archive)
        raise
    ws.close()  # the sheet's tail (filter, page set-up, header and footer) …
    ws._writer.out.close()  # … and its zip entry are complete before anything else is added
    props.modified = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    props.created = props.modified
    _ManifestExcelWriter(wb, archive).save()
    progress(manifest.row_count, manifest.row_count)
