"""The demo store's users: admin, officer and caseworker."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from caseworker.domain.roles import Role
from caseworker.services.context import CurrentUser
from caseworker.services.setup import seed_posts
from caseworker.services.users import count_users, create_user_row, current_user
from caseworker.store import audit
from caseworker.store.engine import Store
from caseworker.store.models import User

DEMO_USERS = (
    ("admin", "Alex Admin", Role.ADMIN),
    ("officer", "Olivia Officer", Role.OFFICER),
    ("caseworker", "Fatima Caseworker", Role.CASEWORKER),
)


def generated_password() -> str:
    return secrets.token_urlsafe(12)


def create_demo_users(store: Store, password: str | None) -> dict[str, str]:
    """Create the three demo users on an empty store. Returns username → password."""
    seed_posts(store)
    passwords: dict[str, str] = {}
    with store.write() as session:
        if count_users(session):
            return passwords
        for username, name, role in DEMO_USERS:
            passwords[username] = password or generated_password()
            create_user_row(session, audit.SYSTEM, username, name, role, passwords[username])
    return passwords


def demo_actor(store: Store) -> tuple[CurrentUser, list[int]]:
    """Who the generated cases are created by, and whom they are assigned to."""
    with store.read() as session:
        users = session.execute(select(User).where(User.active.is_(True)).order_by(User.id)).scalars().all()
        workers = [u.id for u in users if u.role in (Role.CASEWORKER, Role.OFFICER)] or [u.id for u in users]
        creator = next((u for u in users if u.role == Role.ADMIN), users[0])
        return current_user(creator), workers
