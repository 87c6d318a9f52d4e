"""The outcomes workbook: every row with a warning or a rejection, as it came in, with what is wrong.

One workbook for the caseworker to fix and import again: the input's own
headings, plus the row's number in the original file and, after them, the
outcome ("imported with a warning" or "rejected"), the column(s), the
reason(s) and, for an imported row, its case and person. On import those extra
columns are recognised and ignored, except the person: a fixed warning row
comes back to the person it made, filling in the value that was left out,
instead of making a second person.

What it protects against (each has a test in tests/services/test_intake_outcomes.py):

- formulas: every text cell is made inert as in manifests (``documents.cells.safe_text``:
  a leading ``= + - @`` gets an apostrophe, control and direction-override characters go)
  and stored as a string, never a formula; the apostrophe is taken off again on import;
- other people's eyes: the file is created 0600 (owner only), written to a temporary
  file and renamed, and recorded in the audit trail as ``export.intake_outcomes`` of the
  import batch, so the access log of every case with a row in it lists it;
- overwriting: an existing file is never replaced unless the caller says so
  (``--force``, or the GUI's save dialog confirmed it).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from caseworker.documents.cells import needs_quote, safe_text
from caseworker.domain.errors import ValidationError

ROW_HEADING = "Row in original file"
OUTCOME_HEADING, COLUMN_HEADING, REASON_HEADING = "Import outcome", "Import column", "Import reason"
CASE_HEADING, PERSON_HEADING = "Import case", "Import person"
EXTRA_HEADINGS = (OUTCOME_HEADING, COLUMN_HEADING, REASON_HEADING, CASE_HEADING, PERSON_HEADING)
WARNED, REJECTED = "imported with a warning", "rejected"


@dataclass(frozen=True)
class OutcomeRow:
    row: int
    cells: tuple[object, ...]
    outcome: str  # WARNED or REJECTED
    columns: tuple[str, ...]
    reasons: tuple[str, ...]
    case: str | None = None
    person_id: int | None = None


def unquote(text: str) -> str:
    """A cell this workbook made inert ("'=1+1") as it was written ("=1+1")."""
    return text[1:] if text.startswith("'") and needs_quote(text[1:]) else text


def _cell(sheet: object, value: object) -> object:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=None)
        cell.value = safe_text(value)
        cell.data_type = "s"  # never a formula, whatever the text starts with
        return cell
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        value = str(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, dt.datetime | dt.date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def check_target(path: Path | str, overwrite: bool) -> None:
    path = Path(path)
    if path.exists() and not overwrite:
        raise ValidationError(f"{path} exists already; choose another file or allow replacing it (--force)",
                              field="rejects")


def write_outcomes(path: Path | str, headings: Sequence[str], rows: Sequence[OutcomeRow], *,
                   overwrite: bool = False) -> Path:
    """Write `rows` to `path`: owner-only, atomically (a temporary file, then rename), never over a file
    that exists unless `overwrite`."""
    import openpyxl

    path = Path(path)
    check_target(path, overwrite)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("To fix")
    sheet.append([_cell(sheet, h) for h in (ROW_HEADING, *headings, *EXTRA_HEADINGS)])
    for row in rows:
        cells = list(row.cells) + [None] * (len(headings) - len(row.cells))
        sheet.append([_cell(sheet, row.row), *(_cell(sheet, c) for c in cells[: len(headings)]),
                      _cell(sheet, row.outcome), _cell(sheet, "; ".join(c for c in row.columns if c)),
                      _cell(sheet, "; ".join(row.reasons)), _cell(sheet, row.case or ""),
                      _cell(sheet, row.person_id)])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".outcomes-", suffix=".xlsx", dir=path.parent)  # 0600
        os.close(handle)
        try:
            book.save(temporary)
            os.chmod(temporary, 0o600)
            if not overwrite and path.exists():
                raise FileExistsError(17, "exists already")
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except OSError as exc:
        raise ValidationError(f"cannot write the outcomes workbook {path}: {exc.strerror or exc}",
                              field="rejects") from None
    return path


def default_path(source_file: Path | str, now: dt.datetime | None = None) -> Path:
    """Next to the input: referrals-to-fix-20260114-093000.xlsx (another name if that one exists)."""
    source_file = Path(source_file)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    path = source_file.with_name(f"{source_file.stem}-to-fix-{stamp}.xlsx")
    number = 2
    while path.exists():
        path = source_file.with_name(f"{source_file.stem}-to-fix-{stamp}-{number}.xlsx")
        number += 1
    return path
