from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from caseworker.store.base import Base, utcnow


class ContactEntry(Base):
    """One contact attempt or message (mostly WhatsApp)."""

    __tablename__ = "contact_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(16))
    handle: Mapped[str] = mapped_column(String(320), default="")
    direction: Mapped[str] = mapped_column(String(3), default="OUT")
    occurred_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    outcome: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    next_follow_up: Mapped[dt.date | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        Index("ix_contact_entries_case_time", "case_id", "occurred_at"),
        Index("ix_contact_entries_occurred_at", "occurred_at"),  # the dashboard's contacts this week
    )
