"""The rejects workbook: every rejected row, as it came in, with what is wrong.

The headings are the input's own, plus the row's number in the original file
and an "Import errors" column, so the workbook can be fixed and imported
again with the same mapping (both extra columns are ignored on import). Cells
are written as values only: text that looks like a formula ("=…", "+…") is
stored as text, never as a formula.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from caseworker.domain.errors import ValidationError

ROW_HEADING = "Row in original file"
ERRORS_HEADING = "Import errors"


def _cell(sheet: Any, value: object) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=None)
        cell.value = value
        cell.data_type = "s"  # never a formula, whatever the text starts with
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, dt.datetime | dt.date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def write_rejects(path: Path | str, headings: Sequence[str], rejects: Sequence[dict[str, Any]]) -> Path:
    """Write `rejects` ({"row", "cells", "errors"}) to `path` atomically (temporary file, then rename)."""
    import openpyxl

    path = Path(path)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Rejected rows")
    sheet.append([_cell(sheet, h) for h in (ROW_HEADING, *headings, ERRORS_HEADING)])
    for reject in rejects:
        cells = list(reject["cells"]) + [None] * (len(headings) - len(reject["cells"]))
        sheet.append([_cell(sheet, reject["row"]), *(_cell(sheet, c) for c in cells[: len(headings)]),
                      _cell(sheet, "; ".join(reject["errors"]))])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".rejects-", suffix=".xlsx", dir=path.parent)
        os.close(handle)
        try:
            book.save(temporary)
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except OSError as exc:
        raise ValidationError(f"cannot write the rejects workbook {path}: {exc.strerror or exc}", field="rejects") from None
    return path


def default_path(source_file: Path | str, now: dt.datetime | None = None) -> Path:
    """Next to the input: referrals-rejects-20260114-0930.xlsx."""
    source_file = Path(source_file)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return source_file.with_name(f"{source_file.stem}-rejects-{stamp}.xlsx")
