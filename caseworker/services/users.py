"""Users, roles and signing in."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from caseworker.domain.errors import AuthenticationError, NotFoundError, ValidationError
from caseworker.domain.roles import Action, Role
from caseworker.domain.validation import clean_text
from caseworker.services.context import CurrentUser, Service
from caseworker.services.dto import UserView
from caseworker.store import audit
from caseworker.store.engine import Store
from caseworker.store.models import User

_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
_USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,63}$")
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    check_password_strength(password)
    return _HASHER.hash(password)


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(f"must be at least {MIN_PASSWORD} characters", field="password")
    if len(password) > 1024:
        raise ValidationError("is too long", field="password")


def _password_matches(stored_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def clean_username(username: str) -> str:
    name = (username or "").strip().lower()
    if not _USERNAME.match(name):
        raise ValidationError(
            "use 2–64 lower-case letters, digits, '.', '_' or '-', starting with a letter",
            field="username",
        )
    return name


def current_user(user: User) -> CurrentUser:
    return CurrentUser(user.id, user.username, user.display_name, Role(user.role))


def count_users(session: Session) -> int:
    return session.execute(select(func.count()).select_from(User)).scalar_one()


def create_user_row(
    session: Session, actor: audit.Actor, username: str, display_name: str, role: Role, password: str
) -> User:
    """Insert a user and audit it (the password hash is never put in the trail)."""
    username = clean_username(username)
    display_name = clean_text(display_name or username, "display name", max_length=200, required=True)
    if session.execute(select(User.id).where(User.username == username)).first():
        raise ValidationError(f"a user called {username!r} already exists", field="username")
    user = User(
        username=username,
        display_name=display_name,
        role=Role(role).value,
        password_hash=hash_password(password),
    )
    session.add(user)
    session.flush()
    audit.append(
        session,
        actor,
        "user.create",
        "user",
        user.id,
        summary=f"added user {username} ({Role(role).label})",
        after={"username": username, "display_name": display_name, "role": user.role},
    )
    return user


def create_first_admin(store: Store, username: str, display_name: str, password: str) -> CurrentUser:
    """Bootstrap a new store with its first administrator."""
    with store.write() as session:
        if count_users(session):
            raise ValidationError("this store already has users; sign in as an administrator", field="username")
        user = create_user_row(session, audit.SYSTEM, username, display_name, Role.ADMIN, password)
        return current_user(user)


def authenticate(store: Store, username: str, password: str) -> CurrentUser:
    """Check a user name and password. Failures are audited, never with the password."""
    name = (username or "").strip().lower()
    with store.write() as session:
        user = session.execute(select(User).where(User.username == name)).scalar_one_or_none()
        if user is not None and user.active and _password_matches(user.password_hash, password):
            if user.failed_attempts:
                user.failed_attempts = 0
            if _HASHER.check_needs_rehash(user.password_hash):
                user.password_hash = _HASHER.hash(password)
            audit.append(session, current_user(user).actor, "auth.sign_in", "user", user.id, summary="signed in")
            return current_user(user)
        if user is not None:
            user.failed_attempts += 1
        audit.append(
            session,
            audit.SYSTEM,
            "auth.failed",
            "user",
            user.id if user else None,
            summary=f"failed sign-in as {name[:64]!r}" + ("" if user else " (no such user)"),
        )
    raise AuthenticationError("wrong user name or password")


def _view(user: User) -> UserView:
    return UserView(user.id, user.username, user.display_name, user.role, user.active)


class UserService(Service):
    def list(self) -> list[UserView]:
        self._ctx.require(Action.VIEW)
        with self._ctx.read() as session:
            return [_view(u) for u in session.execute(select(User).order_by(User.username)).scalars()]

    def add(self, username: str, display_name: str, role: Role, password: str) -> UserView:
        self._ctx.require(Action.MANAGE_USERS)
        with self._ctx.write() as session:
            return _view(create_user_row(session, self.user.actor, username, display_name, role, password))

    def _get(self, session: Session, username: str) -> User:
        user = session.execute(select(User).where(User.username == username.strip().lower())).scalar_one_or_none()
        if user is None:
            raise NotFoundError(f"no user called {username!r}")
        return user

    def set_active(self, username: str, active: bool) -> UserView:
        self._ctx.require(Action.MANAGE_USERS)
        with self._ctx.write() as session:
            user = self._get(session, username)
            if user.id == self.user.id and not active:
                raise ValidationError("you cannot disable your own account", field="username")
            before = user.active
            user.active = active
            audit.append(
                session,
                self.user.actor,
                "user.enable" if active else "user.disable",
                "user",
                user.id,
                summary=f"{'enabled' if active else 'disabled'} user {user.username}",
                before={"active": before},
                after={"active": active},
            )
            return _view(user)

    def set_role(self, username: str, role: Role) -> UserView:
        self._ctx.require(Action.MANAGE_USERS)
        with self._ctx.write() as session:
            user = self._get(session, username)
            before = user.role
            user.role = Role(role).value
            audit.append(
                session,
                self.user.actor,
                "user.role",
                "user",
                user.id,
                summary=f"changed {user.username}'s role from {before} to {user.role}",
                before={"role": before},
                after={"role": user.role},
            )
            return _view(user)

    def change_password(self, username: str, new_password: str, *, old_password: str | None = None) -> None:
        """Users change their own password (giving the old one); administrators anyone's."""
        own = username.strip().lower() == self.user.username
        if not own:
            self._ctx.require(Action.MANAGE_USERS)
        with self._ctx.write() as session:
            user = self._get(session, username)
            if own and (old_password is None or not _password_matches(user.password_hash, old_password)):
                raise AuthenticationError("the current password is wrong")
            user.password_hash = hash_password(new_password)
            audit.append(
                session, self.user.actor, "user.password", "user", user.id,
                summary=f"changed the password of {user.username}",
            )
