"""Partners, handoffs (exports to partners) and the rows each handoff disclosed.

`HandoffRow` is both the approved snapshot (the exact cells that will be
written) and the disclosure ledger: it keeps the person and case ids as plain
integers, not foreign keys, so "who received what about this person" can
still be answered after the person is removed from the store.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from caseworker.store.base import Base, JSONText, utcnow


class Partner(Base):
    __tablename__ = "handoff_partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    profile: Mapped[dict[str, Any]] = mapped_column(JSONText)
    # Keys the partner-facing group ids; never exported, never shown.
    secret: Mapped[bytes] = mapped_column(LargeBinary(64))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class Handoff(Base):
    __tablename__ = "handoffs"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("handoff_partners.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="FULL")  # FULL or CHANGES
    base_id: Mapped[int | None] = mapped_column(ForeignKey("handoffs.id"))
    status: Mapped[str] = mapped_column(String(16), default="PREPARED", index=True)
    selection: Mapped[dict[str, Any]] = mapped_column(JSONText)
    profile: Mapped[dict[str, Any]] = mapped_column(JSONText)  # the profile as it was when prepared
    headings: Mapped[list[str]] = mapped_column(JSONText)
    crossing_point: Mapped[str] = mapped_column(String(100), default="")
    window_from: Mapped[dt.date | None]
    window_to: Mapped[dt.date | None]
    uk_contact: Mapped[str] = mapped_column(String(200), default="")
    row_count: Mapped[int] = mapped_column(default=0)
    people_count: Mapped[int] = mapped_column(default=0)
    digest: Mapped[str] = mapped_column(String(64))  # SHA-256 of headings and rows: what was previewed
    prepared_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    prepared_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[dt.datetime | None]
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    written_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    file_format: Mapped[str] = mapped_column(String(8), default="xlsx")
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    encrypted: Mapped[bool] = mapped_column(default=False)
    passphrase_hash: Mapped[str | None] = mapped_column(String(255))
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[dt.datetime | None]
    close_note: Mapped[str] = mapped_column(Text, default="")  # why recalled or cancelled
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class HandoffRow(Base):
    __tablename__ = "handoff_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoffs.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(index=True)
    case_id: Mapped[int] = mapped_column(index=True)  # a case's Disclosures tab reads by it
    # Row number in the file; None for a person carried unchanged in a "changes" handoff.
    position: Mapped[int | None]
    change: Mapped[str | None] = mapped_column(String(10))  # ADDED, REMOVED, CHANGED, UNCHANGED
    changed_fields: Mapped[list[str] | None] = mapped_column(JSONText)
    cells: Mapped[list[Any]] = mapped_column(JSONText)  # one value per column, dates as ISO text

    __table_args__ = (Index("ix_handoff_rows_handoff_position", "handoff_id", "position"),)
