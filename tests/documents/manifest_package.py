"""Reading a written manifest as a partner would, and looking inside its package."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from openpyxl import load_workbook

from caseworker.domain.date_formats import parse_date_format
from caseworker.services.handoffs.dto import HandoffPreview


def expected_cells(preview: HandoffPreview) -> list[list[Any]]:
    """The preview's rows as openpyxl reads them back: dates become datetimes."""
    rows = []
    for row in preview.rows:
        rows.append([
            dt.datetime.combine(dt.date.fromisoformat(v), dt.time()) if kind == "date" and v is not None else v
            for v, kind in zip(row, preview.kinds, strict=True)
        ])  # fmt: skip
    return rows


def expected_text(preview: HandoffPreview) -> list[list[str]]:
    """The preview's rows as text, dates in the profile's format (what a CSV holds)."""
    fmt = parse_date_format(preview.date_format)
    return [
        ["" if v is None else fmt.format(dt.date.fromisoformat(v)) if kind == "date" else str(v)
         for v, kind in zip(row, preview.kinds, strict=True)]
        for row in preview.rows
    ]  # fmt: skip


def read_cells(xlsx: bytes) -> tuple[list[Any], list[list[Any]]]:
    wb = load_workbook(io.BytesIO(xlsx))
    assert wb.sheetnames == [wb.active.title]
    values = [list(r) for r in wb.active.iter_rows(values_only=True)]
    return values[0], values[1:]


def parts(xlsx: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        return {name: z.read(name).decode("utf-8") for name in z.namelist()}


def package_problems(xlsx: bytes) -> list[str]:
    """Everything in the package that could hide or run something; empty when clean."""
    found = parts(xlsx)
    problems = []
    sheets = [n for n in found if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    if sheets != ["xl/worksheets/sheet1.xml"]:
        problems.append(f"sheets: {sheets}")
    for name in found:
        if re.search(r"externalLink|vbaProject|connections|queryTable|chartsheet|activeX|oleObject|comments", name):
            problems.append(f"part {name}")
    workbook = found["xl/workbook.xml"]
    if re.findall(r"<sheet\b", workbook) != ["<sheet"] or 'state="visible"' not in workbook:
        problems.append("workbook: not exactly one visible sheet")
    names = re.findall(r"<definedName\b[^>]*>[^<]*</definedName>", workbook)
    allowed = re.compile(r'<definedName name="_xlnm\.Print_Titles" localSheetId="0">\'[^\']+\'!\$1:\$1</definedName>')
    problems += [f"defined name {n}" for n in names if not allowed.fullmatch(n)]
    for name, xml in found.items():
        if not name.endswith((".xml", ".rels")):
            continue
        for pattern in (r'hidden="(1|true)"', r"veryHidden", r'state="hidden"', r"<f[ >]", r't="(e|str)"',
                        r'outlineLevel="[1-9]', r'collapsed="(1|true)"', r'TargetMode="External"'):
            if re.search(pattern, xml):
                problems.append(f"{name}: {pattern}")
    if re.search(r'<col [^>]*width="0(\.0*)?"', found["xl/worksheets/sheet1.xml"]):
        problems.append("a zero-width column")
    return problems
