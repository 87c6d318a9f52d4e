from __future__ import annotations

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from caseworker.store.base import Base


class SearchRow(Base):
    """What search matches, one row per person and one per case (person_id NULL).

    `keys` holds script-independent name keys, `words` the normalised names in
    every script and spelling, `ids` references, document and phone numbers.
    SQLite indexes it with an external-content FTS5 table (`search_fts`, kept in
    step by triggers) and an (id, case_id) index that maps its hits to cases;
    PostgreSQL with a weighted tsvector column and GIN index. These are created
    by the migrations, not by this model.
    """

    __tablename__ = "search_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None]
    keys: Mapped[str] = mapped_column(Text, default="")
    words: Mapped[str] = mapped_column(Text, default="")
    ids: Mapped[str] = mapped_column(Text, default="")
