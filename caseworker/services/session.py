"""Signing in: open the store at a location as a user. The one entry point
the CLI and the GUI use, so that how a store is unlocked stays in one place.

For an encrypted SQLite store the password first unwraps the data key from
the user's key slot; only then can the store be opened and the account
checked. A wrong password at that stage cannot be recorded inside the still
locked store, so it goes to the sign-in journal next to it (throttling the
next attempts) and into the audit trail at the next successful sign-in.
Plain and PostgreSQL stores count and audit failures in the users table.
"""

from __future__ import annotations

import datetime as dt

from caseworker.domain.errors import AuthenticationError, StoreError
from caseworker.domain.roles import Role
from caseworker.services.api import Services
from caseworker.services.auth import WRONG, audit_journal_failures, authenticate
from caseworker.store import keyslots, recovery_key
from caseworker.store.base import utcnow
from caseworker.store.engine import Store, WrongKeyError
from caseworker.store.location import StoreLocation
from caseworker.store.opening import file_kind, open_store
from caseworker.store.signin_journal import SignInJournal


def sign_in(location: StoreLocation, username: str, password: str, *, now: dt.datetime | None = None) -> Services:
    """Open the store and authenticate; the caller closes `services.store` when done."""
    now = now or utcnow()
    if location.path is None or file_kind(location) != "encrypted":
        store = open_store(location)
        try:
            return Services(store, authenticate(store, username, password, now=now))
        except BaseException:
            store.close()
            raise
    return _sign_in_encrypted(location, username, password, now)


def _sign_in_encrypted(location: StoreLocation, username: str, password: str, now: dt.datetime) -> Services:
    assert location.path is not None
    slots = keyslots.load(keyslots.sidecar_path(location.path))  # a missing key file says so first
    journal = SignInJournal(location.path)
    with journal.attempt(username, now) as attempt:  # throttled, and held until the check is recorded
        found = slots.candidates(username, password)
        if found:
            attempt.succeeded()
        else:
            attempt.failed()
    if not found:
        raise AuthenticationError(WRONG)
    store, signing = _open_with_slot(location, found)
    if store is None:
        raise AuthenticationError(WRONG)
    try:
        user = authenticate(store, username, password, now=now, unlocked_signing=signing)
    except AuthenticationError:
        journal.failed_in_store(username, now)  # the store audited this one itself
        store.close()
        raise
    except BaseException:
        store.close()
        raise
    try:
        cleared = journal.administrator_signed_in() if user.role is Role.ADMIN else None
        audit_journal_failures(store, journal)
    except BaseException:
        store.close()
        raise
    services = Services(store, user)
    if cleared is not None:
        services.notices.append(cleared.describe())
    return services


def _open_with_slot(location: StoreLocation, found: list[tuple[bytes, bytes | None]]) -> tuple[Store | None, bytes | None]:
    """Open the store with the first data key the user's slot gave that opens it (after an
    interrupted `store rekey` the slot holds the old and the new key: see store/rekey.py)."""
    for n, (key, signing) in enumerate(found):
        try:
            return open_store(location, key=key), signing
        except WrongKeyError:
            if n == len(found) - 1:
                raise
    return None, None


def open_with_recovery_key(location: StoreLocation, code: str) -> Store:
    """Open an encrypted SQLite store with its recovery key, without any user or key file."""
    if location.path is None:
        raise StoreError("PostgreSQL stores have no recovery key; their users are managed on the server")
    key = recovery_key.decode(code)
    kind = file_kind(location)
    if kind == "plain":
        raise StoreError(f"{location.display} is not encrypted; sign in with a user name and password")
    if kind in ("missing", "empty"):
        raise StoreError(f"there is no store at {location.display}")
    try:
        return open_store(location, key=key)
    except WrongKeyError:
        raise AuthenticationError(f"this recovery key does not open {location.display}") from None
