"""Loading handoffs and turning them into plain views."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.domain.errors import NotFoundError
from caseworker.domain.handoff_fields import BY_KEY, Kind
from caseworker.services.handoffs.dto import CellValue, HandoffView
from caseworker.store.models import Handoff, HandoffRow, Partner, User

CHANGE_HEADING = "Change"


def load_handoff(session: Session, id_or_reference: int | str, *, lock: bool = False) -> Handoff:
    """By id (``17``) or reference (``HO-2026-00017``)."""
    text = str(id_or_reference).strip().upper()
    column = Handoff.id if text.isdigit() else Handoff.reference
    stmt = select(Handoff).where(column == (int(text) if text.isdigit() else text))
    if lock:
        stmt = stmt.with_for_update()
    handoff = session.execute(stmt).scalar_one_or_none()
    if handoff is None:
        raise NotFoundError(f"no handoff {id_or_reference}")
    return handoff


def usernames(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(session.execute(select(User.id, User.username).where(User.id.in_(wanted))).all())


def fields_of(handoff: Handoff) -> tuple[str, ...]:
    return tuple(c["field"] for c in handoff.profile["columns"])


def kinds_of(handoff: Handoff) -> list[Kind]:
    """Per file column; a "changes" handoff has a last column saying what changed."""
    kinds = [BY_KEY[f].kind for f in fields_of(handoff)]
    return [*kinds, Kind.TEXT] if handoff.kind == "CHANGES" else kinds


def handoff_views(session: Session, handoffs: list[Handoff]) -> list[HandoffView]:
    users = usernames(session, (u for h in handoffs for u in
                                (h.prepared_by_id, h.approved_by_id, h.written_by_id, h.closed_by_id)))  # fmt: skip
    partner_ids = {h.partner_id for h in handoffs}
    partners = {p.id: p for p in session.execute(select(Partner).where(Partner.id.in_(partner_ids))).scalars()}
    base_ids = {h.base_id for h in handoffs if h.base_id}
    bases = dict(session.execute(select(Handoff.id, Handoff.reference).where(Handoff.id.in_(base_ids))).all()) \
        if base_ids else {}  # fmt: skip

    def user(uid: int | None) -> str | None:
        return users.get(uid) if uid is not None else None

    return [
        HandoffView(
            h.id, h.reference, partners[h.partner_id].name, partners[h.partner_id].display_name, h.kind,
            bases.get(h.base_id) if h.base_id else None, h.status, dict(h.selection), fields_of(h),
            tuple(h.headings), h.crossing_point, h.window_from, h.window_to, h.uk_contact, h.row_count,
            h.people_count, h.file_format, h.encrypted, users.get(h.prepared_by_id, "?"), h.prepared_at,
            user(h.approved_by_id), h.approved_at, user(h.written_by_id), h.written_at, h.file_sha256,
            user(h.closed_by_id), h.closed_at, h.close_note, h.version,
        )  # fmt: skip
        for h in handoffs
    ]


def handoff_view(session: Session, handoff: Handoff) -> HandoffView:
    return handoff_views(session, [handoff])[0]


def file_rows(session: Session, handoff_id: int) -> list[tuple[int, list[CellValue]]]:
    """(person id, cells) of each row of the file, in file order."""
    stmt = (select(HandoffRow.person_id, HandoffRow.cells)
            .where(HandoffRow.handoff_id == handoff_id, HandoffRow.position.is_not(None))
            .order_by(HandoffRow.position))  # fmt: skip
    return [(pid, cells) for pid, cells in session.execute(stmt)]
