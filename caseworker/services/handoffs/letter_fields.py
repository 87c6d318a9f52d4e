"""The one place handoffs read travel-authorisation letters from.

Handoffs need, for each person, the reference and validity of their live
letter (catalogue fields ``letter_reference``, ``letter_valid_from``,
``letter_valid_to``), and, for a batch chosen by crossing point and date
window, the people whose live letter authorises that crossing in that window.

A letter is live when it is issued and its last valid day has not passed
(the same rule as `domain.letters.effective_status`). Both functions run inside
the caller's session, so the handoff sees one consistent state of the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.domain.letters import LetterStatus
from caseworker.store.models import Letter


@dataclass(frozen=True, slots=True)
class LetterInfo:
    reference: str  # e.g. "ISB-L-2026-00042 v2"
    valid_from: dt.date | None
    valid_to: dt.date | None


def letters_for_people(session: Session, person_ids: Sequence[int]) -> dict[int, LetterInfo]:
    """The live (issued, not revoked, superseded or expired) letter listing each person.

    People without one are simply absent from the result.
    """
    wanted = set(person_ids)
    found: dict[int, LetterInfo] = {}
    for letter in _live_letters(session, dt.datetime.now(dt.UTC).date()):
        info = LetterInfo(f"{letter.reference} v{letter.version}", letter.valid_from, letter.valid_to)
        for person_id in wanted.intersection(letter.person_ids):
            found[person_id] = info
    return found


def people_crossing(session: Session, crossing_point: str, window_from: dt.date, window_to: dt.date) -> list[int]:
    """Ids of the people whose live letter authorises `crossing_point` and is valid
    on some day between `window_from` and `window_to` (inclusive)."""
    people: dict[int, None] = {}
    for letter in _live_letters(session, max(window_from, dt.datetime.now(dt.UTC).date())):
        overlaps = letter.valid_from is not None and letter.valid_from <= window_to
        if overlaps and crossing_point in letter.crossings:
            people.update(dict.fromkeys(letter.person_ids))
    return list(people)


def _live_letters(session: Session, valid_on_or_after: dt.date) -> list[Letter]:
    """Issued letters still valid on `valid_on_or_after`, oldest first (a newer version wins)."""
    return list(
        session.execute(
            select(Letter)
            .where(Letter.status == LetterStatus.ISSUED.value, Letter.valid_to >= valid_on_or_after)
            .order_by(Letter.issued_at, Letter.id)
        ).scalars()
    )
