"""A referral import killed with SIGKILL while it writes leaves the store as before; run again, it completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from caseworker.services.intake import ImportRequest
from caseworker.store.location import StoreLocation
from caseworker.store.models import (
    AuditEvent,
    Case,
    DuplicateCandidate,
    ImportBatch,
    ImportRow,
    Person,
    SearchRow,
)
from tests.support import referrals
from tests.support.stores import PASSWORD, services_for

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def _state(templates, path: Path) -> dict[str, int]:  # type: ignore[no-untyped-def]
    store = templates.open(StoreLocation(path=path))
    try:
        with store.read() as session:
            assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            counts = {m.__name__: session.execute(select(func.count()).select_from(m)).scalar_one()
                      for m in (Case, Person, SearchRow, ImportBatch, ImportRow, DuplicateCandidate)}
            counts["changes"] = session.execute(select(func.count()).where(  # signing in is audited too
                AuditEvent.action.not_like("auth.%"))).scalar_one()
            return counts
    finally:
        store.close()


def test_kill_mid_import_leaves_the_store_as_before_and_the_import_can_run_again(
        sqlite_templates, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    location = sqlite_templates.fresh(tmp_path)
    store = sqlite_templates.open(location)
    referrals.held_cases(services_for(store, "caseworker"))
    store.close()
    listing = referrals.write_xlsx(tmp_path / "big.xlsx", referrals.bulk_rows(3000) + list(referrals.MESSY))
    before = _state(sqlite_templates, location.path)
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent("""
            import sys, time
            from caseworker.cli.main import main
            from caseworker.services.intake import writer
            original = writer.BatchWriter._link_held
            def stall(self):
                original(self)
                print("people written", flush=True)
                time.sleep(60)
            writer.BatchWriter._link_held = stall
            main(["--store", sys.argv[1], "--user", "caseworker", "intake", "import", sys.argv[2], "--source", "MP"])
        """), str(location.path), str(listing)],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
        env=dict(os.environ, CASEWORKER_PASSWORD=PASSWORD, PYTHONPATH=str(ROOT)),
    )  # fmt: skip
    assert child.stdout is not None
    assert "people written" in child.stdout.readline()  # thousands of rows are in the open transaction
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert _state(sqlite_templates, location.path) == before

    store = sqlite_templates.open(location)
    try:
        services = services_for(store, "caseworker")
        report = services.intake.run_import(ImportRequest(listing, source="MP", rejects_path=tmp_path / "r.xlsx"))
        assert report.created == 3000 + 8 and report.rejected == 3
        again = services.intake.run_import(ImportRequest(listing, source="MP", rejects_path=tmp_path / "r2.xlsx"))
        assert again.created == again.queued == again.linked == 0 and again.unchanged == 3000 + 13
        assert services.history.verify().ok
    finally:
        store.close()
    after = _state(sqlite_templates, location.path)
    assert after["Case"] - before["Case"] == 3000 + 7 and after["ImportRow"] == 3000 + 12
