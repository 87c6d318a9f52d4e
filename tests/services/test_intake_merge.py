"""Reviewing duplicates: merging field by field, keeping everything, and "not a duplicate" remembered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from caseworker.domain.errors import ConflictError, PermissionDenied, ValidationError
from caseworker.services.api import Services
from caseworker.services.inputs import ContactInput
from caseworker.services.intake import ImportRequest, MergeRequest
from caseworker.store.models import AuditEvent, ContactPoint, IdentityDocument
from tests.support import referrals
from tests.support.stores import services_for


def _imported(services: Services, tmp_path: Path) -> dict[str, int]:
    held = referrals.held_cases(services)
    report = services.intake.run_import(ImportRequest(referrals.write_xlsx(tmp_path / "mp.xlsx"), source="MP"))
    by_row = {r.row: r for r in report.results}
    held["zarghuna"] = services.cases.id_for_reference(by_row[6].case)
    held["nasir"] = services.cases.id_for_reference(by_row[10].case)
    held["nasir_dari"] = services.cases.id_for_reference(by_row[12].case)
    return held


def test_merge_keeps_every_person_document_contact_and_attachment(caseworker: Services, tmp_path: Path) -> None:
    ids = _imported(caseworker, tmp_path)
    survivor_id, other_id = ids["stanikzai"], ids["zarghuna"]
    caseworker.contacts.log(other_id, ContactInput(note="Called; family in Kabul", outcome="REACHED"))
    caseworker.attachments.add(other_id, "note.txt", b"scan of a referral letter")
    with caseworker.store.read() as session:
        documents_before = session.execute(select(func.count()).select_from(IdentityDocument)).scalar_one()

    preview = caseworker.intake.merge_preview(survivor_id, other_id)
    assert [(pairing.survivor_person_id, pairing.score >= 65) for pairing in preview.pairings] == [
        (preview.survivor_people[0][0], True)]
    differing = {f.key: (f.survivor, f.other) for f in preview.case_fields if f.differs}
    assert differing["scheme"] == ("ACRS", "ARAP") and differing["referral_source"] == ("NGO", "MP")
    birth = next(f for f in preview.pairings[0].fields if f.key == "birth")
    assert birth.survivor == "1990 (year only)" and birth.other == "3 August 1990"
    assert preview.other_contacts == 1 and preview.other_attachments == 1

    pairing = preview.pairings[0]
    merged = caseworker.intake.merge(MergeRequest(
        survivor_id, other_id, preview.survivor_version, preview.other_version,
        take_other=frozenset({"referral_source"}),
        same_people=((pairing.survivor_person_id, pairing.other_person_id),),
        person_take_other={(pairing.survivor_person_id, pairing.other_person_id): frozenset({"birth"})},
        reason="same woman: same tazkira photo",
    ))  # fmt: skip
    assert merged.reference == preview.survivor and merged.scheme == "ACRS" and merged.referral_source == "MP"
    assert [p.latin_name for p in merged.people] == ["ZARGHONA STANIKZAI", "MALALAI STANEKZAI"]
    zarghona = merged.people[0]
    assert (zarghona.birth_date, zarghona.birth_precision) == (dt.date(1990, 8, 3), "EXACT")
    assert "Zarghuna Stanekzai" in zarghona.variants
    assert [c.note for c in merged.contacts] == ["Called; family in Kabul"]
    assert [a.filename for a in merged.attachments] == ["note.txt"]
    assert "Imported from MP" in merged.notes  # notes of both cases are kept
    other = caseworker.cases.get(other_id)
    assert other.status == "DUPLICATE" and other.duplicate_of == merged.reference and other.people == ()
    with caseworker.store.read() as session:
        assert session.execute(select(func.count()).select_from(IdentityDocument)).scalar_one() == documents_before
    assert not any(other_id in (p.case_a_id, p.case_b_id) for p in caseworker.intake.duplicates())
    assert [p.status for p in caseworker.intake.duplicates("MERGED")] == ["MERGED"]

    actions = [e.action for e in caseworker.history.for_case(survivor_id)]
    assert {"case.merge", "person.merge", "person.move"} <= set(actions)
    event = next(e for e in caseworker.history.for_case(survivor_id) if e.action == "case.merge")
    assert event.after["field_choices"]["referral_source"] == {"survivor": "NGO", "other": "MP", "kept": "other"}
    assert event.after["field_choices"]["scheme"]["kept"] == "survivor"
    assert any(e.action == "case.transition" and "DUPLICATE" in e.summary for e in caseworker.history.for_case(other_id))
    assert caseworker.history.verify().ok


def test_merging_without_same_people_moves_the_other_principal_in(caseworker: Services, tmp_path: Path) -> None:
    ids = _imported(caseworker, tmp_path)
    merged = caseworker.intake.merge(MergeRequest(ids["nasir"], ids["nasir_dari"], same_people=()))
    assert [(p.role, p.relationship) for p in merged.people] == [("PRINCIPAL", "SELF"), ("ADDITIONAL", "OTHER")]
    with pytest.raises(ValidationError, match="already merged"):
        caseworker.intake.merge(MergeRequest(ids["nasir"], ids["nasir_dari"]))
    with pytest.raises(ValidationError, match="cannot be merged with itself"):
        caseworker.intake.merge(MergeRequest(ids["nasir"], ids["nasir"]))


def test_merging_the_same_man_twice_keeps_his_numbers_once(caseworker: Services, tmp_path: Path) -> None:
    ids = _imported(caseworker, tmp_path)
    merged = caseworker.intake.merge(MergeRequest(ids["nasir"], ids["nasir_dari"]))  # proposed pairs
    assert len(merged.people) == 1
    person = merged.people[0]
    assert person.name_original == "ناصر احمدزی" and person.father_name == "Ghulam"
    assert person.birth_precision == "YEAR_ONLY"  # the survivor's value is kept unless chosen


def test_a_stale_version_is_refused_and_changes_nothing(caseworker: Services, officer: Services, tmp_path: Path) -> None:
    ids = _imported(caseworker, tmp_path)
    preview = caseworker.intake.merge_preview(ids["stanikzai"], ids["zarghuna"])
    officer.cases.update(ids["zarghuna"], preview.other_version, {"current_area": "Herat"})
    with caseworker.store.read() as session:
        events = session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
        points = session.execute(select(func.count()).select_from(ContactPoint)).scalar_one()
    with pytest.raises(ConflictError):
        caseworker.intake.merge(MergeRequest(ids["stanikzai"], ids["zarghuna"], preview.survivor_version,
                                             preview.other_version))
    assert caseworker.cases.get(ids["zarghuna"]).status == "REFERRED"
    with caseworker.store.read() as session:
        assert session.execute(select(func.count()).select_from(ContactPoint)).scalar_one() == points
        assert session.execute(select(func.count()).select_from(AuditEvent)).scalar_one() == events + 1  # the view


def test_not_a_duplicate_is_remembered(caseworker: Services, tmp_path: Path) -> None:
    ids = _imported(caseworker, tmp_path)
    caseworker.intake.not_duplicate(ids["nasir"], ids["nasir_dari"], "different men, checked by phone")
    assert len(caseworker.intake.duplicates()) == 1
    assert caseworker.intake.duplicates("NOT_DUPLICATE")[0].case_a_id == min(ids["nasir"], ids["nasir_dari"])
    # A later list adds Nasir's brother to his case (by the principal reference) and names him again:
    # the pair is not proposed again.
    rows = [("MP-050", "MP-022", "Nasir Ahmadzai", "", "Ghulam", "M", "c. 1980", "", "", "0700 111 222", "", ""),
            ("MP-051", "MP-022", "Jawed Ahmadzai", "", "Ghulam", "M", "1984", "", "", "", "brother", "")]
    report = caseworker.intake.run_import(ImportRequest(referrals.write_xlsx(tmp_path / "more.xlsx", rows), source="MP"))
    assert [r.outcome for r in report.results] == ["UPDATED", "CREATED"]
    assert len(caseworker.intake.duplicates()) == 1 and report.duplicates_queued == 0
    case = caseworker.cases.get(ids["nasir"])
    assert [p.latin_name for p in case.people] == ["NASIR AHMADZAI", "JAWED AHMADZAI"]


def test_only_those_who_may_merge_can_review(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from caseworker.services.users import create_user_row
    from caseworker.store import audit

    worker = services_for(store, "caseworker")
    ids = _imported(worker, tmp_path)
    with store.write() as session:
        create_user_row(session, audit.SYSTEM, "reader", "Reader", "read_only", "correct horse battery")
    reader = services_for(store, "reader")
    assert len(reader.intake.duplicates()) == 2  # may look
    with pytest.raises(PermissionDenied):
        reader.intake.merge(MergeRequest(ids["stanikzai"], ids["zarghuna"]))
    with pytest.raises(PermissionDenied):
        reader.intake.not_duplicate(ids["stanikzai"], ids["zarghuna"])
