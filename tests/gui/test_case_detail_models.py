"""The case detail's item models: Qt's model tester, with data and empty, and what they show."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from caseworker.gui.case_detail.attachments_model import AttachmentsModel
from caseworker.gui.case_detail.contacts_model import FOLLOW_UP, ContactLogModel, overdue_ids
from caseworker.gui.case_detail.family_model import BIRTH, DOCUMENTS, ORIGINAL, FamilyModel
from caseworker.gui.case_detail.history import HistoryModel
from caseworker.services.api import Services
from caseworker.services.dto import ContactEntryView
from caseworker.services.inputs import ContactInput, DocumentInput, PersonInput
from tests.support.factories import new_case

UTC = dt.UTC


def _family_case(services: Services):  # type: ignore[no-untyped-def]
    case = new_case(services)
    return services.people.add(
        case.id, case.version,
        PersonInput(role="DEPENDANT", relationship="DAUGHTER", name_original="مریم کریمی", doc_surname="KARIMI",
                    doc_given_names="MARYAM", sex="F", birth_date="2015", documents=(
                        DocumentInput("PASSPORT", "P07654321", "AFG", None, dt.date.today() + dt.timedelta(days=30)),
                        DocumentInput("E_TAZKIRA", "1400-0101-12345", "AFG", None, "2020-01-01"))),
    )  # fmt: skip


def test_family_model(qtmodeltester, desk: Services) -> None:  # type: ignore[no-untyped-def]
    model = FamilyModel()
    qtmodeltester.check(model)
    detail = _family_case(desk)
    model.set_rows(detail.people)
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.index(1, BIRTH).data() == "2015 (year only)"
    assert model.index(1, ORIGINAL).data() == "مریم کریمی"
    assert model.index(1, ORIGINAL).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    documents = model.index(1, DOCUMENTS).data()
    assert "Passport P07654321 · expires in 30 days" in documents
    assert "e-Tazkira 1400-0101-12345 · EXPIRED 01 Jan 2020" in documents
    assert model.index(1, DOCUMENTS).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(0, DOCUMENTS).data(Qt.ItemDataRole.ForegroundRole) is None  # expires in 2030
    model.set_rows(())
    qtmodeltester.check(model)


def test_contact_log_model_highlights_overdue_follow_ups(qtmodeltester, desk: Services) -> None:  # type: ignore[no-untyped-def]
    model = ContactLogModel(today=dt.date(2026, 3, 10))
    qtmodeltester.check(model)
    case = new_case(desk)
    old = dt.datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    desk.contacts.log(case.id, ContactInput(outcome="NO_ANSWER", occurred_at=old, next_follow_up="2026-03-05"))
    detail = desk.cases.get(case.id)
    model.set_rows(detail.contacts)
    qtmodeltester.check(model)
    assert model.rowCount() == 1 and model.is_overdue(0)
    assert model.index(0, FOLLOW_UP).data() == "05 Mar 2026 (overdue)"
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    model.set_rows(())
    qtmodeltester.check(model)


def test_a_follow_up_is_not_overdue_once_the_family_was_contacted_again() -> None:
    def entry(entry_id: int, day: int, follow_up: dt.date | None) -> ContactEntryView:
        at = dt.datetime(2026, 3, day, 9, 0, tzinfo=UTC)
        return ContactEntryView(entry_id, None, "PHONE", "", "OUT", at, "NO_ANSWER", "", follow_up, "cw")

    pending = entry(1, 1, dt.date(2026, 3, 5))
    assert overdue_ids([pending], dt.date(2026, 3, 10)) == {1}
    assert overdue_ids([pending], dt.date(2026, 3, 5)) == set()  # due today: not yet overdue
    assert overdue_ids([entry(2, 6, None), pending], dt.date(2026, 3, 10)) == set()


def test_attachments_model(qtmodeltester, desk: Services) -> None:  # type: ignore[no-untyped-def]
    model = AttachmentsModel()
    qtmodeltester.check(model)
    case = new_case(desk)
    first = desk.attachments.add(case.id, "scan.pdf", b"%PDF-1.4 test", "DOCUMENT_SCAN", case.people[0].id)
    model.set_people({case.people[0].id: "MOHAMMAD KARIMI"})
    model.set_rows([first])
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in range(5)] == [
        "scan.pdf", "Document scan", "PDF", "13 bytes", "MOHAMMAD KARIMI"]  # fmt: skip
    assert model.index(0, 5).data() == "caseworker"
    second = desk.attachments.add(case.id, "chat.txt", b"hello", "CHAT_EXPORT")
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first_row, last_row: inserted.append((first_row, last_row)))
    model.set_rows([first, second])  # an added file is an insert, not a reset
    assert inserted == [(1, 1)]
    qtmodeltester.check(model)
    model.set_rows(())
    qtmodeltester.check(model)


def test_history_model_reads_as_sentences(qtmodeltester, desk: Services, desk_officer: Services) -> None:  # type: ignore[no-untyped-def]
    model = HistoryModel()
    qtmodeltester.check(model)
    case = new_case(desk)
    for target, reason in (("CONTACTED", "reached on WhatsApp"), ("ELIGIBILITY_REVIEW", "papers received"),
                           ("ELIGIBLE", "employment confirmed"), ("DOCUMENTS_VERIFIED", "passport checked at post")):  # fmt: skip
        case = desk_officer.cases.move(case.id, target, reason, case.version)
    desk.cases.update(case.id, case.version, {"priority": "URGENT"})
    model.names = {"officer": "Fatima Officer", "caseworker": "Casey Worker"}
    model.set_rows(desk.history.for_case(case.id))
    qtmodeltester.check(model)
    texts = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert texts[0] == "Casey Worker edited priority NORMAL → URGENT"
    assert texts[1] == "Fatima Officer changed status ELIGIBLE → DOCUMENTS_VERIFIED: passport checked at post"
    model.set_rows(())
    qtmodeltester.check(model)
