from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from caseworker.store.base import Base, JSONText, utcnow


class Letter(Base):
    """A travel-authorisation letter, one row per version.

    `people` is the snapshot of the listed people's printable fields taken
    when the letter was drafted: the officer approves, and the signature
    covers, exactly what was previewed. `reference`, `version`, `qr_text` and
    `verification_code` are set when the letter is issued.
    """

    __tablename__ = "letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    post_code: Mapped[str] = mapped_column(ForeignKey("posts.code"))
    status: Mapped[str] = mapped_column(String(16), default="DRAFT", index=True)
    reference: Mapped[str | None] = mapped_column(String(32))
    version: Mapped[int | None]
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"))
    person_ids: Mapped[list[int]] = mapped_column(JSONText)
    people: Mapped[list[dict[str, Any]]] = mapped_column(JSONText)
    valid_days: Mapped[int]
    valid_from: Mapped[dt.date | None]
    valid_to: Mapped[dt.date | None] = mapped_column(index=True)
    crossings: Mapped[list[str]] = mapped_column(JSONText)
    signatory_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    signatory_name: Mapped[str] = mapped_column(String(200), default="")
    signatory_title: Mapped[str] = mapped_column(String(200), default="")
    drafted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    drafted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[dt.datetime | None]
    key_id: Mapped[str] = mapped_column(String(16), default="")
    qr_text: Mapped[str] = mapped_column(Text, default="")
    verification_code: Mapped[str] = mapped_column(String(16), default="", index=True)
    # Who ended the letter (revoked, rejected, superseded, expired), when and why.
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    ended_at: Mapped[dt.datetime | None]
    end_reason: Mapped[str] = mapped_column(Text, default="")
    print_count: Mapped[int] = mapped_column(default=0)
    last_printed_at: Mapped[dt.datetime | None]
    row_version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": row_version}
    __table_args__ = (
        UniqueConstraint("reference", "version", name="uq_letters_reference_version"),
        Index("ix_letters_reference", "reference"),
    )
