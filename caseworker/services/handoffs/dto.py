"""Plain data handed out by the handoff services (never ORM objects)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from caseworker.domain.date_formats import parse_date_format
from caseworker.services.dto import JsonMixin

CellValue = str | int | None  # dates travel as ISO text; the kind of the column says which


@dataclass(frozen=True, slots=True)
class PartnerView(JsonMixin):
    id: int
    name: str
    display_name: str
    active: bool
    profile: dict[str, Any]
    updated_at: dt.datetime
    version: int


@dataclass(frozen=True, slots=True)
class HandoffView(JsonMixin):
    id: int
    reference: str
    partner: str
    partner_display_name: str
    kind: str  # FULL or CHANGES
    base_reference: str | None
    status: str  # PREPARED, APPROVED, WRITTEN, RECALLED, CANCELLED
    selection: dict[str, Any]
    fields: tuple[str, ...]
    headings: tuple[str, ...]
    crossing_point: str
    window_from: dt.date | None
    window_to: dt.date | None
    uk_contact: str
    row_count: int
    people_count: int
    file_format: str
    encrypted: bool
    prepared_by: str
    prepared_at: dt.datetime
    approved_by: str | None
    approved_at: dt.datetime | None
    written_by: str | None
    written_at: dt.datetime | None
    file_sha256: str | None
    closed_by: str | None
    closed_at: dt.datetime | None
    close_note: str
    version: int


@dataclass(frozen=True, slots=True)
class HandoffPreview(JsonMixin):
    """Exactly the rows and columns that will be written (or were, for a stored handoff)."""

    partner: str
    headings: tuple[str, ...]
    kinds: tuple[str, ...]  # per column: text, number, date or flag
    date_format: str
    rows: tuple[tuple[CellValue, ...], ...]
    person_ids: tuple[int, ...]  # per row
    row_count: int
    people_count: int
    warnings: tuple[str, ...]
    digest: str
    handoff: HandoffView | None = None

    def display_row(self, index: int) -> list[str]:
        """Row `index` as the partner will see it: dates in the profile's format."""
        fmt = parse_date_format(self.date_format)
        return [
            "" if v is None else fmt.format(dt.date.fromisoformat(str(v))) if kind == "date" else str(v)
            for v, kind in zip(self.rows[index], self.kinds, strict=True)
        ]


@dataclass(frozen=True, slots=True)
class WrittenHandoff(JsonMixin):
    handoff: HandoffView
    path: str
    sha256: str
    size: int
    passphrase: str | None  # shown once; only a hash is kept
    audit_head: str = ""  # the chain head after the write, to keep outside the store (store/anchors.py)


@dataclass(frozen=True, slots=True)
class Disclosure(JsonMixin):
    """One person's row in one handoff that was given to a partner."""

    person_id: int
    case_id: int
    person_name: str  # as now in the store ("person 17 (removed)" once removed)
    handoff_id: int
    reference: str
    partner: str
    partner_display_name: str
    status: str
    kind: str
    change: str | None
    row_number: int
    fields: tuple[str, ...]
    written_at: dt.datetime | None
    written_by: str | None
    approved_by: str | None
    closed_at: dt.datetime | None
    close_note: str


@dataclass(frozen=True, slots=True)
class DisclosedPerson(JsonMixin):
    person_id: int
    case_id: int
    row_number: int
    change: str | None


@dataclass(frozen=True, slots=True)
class PartnerDisclosure(JsonMixin):
    handoff: HandoffView
    people: tuple[DisclosedPerson, ...]
