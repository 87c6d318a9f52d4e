"""Small reference lists the dialogs offer as choices: posts and the people
cases can be assigned to."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from caseworker.domain.roles import Action, Role
from caseworker.services.context import Service
from caseworker.services.dto import JsonMixin, UserView
from caseworker.store.models import Post, User

ASSIGNABLE_ROLES = (Role.CASEWORKER.value, Role.OFFICER.value)


@dataclass(frozen=True, slots=True)
class PostView(JsonMixin):
    code: str
    name: str
    country: str


class LookupService(Service):
    def posts(self) -> list[PostView]:
        self._ctx.require(Action.VIEW)
        with self._ctx.read() as session:
            rows = session.execute(select(Post.code, Post.name, Post.country).order_by(Post.code))
            return [PostView(*row) for row in rows]

    def people_directory(self) -> dict[str, str]:
        """Every user name → display name (inactive users too: they appear in history)."""
        self._ctx.require(Action.VIEW)
        with self._ctx.read() as session:
            return dict(session.execute(select(User.username, User.display_name)).all())

    def assignable_users(self) -> list[UserView]:
        """Active caseworkers and officers, by display name."""
        self._ctx.require(Action.VIEW)
        stmt = (
            select(User)
            .where(User.active.is_(True), User.role.in_(ASSIGNABLE_ROLES))
            .order_by(User.display_name, User.username)
        )
        with self._ctx.read() as session:
            return [UserView(u.id, u.username, u.display_name, u.role, u.active) for u in session.execute(stmt).scalars()]
