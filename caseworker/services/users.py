"""Users and roles: adding, disabling, changing roles and passwords, with their key slots.

On an encrypted store every change here changes the key file in the same
transaction (see `store/keyring.py`): adding a user adds their slot, a new
password rewraps it, disabling removes it. Enabling a user again therefore
needs a new password. The last active administrator can be neither disabled
nor demoted, so a store never ends up without someone who can manage it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from caseworker.domain.errors import AuthenticationError, NotFoundError, ValidationError
from caseworker.domain.roles import Action, Role
from caseworker.domain.validation import clean_text
from caseworker.services.auth import authenticate, confirm_password, current_user
from caseworker.services.context import CurrentUser, Service
from caseworker.services.dto import UserView
from caseworker.services.passwords import (
    MIN_PASSWORD,
    check_password_strength,
    hash_password,
    password_matches,
)
from caseworker.store import audit, signing_keys
from caseworker.store.engine import Store
from caseworker.store.keyring import keyring_for
from caseworker.store.models import User

_USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,63}$")

__all__ = [
    "MIN_PASSWORD", "UserService", "authenticate", "check_password_strength", "clean_username", "count_users",
    "create_first_admin", "create_user_row", "current_user", "hash_password", "set_user_password",
]  # fmt: skip


def clean_username(username: str) -> str:
    name = (username or "").strip().lower()
    if not _USERNAME.match(name):
        raise ValidationError(
            "use 2–64 lower-case letters, digits, '.', '_' or '-', starting with a letter",
            field="username",
        )
    return name


def count_users(session: Session) -> int:
    return session.execute(select(func.count()).select_from(User)).scalar_one()


def set_user_password(session: Session, user: User, password: str, actor: audit.Actor = audit.SYSTEM) -> None:
    """The hash in the table and, on an encrypted store, the key slot (active users only).

    Any audit-signing key the user had is withdrawn (`store/signing_keys.py`): whoever
    set this password must not be able to sign as them. They get a new one when they
    next sign in.
    """
    signing_keys.withdraw(session, user, actor)
    user.password_hash = hash_password(password)
    user.failed_attempts = 0
    user.last_failed_at = None
    keyring = keyring_for(session)
    if keyring is not None and user.active:
        keyring.set_password(session, user.username, password)


def create_user_row(
    session: Session, actor: audit.Actor, username: str, display_name: str, role: Role, password: str
) -> User:
    """Insert a user (with their key slot) and audit it; the password never reaches the trail."""
    username = clean_username(username)
    display_name = clean_text(display_name or username, "display name", max_length=200, required=True)
    check_password_strength(password)
    if session.execute(select(User.id).where(User.username == username)).first():
        raise ValidationError(f"a user called {username!r} already exists", field="username")
    user = User(username=username, display_name=display_name, role=Role(role).value, password_hash="", active=True)
    session.add(user)
    set_user_password(session, user, password)
    session.flush()
    audit.append(
        session, actor, "user.create", "user", user.id,
        summary=f"added user {username} ({Role(role).label})",
        after={"username": username, "display_name": display_name, "role": user.role},
    )  # fmt: skip
    return user


def create_first_admin(store: Store, username: str, display_name: str, password: str) -> CurrentUser:
    """Bootstrap a new store with its first administrator."""
    with store.write() as session:
        if count_users(session):
            raise ValidationError("this store already has users; sign in as an administrator", field="username")
        user = create_user_row(session, audit.SYSTEM, username, display_name, Role.ADMIN, password)
        return current_user(user)


def _ensure_an_admin_remains(session: Session, user: User, *, role: str, active: bool) -> None:
    if user.role != Role.ADMIN or not user.active or (role == Role.ADMIN and active):
        return
    others = session.execute(
        select(func.count()).where(User.role == Role.ADMIN.value, User.active.is_(True), User.id != user.id)
    ).scalar_one()
    if not others:
        raise ValidationError(
            f"{user.username} is the last active administrator; make someone else an administrator first",
            field="username",
        )


class UserService(Service):
    def list(self) -> list[UserView]:
        self._ctx.require(Action.VIEW)
        keyring = self._ctx.store.keyring
        slots = keyring.current() if keyring is not None else None
        with self._ctx.read() as session:
            users = session.execute(select(User).order_by(User.username)).scalars().all()
            return [
                UserView(
                    u.id, u.username, u.display_name, u.role, u.active,
                    needs_password=keyring is not None and u.active and (slots is None or not slots.has(u.username)),
                )  # fmt: skip
                for u in users
            ]

    def add(self, username: str, display_name: str, role: Role, password: str) -> UserView:
        self._ctx.require(Action.MANAGE_USERS)
        with self._ctx.write() as session:
            user = create_user_row(session, self.user.actor, username, display_name, role, password)
            return UserView(user.id, user.username, user.display_name, user.role, user.active)

    def _get(self, session: Session, username: str) -> User:
        user = session.execute(select(User).where(User.username == username.strip().lower())).scalar_one_or_none()
        if user is None:
            raise NotFoundError(f"no user called {username!r}")
        return user

    def set_active(self, username: str, active: bool, *, password: str | None = None) -> UserView:
        """Disable (removing the key slot) or enable a user; on an encrypted store, enabling
        needs a new `password`, since their old slot is gone."""
        self._ctx.require(Action.MANAGE_USERS)
        with self._ctx.write() as session:
            user = self._get(session, username)
            if user.id == self.user.id and not active:
                raise ValidationError("you cannot disable your own account", field="username")
            _ensure_an_admin_remains(session, user, role=user.role, active=active)
            keyring = keyring_for(session)
            if active and keyring is not None and password is None:
                raise ValidationError(
                    "enabling a user of an encrypted store needs a new password for them "
                    "(disabling removed their key slot)",
                    field="password",
                )
            before = user.active
            user.active = active
            if active and password is not None:
                set_user_password(session, user, password, self.user.actor)
            elif not active:
                signing_keys.withdraw(session, user, self.user.actor)
                if keyring is not None:
                    keyring.remove(session, user.username)
            audit.append(
                session, self.user.actor, "user.enable" if active else "user.disable", "user", user.id,
                summary=f"{'enabled' if active else 'disabled'} user {user.username}"
                + (" with a new password" if active and password is not None else ""),
                before={"active": before}, after={"active": active},
            )  # fmt: skip
            return UserView(user.id, user.username, user.display_name, user.role, user.active)

    def set_role(self, username: str, role: Role) -> UserView:
        self._ctx.require(Action.MANAGE_USERS)
        role = Role(role)
        with self._ctx.write() as session:
            user = self._get(session, username)
            _ensure_an_admin_remains(session, user, role=role.value, active=user.active)
            before = user.role
            user.role = role.value
            audit.append(
                session, self.user.actor, "user.role", "user", user.id,
                summary=f"changed {user.username}'s role from {before} to {user.role}",
                before={"role": before}, after={"role": user.role},
            )  # fmt: skip
            return UserView(user.id, user.username, user.display_name, user.role, user.active)

    def change_password(self, username: str, new_password: str, *, old_password: str | None = None) -> None:
        """Users change their own password (giving the old one); administrators reset anyone's."""
        own = username.strip().lower() == self.user.username
        if not own:
            self._ctx.require(Action.MANAGE_USERS)
        with self._ctx.write() as session:
            user = self._get(session, username)
            if own and (old_password is None or not password_matches(user.password_hash, old_password)):
                raise AuthenticationError("the current password is wrong")
            set_user_password(session, user, new_password, self.user.actor)
            if own and user.active:  # a fresh key at once, so this session goes on signing
                key = signing_keys.install(session, user, new_password, self.user.actor)
                self._ctx.user = replace(self.user, signer=key, signer_id="")
            audit.append(
                session, self.user.actor, "user.password", "user", user.id,
                summary=f"changed the password of {user.username}" if own else f"reset the password of {user.username}",
            )  # fmt: skip

    def confirm_password(self, password: str) -> None:
        """The signed-in user proves they are still at the keyboard (unlocking the application)."""
        confirm_password(self._ctx.store, self.user, password)
