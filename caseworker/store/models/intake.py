"""Intake: import batches, row fingerprints, the duplicate review queue, saved mappings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from caseworker.store.base import Base, JSONText, utcnow


class ImportBatch(Base):
    """One import of one file (a referral list or a WhatsApp export), written in one transaction.

    `rejects` keeps every rejected row (its cells and errors), so that a lost
    rejects workbook can be written again and no row of the input is lost.
    """

    __tablename__ = "intake_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # SPREADSHEET or WHATSAPP
    source: Mapped[str] = mapped_column(String(100), default="")
    filename: Mapped[str] = mapped_column(String(255))
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    options: Mapped[Any] = mapped_column(JSONText, nullable=True)
    counts: Mapped[Any] = mapped_column(JSONText, nullable=True)
    rejects: Mapped[Any] = mapped_column(JSONText, nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # A long import commits in chunks: RUNNING until its last chunk, then COMPLETE; a RUNNING batch
    # whose process is gone (`owner` is host:pid, `heartbeat_at` its last chunk) was interrupted.
    # UNDONE once `intake undo` removed what it created. `last_seq` is the audit seq of its last event:
    # an event on its cases after that is a later change, which stops an undo.
    status: Mapped[str] = mapped_column(String(16), default="COMPLETE", server_default="COMPLETE")
    owner: Mapped[str] = mapped_column(String(100), default="", server_default="")
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column()
    last_seq: Mapped[int | None] = mapped_column()


class ImportUndo(Base):
    """What a spreadsheet batch created or changed beyond its own rows, so that it can be undone.

    CREATED case/identity_document/contact_point rows name what the batch added; UPDATED
    person/case/duplicate_candidate rows keep the values it replaced (`before`) and, for a case, the
    version the batch left it at (`version`), so that an undo can tell whether anyone changed it since.
    People the batch created are its ImportRows with outcome CREATED or QUEUED.
    """

    __tablename__ = "intake_undo"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("intake_batches.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # CREATED or UPDATED
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int]
    before: Mapped[Any] = mapped_column(JSONText, nullable=True)
    version: Mapped[int | None] = mapped_column()


class ImportRow(Base):
    """The fingerprint of one imported row or chat message: importing it again changes nothing."""

    __tablename__ = "intake_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("intake_batches.id", ondelete="CASCADE"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    row_number: Mapped[int]
    source_key: Mapped[str] = mapped_column(String(100), default="")
    external_ref: Mapped[str] = mapped_column(String(100), default="")
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    outcome: Mapped[str] = mapped_column(String(16))

    __table_args__ = (Index("ix_intake_rows_source_ref", "source_key", "external_ref"),)


class DuplicateCandidate(Base):
    """A pair of cases that may be one family, scored, with the reasons; OPEN until reviewed.

    One row per pair (lower case id first): a pair marked NOT_DUPLICATE stays,
    so it is never proposed again.
    """

    __tablename__ = "duplicate_candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_low_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    case_high_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    score: Mapped[int]
    reasons: Mapped[list[str]] = mapped_column(JSONText)
    pairs: Mapped[Any] = mapped_column(JSONText)  # [{"a": person id, "b": person id, "score", "reasons"}]
    status: Mapped[str] = mapped_column(String(16), default="OPEN")  # OPEN, MERGED, NOT_DUPLICATE
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("intake_batches.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[dt.datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        UniqueConstraint("case_low_id", "case_high_id"),
        Index("ix_duplicate_candidates_status_score", "status", "score"),
    )


class ColumnMapping(Base):
    """The column mapping last used for a referral source, offered again next time."""

    __tablename__ = "intake_mappings"

    source_key: Mapped[str] = mapped_column(String(100), primary_key=True)
    source: Mapped[str] = mapped_column(String(100))
    mapping: Mapped[Any] = mapped_column(JSONText)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
