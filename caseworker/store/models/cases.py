from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.store.base import Base, utcnow


class Post(Base):
    """A diplomatic post that owns cases (Islamabad, Tashkent …)."""

    __tablename__ = "posts"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(100))


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    post_code: Mapped[str] = mapped_column(ForeignKey("posts.code"), index=True)
    scheme: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(100), default="")
    referral_source: Mapped[str] = mapped_column(String(32))
    # Restricted: never printed or exported (DESIGN.md).
    referrer: Mapped[str] = mapped_column(String(200), default="")
    employer: Mapped[str] = mapped_column(String(200), default="")
    job_role: Mapped[str] = mapped_column(String(200), default="")
    priority: Mapped[str] = mapped_column(String(16), default="NORMAL", index=True)
    vulnerabilities: Mapped[list[str]] = mapped_column(default=list)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    current_country: Mapped[str] = mapped_column(String(64), default="", index=True)
    current_area: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[str] = mapped_column(String(32), default="REFERRED", index=True)
    status_changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    eligibility_outcome: Mapped[str | None] = mapped_column(String(16))
    eligibility_date: Mapped[dt.date | None]
    eligibility_decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    eligibility_basis: Mapped[str] = mapped_column(Text, default="")
    security_status: Mapped[str] = mapped_column(String(16), default="NOT_STARTED")
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    notes: Mapped[str] = mapped_column(Text, default="")

    # Denormalised for the case list (kept current by the services), so that
    # 100,000 cases sort and page in SQL without joins.
    principal_name: Mapped[str] = mapped_column(String(300), default="", index=True)
    principal_name_original: Mapped[str] = mapped_column(String(300), default="")
    family_size: Mapped[int] = mapped_column(default=0)
    last_contact_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    next_follow_up: Mapped[dt.date | None] = mapped_column(index=True)

    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    people: Mapped[list[Person]] = relationship(  # noqa: F821
        back_populates="case", order_by="Person.id", cascade="all, delete-orphan"
    )
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])  # noqa: F821

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_cases_status_updated", "status", "updated_at"),
        # Every column a work queue's condition reads (services.queues), led by the
        # assignee and the list's default order: "My cases" is a range of this index
        # already in display order, and the sidebar's counts scan it instead of the
        # table (a third of the pages to read, and to decrypt in an encrypted store).
        Index("ix_cases_queues", "assigned_to_id", "updated_at", "id", "status", "last_contact_at", "created_at",
              "status_changed_at"),
    )  # fmt: skip
