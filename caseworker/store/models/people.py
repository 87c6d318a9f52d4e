from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.store.base import Base, JSONText, utcnow


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    relationship_to_principal: Mapped[str] = mapped_column(String(16))
    name_original: Mapped[str] = mapped_column(String(300), default="")
    # Name exactly as in the identity document (ICAO primary / secondary identifiers).
    doc_surname: Mapped[str] = mapped_column(String(200), default="")
    doc_given_names: Mapped[str] = mapped_column(String(200), default="")
    variants: Mapped[list[str]] = mapped_column(default=list)
    father_name: Mapped[str] = mapped_column(String(200), default="")
    father_name_original: Mapped[str] = mapped_column(String(200), default="")
    sex: Mapped[str] = mapped_column(String(1), default="X")
    birth_date: Mapped[dt.date | None]
    birth_precision: Mapped[str] = mapped_column(String(16), default="EXACT")
    nationality: Mapped[str] = mapped_column(String(3), default="AFG")
    place_of_birth: Mapped[str] = mapped_column(String(200), default="")
    person_status: Mapped[str | None] = mapped_column(String(32))
    cleared_to_travel: Mapped[bool] = mapped_column(default=False)
    # Order-independent name key (domain.names.sorted_name_key) for de-duplication blocking.
    name_key: Mapped[str] = mapped_column(String(300), default="", index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship(back_populates="people")  # noqa: F821
    documents: Mapped[list[IdentityDocument]] = relationship(
        back_populates="person", order_by="IdentityDocument.id", cascade="all, delete-orphan"
    )
    contact_points: Mapped[list[ContactPoint]] = relationship(
        back_populates="person", order_by="ContactPoint.id", cascade="all, delete-orphan"
    )

    @property
    def latin_name(self) -> str:
        return " ".join(p for p in (self.doc_given_names, self.doc_surname) if p)


class IdentityDocument(Base):
    __tablename__ = "identity_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    doc_type: Mapped[str] = mapped_column(String(16))
    number: Mapped[str] = mapped_column(String(64), default="")
    # Upper-case letters and digits only, for exact matching and search.
    number_norm: Mapped[str] = mapped_column(String(64), default="", index=True)
    issuing_state: Mapped[str] = mapped_column(String(3), default="AFG")
    issue_date: Mapped[dt.date | None]
    expiry_date: Mapped[dt.date | None]
    mrz_raw: Mapped[str] = mapped_column(Text, default="")
    mrz_checks: Mapped[list | None] = mapped_column(JSONText)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    verified_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    person: Mapped[Person] = relationship(back_populates="documents")


class ContactPoint(Base):
    """A way to reach a person: a WhatsApp or phone number (E.164) or an e-mail address."""

    __tablename__ = "contact_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(320), index=True)
    label: Mapped[str] = mapped_column(String(100), default="")

    person: Mapped[Person] = relationship(back_populates="contact_points")
