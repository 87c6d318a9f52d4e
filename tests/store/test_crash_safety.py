"""A process killed with SIGKILL mid-write leaves an intact store holding whole transactions."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from caseworker.services.session import sign_in
from caseworker.store.engine import Store
from caseworker.store.location import StoreLocation
from caseworker.store.models import Case, Person, SearchRow

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def _spawn(code: str, store: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, CASEWORKER_PASSWORD="crash-test-password", PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), str(store)],
        stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )  # fmt: skip


def _wait_for(proc: subprocess.Popen[str], marker: str) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        if marker in line:
            return
    raise AssertionError(f"the child process ended before printing {marker!r}")


def _open(path: Path) -> Store:
    return sign_in(StoreLocation(path=path), "admin", "crash-test-password").store


def _check_consistent(path: Path) -> tuple[int, int]:
    store = _open(path)
    try:
        with store.read() as session:
            assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            cases = session.execute(select(func.count()).select_from(Case)).scalar_one()
            people = session.execute(select(func.count()).select_from(Person)).scalar_one()
            # every case came with its whole family and its search rows: no half transactions
            family_total = session.execute(select(func.coalesce(func.sum(Case.family_size), 0))).scalar_one()
            search_rows = session.execute(select(func.count()).select_from(SearchRow)).scalar_one()
            audited = session.execute(text("SELECT count(*) FROM audit_events WHERE action = 'case.create'")).scalar()
        assert family_total == people
        assert search_rows == cases + people
        assert audited == cases
        return cases, people
    finally:
        store.close()


def test_kill_during_demo_generation_keeps_whole_chunks(tmp_path: Path) -> None:
    path = tmp_path / "killed.db"
    proc = _spawn(
        """
        import sys
        from caseworker.cli.main import main
        from caseworker.services.demo import load
        original = load._write_chunk
        def announce(*args, **kwargs):
            result = original(*args, **kwargs)
            print("chunk written", flush=True)
            return result
        load._write_chunk = announce
        main(["--store", sys.argv[1], "demo", "--cases", "100000", "--quiet"])
        """,
        path,
    )
    _wait_for(proc, "chunk written")  # at least one chunk is in flight or committed
    _wait_for(proc, "chunk written")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    cases, _ = _check_consistent(path)
    assert cases % 2000 == 0 and 2000 <= cases < 100000
    # The store is usable and verifiable after the kill.
    env = dict(os.environ, CASEWORKER_PASSWORD="crash-test-password", CASEWORKER_USER="admin")
    result = subprocess.run(
        [sys.executable, "-m", "caseworker", "--store", str(path), "audit", "verify"],
        env=env, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_kill_during_a_bulk_edit_leaves_all_or_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bulk.db"
    env = dict(os.environ, CASEWORKER_PASSWORD="crash-test-password")
    subprocess.run(
        [sys.executable, "-m", "caseworker", "--store", str(path), "demo", "--cases", "3000", "--quiet"],
        env=env, cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    proc = _spawn(
        """
        import sys
        from caseworker.services.queries import CaseQuery
        from caseworker.services import cases as cases_module
        from caseworker.services.session import sign_in
        from caseworker.store.location import StoreLocation
        from pathlib import Path
        services = sign_in(StoreLocation(path=Path(sys.argv[1])), "officer", "crash-test-password")
        ids = services.queries.ids(CaseQuery())
        original = cases_module.records.touch
        count = 0
        def touch(case):
            global count
            count += 1
            if count == 1500:
                print("half way", flush=True)
                import time; time.sleep(60)
            return original(case)
        cases_module.records.touch = touch
        services.cases.assign(ids, "admin")
        print("done", flush=True)
        """,
        path,
    )
    _wait_for(proc, "half way")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    _check_consistent(path)
    store = _open(path)
    try:
        with store.read() as session:
            admin_id = session.execute(text("SELECT id FROM users WHERE username = 'admin'")).scalar()
            assigned = session.execute(select(func.count()).where(Case.assigned_to_id == admin_id)).scalar()
    finally:
        store.close()
    assert assigned == 0  # the killed transaction left nothing behind
