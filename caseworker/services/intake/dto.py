"""Plain results of intake, for the wizard, the review queue and `--json`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping as MappingType
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from caseworker.services.dto import JsonMixin

if TYPE_CHECKING:
    from caseworker.services.intake.mapping import Mapping


@dataclass(frozen=True, slots=True)
class FieldChoice(JsonMixin):
    key: str
    label: str


@dataclass(frozen=True, slots=True)
class Preview(JsonMixin):
    """The first rows of a file and the mapping that would be used."""

    filename: str
    sheet: str
    sheets: tuple[str, ...]
    encoding: str | None
    header_row: int
    headings: tuple[str, ...]
    row_numbers: tuple[int, ...]
    rows: tuple[tuple[str, ...], ...]
    data_rows: int
    mapping: dict[str, Any]  # Mapping.to_json(headings)
    columns: tuple[str, ...]  # the field of each column
    saved: bool  # the mapping came from the one saved for this source
    notes: tuple[str, ...] = ()  # what the reader left out ("hidden sheet 'X' was not read")


@dataclass(frozen=True, slots=True)
class RowResult(JsonMixin):
    row: int
    outcome: str
    message: str
    case: str | None  # the case reference (None for a new case in a dry run, or a rejected row)
    person_id: int | None
    warnings: tuple[str, ...] = ()  # values of the row that were not kept ("DOB '31/02/1990': …")


@dataclass(frozen=True, slots=True)
class Problem(JsonMixin):
    """What is wrong with a row: a rejection (`problems`) or a value not kept (`warnings`)."""

    row: int
    column: str
    message: str
    value: str = ""  # the cell as written (for a warning; also kept as an import note of the person)


@dataclass(frozen=True, slots=True)
class QueuedPair(JsonMixin):
    case: str  # reference, or "new case (row N)" in a dry run
    other_case: str
    score: int
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ImportReport(JsonMixin):
    file: str
    source: str
    sheet: str
    dry_run: bool
    batch_id: int | None
    rows: int
    empty_rows: int
    created: int
    queued: int
    linked: int
    updated: int
    rejected: int
    unchanged: int
    cases_created: int
    duplicates_queued: int
    rejects_file: str | None  # the outcomes workbook: rows with warnings and rejected rows, to fix
    seconds: float
    results: tuple[RowResult, ...]
    problems: tuple[Problem, ...]
    duplicates: tuple[QueuedPair, ...]
    notes: tuple[str, ...] = ()  # what the reader left out ("hidden sheet 'X' was not read")
    warnings: tuple[Problem, ...] = ()  # values not kept, on rows that were imported
    warned: int = 0  # rows imported with at least one warning

    def summary_lines(self) -> list[str]:
        would = "would be " if self.dry_run else ""
        lines = [f"{self.file} ({self.sheet}): {self.rows:,} rows read" + (f", {self.empty_rows:,} empty" if self.empty_rows else ""),
                 f"  created   {self.created:>6,}  new people ({self.cases_created:,} new cases {would}opened)",
                 f"  queued    {self.queued:>6,}  new people with a possible duplicate ({self.duplicates_queued:,} "
                 f"pairs {would}sent for review)",
                 f"  linked    {self.linked:>6,}  {would}linked to people already held (same document number)",
                 f"  updated   {self.updated:>6,}  {would}linked, adding a document, number or spelling",
                 f"  rejected  {self.rejected:>6,}  cannot become a person (reasons below)",
                 f"  unchanged {self.unchanged:>6,}  already imported (or repeated in the file)"]  # fmt: skip
        if self.warned:
            lines.append(f"  warnings  {self.warned:>6,}  rows {would}imported with a value left out "
                         "(kept as written in the case notes)")
        if self.rejects_file:
            lines.append(f"Rows to fix (warnings and rejects, with the reasons) written to {self.rejects_file}")
        lines += [f"  note: {note}" for note in self.notes]
        if self.dry_run:
            lines.append("Dry run: nothing was written to the store.")
        return lines


@dataclass(frozen=True, slots=True)
class DuplicatePair(JsonMixin):
    """One entry of the review queue."""

    id: int
    case_a_id: int
    case_a: str
    name_a: str
    case_b_id: int
    case_b: str
    name_b: str
    score: int
    reasons: tuple[str, ...]
    status: str
    created_at: dt.datetime
    pairs: tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class FieldDiff(JsonMixin):
    key: str
    label: str
    survivor: str
    other: str

    @property
    def differs(self) -> bool:
        return self.survivor != self.other


@dataclass(frozen=True, slots=True)
class PersonPairing(JsonMixin):
    survivor_person_id: int
    other_person_id: int
    score: int
    reasons: tuple[str, ...]
    fields: tuple[FieldDiff, ...]


@dataclass(frozen=True, slots=True)
class MergePreview(JsonMixin):
    survivor_id: int
    survivor: str
    survivor_version: int
    other_id: int
    other: str
    other_version: int
    case_fields: tuple[FieldDiff, ...]
    pairings: tuple[PersonPairing, ...]  # proposed "same person" pairs
    survivor_people: tuple[tuple[int, str], ...]
    other_people: tuple[tuple[int, str], ...]
    other_contacts: int
    other_attachments: int


@dataclass(frozen=True, slots=True)
class ChatPreview(JsonMixin):
    filename: str
    platform: str
    date_order: str
    messages: int
    system_messages: int
    first: dt.datetime | None
    last: dt.datetime | None
    participants: tuple[str, ...]
    media_files: int
    new_messages: int  # not imported into this case before
    person_id: int | None  # the case's person the chat is with, when found
    person_reason: str


@dataclass(frozen=True, slots=True)
class ChatImportReport(JsonMixin):
    file: str
    case: str
    person_id: int | None
    messages: int
    added: int
    already_imported: int
    system_skipped: int
    attachments: int
    media_missing: tuple[str, ...]
    original_attachment_id: int | None


@dataclass(frozen=True, slots=True)
class ScanReport(JsonMixin):
    """What a store-wide duplicate scan found and queued."""

    people: int  # the people compared (those of cases not merged away)
    cases: int
    compared: int  # pairs of people scored
    found: int  # pairs of cases scoring high enough to review
    queued: int  # of those, new in the review queue
    already_known: int  # found, but already queued, merged or marked "not a duplicate"
    same_document: int  # queued pairs holding an identical document number
    seconds: float
    duplicates: tuple[QueuedPair, ...]  # the pairs queued, strongest first


@dataclass(frozen=True, slots=True)
class BatchInfo(JsonMixin):
    """One referral import, for the list that undo chooses from."""

    id: int
    filename: str
    source: str
    created_at: dt.datetime
    status: str  # COMPLETE, RUNNING, INTERRUPTED (its process is gone) or UNDONE
    counts: dict[str, Any]


@dataclass(frozen=True, slots=True)
class UndoReport(JsonMixin):
    batch_id: int
    filename: str
    done: bool  # False: nothing was changed, because of `blockers`
    cases_removed: int
    people_removed: int
    reverted: int  # people, cases and review entries put back as they were
    blockers: tuple[str, ...]  # later changes that stand in the way ("ISB-2026-00012: contact.log by …")


@dataclass(frozen=True)
class ImportRequest:
    path: Path
    source: str = ""
    mapping: Mapping | None = None  # None: `mapping_json`, else the saved mapping of the source, else detected
    mapping_json: dict[str, Any] | None = None  # a mapping file's content (`--map`)
    dry_run: bool = False
    rejects_path: Path | None = None  # the outcomes workbook; None: next to the input (never in a dry run)
    overwrite: bool = False  # replace `rejects_path` if it exists (`--force`, or the save dialog confirmed)
    save_mapping: bool = True


DEFAULT_REASON = "duplicate confirmed in review"


@dataclass(frozen=True)
class MergeRequest:
    survivor_id: int
    other_id: int
    survivor_version: int | None = None
    other_version: int | None = None
    take_other: frozenset[str] = frozenset()  # case fields whose value comes from the other case
    same_people: tuple[tuple[int, int], ...] | None = None  # (survivor's person, other's); None = proposed
    person_take_other: MappingType[tuple[int, int], frozenset[str]] = field(default_factory=dict)
    reason: str = DEFAULT_REASON
