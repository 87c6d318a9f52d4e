"""Backups on SQLite and PostgreSQL: round trip, verification, restore rules, automatic rotation."""

from __future__ import annotations

import datetime as dt
import threading
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import text

from caseworker.domain.errors import AuthenticationError, PermissionDenied, StoreError
from caseworker.services.api import Services
from caseworker.services.restore import Credentials, restore_file, verify_file
from caseworker.services.session import open_with_recovery_key, sign_in
from caseworker.store import recovery_key
from caseworker.store.backup_archive import read_manifest
from caseworker.store.engine import Store
from caseworker.store.location import StoreLocation
from tests.support.factories import new_case
from tests.support.stores import PASSWORD, services_for

PASSPHRASE = "backup passphrase for tests"
WHO = Credentials("admin", PASSWORD, passphrase=PASSPHRASE)


def _cases(location: StoreLocation, user: str = "officer") -> list[str]:
    services = sign_in(location, user, PASSWORD)
    try:
        with services.store.read() as session:
            return list(session.execute(text("SELECT reference FROM cases ORDER BY reference")).scalars())
    finally:
        services.store.close()


def _actions(location: StoreLocation, like: str) -> list[str]:
    services = sign_in(location, "admin", PASSWORD)
    try:
        assert services.history.verify().ok
        with services.store.read() as session:
            return list(session.execute(text("SELECT action FROM audit_events WHERE action LIKE :a ORDER BY seq"),
                                        {"a": like}).scalars())  # fmt: skip
    finally:
        services.store.close()


def test_backup_round_trip(store: Store, admin: Services, tmp_path: Path) -> None:
    first = new_case(admin, given="Before")
    out = tmp_path / "backups" / "store.cwbackup"
    info = admin.backups.create(out, passphrase=PASSPHRASE)
    assert info.encrypted and info.counts["cases"] == 1 and info.counts["people"] == 1
    manifest = read_manifest(out)
    assert manifest.backend == store.dialect and manifest.audit_seq > 0
    report = verify_file(out, WHO)
    assert report.ok, report.problems
    new_case(admin, given="After")  # the store moves on after the backup
    admin.store.close()

    with pytest.raises(StoreError, match="changes that are not in this backup"):
        restore_file(out, store.location, WHO)
    restored = restore_file(out, store.location, WHO, force=True)
    assert _cases(store.location) == [first.reference]  # the same passwords open the restored store
    # The backup was taken before its own "backup.create" event, so the restored trail ends so:
    assert _actions(store.location, "backup.%") == ["backup.restore"]
    if store.is_sqlite:
        assert restored.replaced_kept_as is not None
        kept = StoreLocation(path=restored.replaced_kept_as)
        assert len(_cases(kept)) == 2  # nothing is lost: the replaced store opens, with the later case


def test_restoring_into_a_new_place(store: Store, admin: Services, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    case = new_case(admin)
    out = tmp_path / "b.cwbackup"
    admin.backups.create(out, passphrase=PASSPHRASE)
    if store.is_sqlite:
        target = StoreLocation(path=tmp_path / "elsewhere" / "restored.db")
    else:
        target = request.getfixturevalue("postgres_templates").empty()
    restore_file(out, target, WHO)
    assert _cases(target) == [case.reference]
    if store.is_sqlite:  # the recovery key of the original opens the restored copy
        templates = request.getfixturevalue("sqlite_templates")
        open_with_recovery_key(target, recovery_key.encode(templates.key)).close()


def test_sqlite_backups_need_a_password_or_the_recovery_key(
    sqlite_store: Store, tmp_path: Path, sqlite_templates  # type: ignore[no-untyped-def]
) -> None:
    services = services_for(sqlite_store, "caseworker")
    new_case(services)
    out = tmp_path / "b.cwbackup"
    services.backups.create(out)
    with pytest.raises(AuthenticationError):
        verify_file(out, Credentials("caseworker", "wrong password"))
    assert verify_file(out, Credentials(recovery_code=recovery_key.encode(sqlite_templates.key))).ok
    with pytest.raises(PermissionDenied):  # restoring takes an administrator of the backup
        restore_file(out, StoreLocation(path=tmp_path / "new.db"), Credentials("caseworker", PASSWORD))
    assert not [p.name for p in tmp_path.iterdir() if "new.db" in p.name]  # no half-restored files


def test_verify_finds_a_damaged_backup(sqlite_store: Store, tmp_path: Path) -> None:
    services = services_for(sqlite_store, "admin")
    new_case(services)
    out = tmp_path / "b.cwbackup"
    services.backups.create(out)
    data = bytearray(out.read_bytes())
    with zipfile.ZipFile(out) as archive:
        info = archive.getinfo("store.db")
    data[info.header_offset + 200_000 % info.file_size + 100] ^= 0xFF  # one flipped bit inside the copy
    damaged = tmp_path / "damaged.cwbackup"
    damaged.write_bytes(bytes(data))
    report = verify_file(damaged, WHO)
    assert not report.ok and report.problems[0].startswith("store.db is damaged")
    with pytest.raises(StoreError, match="damaged"):
        restore_file(damaged, StoreLocation(path=tmp_path / "r.db"), WHO)
    (tmp_path / "short.cwbackup").write_bytes(bytes(data[:5000]))
    with pytest.raises(StoreError, match="not a caseworker backup"):
        verify_file(tmp_path / "short.cwbackup", WHO)


def test_a_backup_taken_while_others_write_is_consistent(sqlite_store: Store, tmp_path: Path) -> None:
    writer = services_for(sqlite_store, "caseworker")
    stop = threading.Event()

    def keep_writing() -> None:
        while not stop.is_set():
            new_case(writer)

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        backups = []
        for number in range(3):
            out = tmp_path / f"during-{number}.cwbackup"
            services_for(sqlite_store, "admin").backups.create(out)
            backups.append(out)
    finally:
        stop.set()
        thread.join()
    for out in backups:
        manifest = read_manifest(out)
        assert verify_file(out, WHO).ok
        # whole transactions only: every case has its person and its creation event
        assert manifest.counts["cases"] == manifest.counts["people"]


def test_automatic_backups_rotate(store: Store, caseworker: Services, admin: Services) -> None:
    if not store.is_sqlite:
        assert caseworker.backups.auto_backup(keep=3) is None  # the operator backs up the server
        return
    t0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
    made = [caseworker.backups.auto_backup(keep=3, now=t0 + dt.timedelta(minutes=i)) for i in range(5)]
    folder = made[0].parent  # type: ignore[union-attr]
    assert folder.name == "store.db-backups"
    assert sorted(folder.iterdir()) == made[2:]
    admin.settings.set("backup.keep", 1)
    caseworker.backups.auto_backup(now=t0 + dt.timedelta(hours=1))
    assert len(list(folder.iterdir())) == 1
    admin.settings.set("backup.keep", 0)
    assert caseworker.backups.auto_backup() is None


def test_read_only_users_cannot_back_up(admin: Services, tmp_path: Path) -> None:
    from caseworker.domain.roles import Role

    admin.users.add("reader", "Reader", Role.READ_ONLY, "reader password")
    reader = services_for_password(admin.store, "reader", "reader password")
    with pytest.raises(PermissionDenied):
        reader.backups.create(tmp_path / "x.cwbackup", passphrase=PASSPHRASE)
    assert reader.backups.auto_backup(keep=2) is None


def services_for_password(store: Store, user: str, password: str) -> Services:
    from caseworker.services.auth import authenticate

    return Services(store, authenticate(store, user, password))


def test_the_database_password_never_reaches_a_command_line() -> None:
    from caseworker.store.pg_backup import connection_args

    conninfo, env = connection_args("postgresql+psycopg://cw:s3cret%20pw@db.example:5433/team?sslmode=verify-full")
    assert "s3cret" not in conninfo and env["PGPASSWORD"] == "s3cret pw"
    assert "host='db.example'" in conninfo and "sslmode='verify-full'" in conninfo and "dbname='team'" in conninfo


@pytest.mark.postgres
def test_pg_dump_runs_without_the_password_in_its_arguments(
    postgres_templates, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    import subprocess

    from caseworker.store import pg_backup

    location = postgres_templates.fresh()
    assert location.url is not None
    with_password = StoreLocation(url=location.url.replace("://cw@", "://cw:never-on-argv@"))
    seen: list[list[str]] = []
    real = subprocess.Popen

    def spy(args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(list(args))
        return real(args, **kwargs)

    monkeypatch.setattr(pg_backup.subprocess, "Popen", spy)
    services = sign_in(with_password, "admin", PASSWORD)
    try:
        services.backups.create(tmp_path / "pg.cwbackup", passphrase=PASSPHRASE)
    finally:
        services.store.close()
    assert seen and all("never-on-argv" not in arg for args in seen for arg in args)
