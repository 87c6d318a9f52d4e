"""The handoff flow through the services: prepare, approve, write, and what the store keeps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from caseworker.documents.office_crypto import decrypt_ooxml
from caseworker.domain.errors import ConflictError, PermissionDenied, ValidationError, WorkflowError
from caseworker.domain.roles import Role
from caseworker.services.api import Services
from caseworker.services.handoffs import Batch, HandoffSelection
from caseworker.services.inputs import PersonInput
from caseworker.store.engine import Store
from caseworker.store.models import AuditEvent, Handoff
from tests.support.handoffs import family, make_partner, profile
from tests.support.stores import PASSWORD, services_for

WINDOW = Batch("Termez–Hairatan bridge", dt.date(2026, 12, 1), dt.date(2026, 12, 8))


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    path = tmp_path / "out"
    path.mkdir()
    return path


def _prepared(caseworker: Services, admin: Services, *case_ids: int, **overrides: object):  # type: ignore[no-untyped-def]
    partner = make_partner(admin, **overrides)
    return caseworker.handoffs.prepare(partner, HandoffSelection(case_ids=case_ids), WINDOW)


def test_prepare_stores_exactly_the_previewed_rows(caseworker: Services, admin: Services) -> None:
    case = family(caseworker)
    make_partner(admin)
    preview = caseworker.handoffs.preview("uz-interior", HandoffSelection(case_ids=(case.id,)), WINDOW)
    assert preview.row_count == 2 and preview.people_count == 2
    assert preview.headings[:3] == ("№", "Группа", "Surname")
    first, second = preview.rows
    assert first[0] == 1 and first[2] == "KARIMI" and first[3] == "MOHAMMAD" and first[5] == "1985-03-14"
    assert first[6] == "No" and first[9] == "Passport" and first[10] == "P01234567"
    assert second[3] == "ZAHRA" and second[6] == "Yes" and second[9] == "e-Tazkira"
    assert first[1] == second[1]  # one family, one group id
    assert first[13] == "Termez–Hairatan bridge" and first[14] == "2026-12-01"
    assert first[16] == "Consular duty officer, +44 20 7008 5000"
    assert preview.warnings[0] == "no live travel-authorisation letter: 2 rows (1, 2)"
    assert preview.display_row(0)[5] == "14.03.1985" and preview.display_row(1)[11] == ""

    stored = caseworker.handoffs.prepare("uz-interior", HandoffSelection(case_ids=(case.id,)), WINDOW,
                                         expected_digest=preview.digest)  # fmt: skip
    assert stored.handoff is not None and stored.handoff.status == "PREPARED"
    assert stored.rows == preview.rows
    assert caseworker.handoffs.snapshot(stored.handoff.id).rows == preview.rows


def test_prepare_refuses_when_people_changed_since_the_preview(caseworker: Services, admin: Services) -> None:
    case = family(caseworker, children=())
    make_partner(admin)
    preview = caseworker.handoffs.preview("uz-interior", HandoffSelection(case_ids=(case.id,)), WINDOW)
    person = case.people[0]
    caseworker.people.update(person.id, None, PersonInput(doc_surname="KARIMY", doc_given_names="MOHAMMAD",
                                                          sex="M", birth_date="1985-03-14"))  # fmt: skip
    with pytest.raises(ConflictError, match="changed since the preview"):
        caseworker.handoffs.prepare("uz-interior", HandoffSelection(case_ids=(case.id,)), WINDOW,
                                    expected_digest=preview.digest)  # fmt: skip


def test_group_ids_are_per_partner_and_hide_the_case_reference(caseworker: Services, admin: Services) -> None:
    case = family(caseworker, children=())
    make_partner(admin)
    make_partner(admin, name="airline", display_name="Airline")
    one = caseworker.handoffs.preview("uz-interior", HandoffSelection(case_ids=(case.id,)), WINDOW).rows[0][1]
    two = caseworker.handoffs.preview("airline", HandoffSelection(case_ids=(case.id,)), WINDOW).rows[0][1]
    assert one != two and len(str(one)) == 11 and str(one)[5] == "-"
    assert case.reference not in str(one) and str(case.id) not in str(one).split("-")


def test_the_preparer_cannot_approve_and_an_officer_must(store: Store, caseworker: Services, officer: Services,
                                                          admin: Services) -> None:  # fmt: skip
    case = family(caseworker)
    make_partner(admin)
    mine = officer.handoffs.prepare("uz-interior", HandoffSelection(case_ids=(case.id,)), WINDOW).handoff
    assert mine is not None
    with pytest.raises(PermissionDenied, match="a different authorising officer"):
        officer.handoffs.approve(mine.id)
    with pytest.raises(PermissionDenied):
        caseworker.handoffs.approve(mine.reference)
    with pytest.raises(PermissionDenied):
        admin.handoffs.approve(mine.reference)
    admin.users.add("officer2", "Second Officer", Role.OFFICER, PASSWORD)
    approved = services_for(store, "officer2").handoffs.approve(mine.reference)
    assert approved.status == "APPROVED" and approved.approved_by == "officer2"
    with pytest.raises(WorkflowError):
        services_for(store, "officer2").handoffs.approve(mine.reference)


def test_an_officer_demoted_after_signing_in_cannot_approve(caseworker: Services, officer: Services,
                                                            admin: Services) -> None:  # fmt: skip
    prepared = _prepared(caseworker, admin, family(caseworker).id).handoff
    admin.users.set_role("officer", Role.CASEWORKER)
    with pytest.raises(PermissionDenied, match="active authorising officer"):
        officer.handoffs.approve(prepared.id)


def test_write_produces_the_approved_rows_and_records_the_export(
    store: Store, caseworker: Services, officer: Services, admin: Services, out_dir: Path
) -> None:
    case = family(caseworker)
    prepared = _prepared(caseworker, admin, case.id)
    officer.handoffs.approve(prepared.handoff.id)
    # an edit after approval changes nothing in the file
    caseworker.people.update(case.people[0].id, None, PersonInput(doc_surname="CHANGED", doc_given_names="X",
                                                                  sex="M", birth_date="1985-03-14"))  # fmt: skip
    out = out_dir / "manifest.xlsx"
    written = caseworker.handoffs.write(prepared.handoff.id, out)
    assert written.passphrase and len(written.passphrase) == 29
    assert written.passphrase not in out.name and written.handoff.status == "WRITTEN"
    assert out.stat().st_mode & 0o777 == 0o600
    import hashlib

    assert hashlib.sha256(out.read_bytes()).hexdigest() == written.sha256 == written.handoff.file_sha256
    plain = decrypt_ooxml(out.read_bytes(), written.passphrase)
    assert plain[:2] == b"PK"
    assert caseworker.handoffs.check_passphrase(prepared.handoff.id, written.passphrase)
    assert not caseworker.handoffs.check_passphrase(prepared.handoff.id, "wrong")
    with store.read() as session:
        event = session.execute(select(AuditEvent).where(AuditEvent.action == "export.handoff")).scalar_one()
        assert event.actor_name == "caseworker"
        assert event.after["people"] == sorted(p.id for p in case.people)
        assert event.after["sha256"] == written.sha256 and "surname" in event.after["fields"]
        assert written.passphrase not in str(event.after)
        stored = session.execute(select(Handoff)).scalar_one()
        assert written.passphrase not in (stored.passphrase_hash or "")
    with pytest.raises(WorkflowError):
        caseworker.handoffs.write(prepared.handoff.id, out_dir / "again.xlsx")


def test_write_refuses_an_unapproved_handoff_and_an_existing_file(caseworker: Services, admin: Services,
                                                                  officer: Services, out_dir: Path) -> None:  # fmt: skip
    prepared = _prepared(caseworker, admin, family(caseworker).id)
    with pytest.raises(WorkflowError, match="only an approved handoff"):
        caseworker.handoffs.write(prepared.handoff.id, out_dir / "x.xlsx")
    officer.handoffs.approve(prepared.handoff.id)
    (out_dir / "x.xlsx").write_bytes(b"keep me")
    with pytest.raises(ValidationError, match="already exists"):
        caseworker.handoffs.write(prepared.handoff.id, out_dir / "x.xlsx")
    assert (out_dir / "x.xlsx").read_bytes() == b"keep me"
    assert [p.name for p in out_dir.iterdir()] == ["x.xlsx"]


def test_a_tampered_snapshot_is_not_written(store: Store, caseworker: Services, officer: Services,
                                            admin: Services, out_dir: Path) -> None:  # fmt: skip
    from caseworker.store.models import HandoffRow

    prepared = _prepared(caseworker, admin, family(caseworker).id)
    officer.handoffs.approve(prepared.handoff.id)
    with store.write() as session:
        row = session.execute(select(HandoffRow).where(HandoffRow.position == 1)).scalar_one()
        row.cells = [*row.cells[:2], "SOMEONE ELSE", *row.cells[3:]]
    from caseworker.domain.errors import StoreError

    with pytest.raises(StoreError, match="not the ones approved"):
        caseworker.handoffs.write(prepared.handoff.id, out_dir / "x.xlsx")
    assert not list(out_dir.iterdir())


def test_csv_profile_writes_utf8_with_bom_and_no_passphrase(caseworker: Services, officer: Services,
                                                            admin: Services, out_dir: Path) -> None:  # fmt: skip
    prepared = _prepared(caseworker, admin, family(caseworker).id, format="csv", password=False)
    officer.handoffs.approve(prepared.handoff.id)
    written = caseworker.handoffs.write(prepared.handoff.id, out_dir / "m.csv")
    data = (out_dir / "m.csv").read_bytes()
    assert written.passphrase is None and data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("№,Группа,Surname")
    assert "14.03.1985" in text and "زهرا" in text


def test_cancel_and_recall(caseworker: Services, officer: Services, admin: Services, out_dir: Path) -> None:
    first = _prepared(caseworker, admin, family(caseworker).id).handoff
    with pytest.raises(ValidationError):
        caseworker.handoffs.cancel(first.id, "  ")
    assert caseworker.handoffs.cancel(first.id, "wrong batch").status == "CANCELLED"
    with pytest.raises(WorkflowError):
        officer.handoffs.approve(first.id)
    second = caseworker.handoffs.prepare("uz-interior", HandoffSelection(status="REFERRED"), WINDOW).handoff
    officer.handoffs.approve(second.id)
    with pytest.raises(WorkflowError, match="only a written handoff can be recalled"):
        caseworker.handoffs.recall(second.id, "x")
    caseworker.handoffs.write(second.id, out_dir / "m.xlsx")
    recalled = caseworker.handoffs.recall(second.reference, "partner asked to delete: wrong date window")
    assert recalled.status == "RECALLED" and recalled.close_note.startswith("partner asked")
    assert [h.reference for h in caseworker.handoffs.list(status="RECALLED")] == [second.reference]


def test_selection_by_status_by_people_and_empty(caseworker: Services, admin: Services) -> None:
    one, two = family(caseworker, given="Ahmad"), family(caseworker, given="Bashir", children=())
    make_partner(admin)
    assert caseworker.handoffs.preview("uz-interior", HandoffSelection(status="referred")).row_count == 3
    only = caseworker.handoffs.preview("uz-interior", HandoffSelection(person_ids=(two.people[0].id,)))
    assert only.person_ids == (two.people[0].id,)
    assert caseworker.handoffs.preview("uz-interior", HandoffSelection(case_ids=(one.id,))).row_count == 2
    with pytest.raises(ValidationError, match="no one matches"):
        caseworker.handoffs.preview("uz-interior", HandoffSelection(status="CROSSED"))
    with pytest.raises(ValidationError, match="one way"):
        caseworker.handoffs.preview("uz-interior", HandoffSelection(status="REFERRED", case_ids=(one.id,)))
    with pytest.raises(ValidationError, match="no one matches"):  # letters are not connected yet
        caseworker.handoffs.preview("uz-interior", HandoffSelection(by_crossing=True), WINDOW)


def test_read_only_users_cannot_prepare(store: Store, caseworker: Services, admin: Services) -> None:
    admin.users.add("reader", "Reader", Role.READ_ONLY, PASSWORD)
    case = family(caseworker)
    make_partner(admin)
    with pytest.raises(PermissionDenied):
        services_for(store, "reader").handoffs.preview("uz-interior", HandoffSelection(case_ids=(case.id,)))


def test_a_profile_change_after_prepare_does_not_change_the_handoff(
    caseworker: Services, officer: Services, admin: Services, out_dir: Path
) -> None:
    prepared = _prepared(caseworker, admin, family(caseworker).id)
    admin.handoffs.partners.save(profile(columns=["surname"], password=False))
    officer.handoffs.approve(prepared.handoff.id)
    written = caseworker.handoffs.write(prepared.handoff.id, out_dir / "m.xlsx")
    assert written.passphrase is not None and len(written.handoff.headings) == 17
