""""Changes since the last handoff to this partner", as its own small handoff.

The partner's current list is the state left by the last written handoff to
them: its rows, less the people it removed. The same selection is evaluated
again now; people who are new are ADDED, people no longer in it are REMOVED
(with the values the partner already holds, so they can find and delete
them), and people whose cells differ are CHANGED, naming the columns. The
file holds only those rows, plus a last column saying what changed; the
people who did not change are stored with the handoff (not written), so the
next "changes" handoff starts from the right state.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.documents.cells import safe_text
from caseworker.domain.errors import ValidationError
from caseworker.services.context import CurrentUser
from caseworker.services.handoffs.planning import Plan, check_partner
from caseworker.services.handoffs.records import CHANGE_HEADING, fields_of, load_handoff
from caseworker.services.handoffs.rows import SnapshotRow, build_rows, warnings_for
from caseworker.services.handoffs.selection import Batch, HandoffSelection, resolve_people
from caseworker.store.models import Handoff, HandoffRow, Partner


def base_handoff(session: Session, partner: Partner, since: str | int | None) -> Handoff:
    """The handoff to compare with: `since`, or the partner's last written one."""
    if since is not None:
        base = load_handoff(session, since)
        if base.partner_id != partner.id:
            raise ValidationError(f"{base.reference} was not for {partner.name}", field="since")
        if base.status != "WRITTEN":
            raise ValidationError(f"{base.reference} is {base.status.lower()}, not written", field="since")
        return base
    stmt = (select(Handoff).where(Handoff.partner_id == partner.id, Handoff.status == "WRITTEN")
            .order_by(Handoff.written_at.desc(), Handoff.id.desc()).limit(1))  # fmt: skip
    base = session.execute(stmt).scalar_one_or_none()
    if base is None:
        raise ValidationError(f"nothing has been handed to {partner.name} yet: prepare a full handoff first",
                              field="partner")  # fmt: skip
    return base


def partner_state(session: Session, base: Handoff) -> dict[int, SnapshotRow]:
    """What the partner holds after `base`: person id → profile cells (no change column)."""
    stmt = (select(HandoffRow.person_id, HandoffRow.case_id, HandoffRow.cells)
            .where(HandoffRow.handoff_id == base.id, (HandoffRow.change.is_(None)) | (HandoffRow.change != "REMOVED"))
            .order_by(HandoffRow.id))  # fmt: skip
    width = len(fields_of(base))
    return {pid: SnapshotRow(pid, case_id, list(cells[:width])) for pid, case_id, cells in session.execute(stmt)}


def plan_changes(
    session: Session, user: CurrentUser, partner: Partner, base: Handoff, batch: Batch | None
) -> Plan:
    profile = check_partner(partner)
    if profile.fields != fields_of(base):
        raise ValidationError(f"the profile of {partner.name} changed since {base.reference}: prepare a full handoff",
                              field="partner")  # fmt: skip
    batch = (batch or Batch(base.crossing_point, base.window_from, base.window_to, base.uk_contact)).checked()
    selection = HandoffSelection.from_json(base.selection)
    person_ids = resolve_people(session, user, selection, batch)
    current = build_rows(session, person_ids, profile, partner.secret, batch)
    before = partner_state(session, base)
    number_at = profile.fields.index("row_number") if "row_number" in profile.fields else None
    headings = {c.field: c.heading for c in profile.columns}

    def comparable(cells: list) -> list:  # type: ignore[type-arg]
        return [None if i == number_at else v for i, v in enumerate(cells)]

    out: list[SnapshotRow] = []
    changes: list[str | None] = []
    changed_fields: list[list[str] | None] = []
    carried: list[SnapshotRow] = []
    for row in current:
        old = before.pop(row.person_id, None)
        differing = [] if old is None else [
            profile.fields[i] for i, (a, b) in enumerate(zip(comparable(old.cells), comparable(row.cells), strict=True))
            if a != b
        ]  # fmt: skip
        if old is None or differing:
            out.append(row)
            changes.append("ADDED" if old is None else "CHANGED")
            changed_fields.append(differing or None)
        else:
            carried.append(row)
    for old in before.values():
        old.label, old.notes = "no longer in this batch", ()
        out.append(old)
        changes.append("REMOVED")
        changed_fields.append(None)
    if not out:
        raise ValidationError(f"nothing has changed for {partner.name} since {base.reference}", field="partner")

    for i, (row, change, fields) in enumerate(zip(out, changes, changed_fields, strict=True), 1):
        if number_at is not None:
            row.cells[number_at] = i
        text = {"ADDED": "Added", "REMOVED": "Removed"}.get(change or "", "Changed")
        if fields:
            text += ": " + ", ".join(headings[f] for f in fields)
        row.cells = [*row.cells, safe_text(text)]
    for row in carried:
        row.cells = [*row.cells, None]
    names = [safe_text(c.heading) for c in profile.columns] + [CHANGE_HEADING]
    return Plan(partner, profile, selection, batch, names, out, warnings_for(out), kind="CHANGES", base=base,
                changes=changes, changed_fields=changed_fields, carried=carried)  # fmt: skip
