"""Finding cases: filters, search, sorting and paging, all done in SQL.

Two ways to page through a result:
  - `ids()` returns the ordered ids of the whole result (cheap even at 100,000
    rows) and `rows()` loads the summaries of any slice of them: this is what
    the GUI's list model uses to fetch rows lazily as the user scrolls;
  - `page()` uses keyset paging (WHERE (sort, id) > cursor), never OFFSET:
    this is what the CLI and scripts use.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, literal, select, tuple_
from sqlalchemy.orm import Session

from caseworker.domain.errors import ValidationError
from caseworker.domain.roles import Action
from caseworker.domain.vocab import Priority
from caseworker.services.context import Service
from caseworker.services.dto import CaseSummary
from caseworker.services.queues import BY_NAME, QUEUES
from caseworker.store import search
from caseworker.store.base import UTCDateTime
from caseworker.store.models import Case, User

_FAR_PAST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
_FAR_FUTURE_DATE = dt.date(9999, 12, 31)
_PRIORITY_RANK = case({p.value: p.rank for p in Priority}, value=Case.priority, else_=len(Priority))

# Sort expressions never yield NULL (a stand-in value takes its place), so
# that the keyset comparison (sort, id) > cursor is well defined.
SORTS: dict[str, Any] = {
    "reference": Case.reference,
    "name": Case.principal_name,
    "name_original": Case.principal_name_original,
    "family_size": Case.family_size,
    "status": Case.status,
    "priority": _PRIORITY_RANK,
    "post": Case.post_code,
    "country": Case.current_country,
    "assigned_to": func.coalesce(Case.assigned_to_id, 0),
    "last_contact": func.coalesce(Case.last_contact_at, literal(_FAR_PAST, UTCDateTime)),
    "next_follow_up": func.coalesce(Case.next_follow_up, literal(_FAR_FUTURE_DATE)),
    "updated": Case.updated_at,
}


@dataclass(frozen=True, slots=True)
class CaseQuery:
    text: str = ""
    statuses: tuple[str, ...] = ()
    posts: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    assigned_to: tuple[int, ...] = ()
    queue: str = "all"
    sort: str = "updated"
    descending: bool = True
    case_ids: tuple[int, ...] | None = field(default=None)  # restrict to these (e.g. a saved selection)


@dataclass(frozen=True, slots=True)
class Page:
    rows: list[CaseSummary]
    next_cursor: str | None


def _encode_cursor(value: Any, case_id: int) -> str:
    if isinstance(value, dt.datetime | dt.date):
        value = {"t": type(value).__name__, "v": value.isoformat()}
    return base64.urlsafe_b64encode(json.dumps([value, case_id]).encode()).decode()


def _decode_cursor(cursor: str) -> tuple[Any, int]:
    try:
        value, case_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if isinstance(value, dict):
            parse = dt.datetime.fromisoformat if value["t"] == "datetime" else dt.date.fromisoformat
            value = parse(value["v"])
        return value, int(case_id)
    except (ValueError, KeyError, TypeError):
        raise ValidationError("is not a cursor from a previous page", field="cursor") from None


_SUMMARY_COLUMNS = (
    Case.id, Case.reference, Case.principal_name, Case.principal_name_original, Case.family_size,
    Case.status, Case.priority, Case.post_code, Case.current_country, User.username,
    Case.last_contact_at, Case.next_follow_up, Case.updated_at, Case.version,
)  # fmt: skip


def _ids(session: Session, stmt: Select[Any]) -> list[int]:
    """The ids a one-column SELECT yields, in its order.

    SQLite builds them into one comma-separated string (the ORDER BY of a
    FROM-clause subquery is kept under an aggregate such as group_concat). The
    driver lets go of the GIL while SQLite works but needs it back for every
    row it hands over: with 36,000 ids to hand over while the GUI thread lays
    out the new window, the worker spent more time waiting for the GIL than
    querying. One row needs it once, and the query runs truly beside the GUI.
    Elsewhere the rows are read straight from the driver's cursor: at 100,000
    ids, SQLAlchemy's per-row result handling costs three times the query.
    """
    if session.get_bind().dialect.name == "sqlite":
        joined = session.execute(select(func.group_concat(stmt.subquery().c[0]))).scalar()
        return [int(i) for i in joined.split(",")] if joined else []
    result = session.connection().execute(stmt)
    try:
        return [row[0] for row in result.cursor.fetchall()]
    finally:
        result.close()


def _summary(row: Any) -> CaseSummary:
    return CaseSummary(*row)


class CaseQueries(Service):
    def _where(self, session: Session, query: CaseQuery) -> list[ColumnElement[bool]]:
        queue = BY_NAME.get(query.queue)
        if queue is None:
            raise ValidationError(f"unknown queue {query.queue!r}", field="queue")
        conditions = [queue.condition(self.user, dt.datetime.now(dt.UTC))]
        for column, values in (
            (Case.status, query.statuses),
            (Case.post_code, query.posts),
            (Case.priority, query.priorities),
            (Case.current_country, query.countries),
            (Case.assigned_to_id, query.assigned_to),
        ):
            if values:
                conditions.append(column.in_(values))
        if query.case_ids is not None:
            conditions.append(Case.id.in_(query.case_ids))
        matches = search.matching_case_ids(session, query.text)
        if matches is not None:
            conditions.append(Case.id.in_(matches))
        elif query.text.strip():
            conditions.append(literal(False))
        return conditions

    def _sort(self, query: CaseQuery) -> Any:
        if query.sort not in SORTS:
            raise ValidationError(f"unknown sort {query.sort!r} (use one of {', '.join(SORTS)})", field="sort")
        return SORTS[query.sort]

    def _ordered(self, stmt: Select[Any], query: CaseQuery) -> Select[Any]:
        expr = self._sort(query)
        if query.descending:
            return stmt.order_by(expr.desc(), Case.id.desc())
        return stmt.order_by(expr.asc(), Case.id.asc())

    def ids(self, query: CaseQuery) -> list[int]:
        """The ids of every matching case, in display order."""
        self._ctx.require(Action.VIEW)
        with self._ctx.read() as session:
            stmt = self._ordered(select(Case.id).where(*self._where(session, query)), query)
            return _ids(session, stmt)

    def count(self, query: CaseQuery) -> int:
        self._ctx.require(Action.VIEW)
        with self._ctx.read() as session:
            stmt = select(func.count()).select_from(Case).where(*self._where(session, query))
            return int(session.execute(stmt).scalar_one())

    def rows(self, ids: Sequence[int]) -> list[CaseSummary]:
        """Summaries of the given cases, in the order given (missing ones are skipped)."""
        self._ctx.require(Action.VIEW)
        if not ids:
            return []
        with self._ctx.read() as session:
            found: dict[int, CaseSummary] = {}
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                stmt = select(*_SUMMARY_COLUMNS).outerjoin(User, User.id == Case.assigned_to_id).where(Case.id.in_(chunk))
                for row in session.execute(stmt):
                    found[row[0]] = _summary(row)
            return [found[i] for i in ids if i in found]

    def page(self, query: CaseQuery, limit: int = 50, after: str | None = None) -> Page:
        """One page of summaries; pass `next_cursor` back as `after` for the next."""
        self._ctx.require(Action.VIEW)
        if not 1 <= limit <= 10_000:
            raise ValidationError("must be between 1 and 10000", field="limit")
        expr = self._sort(query)
        with self._ctx.read() as session:
            stmt = select(*_SUMMARY_COLUMNS, expr.label("sort_key")).outerjoin(
                User, User.id == Case.assigned_to_id
            ).where(*self._where(session, query))
            if after:
                value, last_id = _decode_cursor(after)
                key, bound = tuple_(expr, Case.id), tuple_(literal(value, expr.type), literal(last_id))
                stmt = stmt.where(key < bound if query.descending else key > bound)
            stmt = self._ordered(stmt, query).limit(limit + 1)
            result = session.execute(stmt).all()
        rows = [_summary(r[:-1]) for r in result[:limit]]
        cursor = _encode_cursor(result[limit - 1][-1], result[limit - 1][0]) if len(result) > limit else None
        return Page(rows, cursor)

    def queue_counts(self) -> dict[str, int]:
        """Live counts for the sidebar, in one pass over the cases."""
        self._ctx.require(Action.VIEW)
        now = dt.datetime.now(dt.UTC)
        visible = [q for q in QUEUES if q.visible_to(self.user.role)]
        columns = [func.sum(case((q.condition(self.user, now), 1), else_=0)).label(q.name) for q in visible]
        with self._ctx.read() as session:
            row = session.execute(select(*columns).select_from(Case)).one()
        return {q.name: int(row[i] or 0) for i, q in enumerate(visible)}

    def facet_values(self) -> dict[str, list[str]]:
        """Distinct values for the filter chips."""
        self._ctx.require(Action.VIEW)
        with self._ctx.read() as session:
            def distinct(column: Any) -> list[str]:
                return [v for v in session.execute(select(column).distinct().order_by(column)).scalars() if v]

            return {
                "post": distinct(Case.post_code),
                "country": distinct(Case.current_country),
                "status": distinct(Case.status),
                "priority": [p.value for p in Priority],
            }
