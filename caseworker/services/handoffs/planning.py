"""A planned handoff: the people, the snapshot rows and the preview, before anything is stored."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from caseworker.documents.cells import safe_text
from caseworker.domain.errors import ValidationError
from caseworker.domain.partner_profile import PartnerProfile, parse_profile
from caseworker.services.context import CurrentUser
from caseworker.services.handoffs.dto import HandoffPreview
from caseworker.services.handoffs.rows import SnapshotRow, build_rows, digest, warnings_for
from caseworker.services.handoffs.selection import Batch, HandoffSelection, resolve_people
from caseworker.store.models import Handoff, Partner

MAX_ROWS = 1_000_000  # well under Excel's 1,048,576 rows per sheet


@dataclass(slots=True)
class Plan:
    partner: Partner
    profile: PartnerProfile
    selection: HandoffSelection
    batch: Batch
    headings: list[str]
    rows: list[SnapshotRow]
    warnings: tuple[str, ...]
    kind: str = "FULL"
    base: Handoff | None = None
    changes: list[str | None] | None = None  # per row, for a "changes" handoff
    changed_fields: list[list[str] | None] | None = None
    carried: list[SnapshotRow] | None = None  # unchanged people, kept as the partner's state

    @property
    def digest(self) -> str:
        return digest(self.headings, [(r.person_id, r.cells) for r in self.rows])

    @property
    def uk_contact(self) -> str:
        return self.profile.uk_contact if self.batch.uk_contact is None else self.batch.uk_contact

    def preview(self) -> HandoffPreview:
        kinds = [c.spec.kind.value for c in self.profile.columns] + (["text"] if self.kind == "CHANGES" else [])
        return HandoffPreview(
            partner=self.partner.name, headings=tuple(self.headings), kinds=tuple(kinds),
            date_format=self.profile.date_format, rows=tuple(tuple(r.cells) for r in self.rows),
            person_ids=tuple(r.person_id for r in self.rows), row_count=len(self.rows),
            people_count=len({r.person_id for r in self.rows}), warnings=self.warnings, digest=self.digest,
        )  # fmt: skip


def check_partner(partner: Partner) -> PartnerProfile:
    if not partner.active:
        raise ValidationError(f"partner {partner.name} is retired; an administrator can re-activate it", field="partner")
    return parse_profile(partner.profile)


def plan_full(
    session: Session, user: CurrentUser, partner: Partner, selection: HandoffSelection, batch: Batch
) -> Plan:
    profile = check_partner(partner)
    batch = batch.checked()
    person_ids = resolve_people(session, user, selection, batch)
    if not person_ids:
        raise ValidationError(f"no one matches {selection.describe()}", field="selection")
    if len(person_ids) > MAX_ROWS:
        raise ValidationError(f"{len(person_ids):,} people is more than one sheet can hold", field="selection")
    rows = build_rows(session, person_ids, profile, partner.secret, batch)
    headings = [safe_text(c.heading) for c in profile.columns]
    return Plan(partner, profile, selection, batch, headings, rows, warnings_for(rows))
