"""Saved searches: a user's named queries, kept in the store so they follow
the user from desk to desk.

They live in the `settings` table under `saved_searches:<user id>` as a JSON
list, one row per user, changed in one audited transaction like everything
else.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.domain.errors import NotFoundError, ValidationError
from caseworker.domain.roles import Action
from caseworker.domain.validation import clean_text
from caseworker.services.context import Service
from caseworker.services.dto import JsonMixin
from caseworker.services.queries import SORTS, CaseQuery
from caseworker.services.queues import BY_NAME
from caseworker.store import audit
from caseworker.store.models import Setting

MAX_SEARCHES = 100
_LIST_FIELDS = ("statuses", "posts", "priorities", "countries")


@dataclass(frozen=True, slots=True)
class SavedSearch(JsonMixin):
    name: str
    query: CaseQuery


def query_to_dict(query: CaseQuery) -> dict[str, Any]:
    data = {f.name: getattr(query, f.name) for f in dataclasses.fields(query) if f.name != "case_ids"}
    return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


def query_from_dict(data: dict[str, Any]) -> CaseQuery:
    """A query from stored data; unknown keys (from a newer version) are ignored."""
    queue = data.get("queue", "all")
    sort = data.get("sort", "updated")
    return CaseQuery(
        text=str(data.get("text", "")),
        **{name: tuple(str(v) for v in data.get(name, ())) for name in _LIST_FIELDS},
        assigned_to=tuple(int(v) for v in data.get("assigned_to", ())),
        queue=queue if queue in BY_NAME else "all",
        sort=sort if sort in SORTS else "updated",
        descending=bool(data.get("descending", True)),
    )


def _clean_name(name: str) -> str:
    return clean_text(name, "name", max_length=80, required=True)


class SavedSearchService(Service):
    def _key(self) -> str:
        return f"saved_searches:{self.user.id}"

    def _load(self, session: Session, *, lock: bool = False) -> tuple[Setting | None, list[dict[str, Any]]]:
        stmt = select(Setting).where(Setting.key == self._key())
        if lock:
            stmt = stmt.with_for_update()
        row = session.execute(stmt).scalar_one_or_none()
        return row, list(row.value) if row is not None and isinstance(row.value, list) else []

    def _store(self, session: Session, row: Setting | None, items: list[dict[str, Any]]) -> None:
        if row is None:
            session.add(Setting(key=self._key(), value=items))
        else:
            row.value = items

    def _audit(self, session: Session, action: str, summary: str, before: Any = None, after: Any = None) -> None:
        audit.append(
            session, self.user.actor, action, "setting", None, summary=summary, before=before, after=after
        )

    def list(self) -> list[SavedSearch]:
        """The user's saved searches, in the order they were created."""
        self._ctx.require(Action.VIEW)
        with self._ctx.read() as session:
            _, items = self._load(session)
        return [SavedSearch(str(item["name"]), query_from_dict(item.get("query", {}))) for item in items]

    def save(self, name: str, query: CaseQuery) -> SavedSearch:
        """Create a saved search; a name already in use is refused."""
        self._ctx.require(Action.VIEW)
        name = _clean_name(name)
        with self._ctx.write() as session:
            row, items = self._load(session, lock=True)
            if any(item["name"].casefold() == name.casefold() for item in items):
                raise ValidationError(f"you already have a saved search called {name!r}", field="name")
            if len(items) >= MAX_SEARCHES:
                raise ValidationError(f"at most {MAX_SEARCHES} saved searches", field="name")
            stored = {"name": name, "query": query_to_dict(query)}
            self._store(session, row, [*items, stored])
            self._audit(session, "saved_search.create", f"saved the search {name!r}", after=stored)
        return SavedSearch(name, query_from_dict(stored["query"]))

    def rename(self, old: str, new: str) -> SavedSearch:
        self._ctx.require(Action.VIEW)
        new = _clean_name(new)
        with self._ctx.write() as session:
            row, items = self._load(session, lock=True)
            position = self._find(items, old)
            clash = [i for i, item in enumerate(items) if item["name"].casefold() == new.casefold()]
            if clash and clash != [position]:
                raise ValidationError(f"you already have a saved search called {new!r}", field="name")
            items[position] = {**items[position], "name": new}
            self._store(session, row, items)
            self._audit(session, "saved_search.rename", f"renamed the saved search {old!r} to {new!r}",
                        before={"name": old}, after={"name": new})  # fmt: skip
            return SavedSearch(new, query_from_dict(items[position].get("query", {})))

    def delete(self, name: str) -> None:
        self._ctx.require(Action.VIEW)
        with self._ctx.write() as session:
            row, items = self._load(session, lock=True)
            removed = items.pop(self._find(items, name))
            self._store(session, row, items)
            self._audit(session, "saved_search.delete", f"deleted the saved search {name!r}", before=removed)

    @staticmethod
    def _find(items: list[dict[str, Any]], name: str) -> int:
        for position, item in enumerate(items):
            if item["name"] == name:
                return position
        raise NotFoundError(f"no saved search called {name!r}")
