from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from caseworker.store.base import Base, JSONText, utcnow


class AuditEvent(Base):
    """Append-only, hash-chained record of every change and every view.

    `seq` numbers events without gaps; `hash` covers every field plus the
    previous event's hash, so an edited, inserted or deleted event breaks the
    chain at a place `store.audit.verify_chain` names. From the start of the
    signed chain on, an event by a user also carries that user's Ed25519
    `signature` of its seq and hash (see `store/audit.py`), so recomputing the
    hashes after an edit is not enough: every later author's key is needed.
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64), index=True)
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None]
    case_id: Mapped[int | None] = mapped_column(index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[Any] = mapped_column(JSONText, nullable=True)
    after: Mapped[Any] = mapped_column(JSONText, nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str | None] = mapped_column(String(128), nullable=True)  # hex, 64 bytes
    signer: Mapped[str | None] = mapped_column(String(8), nullable=True)  # the key id that signed

    __table_args__ = (Index("ix_audit_events_entity", "entity_type", "entity_id"),)


class AuditHead(Base):
    """The single row holding the chain's last sequence number and hash.

    Appending locks this row (SELECT … FOR UPDATE on PostgreSQL; SQLite write
    transactions are already exclusive), so concurrent writers never fork the chain.
    """

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(default=0)
    hash: Mapped[str] = mapped_column(String(64))
