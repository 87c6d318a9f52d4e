"""Undoing an import: what it created goes, what it changed comes back, as one audited change,
unless something changed those records since (issue 12, point 5)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from caseworker.services.api import Services
from caseworker.services.intake import ImportRequest
from caseworker.store.models import (
    AuditEvent,
    Case,
    ContactPoint,
    DuplicateCandidate,
    IdentityDocument,
    ImportRow,
    ImportUndo,
    Person,
    SearchRow,
)
from tests.support import referrals

MODELS = (Case, Person, IdentityDocument, ContactPoint, DuplicateCandidate, ImportRow, ImportUndo, SearchRow)


def _counts(services: Services) -> dict[str, int]:
    with services.store.read() as session:
        return {m.__name__: session.execute(select(func.count()).select_from(m)).scalar_one() for m in MODELS}


def _snapshot(services: Services, case_id: int) -> tuple[object, ...]:
    case = services.cases.get(case_id)
    return (case.notes, len(case.people), [(p.id, p.latin_name, p.variants, p.father_name, p.birth_date,
                                             [d.number for d in p.documents], [c.value for c in p.contact_points])
                                            for p in case.people])


def test_undo_removes_what_a_batch_created_and_puts_back_what_it_changed(caseworker: Services,
                                                                         tmp_path: Path) -> None:
    held = referrals.held_cases(caseworker)
    before, karimi = _counts(caseworker), _snapshot(caseworker, held["karimi"])
    first = caseworker.intake.run_import(ImportRequest(referrals.write_xlsx(tmp_path / "mp.xlsx"), source="MP"))
    # A second list refers Mohammad Karimi again (same passport) with a new number and spelling: it fills in.
    again = [("MP-100", "", "Muhammad Karimi", "", "Abdul Ghafar", "M", "14/03/1985", "P01234567", "",
              "0799 555 444", "self", "second referral")]
    second = caseworker.intake.run_import(ImportRequest(referrals.write_xlsx(tmp_path / "again.xlsx", again),
                                                        source="NGO"))
    assert second.updated == 1 and _snapshot(caseworker, held["karimi"]) != karimi

    report = caseworker.intake.undo_import(second.batch_id)
    assert report.done and report.blockers == () and report.people_removed == 0 and report.reverted >= 2
    held_after_first = _snapshot(caseworker, held["karimi"])
    assert "+93799555444" not in str(held_after_first) and "Muhammad Karimi" not in str(held_after_first)
    assert "ABDUL GHAFAR" not in str(held_after_first).upper()

    report = caseworker.intake.undo_import(first.batch_id)
    assert report.done and report.cases_removed == 7 and report.people_removed == 10
    assert _counts(caseworker) == before
    assert _snapshot(caseworker, held["karimi"]) == karimi  # its joined wife and son, and their notes, gone
    assert [b.status for b in caseworker.intake.batches()] == ["UNDONE", "UNDONE"]
    with caseworker.store.read() as session:
        undos = session.execute(select(AuditEvent.entity_id).where(AuditEvent.action == "intake.undo")).scalars().all()
    assert undos == [second.batch_id, first.batch_id]  # one audited change each
    assert caseworker.history.verify().ok
    # The rows can be imported again: nothing remembers them as imported.
    third = caseworker.intake.run_import(ImportRequest(tmp_path / "mp.xlsx", source="MP"))
    assert (third.created, third.unchanged, third.cases_created) == (first.created, first.unchanged, 7)


def test_undo_refuses_when_a_record_changed_since_and_changes_nothing(caseworker: Services, tmp_path: Path) -> None:
    referrals.held_cases(caseworker)
    report = caseworker.intake.run_import(ImportRequest(referrals.write_xlsx(tmp_path / "mp.xlsx"), source="MP"))
    case = caseworker.cases.get_by_reference(next(r.case for r in report.results if r.row == 9))
    caseworker.cases.update(case.id, case.version, {"current_area": "Mazar-i-Sharif"})  # someone's later work
    caseworker.cases.get(case.id)  # a look is not a change
    before = _counts(caseworker)
    refused = caseworker.intake.undo_import(report.batch_id)
    assert not refused.done and len(refused.blockers) == 1
    assert refused.blockers[0].startswith(f"{case.reference}: case.update by caseworker")
    assert _counts(caseworker) == before and caseworker.intake.batches()[0].status == "COMPLETE"
    assert caseworker.cases.get(case.id).current_area == "Mazar-i-Sharif"
