"""The one place handoffs read travel-authorisation letters from.

Handoffs need, for each person, the reference and validity of their live
letter (catalogue fields ``letter_reference``, ``letter_valid_from``,
``letter_valid_to``), and, for a batch chosen by crossing point and date
window, the people whose live letter authorises that crossing in that window.

Letters are built separately; until they are connected these two functions
find nothing, so letter columns stay empty and a batch by crossing point finds
no one. Connecting letters means replacing the two function bodies below (the
signatures and `LetterInfo` stay as they are); both run inside the caller's
session, so the handoff sees one consistent state of the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session


@dataclass(frozen=True, slots=True)
class LetterInfo:
    reference: str  # e.g. "ISB-L-2026-00042 v2"
    valid_from: dt.date | None
    valid_to: dt.date | None


def letters_for_people(session: Session, person_ids: Sequence[int]) -> dict[int, LetterInfo]:
    """The live (issued, not revoked, superseded or expired) letter listing each person.

    People without one are simply absent from the result.
    """
    return {}


def people_crossing(session: Session, crossing_point: str, window_from: dt.date, window_to: dt.date) -> list[int]:
    """Ids of the people whose live letter authorises `crossing_point` and is valid
    on some day between `window_from` and `window_to` (inclusive)."""
    return []
