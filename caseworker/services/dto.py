"""Plain, immutable data handed to the GUI and the CLI (never ORM objects).

`to_json()` gives the documented, stable JSON shape of the CLI's `--json`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


class JsonMixin:
    def to_json(self) -> dict[str, Any]:
        return _jsonable(self)  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class CaseSummary(JsonMixin):
    """One row of the case list."""

    id: int
    reference: str
    principal_name: str
    principal_name_original: str
    family_size: int
    status: str
    priority: str
    post: str
    current_country: str
    assigned_to: str | None
    last_contact_at: dt.datetime | None
    next_follow_up: dt.date | None
    updated_at: dt.datetime
    version: int


@dataclass(frozen=True, slots=True)
class DocumentView(JsonMixin):
    id: int
    doc_type: str
    number: str
    issuing_state: str
    issue_date: dt.date | None
    expiry_date: dt.date | None
    mrz_valid: bool | None
    verified: bool


@dataclass(frozen=True, slots=True)
class ContactPointView(JsonMixin):
    id: int
    kind: str
    value: str
    label: str


@dataclass(frozen=True, slots=True)
class PersonView(JsonMixin):
    id: int
    role: str
    relationship: str
    name_original: str
    doc_surname: str
    doc_given_names: str
    variants: tuple[str, ...]
    father_name: str
    father_name_original: str
    sex: str
    birth_date: dt.date | None
    birth_precision: str
    birth_display: str
    nationality: str
    place_of_birth: str
    person_status: str | None
    cleared_to_travel: bool
    documents: tuple[DocumentView, ...]
    contact_points: tuple[ContactPointView, ...]

    @property
    def latin_name(self) -> str:
        return " ".join(p for p in (self.doc_given_names, self.doc_surname) if p)


@dataclass(frozen=True, slots=True)
class ContactEntryView(JsonMixin):
    id: int
    person_id: int | None
    channel: str
    handle: str
    direction: str
    occurred_at: dt.datetime
    outcome: str
    note: str
    next_follow_up: dt.date | None
    created_by: str | None


@dataclass(frozen=True, slots=True)
class AttachmentView(JsonMixin):
    id: int
    person_id: int | None
    kind: str
    filename: str
    media_type: str
    size: int
    sha256: str
    added_by: str | None
    added_at: dt.datetime


@dataclass(frozen=True, slots=True)
class CaseDetail(JsonMixin):
    id: int
    reference: str
    status: str
    status_changed_at: dt.datetime
    priority: str
    post: str
    scheme: str
    category: str
    referral_source: str
    referrer: str
    employer: str
    job_role: str
    vulnerabilities: tuple[str, ...]
    assigned_to_id: int | None
    assigned_to: str | None
    current_country: str
    current_area: str
    eligibility_outcome: str | None
    eligibility_date: dt.date | None
    eligibility_basis: str
    security_status: str
    duplicate_of: str | None
    notes: str
    last_contact_at: dt.datetime | None
    next_follow_up: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    people: tuple[PersonView, ...]
    contacts: tuple[ContactEntryView, ...]
    attachments: tuple[AttachmentView, ...]

    @property
    def principal(self) -> PersonView | None:
        return next((p for p in self.people if p.role == "PRINCIPAL"), self.people[0] if self.people else None)


@dataclass(frozen=True, slots=True)
class AuditEntry(JsonMixin):
    seq: int
    occurred_at: dt.datetime
    actor: str
    action: str
    entity_type: str
    entity_id: int | None
    case_id: int | None
    summary: str
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class UserView(JsonMixin):
    id: int
    username: str
    display_name: str
    role: str
    active: bool
    # An active user of an encrypted store without a key slot (e.g. after
    # `store encrypt`) cannot sign in until an administrator sets a password.
    needs_password: bool = False
