"""A long import commits a chunk of families at a time: another writer gets in between chunks
(issue 12, point 6)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import text

from caseworker.services.intake import ImportRequest, writer
from tests.support import referrals
from tests.support.stores import services_for

pytestmark = pytest.mark.slow


def test_another_writer_saves_between_the_chunks_of_a_long_import(sqlite_templates, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(writer, "CHUNK_ROWS", 400)
    location = sqlite_templates.fresh(tmp_path)
    store, colleague = sqlite_templates.open(location), sqlite_templates.open(location)
    waits: list[float] = []
    save = text("INSERT INTO counters (name, value) VALUES ('colleague', 1) "
                "ON CONFLICT (name) DO UPDATE SET value = counters.value + 1")

    def progress(done: int, total: int) -> None:  # called between the writer's chunks (and while planning)
        begin = time.perf_counter()
        with colleague.write() as session:  # with one transaction for the batch, this would wait for all of it
            session.execute(save)
        waits.append(time.perf_counter() - begin)

    try:
        listing = referrals.write_xlsx(tmp_path / "big.xlsx", referrals.bulk_rows(2000))
        report = services_for(store, "caseworker").intake.run_import(ImportRequest(listing, source="MP"),
                                                                      progress=progress)
        assert report.created == 2000
        with colleague.read() as session:
            saves = session.execute(text("SELECT value FROM counters WHERE name = 'colleague'")).scalar_one()
        assert saves == len(waits) and len(waits) >= 5  # the colleague saved during the import, every time
        assert max(waits) < 1.0, waits
        with store.read() as session:  # five chunks, each its own commit, one batch
            batches = session.execute(text("SELECT count(*), min(status) FROM intake_batches")).one()
        assert tuple(batches) == (1, "COMPLETE")
    finally:
        store.close()
        colleague.close()
