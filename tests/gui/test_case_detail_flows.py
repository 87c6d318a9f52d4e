"""Driving the case detail as a caseworker would, and checking what the store holds afterwards."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from caseworker.domain.mrz import compose_td3
from caseworker.domain.workflow import Status
from caseworker.gui.case_detail import CaseDetailWidget
from caseworker.gui.case_detail.contact_dialog import ContactDialog
from caseworker.gui.case_detail.person_dialog import PersonDialog
from caseworker.gui.case_detail.reason_dialog import ReasonDialog
from caseworker.services.api import Services
from tests.gui.conftest import DialogDriver
from tests.support.factories import new_case

SAVE = QDialogButtonBox.StandardButton.Save


def open_case(qtbot: QtBot, services: Services, case_id: int) -> CaseDetailWidget:
    widget = CaseDetailWidget(services, case_id)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def zahra_mrz() -> tuple[str, str]:
    return compose_td3(
        surname="KARIMI", given_names="ZAHRA", document_number="P0A123456", nationality="AFG",
        birth_date=dt.date(2012, 5, 14), sex="F", expiry_date=dt.date(2031, 1, 1),
    )  # fmt: skip


def test_opening_a_case_shows_it_and_records_the_view(qtbot: QtBot, desk: Services) -> None:
    case = new_case(desk)
    widget = open_case(qtbot, desk, case.id)
    assert widget.title() == f"{case.reference} · KARIMI"
    assert widget.header.reference.text() == case.reference
    assert widget.header.status.text() == "Referred"
    assert widget.header.facts["priority"].text() == "Normal"
    assert widget.header.facts["scheme"].text() == "ARAP"
    assert set(widget.header.move_buttons) == {
        Status.CONTACTING, Status.CONTACTED, Status.ON_HOLD, Status.WITHDRAWN, Status.TRANSFERRED}  # fmt: skip
    assert widget.people.model.index(0, 2).data() == "MOHAMMAD KARIMI"
    assert widget.form.edits["employer"].text() == "British Embassy Kabul"
    assert not widget.has_unsaved_changes() and widget.maybe_close()
    views = [e for e in desk.history.for_case(case.id, include_views=True) if e.action == "view.case"]
    assert len(views) == 1 and views[0].actor == "caseworker"


def test_adding_a_person_by_pasting_an_mrz(qtbot: QtBot, desk: Services, drive_dialog: DialogDriver) -> None:
    case = new_case(desk)
    widget = open_case(qtbot, desk, case.id)

    def play(dialog: PersonDialog) -> None:
        dialog.relationship.setCurrentIndex(dialog.relationship.findData("DAUGHTER"))
        QGuiApplication.clipboard().setText("\n".join(zahra_mrz()))
        dialog.documents.mrz.edit.paste()
        assert dialog.surname.text() == "KARIMI" and dialog.given_names.text() == "ZAHRA"
        assert dialog.documents.number.text() == "P0A123456"
        assert dialog.documents.expiry_date.text() == "01/01/2031"
        assert dialog.birth_date.text() == "14/05/2012" and dialog.precision.currentData() == "EXACT"
        assert dialog.sex.currentData() == "F" and dialog.nationality.text() == "AFG"
        checks = dialog.documents.mrz.checks.text()
        assert "✓ document number" in checks and "✓ date of birth" in checks and "✓ expiry date" in checks
        assert "✗" not in checks
        dialog.name_original.insert("زهرا کریمی")  # as an input method types it (QTest cannot type Arabic)
        qtbot.mouseClick(dialog.buttons.button(SAVE), Qt.MouseButton.LeftButton)

    opened = drive_dialog(PersonDialog, play)
    with qtbot.waitSignal(widget.caseChanged) as changed:
        qtbot.mouseClick(widget.people.add_button, Qt.MouseButton.LeftButton)
    assert changed.args == [case.id] and len(opened) == 1
    stored = desk.cases.get(case.id)
    zahra = stored.people[1]
    assert (zahra.role, zahra.relationship, zahra.latin_name) == ("DEPENDANT", "DAUGHTER", "ZAHRA KARIMI")
    assert zahra.name_original == "زهرا کریمی"
    assert (zahra.birth_date, zahra.birth_precision, zahra.sex) == (dt.date(2012, 5, 14), "EXACT", "F")
    [passport] = zahra.documents
    assert (passport.doc_type, passport.number, passport.expiry_date) == ("PASSPORT", "P0A123456", dt.date(2031, 1, 1))
    assert passport.mrz_valid is True
    assert widget.people.model.rowCount() == 2
    assert widget.header.facts  # the header survived the refresh


def test_a_wrong_check_digit_is_named(qtbot: QtBot) -> None:
    line1, line2 = zahra_mrz()
    wrong = str((int(line2[19]) + 1) % 10)  # the birth date's check digit
    dialog = PersonDialog(lambda *_: None)
    qtbot.addWidget(dialog)
    dialog.documents.mrz.edit.setPlainText(f"{line1}\n{line2[:19]}{wrong}{line2[20:]}")
    checks = dialog.documents.mrz.checks.text()
    assert f"✗ date of birth — check digit {wrong}, should be {line2[19]}" in checks
    assert "✓ document number" in checks and "✓ expiry date" in checks
    assert "date of birth" in dialog.documents.mrz.summary.text()
    assert dialog.surname.text() == "KARIMI"  # filled anyway, to compare with the document
    dialog.documents.mrz.edit.setPlainText("P<AFGKARIMI<<ZAHRA\n123")
    assert "Cannot read this zone" in dialog.documents.mrz.summary.text()


def test_bad_input_is_shown_next_to_its_field_and_nothing_typed_is_lost(
    qtbot: QtBot, desk: Services, drive_dialog: DialogDriver
) -> None:
    case = new_case(desk)
    widget = open_case(qtbot, desk, case.id)

    def play(dialog: PersonDialog) -> None:
        dialog.relationship.setCurrentIndex(dialog.relationship.findData("SON"))
        qtbot.keyClicks(dialog.given_names, "Omid")
        qtbot.keyClicks(dialog.surname, "Karimi")
        qtbot.keyClicks(dialog.birth_date, "31/02/2010")
        qtbot.keyClicks(dialog.whatsapp, "0700 111 222")
        qtbot.mouseClick(dialog.buttons.button(SAVE), Qt.MouseButton.LeftButton)
        birth_error = dialog.errors._labels["date_of_birth"]
        assert not birth_error.isHidden() and "day 31 does not exist in February 2010" in birth_error.text()
        assert dialog.result() == 0 and dialog.given_names.text() == "Omid"
        dialog.birth_date.clear()
        qtbot.keyClicks(dialog.birth_date, "c. 2010")
        assert dialog.precision.currentData() == "ESTIMATED"
        qtbot.mouseClick(dialog.buttons.button(SAVE), Qt.MouseButton.LeftButton)
        assert birth_error.isHidden()

    drive_dialog(PersonDialog, play)
    widget.people.add_person()
    omid = desk.cases.get(case.id).people[1]
    assert omid.latin_name == "OMID KARIMI" and omid.birth_precision == "ESTIMATED"
    assert [c.value for c in omid.contact_points] == ["+93700111222"]


def test_editing_a_person_saves_details_and_documents_at_once(
    qtbot: QtBot, desk: Services, drive_dialog: DialogDriver
) -> None:
    case = new_case(desk)
    widget = open_case(qtbot, desk, case.id)
    widget.people.select_person(case.people[0].id)

    def play(dialog: PersonDialog) -> None:
        assert dialog.surname.text() == "KARIMI" and dialog.name_original.text() == "محمد کریمی"
        assert dialog.name_original.layoutDirection() == Qt.LayoutDirection.RightToLeft
        dialog.documents.table.selectRow(0)
        dialog.documents.remove_selected()
        dialog.documents.doc_type.setCurrentIndex(dialog.documents.doc_type.findData("E_TAZKIRA"))
        qtbot.keyClicks(dialog.documents.number, "1401-2020-55555")
        qtbot.keyClicks(dialog.place_of_birth, "Herat")
        qtbot.mouseClick(dialog.buttons.button(SAVE), Qt.MouseButton.LeftButton)

    drive_dialog(PersonDialog, play)
    widget.people.edit_person()
    person = desk.cases.get(case.id).people[0]
    assert person.place_of_birth == "Herat"
    assert [(d.doc_type, d.number) for d in person.documents] == [("E_TAZKIRA", "1401-2020-55555")]
    assert desk.cases.get(case.id).version == case.version + 1  # one save, one new version


def test_logging_contact_quickly_and_in_full(qtbot: QtBot, desk: Services, drive_dialog: DialogDriver) -> None:
    case = new_case(desk)
    widget = open_case(qtbot, desk, case.id)
    tab = widget.contacts
    assert tab.handle.currentText() == "+93701234567"
    qtbot.keyClicks(tab.note, "Spoke to his wife")
    tab.follow_up.setCurrentIndex(tab.follow_up.findData(7))
    with qtbot.waitSignal(widget.caseChanged):
        qtbot.mouseClick(tab.quick_buttons[next(iter(tab.quick_buttons))], Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 1 and tab.note.text() == ""

    def play(dialog: ContactDialog) -> None:
        dialog.channel.setCurrentIndex(dialog.channel.findData("EMAIL"))
        dialog.handle.setCurrentText("family@example.org")
        dialog.outcome.setCurrentIndex(dialog.outcome.findData("MESSAGE_SENT"))
        qtbot.keyClicks(dialog.note, "Sent the list of documents")
        qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(SAVE), Qt.MouseButton.LeftButton)

    drive_dialog(ContactDialog, play)
    qtbot.mouseClick(tab.more_button, Qt.MouseButton.LeftButton)
    stored = desk.cases.get(case.id)
    latest, first = stored.contacts
    assert (first.channel, first.handle, first.outcome, first.note) == (
        "WHATSAPP", "+93701234567", "REACHED", "Spoke to his wife")  # fmt: skip
    assert first.next_follow_up == dt.date.today() + dt.timedelta(days=7)
    assert (latest.channel, latest.handle, latest.outcome) == ("EMAIL", "family@example.org", "MESSAGE_SENT")
    assert stored.version == case.version  # logging contact never conflicts with an edit
    assert tab.model.rowCount() == 2 and tab.model.index(0, 2).data() == "family@example.org"


def test_open_in_whatsapp_opens_the_wa_me_link(qtbot: QtBot, desk: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    case = new_case(desk, phone="0093 70 765 4321")
    widget = open_case(qtbot, desk, case.id)
    qtbot.mouseClick(widget.contacts.whatsapp_button, Qt.MouseButton.LeftButton)
    assert [u.toString() for u in opened] == ["https://wa.me/93707654321"]
    widget.contacts.handle.setCurrentText("not a number")
    assert not widget.contacts.whatsapp_button.isEnabled()


def test_moving_the_status_asks_for_a_reason(qtbot: QtBot, desk: Services, drive_dialog: DialogDriver) -> None:
    case = new_case(desk)
    widget = open_case(qtbot, desk, case.id)
    drive_dialog(ReasonDialog, lambda dialog: dialog.reject())
    qtbot.mouseClick(widget.header.move_buttons[Status.CONTACTED], Qt.MouseButton.LeftButton)
    assert desk.cases.get(case.id).status == "REFERRED"

    def play(dialog: ReasonDialog) -> None:
        assert not dialog.ok.isEnabled()  # no reason, no move
        qtbot.keyClicks(dialog.reason, "Reached on WhatsApp; family of five in Peshawar")
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    drive_dialog(ReasonDialog, play)
    with qtbot.waitSignal(widget.caseChanged):
        qtbot.mouseClick(widget.header.move_buttons[Status.CONTACTED], Qt.MouseButton.LeftButton)
    assert desk.cases.get(case.id).status == "CONTACTED"
    assert widget.header.status.text() == "Contacted"
    assert Status.ELIGIBILITY_REVIEW in widget.header.move_buttons and Status.CONTACTED not in widget.header.move_buttons
    moves = [e for e in desk.history.for_case(case.id) if e.action == "case.transition"]
    assert moves[0].after == {"status": "CONTACTED", "reason": "Reached on WhatsApp; family of five in Peshawar"}
    widget.tabs.setCurrentWidget(widget.history)
    assert "changed status REFERRED → CONTACTED" in widget.history.model.index(0, 1).data()


@pytest.mark.parametrize(
    ("answer", "closes", "stored_notes"),
    [(QMessageBox.StandardButton.Cancel, False, ""), (QMessageBox.StandardButton.Discard, True, ""),
     (QMessageBox.StandardButton.Save, True, "Call back after Friday prayers")],  # fmt: skip
)
def test_closing_with_unsaved_edits_asks(
    qtbot: QtBot, desk: Services, monkeypatch: pytest.MonkeyPatch, answer: Any, closes: bool, stored_notes: str
) -> None:
    case = new_case(desk)
    widget = open_case(qtbot, desk, case.id)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, _title, text, *_args: asked.append(text) or answer)
    widget.tabs.setCurrentWidget(widget.form)
    qtbot.keyClicks(widget.form.notes, "Call back after Friday prayers")
    assert widget.has_unsaved_changes()
    assert widget.maybe_close() is closes
    assert asked and case.reference in asked[0]
    assert widget.has_unsaved_changes() is (not closes)
    assert desk.cases.get(case.id).notes == stored_notes


def test_a_refused_case_edit_is_shown_next_to_its_field(qtbot: QtBot, desk: Services) -> None:
    case = new_case(desk)
    widget = open_case(qtbot, desk, case.id)
    form = widget.form
    widget.tabs.setCurrentWidget(form)
    form.edits["category"].setText("x" * 101)
    qtbot.keyClicks(form.edits["current_area"], "Peshawar")
    assert form.save() is False
    error = form.errors._labels["category"]
    assert not error.isHidden() and error.text() == "is too long (101 characters; at most 100)"
    assert widget.has_unsaved_changes() and form.edits["current_area"].text() == "Peshawar"
    assert desk.cases.get(case.id).current_area == ""
