"""Ctrl+P: print the case list as the user sees it (its rows and visible
columns, in their order). Rows are read off the GUI thread in chunks; the
page is laid out by QTextDocument, which shapes Dari and Pashto names."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

from PySide6.QtGui import QPageLayout, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from caseworker.gui.case_table import Column, column_title
from caseworker.gui.tasks import Cancelled, Progress
from caseworker.services.api import Services
from caseworker.services.dto import CaseSummary

CHUNK = 500


def load_rows(services: Services, ids: Sequence[int], progress: Progress, cancelled: Cancelled) -> list[CaseSummary]:
    """The summaries of `ids`, in order, read a chunk at a time (stops early when cancelled)."""
    rows: list[CaseSummary] = []
    for start in range(0, len(ids), CHUNK):
        if cancelled():
            break
        rows.extend(services.queries.rows(ids[start : start + CHUNK]))
        progress(min(start + CHUNK, len(ids)), len(ids))
    return rows


def case_list_html(title: str, subtitle: str, columns: Sequence[Column], rows: Sequence[CaseSummary]) -> str:
    head = "".join(f"<th align='left'>{html.escape(column_title(c))}</th>" for c in columns)
    body = "\n".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c.value(row)))}</td>" for c in columns) + "</tr>" for row in rows
    )
    return (
        f"<h3>{html.escape(title)}</h3><p>{html.escape(subtitle)}</p>"
        "<table border='0.5' cellspacing='0' cellpadding='3' width='100%'>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def print_rows(printer: QPrinter, title: str, columns: Sequence[Column], rows: Sequence[CaseSummary], who: str) -> None:
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    subtitle = f"{len(rows):,} cases — printed {when} by {who}"
    document = QTextDocument()
    document.setDefaultStyleSheet("th { background: #e6e6e6; } td, th { font-size: 8pt; }")
    document.setHtml(case_list_html(title, subtitle, columns, rows))
    document.print_(printer)
