"""Encrypting a plain store in place, emergency erase and recovery."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from caseworker.domain.errors import AuthenticationError, PermissionDenied, StoreError
from caseworker.services import store_admin
from caseworker.services.session import open_with_recovery_key, sign_in
from caseworker.store.keyslots import sidecar_path
from caseworker.store.location import StoreLocation
from caseworker.store.opening import file_kind
from caseworker.store.signin_journal import journal_path
from tests.support.factories import new_case
from tests.support.stores import PASSWORD, SqliteTemplates


def _count_cases(location: StoreLocation, user: str = "admin", password: str = PASSWORD) -> int:
    services = sign_in(location, user, password)
    try:
        with services.store.read() as session:
            return int(session.execute(text("SELECT count(*) FROM cases")).scalar_one())
    finally:
        services.store.close()


def test_encrypting_a_plain_store_in_place(plain_templates: SqliteTemplates, tmp_path: Path) -> None:
    location = plain_templates.fresh(tmp_path)
    assert location.path is not None
    services = sign_in(location, "caseworker", PASSWORD)
    for name in ("Ahmad", "Hamid", "Karim"):
        new_case(services, given=name)
    services.store.close()
    with pytest.raises(PermissionDenied):
        store_admin.encrypt(location, "caseworker", PASSWORD, key_ready=lambda code: None)
    assert file_kind(location) == "plain"

    shown: list[str] = []
    result = store_admin.encrypt(location, "admin", PASSWORD, key_ready=shown.append)
    assert file_kind(location) == "encrypted" and len(shown) == 1
    assert result.users_needing_password == ("caseworker", "officer")
    assert _count_cases(location) == 3
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no copy of the plain data left
    # Only the administrator has a slot; the recovery key opens it too.
    with pytest.raises(AuthenticationError):
        sign_in(location, "officer", PASSWORD)
    open_with_recovery_key(location, shown[0]).close()
    again = store_admin.encrypt(location, "admin", PASSWORD, key_ready=shown.append)
    assert again.already_encrypted and len(shown) == 1
    services = sign_in(location, "admin", PASSWORD)
    try:
        services.users.change_password("officer", "officer's new password")
        assert store_admin.status(services).users_without_slot == ("caseworker",)
    finally:
        services.store.close()
    assert _count_cases(location, "officer", "officer's new password") == 3


def test_a_failed_check_after_the_swap_puts_the_original_back(
    plain_templates: SqliteTemplates, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from caseworker.store import encryption

    location = plain_templates.fresh(tmp_path)
    assert location.path is not None
    original = location.path.read_bytes()

    def broken(*args: object, **kwargs: object) -> None:
        raise StoreError("simulated failure after the swap")

    real = encryption.encrypt_in_place
    monkeypatch.setattr(store_admin, "encrypt_in_place", lambda path, slots, key_ready, check_opened: real(
        path, slots, key_ready=key_ready, check_opened=broken))  # fmt: skip
    with pytest.raises(StoreError, match="simulated"):
        store_admin.encrypt(location, "admin", PASSWORD, key_ready=lambda code: None)
    assert file_kind(location) == "plain" and not sidecar_path(location.path).exists()
    assert _count_cases(location) == 0 and location.path.read_bytes()[:16] == original[:16]


def test_emergency_erase_leaves_only_the_recovery_key(sqlite_templates: SqliteTemplates, tmp_path: Path) -> None:
    location = sqlite_templates.fresh(tmp_path)
    assert location.path is not None and sqlite_templates.key is not None
    from caseworker.store import recovery_key

    code = recovery_key.encode(sqlite_templates.key)
    services = sign_in(location, "caseworker", PASSWORD)
    new_case(services)
    services.backups.auto_backup(keep=3)
    with pytest.raises(PermissionDenied):
        store_admin.erase(services)
    services.store.close()
    # Other files that hold slots of this store: one a restore kept aside, one from a killed run.
    kept = tmp_path / "store.db.replaced-20261120T090000Z-keys"
    stray = tmp_path / ".store.db.restoring-1234abcd-keys"
    for extra in (kept, stray):
        extra.write_bytes(sidecar_path(location.path).read_bytes())

    services = sign_in(location, "admin", PASSWORD)
    result = store_admin.erase(services)
    assert str(sidecar_path(location.path)) in result.files_destroyed and len(result.files_destroyed) == 5
    assert str(journal_path(location.path)) in result.files_destroyed  # every encrypted store has one
    assert not sidecar_path(location.path).exists() and not kept.exists() and not stray.exists()
    assert not any((tmp_path / "store.db-backups").iterdir())  # the automatic backups carried the slots
    for user in ("admin", "officer", "caseworker"):
        with pytest.raises(StoreError, match="key file .* is missing"):
            sign_in(location, user, PASSWORD)

    recovered = store_admin.recover(location, code, "admin", "admin's new password")
    assert recovered.key_file_rebuilt and recovered.users_needing_password == ("caseworker", "officer")
    assert _count_cases(location, "admin", "admin's new password") == 1
    services = sign_in(location, "admin", "admin's new password")
    try:
        with services.store.read() as session:
            actions = list(session.execute(text("SELECT action FROM audit_events WHERE action LIKE 'store.%'")).scalars())
    finally:
        services.store.close()
    assert actions == ["store.create", "store.erase", "store.recover"]


def test_recovery_can_create_a_new_administrator_but_not_promote_a_caseworker(
    sqlite_templates: SqliteTemplates, tmp_path: Path
) -> None:
    from caseworker.domain.errors import ValidationError
    from caseworker.store import recovery_key

    location = sqlite_templates.fresh(tmp_path)
    assert sqlite_templates.key is not None
    code = recovery_key.encode(sqlite_templates.key)
    with pytest.raises(ValidationError, match="not an administrator"):
        store_admin.recover(location, code, "caseworker", "a new password")
    result = store_admin.recover(location, code, "rescue", "rescue password")
    assert result.created and not result.key_file_rebuilt and result.users_needing_password == ()
    assert _count_cases(location, "rescue", "rescue password") == 0
    assert _count_cases(location, "officer", PASSWORD) == 0  # other slots untouched
