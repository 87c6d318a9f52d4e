"""Gap-free counters for references (cases, letters).

One statement increments and returns the value; it locks the counter row
until the caller's transaction ends, so concurrent transactions queue and a
rolled-back transaction gives its number back.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

_NEXT = text(
    "INSERT INTO counters (name, value) VALUES (:name, 1) "
    "ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value"
)


def next_value(session: Session, name: str) -> int:
    return int(session.execute(_NEXT, {"name": name}).scalar_one())
