"""Killing the process while it encrypts a store or writes a backup leaves the store intact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import text

from caseworker.services import store_admin
from caseworker.services.session import sign_in
from caseworker.store.location import StoreLocation
from caseworker.store.opening import file_kind
from tests.support.factories import new_case
from tests.support.stores import PASSWORD, SqliteTemplates

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def _run_until(code: str, store: Path, marker: str) -> None:
    """Run `code` in a child process and SIGKILL it as soon as it prints `marker`."""
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), str(store), PASSWORD],
        stdout=subprocess.PIPE, text=True, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )  # fmt: skip
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            if marker in line:
                break
        else:
            raise AssertionError(f"the child ended before printing {marker!r}")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


def _intact(location: StoreLocation, cases: int) -> None:
    services = sign_in(location, "admin", PASSWORD)
    try:
        with services.store.read() as session:
            assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert session.execute(text("SELECT count(*) FROM cases")).scalar() == cases
        assert services.history.verify().ok
    finally:
        services.store.close()


def _with_cases(templates: SqliteTemplates, folder: Path, count: int = 5) -> StoreLocation:
    location = templates.fresh(folder)
    services = sign_in(location, "caseworker", PASSWORD)
    for number in range(count):
        new_case(services, given=f"Person{number}")
    services.store.close()
    return location


ENCRYPT = """
    import sys, time
    from pathlib import Path
    from caseworker.services import store_admin
    from caseworker.store import encryption
    from caseworker.store.location import StoreLocation

    def pause(label):
        print(label, flush=True)
        time.sleep(60)

    {patch}
    store_admin.encrypt(StoreLocation(path=Path(sys.argv[1])), "admin", sys.argv[2], key_ready=lambda code: None)
"""


def test_kill_during_the_encrypted_export_leaves_the_plain_store(plain_templates: SqliteTemplates, tmp_path: Path) -> None:
    location = _with_cases(plain_templates, tmp_path)
    assert location.path is not None
    patch = """
    real = encryption.verify_copy
    def verify_copy(copy, key):
        pause("copy written")
    encryption.verify_copy = verify_copy
    """
    _run_until(ENCRYPT.format(patch=textwrap.dedent(patch).replace("\n", "\n    ")), location.path, "copy written")
    assert file_kind(location) == "plain"
    _intact(location, 5)
    # Running it again finishes the job and clears what the killed run left.
    store_admin.encrypt(location, "admin", PASSWORD, key_ready=lambda code: None)
    assert file_kind(location) == "encrypted"
    _intact(location, 5)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_kill_after_the_swap_leaves_an_encrypted_store_and_the_plain_copy_is_cleared(
    plain_templates: SqliteTemplates, tmp_path: Path
) -> None:
    location = _with_cases(plain_templates, tmp_path)
    assert location.path is not None
    patch = """
    real_shred = encryption.shred
    def shred(path):
        if "plain-original" in path.name:
            pause("swapped")
        real_shred(path)
    encryption.shred = shred
    """
    _run_until(ENCRYPT.format(patch=textwrap.dedent(patch).replace("\n", "\n    ")), location.path, "swapped")
    assert file_kind(location) == "encrypted"
    _intact(location, 5)
    leftovers = [p for p in tmp_path.iterdir() if ".plain-original-" in p.name]
    assert len(leftovers) == 1
    result = store_admin.encrypt(location, "admin", PASSWORD, key_ready=lambda code: None)
    assert result.already_encrypted and result.leftovers_removed == 1
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_kill_during_backup_create_leaves_the_store_and_no_backup(sqlite_templates: SqliteTemplates, tmp_path: Path) -> None:
    location = _with_cases(sqlite_templates, tmp_path)
    assert location.path is not None
    out = tmp_path / "backups" / "killed.cwbackup"
    code = f"""
        import sys, time
        from pathlib import Path
        from caseworker.services.session import sign_in
        from caseworker.store import backup_archive
        from caseworker.store.location import StoreLocation

        real = backup_archive._Hashing.write
        def write(self, data):
            print("writing", flush=True)
            time.sleep(60)
        backup_archive._Hashing.write = write
        services = sign_in(StoreLocation(path=Path(sys.argv[1])), "admin", sys.argv[2])
        services.backups.create(Path({str(out)!r}))
    """
    _run_until(code, location.path, "writing")
    assert not out.exists()  # nothing that looks like a finished backup
    _intact(location, 5)
    services = sign_in(location, "admin", PASSWORD)
    try:
        info = services.backups.create(out)
    finally:
        services.store.close()
    assert info.counts["cases"] == 5 and sorted(p.name for p in out.parent.iterdir()) == ["killed.cwbackup"]
