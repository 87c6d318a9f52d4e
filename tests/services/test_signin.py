"""Signing in to an encrypted store: key slots, throttling, auditing, and no password anywhere."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from sqlalchemy import text

from caseworker.domain.errors import AuthenticationError, StoreError, ValidationError
from caseworker.domain.roles import Role
from caseworker.services.api import Services
from caseworker.services.session import open_with_recovery_key, sign_in
from caseworker.store import recovery_key
from caseworker.store.engine import Store
from caseworker.store.keyslots import sidecar_path
from caseworker.store.location import StoreLocation
from caseworker.store.signin_journal import journal_path
from tests.support.stores import PASSWORD, SqliteTemplates

T0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def location(sqlite_templates: SqliteTemplates, tmp_path: Path) -> StoreLocation:
    return sqlite_templates.fresh(tmp_path)


def _events(store: Store, like: str = "auth.%") -> list[tuple[str, str]]:
    with store.read() as session:
        return [tuple(r) for r in session.execute(  # type: ignore[misc]
            text("SELECT action, summary FROM audit_events WHERE action LIKE :a ORDER BY seq"), {"a": like})]


def _opens(location: StoreLocation, user: str, password: str) -> bool:
    try:
        sign_in(location, user, password).store.close()
    except AuthenticationError:
        return False
    return True


def test_the_password_unwraps_the_key_and_the_store_opens(location: StoreLocation) -> None:
    services = sign_in(location, "officer", PASSWORD)
    try:
        assert services.store.is_encrypted and services.user.role is Role.OFFICER
        assert "signed in" in _events(services.store)[-1][1]
    finally:
        services.store.close()


def test_wrong_passwords_are_throttled_with_a_growing_delay(location: StoreLocation) -> None:
    for attempt in range(3):  # three free tries
        with pytest.raises(AuthenticationError, match="wrong user name or password"):
            sign_in(location, "officer", f"guess {attempt}", now=T0 + dt.timedelta(seconds=attempt))
    last = T0 + dt.timedelta(seconds=2)
    with pytest.raises(AuthenticationError, match="wait 1 second"):
        sign_in(location, "officer", PASSWORD, now=last)  # refused before the password is even tried
    with pytest.raises(AuthenticationError, match="wrong"):
        sign_in(location, "officer", "guess 3", now=last + dt.timedelta(seconds=1))
    with pytest.raises(AuthenticationError, match="wait 2 seconds"):
        sign_in(location, "officer", PASSWORD, now=last + dt.timedelta(seconds=1.5))
    with pytest.raises(AuthenticationError, match="wrong"):
        sign_in(location, "officer", "guess 4", now=last + dt.timedelta(seconds=3))
    with pytest.raises(AuthenticationError, match="wait 4 seconds"):
        sign_in(location, "officer", PASSWORD, now=last + dt.timedelta(seconds=3))
    # Other users are not held up, and the right password, in time, resets the count.
    assert _opens(location, "caseworker", PASSWORD)
    services = sign_in(location, "officer", PASSWORD, now=last + dt.timedelta(seconds=7))
    services.store.close()
    with pytest.raises(AuthenticationError, match="wrong"):
        sign_in(location, "officer", "one more slip", now=last + dt.timedelta(seconds=8))
    assert _opens(location, "officer", PASSWORD)


def test_failures_before_the_store_opens_reach_the_audit_trail_at_the_next_sign_in(location: StoreLocation) -> None:
    with pytest.raises(AuthenticationError):
        sign_in(location, "officer", "hunter2-wrong", now=T0)
    with pytest.raises(AuthenticationError):
        sign_in(location, "hunter2-typed-in-the-user-field", "x", now=T0)
    services = sign_in(location, "admin", PASSWORD)
    try:
        failed = [s for a, s in _events(services.store) if a == "auth.failed"]
    finally:
        services.store.close()
    assert len(failed) == 2
    assert "failed sign-in as officer at 2026-11-20 09:00:00 UTC" in failed[0]
    assert "unknown user name" in failed[1] and "hunter2" not in failed[1]
    services = sign_in(location, "admin", PASSWORD)  # drained once, not again
    try:
        assert len([a for a, _ in _events(services.store) if a == "auth.failed"]) == 2
    finally:
        services.store.close()


def test_no_password_in_messages_logs_journal_or_trail(
    location: StoreLocation, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "Secret-Passw0rd-Typed-Wrong"
    caplog.set_level(logging.DEBUG)
    with pytest.raises(AuthenticationError) as failure:
        sign_in(location, "officer", secret)
    with pytest.raises(AuthenticationError) as unknown:
        sign_in(location, secret, secret)  # a password typed into the user field
    services = sign_in(location, "admin", PASSWORD)
    try:
        services.users.change_password("caseworker", secret)
        with services.store.read() as session:
            trail = " ".join(str(r) for r in session.execute(text("SELECT * FROM audit_events")).all())
    finally:
        services.store.close()
    assert location.path is not None
    for where in (str(failure.value), str(unknown.value), caplog.text, trail,
                  journal_path(location.path).read_text(), sidecar_path(location.path).read_text()):  # fmt: skip
        assert secret not in where and secret.lower() not in where
        assert PASSWORD not in where


def test_a_wrong_key_never_shows_the_key(tmp_path: Path, sqlite_templates: SqliteTemplates) -> None:
    from caseworker.store.opening import open_store

    location = sqlite_templates.fresh(tmp_path)
    wrong = bytes(range(32))
    with pytest.raises(StoreError) as failure:
        open_store(location, key=wrong)
    assert "key does not open it" in str(failure.value) and wrong.hex() not in str(failure.value)
    assert failure.value.__cause__ is None and failure.value.__suppress_context__


def test_adding_a_user_adds_a_slot_and_disabling_removes_it(location: StoreLocation) -> None:
    services = sign_in(location, "admin", PASSWORD)
    try:
        services.users.add("zahra", "Zahra Noori", Role.CASEWORKER, "zahra's password")
        assert _opens(location, "zahra", "zahra's password")
        services.users.set_active("zahra", False)
        assert not _opens(location, "zahra", "zahra's password")  # the slot is gone, not just the row flag
        with pytest.raises(ValidationError, match="needs a new password"):
            services.users.set_active("zahra", True)
        services.users.set_active("zahra", True, password="zahra's second password")
        assert _opens(location, "zahra", "zahra's second password")
        assert not _opens(location, "zahra", "zahra's password")
    finally:
        services.store.close()


def test_changing_a_password_rewraps_the_slot(location: StoreLocation) -> None:
    services = sign_in(location, "officer", PASSWORD)
    try:
        with pytest.raises(AuthenticationError, match="current password is wrong"):
            services.users.change_password("officer", "new officer password", old_password="not it")
        services.users.change_password("officer", "new officer password", old_password=PASSWORD)
    finally:
        services.store.close()
    assert not _opens(location, "officer", PASSWORD)
    assert _opens(location, "officer", "new officer password")


def test_a_failed_transaction_puts_the_key_file_back(location: StoreLocation) -> None:
    assert location.path is not None
    services = sign_in(location, "admin", PASSWORD)  # (a first sign-in adds the audit-signing key to the slot)
    before = sidecar_path(location.path).read_bytes()
    try:
        with pytest.raises(RuntimeError), services.store.write() as session:
            services.store.keyring.set_password(session, "ghost", "ghost password")  # type: ignore[union-attr]
            session.flush()
            raise RuntimeError("the commit never happens")
        with pytest.raises(ValidationError):  # a failing service call leaves no slot behind either
            services.users.add("bad name!", "x", Role.CASEWORKER, "long enough password")
    finally:
        services.store.close()
    assert sidecar_path(location.path).read_bytes() == before
    assert not _opens(location, "ghost", "ghost password")


def test_the_last_administrator_cannot_be_disabled_or_demoted(admin: Services) -> None:
    admin.users.add("second", "Second Admin", Role.ADMIN, "second admin password")
    admin.users.set_active("second", False)
    with pytest.raises(ValidationError, match="last active administrator"):
        admin.users.set_role("admin", Role.CASEWORKER)
    admin.users.set_active("second", True, password="second admin password")
    admin.users.set_role("admin", Role.CASEWORKER)  # fine now: another administrator remains
    assert {u.username: u.role for u in admin.users.list()}["admin"] == "caseworker"


def test_the_recovery_key_opens_the_store_when_the_key_file_is_damaged(
    tmp_path: Path, sqlite_templates: SqliteTemplates
) -> None:
    location = sqlite_templates.fresh(tmp_path)
    assert location.path is not None and sqlite_templates.key is not None
    code = recovery_key.encode(sqlite_templates.key)
    sidecar_path(location.path).write_bytes(b'{"format": "caseworker-keyslots", "slots": [garbage')
    with pytest.raises(StoreError, match="damaged.*untouched.*recovery key"):
        sign_in(location, "admin", PASSWORD)
    store = open_with_recovery_key(location, code)
    try:
        with store.read() as session:
            assert session.execute(text("SELECT count(*) FROM users")).scalar() == 3  # data intact
    finally:
        store.close()
    with pytest.raises(AuthenticationError, match="does not open"):
        open_with_recovery_key(location, recovery_key.encode(bytes(32)))


def test_two_administrators_adding_users_at_once_both_get_their_slots(location: StoreLocation) -> None:
    import threading

    first, second = sign_in(location, "admin", PASSWORD), sign_in(location, "admin", PASSWORD)
    errors: list[BaseException] = []

    def add(services: Services, names: list[str]) -> None:
        try:
            for name in names:
                services.users.add(name, name, Role.CASEWORKER, f"{name} password")
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(first, [f"north{i}" for i in range(4)])),
               threading.Thread(target=add, args=(second, [f"south{i}" for i in range(4)]))]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    first.store.close()
    second.store.close()
    assert not errors
    for name in [f"north{i}" for i in range(4)] + [f"south{i}" for i in range(4)]:
        assert _opens(location, name, f"{name} password"), name
