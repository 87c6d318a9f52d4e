"""The contact log, newest first, with overdue follow-ups highlighted.

A follow-up is overdue when its date has passed and nobody has been in contact
with the family since that date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt

from caseworker.domain.vocab import Channel, Outcome
from caseworker.gui.case_detail.common import (
    WARNING,
    WARNING_BACKGROUND,
    local_time,
    short_date,
    vocab,
)
from caseworker.gui.case_detail.row_model import RowModel
from caseworker.services.dto import ContactEntryView

WHEN, CHANNEL, HANDLE, OUTCOME, NOTE, FOLLOW_UP, BY = range(7)


def overdue_ids(entries: Sequence[ContactEntryView], today: dt.date) -> set[int]:
    latest = max((e.occurred_at.astimezone().date() for e in entries), default=dt.date.min)
    return {e.id for e in entries if e.next_follow_up is not None and latest < e.next_follow_up < today}


class ContactLogModel(RowModel[ContactEntryView]):
    def __init__(self, parent: Any = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.overdue: set[int] = set()

    def headers(self) -> list[str]:
        return [self.tr("When"), self.tr("Channel"), self.tr("Number or address"), self.tr("Outcome"),
                self.tr("Note"), self.tr("Next follow-up"), self.tr("By")]  # fmt: skip

    def set_rows(self, rows: Sequence[ContactEntryView]) -> None:
        self.overdue = overdue_ids(rows, self.today or dt.date.today())
        super().set_rows(rows)

    def is_overdue(self, row: int) -> bool:
        return self.rows[row].id in self.overdue

    def cell(self, entry: ContactEntryView, column: int, role: int) -> Any:
        overdue = entry.id in self.overdue
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, column, overdue)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == NOTE:
                return entry.note or None
            if overdue:
                return self.tr("Follow-up overdue since %s") % short_date(entry.next_follow_up)
            return None
        if role == Qt.ItemDataRole.BackgroundRole and overdue:
            return WARNING_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole and overdue and column == FOLLOW_UP:
            return WARNING
        return None

    def _text(self, entry: ContactEntryView, column: int, overdue: bool) -> str:
        if column == WHEN:
            arrow = "←" if entry.direction == "IN" else "→"
            return f"{local_time(entry.occurred_at)} {arrow}"
        if column == CHANNEL:
            return vocab(entry.channel, Channel)
        if column == HANDLE:
            return entry.handle
        if column == OUTCOME:
            return vocab(entry.outcome, Outcome)
        if column == NOTE:
            return " ".join(entry.note.split())
        if column == FOLLOW_UP:
            text = short_date(entry.next_follow_up)
            return self.tr("%s (overdue)") % text if overdue else text
        if column == BY:
            return entry.created_by or ""
        return ""
