"""At rest, an encrypted store holds no readable personal data: not in the store file, its WAL,
its key file, its sign-in journal or its backups. The same search on an unencrypted twin
finds the data, so the search itself is shown to work."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import text

from caseworker.cli.main import main
from caseworker.domain.errors import AuthenticationError
from caseworker.services.session import sign_in
from caseworker.store.keyslots import sidecar_path
from caseworker.store.location import StoreLocation
from caseworker.store.signin_journal import journal_path
from tests.support.factories import new_case

PASSWORD = "at-rest test password"
# Written after the demo load, while the store stays open, so it sits in the WAL.
LATE = {"given": "Zarghuna", "surname": "Wardakzai", "original": "زرغونه وردکزۍ",
        "passport": "P77319946", "phone": "+93 79 555 0142"}  # fmt: skip


def _demo(path: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> None:
    monkeypatch.setenv("CASEWORKER_PASSWORD", PASSWORD)
    assert main(["--store", str(path), "demo", "--cases", "60", "--seed", "11", "--quiet", *extra]) == 0


def _personal_values(location: StoreLocation) -> set[bytes]:
    """Names (both scripts), document numbers and phone numbers the store holds, as stored."""
    services = sign_in(location, "admin", PASSWORD)
    try:
        with services.store.read() as session:
            rows = session.execute(text(
                "SELECT doc_surname, doc_given_names, name_original, father_name FROM people "
                "UNION ALL SELECT number, number_norm, '', '' FROM identity_documents "
                "UNION ALL SELECT value, '', '', '' FROM contact_points"
            )).all()  # fmt: skip
    finally:
        services.store.close()
    values = {v.encode("utf-8") for row in rows for v in row if v}
    return {v for v in values if len(v) >= 6}  # shorter strings could occur in random bytes by chance


def _files(path: Path, backup: Path) -> dict[str, bytes]:
    files = {"store": path, "wal": path.with_name(path.name + "-wal"), "keys": sidecar_path(path),
             "journal": journal_path(path), "backup": backup}  # fmt: skip
    return {name: f.read_bytes() for name, f in files.items() if f.exists()}


def _exercise(path: Path, backup: Path) -> dict[str, bytes]:
    """Fail a sign-in (journal), write while open (WAL), back up; return every file's bytes."""
    location = StoreLocation(path=path)
    with pytest.raises(AuthenticationError):
        sign_in(location, "officer", "a wrong password")
    services = sign_in(location, "caseworker", PASSWORD)
    try:
        new_case(services, given=LATE["given"], surname=LATE["surname"], original=LATE["original"],
                 passport=LATE["passport"], phone=LATE["phone"])  # fmt: skip
        services.backups.create(backup)
        files = _files(path, backup)  # read while the store is open: the WAL still holds the late case
    finally:
        services.store.close()
    return files


@pytest.mark.slow
def test_raw_bytes_of_store_wal_key_file_journal_and_backup_hold_no_personal_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain, encrypted = tmp_path / "plain" / "twin.db", tmp_path / "encrypted" / "store.db"
    _demo(plain, monkeypatch, "--no-encryption")
    _demo(encrypted, monkeypatch)
    plain_files = _exercise(plain, tmp_path / "plain.cwbackup")
    files = _exercise(encrypted, tmp_path / "encrypted.cwbackup")
    values = _personal_values(StoreLocation(path=encrypted))
    assert _personal_values(StoreLocation(path=plain)) == values  # the same caseload, seed for seed
    late = {LATE["original"].encode(), LATE["passport"].encode(), b"WARDAKZAI"}
    assert late <= values and len(values) > 300

    # The search works: the unencrypted twin gives the data away, in its WAL too.
    plain_blob = plain_files["store"] + plain_files["wal"]
    assert all(v in plain_blob for v in late)
    assert sum(v in plain_blob for v in values) > 0.9 * len(values)

    assert set(files) == {"store", "wal", "keys", "journal", "backup"} and len(files["wal"]) > 0
    for name, blob in files.items():
        leaked = sorted(v.decode() for v in values if v in blob)
        assert not leaked, f"{name} holds personal data in the clear: {leaked[:5]}"
    assert not files["store"].startswith(b"SQLite format 3")


def test_plain_sqlite_cannot_open_an_encrypted_store(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    path = sqlite_store.location.path
    sqlite_store.close()
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()
    try:
        result = subprocess.run(["sqlite3", str(path), "SELECT count(*) FROM cases;"], capture_output=True, text=True)
    except FileNotFoundError:
        return  # no sqlite3 shell on this machine; the library check above stands
    assert result.returncode != 0 and "not a database" in result.stderr
