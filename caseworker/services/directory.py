"""Small lists the case screens offer as choices: posts and assignable caseworkers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from caseworker.domain.roles import Action
from caseworker.services.context import Service
from caseworker.services.dto import JsonMixin
from caseworker.store.models import Post, User


@dataclass(frozen=True, slots=True)
class PostView(JsonMixin):
    code: str
    name: str
    country: str


@dataclass(frozen=True, slots=True)
class Assignee(JsonMixin):
    id: int
    username: str
    display_name: str


class DirectoryService(Service):
    def posts(self) -> list[PostView]:
        self._ctx.require(Action.VIEW)
        with self._ctx.read() as session:
            rows = session.execute(select(Post).order_by(Post.code)).scalars()
            return [PostView(p.code, p.name, p.country) for p in rows]

    def people_directory(self) -> dict[str, str]:
        """Every user name → display name (inactive users too: they appear in history)."""
        self._ctx.require(Action.VIEW)
        with self._ctx.read() as session:
            return dict(session.execute(select(User.username, User.display_name)).all())

    def assignees(self) -> list[Assignee]:
        """Active users who work cases (not read-only accounts), by display name."""
        self._ctx.require(Action.VIEW)
        with self._ctx.read() as session:
            rows = session.execute(
                select(User).where(User.active.is_(True), User.role != "read_only").order_by(User.display_name)
            ).scalars()
            return [Assignee(u.id, u.username, u.display_name) for u in rows]
