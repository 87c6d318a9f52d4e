"""What a manifest file holds, independent of its format (XLSX or CSV)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from caseworker.domain.date_formats import DateFormat
from caseworker.domain.errors import CaseworkerError
from caseworker.domain.handoff_fields import Kind

CLASSIFICATION = "OFFICIAL-SENSITIVE"
APPLICATION = "caseworker"

Cell = str | int | dt.date | None
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class WriteCancelled(CaseworkerError):
    """The user cancelled writing; nothing was kept."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """One sheet: a header row, then `rows` (already made safe with `cells.safe_text`)."""

    reference: str
    title: str
    sheet_name: str
    headings: Sequence[str]
    kinds: Sequence[Kind]
    rows: Sequence[Sequence[Cell]]
    date_format: DateFormat

    @property
    def row_count(self) -> int:
        return len(self.rows)


def no_progress(done: int, total: int) -> None:
    return None


def never() -> bool:
    return False
