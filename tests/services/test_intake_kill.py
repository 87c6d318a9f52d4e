"""A referral import killed with SIGKILL part-way: whole families, a consistent store and an interrupted
batch, which importing the same file again continues, or which undo removes (issue 12, point 6)."""

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


STALL = textwrap.dedent("""
    import sys, time
    from caseworker.cli.main import main
    from caseworker.services.intake import writer
    writer.CHUNK_ROWS = 500
    original, calls = writer.BatchWriter._step, []
    def stall(self, done, total):
        calls.append(done)
        if len(calls) == 4:  # before the fourth chunk: three are committed
            print("chunks written", flush=True)
            time.sleep(60)
        original(self, done, total)
    writer.BatchWriter._step = stall
    main(["--store", sys.argv[1], "--user", "caseworker", "intake", "import", sys.argv[2], "--source", "MP"])
""")


def _kill_mid_import(templates, location: StoreLocation, listing: Path) -> None:  # type: ignore[no-untyped-def]
    child = subprocess.Popen(
        [sys.executable, "-c", STALL, str(location.path), str(listing)], stdout=subprocess.PIPE, text=True, cwd=ROOT,
        env=dict(os.environ, CASEWORKER_PASSWORD=PASSWORD, PYTHONPATH=str(ROOT)),
    )  # fmt: skip
    assert child.stdout is not None
    assert "chunks written" in child.stdout.readline()  # 1,500 people are committed, the rest not
    child.send_signal(signal.SIGKILL)
    child.wait()


def _consistent(templates, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Whole families only: every fingerprinted row has its person, every case its people, the trail verifies."""
    store = templates.open(StoreLocation(path=path))
    try:
        with store.read() as session:
            orphans = session.execute(select(func.count()).select_from(ImportRow).where(
                ImportRow.outcome.in_(("CREATED", "QUEUED")), ImportRow.person_id.is_(None))).scalar_one()
            empty = session.execute(select(func.count()).select_from(Case).where(
                ~Case.id.in_(select(Person.case_id)))).scalar_one()
            sizes = session.execute(select(func.count()).select_from(Case).where(
                Case.family_size != select(func.count()).where(Person.case_id == Case.id).scalar_subquery())).scalar_one()
            assert (orphans, empty, sizes) == (0, 0, 0)
        assert services_for(store, "caseworker").history.verify().ok
    finally:
        store.close()


@pytest.fixture
def killed(sqlite_templates, tmp_path: Path):  # type: ignore[no-untyped-def]
    location = sqlite_templates.fresh(tmp_path)
    store = sqlite_templates.open(location)
    referrals.held_cases(services_for(store, "caseworker"))
    store.close()
    listing = referrals.write_xlsx(tmp_path / "big.xlsx", referrals.bulk_rows(3000) + list(referrals.MESSY))
    before = _state(sqlite_templates, location.path)
    _kill_mid_import(sqlite_templates, location, listing)
    _consistent(sqlite_templates, location.path)
    middle = _state(sqlite_templates, location.path)
    assert before["Person"] < middle["Person"] < before["Person"] + 3000  # cut off part-way
    return location, listing, before


def test_a_kill_mid_import_leaves_whole_families_and_an_interrupted_batch_that_resumes(
        sqlite_templates, killed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    location, listing, before = killed
    store = sqlite_templates.open(location)
    try:
        services = services_for(store, "caseworker")
        [batch] = services.intake.batches()
        assert batch.status == "INTERRUPTED"
        report = services.intake.run_import(ImportRequest(listing, source="MP", rejects_path=tmp_path / "r.xlsx"))
        assert report.batch_id == batch.id and report.rejected == 3  # the same batch, continued
        assert report.unchanged > 1500 and report.created > 0  # what the first run wrote is kept, the rest added
        [done] = services.intake.batches()
        assert done.status == "COMPLETE"
        again = services.intake.run_import(ImportRequest(listing, source="MP", rejects_path=tmp_path / "r2.xlsx"))
        assert again.created == again.queued == again.linked == 0 and again.unchanged == 3000 + 13
        assert services.history.verify().ok
    finally:
        store.close()
    _consistent(sqlite_templates, location.path)
    after = _state(sqlite_templates, location.path)
    assert after["Case"] - before["Case"] == 3000 + 7 and after["ImportRow"] == 3000 + 12
    assert after["Person"] - before["Person"] == 3000 + 10


def test_a_kill_mid_import_can_be_undone(sqlite_templates, killed) -> None:  # type: ignore[no-untyped-def]
    location, _, before = killed
    store = sqlite_templates.open(location)
    try:
        services = services_for(store, "caseworker")
        [batch] = services.intake.batches()
        report = services.intake.undo_import(batch.id)
        assert report.done and report.people_removed >= 1500
        assert services.history.verify().ok
    finally:
        store.close()
    after = _state(sqlite_templates, location.path)
    assert {k: v for k, v in after.items() if k not in ("ImportBatch", "changes")} == {
        k: v for k, v in before.items() if k not in ("ImportBatch", "changes")}
