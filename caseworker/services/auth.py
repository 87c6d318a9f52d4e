"""Checking a user's password against the users table, throttled and audited.

`session.sign_in` is the entry point; for an encrypted SQLite store it first
unlocks the store with the user's key slot, then calls `authenticate` here,
which checks the account is active and records the sign-in. Failures are
audited without the password and without an unknown user name (a password
typed into the user field must not land in the trail).
"""

from __future__ import annotations

import datetime as dt

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

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
from caseworker.store import audit, signing_keys
from caseworker.store.base import utcnow
from caseworker.store.engine import Store
from caseworker.store.keyslots import normalise_username
from caseworker.store.models import User
from caseworker.store.signin_journal import SignInJournal

WRONG = "wrong user name or password"


def current_user(user: User, signer: Ed25519PrivateKey | None = None) -> CurrentUser:
    return CurrentUser(user.id, user.username, user.display_name, Role(user.role), signer)


def _signer(store: Store, session: Session, user: User, password: str, unlocked: bytes | None) -> Ed25519PrivateKey:
    """The user's audit-signing key, unwrapped with their password; a new one if they have none."""
    if unlocked is None and store.keyring is not None:
        slots = store.keyring.current()
        unlocked = slots.unwrap_both(user.username, password)[1] if slots is not None else None
    elif unlocked is None:
        unlocked = signing_keys.unwrap_column(user.signing_key, password)
    key = signing_keys.matching(unlocked, user)
    if key is None:
        key = signing_keys.install(session, user, password, audit.Actor(user.id, user.username))
    return key


def authenticate(
    store: Store, username: str, password: str, *, now: dt.datetime | None = None, unlocked_signing: bytes | None = None
) -> CurrentUser:
    """Check a user name and password in the open store; every failure is counted and audited.

    On success the user's audit-signing key is unwrapped (from `unlocked_signing`, what
    their key slot already gave `session.sign_in`, or else from the slot or the users
    table), or made if they have none yet; the returned user signs with it.

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
            signed_in = current_user(user, _signer(store, session, user, password, unlocked_signing))
            audit.append(session, signed_in.actor, "auth.sign_in", "user", user.id, summary="signed in")
            return signed_in
        if user is not None:
            user.failed_attempts += 1
            user.last_failed_at = now
        audit.append(
            session, audit.SYSTEM, "auth.failed", "user", user.id if user else None,
            summary=f"failed sign-in as {user.username}" if user else "failed sign-in with an unknown user name",
        )  # fmt: skip
    raise AuthenticationError(WRONG)


def confirm_password(store: Store, who: CurrentUser, password: str, *, now: dt.datetime | None = None) -> None:
    """Re-check the signed-in user's password (the lock screen), throttled and audited."""
    now = now or utcnow()
    with store.write() as session:
        user = session.get(User, who.id)
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
            session, who.actor, "auth.unlock" if ok else "auth.unlock_failed", "user", user.id,
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
