"""`store rekey`: a new data key that the old key file, the old recovery key and a disabled
user's old password no longer reach (issue 14, point 2); killed at any step, the store opens."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select, text

from caseworker.domain.errors import AuthenticationError, PermissionDenied, StoreError
from caseworker.services import store_admin
from caseworker.services.session import open_with_recovery_key, sign_in
from caseworker.store import keyslots, recovery_key
from caseworker.store.keyslots import sidecar_path
from caseworker.store.location import StoreLocation
from caseworker.store.models import AuditEvent
from tests.support.factories import new_case
from tests.support.stores import PASSWORD, SqliteTemplates

ROOT = Path(__file__).resolve().parents[2]


def _store(templates: SqliteTemplates, folder: Path) -> tuple[StoreLocation, str]:
    location = templates.fresh(folder)
    services = sign_in(location, "caseworker", PASSWORD)
    new_case(services, given="Before")
    services.store.close()
    assert templates.key is not None
    return location, recovery_key.encode(templates.key)


def _rekey(location: StoreLocation) -> str:
    shown: list[str] = []
    store_admin.rekey(location, "admin", PASSWORD, key_ready=shown.append)
    assert len(shown) == 1
    return shown[0]


def _opens(location: StoreLocation, user: str = "admin", password: str = PASSWORD) -> int:
    services = sign_in(location, user, password)
    try:
        with services.store.read() as session:
            assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            cases = session.execute(text("SELECT count(*) FROM cases")).scalar()
        assert services.history.verify().ok
        return int(cases or 0)
    finally:
        services.store.close()


def test_after_a_rekey_the_old_key_file_and_the_old_recovery_key_no_longer_open(
    sqlite_templates: SqliteTemplates, tmp_path: Path
) -> None:
    location, old_code = _store(sqlite_templates, tmp_path)
    assert location.path is not None
    old_key_file = tmp_path / "copy-of-the-key-file"
    shutil.copyfile(sidecar_path(location.path), old_key_file)
    new_code = _rekey(location)
    assert new_code != old_code
    assert _opens(location) == 1 and _opens(location, "caseworker") == 1 and _opens(location, "officer") == 1
    with pytest.raises(AuthenticationError, match="does not open"):
        open_with_recovery_key(location, old_code).close()
    open_with_recovery_key(location, new_code).close()
    shutil.copyfile(old_key_file, sidecar_path(location.path))  # someone puts the old key file back
    with pytest.raises(StoreError):
        sign_in(location, "admin", PASSWORD).store.close()


def test_a_disabled_users_old_password_and_old_key_file_no_longer_open_the_store(
    sqlite_templates: SqliteTemplates, tmp_path: Path
) -> None:
    location, _ = _store(sqlite_templates, tmp_path)
    assert location.path is not None
    kept = tmp_path / "caseworker-kept-this"
    shutil.copyfile(sidecar_path(location.path), kept)  # the caseworker copies the key file, then leaves
    admin = sign_in(location, "admin", PASSWORD)
    admin.users.set_active("caseworker", False)
    admin.store.close()
    current = sidecar_path(location.path).read_bytes()

    def with_kept_file() -> None:
        shutil.copyfile(kept, sidecar_path(location.path))
        try:
            sign_in(location, "caseworker", PASSWORD).store.close()
        finally:
            sidecar_path(location.path).write_bytes(current)  # type: ignore[union-attr]

    with pytest.raises(AuthenticationError, match="disabled|wrong"):
        with_kept_file()  # the slot still unwraps the data key: only the users table stops them...
    key = keyslots.KeySlots.from_bytes(kept.read_bytes(), "kept").unwrap("caseworker", PASSWORD)
    assert key is not None  # ...so with the key, the whole store is readable to them (the reason for rekey)
    _rekey(location)
    current = sidecar_path(location.path).read_bytes()
    with pytest.raises(StoreError, match="cannot be read with this key|wrong key|key"):
        with_kept_file()
    assert _opens(location) == 1


def test_only_an_administrator_may_rekey_and_never_a_plain_store(
    sqlite_templates: SqliteTemplates, plain_templates: SqliteTemplates, tmp_path: Path
) -> None:
    (tmp_path / "a").mkdir()
    location, _ = _store(sqlite_templates, tmp_path / "a")
    with pytest.raises(PermissionDenied):
        store_admin.rekey(location, "caseworker", PASSWORD, key_ready=lambda code: None)
    (tmp_path / "b").mkdir()
    with pytest.raises(StoreError, match="not encrypted"):
        store_admin.rekey(plain_templates.fresh(tmp_path / "b"), "admin", PASSWORD, key_ready=lambda code: None)


def test_the_rekey_is_in_the_audit_trail(sqlite_templates: SqliteTemplates, tmp_path: Path) -> None:
    location, _ = _store(sqlite_templates, tmp_path)
    _rekey(location)
    services = sign_in(location, "admin", PASSWORD)
    try:
        with services.store.read() as session:
            summary = session.execute(select(AuditEvent.summary).where(AuditEvent.action == "store.rekey")).scalar_one()
        assert "rotated the data key" in summary and "old recovery key" in summary
    finally:
        services.store.close()


REKEY = """
    import sys, time
    from pathlib import Path
    from caseworker.services import store_admin
    from caseworker.store import rekey
    from caseworker.store.location import StoreLocation

    def pause(label):
        if label == sys.argv[3]:
            print(label, flush=True)
            time.sleep(60)

    rekey._step = pause
    store_admin.rekey(StoreLocation(path=Path(sys.argv[1])), "admin", sys.argv[2], key_ready=lambda code: None)
"""


@pytest.mark.slow
@pytest.mark.parametrize("step", ["pending-written", "recovery-key-shown", "rekeyed", "slots-replaced"])
def test_kill_during_a_rekey_leaves_a_store_that_opens_and_a_rerun_finishes(
    sqlite_templates: SqliteTemplates, tmp_path: Path, step: str
) -> None:
    location, old_code = _store(sqlite_templates, tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(REKEY), str(location.path), PASSWORD, step],
        stdout=subprocess.PIPE, text=True, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )  # fmt: skip
    assert proc.stdout is not None
    try:
        assert step in proc.stdout.readline()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert _opens(location) == 1 and _opens(location, "caseworker") == 1  # under the old or the new key
    new_code = _rekey(location)  # running it again finishes the job
    assert _opens(location) == 1
    open_with_recovery_key(location, new_code).close()
    with pytest.raises(AuthenticationError):
        open_with_recovery_key(location, old_code).close()
