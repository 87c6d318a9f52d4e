"""Checking a user's password against the users table, throttled and audited.

`session.sign_in` is the entry point; for an encrypted SQLite store it first
unlocks the store with the user's key slot, then calls `authenticate` here,
which checks the account is active and records the sign-in. Failures are
audited without the password and without an unknown user name (a password
typed into the user field must not land in the trail).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from caseworker.domain import throttle
from caseworker.domain.errors import AuthenticationError
from caseworker.domain.roles import Role
from caseworker.services.context import CurrentUser
from caseworker.services.passwords import (
    hash_password,
    needs_rehash,
    password_matches,
    spend_same_time,
)
from caseworker.store import audit
from caseworker.store.base import utcnow
from caseworker.store.engine import Store
from caseworker.store.keyslots import normalise_username
from caseworker.store.models import User
from caseworker.store.signin_journal import SignInJournal

WRONG = "wrong user name or password"


def current_user(user: User) -> CurrentUser:
    return CurrentUser(user.id, user.username, user.display_name, Role(user.role))


def authenticate(store: Store, username: str, password: str, *, now: dt.datetime | None = None) -> CurrentUser:
    """Check a user name and password in the open store; every failure is counted and audited.

    The check, the count and the audit are one transaction that holds the user's
    row (locked on PostgreSQL; SQLite writers queue), so parallel wrong passwords
    from several processes are checked one after another, each sees the
    failures before it, and each is counted.
    """
    now = now or utcnow()
    name = normalise_username(username)
    with store.write() as session:
        user = session.execute(select(User).where(User.username == name).with_for_update()).scalar_one_or_none()
        if user is None:
            spend_same_time(password)
        else:
            throttle.check(user.failed_attempts, user.last_failed_at, now)
        if user is not None and user.active and password_matches(user.password_hash, password):
            user.failed_attempts = 0
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            audit.append(session, current_user(user).actor, "auth.sign_in", "user", user.id, summary="signed in")
            return current_user(user)
        if user is not None:
            user.failed_attempts += 1
            user.last_failed_at = now
        audit.append(
            session, audit.SYSTEM, "auth.failed", "user", user.id if user else None,
            summary=f"failed sign-in as {user.username}" if user else "failed sign-in with an unknown user name",
        )  # fmt: skip
    raise AuthenticationError(WRONG)


def confirm_password(store: Store, user_id: int, password: str, *, now: dt.datetime | None = None) -> None:
    """Re-check the signed-in user's password (the lock screen), throttled and audited."""
    now = now or utcnow()
    with store.write() as session:
        user = session.get(User, user_id)
        if user is None or not user.active:
            raise AuthenticationError("this account has been disabled; sign in again as another user")
        throttle.check(user.failed_attempts, user.last_failed_at, now)
        ok = password_matches(user.password_hash, password)
        if ok:
            user.failed_attempts = 0
        else:
            user.failed_attempts += 1
            user.last_failed_at = now
        audit.append(
            session, current_user(user).actor, "auth.unlock" if ok else "auth.unlock_failed", "user", user.id,
            summary="unlocked the application" if ok else "failed to unlock the application",
        )  # fmt: skip
    if not ok:
        raise AuthenticationError("wrong password")


def audit_journal_failures(store: Store, journal: SignInJournal) -> int:
    """Write what the journal holds for the trail: failures made while the store was locked,
    and any damage to the journal itself."""
    failures, dropped, damage = journal.unaudited()
    if not failures and not dropped and damage is None:
        return 0
    with store.write() as session:
        users = list(session.execute(select(User)).scalars())
        tags = journal.names([u.username for u in users])
        by_name = {u.username: u for u in users}
        for failure in failures:
            user = by_name.get(tags.get(failure.tag, ""))
            summary = f"failed sign-in as {user.username}" if user else "failed sign-in with an unknown user name"
            audit.append(
                session, audit.SYSTEM, "auth.failed", "user", user.id if user else None,
                summary=summary + f" at {failure.at.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S} UTC "
                "(wrong password for the key slot)",
                after={"at": failure.at.isoformat()},
            )  # fmt: skip
        if dropped:
            audit.append(
                session, audit.SYSTEM, "auth.failed", "store", None,
                summary=f"{dropped} more failed sign-ins were not recorded individually (journal full)",
            )  # fmt: skip
        if damage is not None:
            audit.append(
                session, audit.SYSTEM, "auth.journal_damaged", "store", None, summary=damage.describe(),
                after={"found_at": damage.found_at.isoformat(), "reason": damage.reason, "kept": damage.kept},
            )  # fmt: skip
    journal.mark_audited({f.id for f in failures}, dropped=dropped, damage=damage is not None)
    return len(failures) + dropped + (damage is not None)
