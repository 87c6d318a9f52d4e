"""Two sessions editing one case: both versions shown, nothing silently overwritten."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from caseworker.gui.case_detail.conflict_dialog import ConflictDialog
from caseworker.gui.case_detail.person_dialog import PersonDialog
from caseworker.services.api import Services
from tests.gui.conftest import DialogDriver
from tests.gui.test_case_detail_flows import open_case
from tests.support.factories import new_case


def _edit(qtbot: QtBot, widget: Any, priority: str, notes: str) -> None:
    form = widget.form
    widget.tabs.setCurrentWidget(form)
    form.combos["priority"].setCurrentIndex(form.combos["priority"].findData(priority))
    qtbot.keyClicks(form.notes, notes)
    assert widget.has_unsaved_changes()


def test_conflict_shows_both_versions_and_reapplies_mine(
    qtbot: QtBot, desk: Services, desk_officer: Services, drive_dialog: DialogDriver
) -> None:
    case = new_case(desk)
    widget = open_case(qtbot, desk, case.id)
    _edit(qtbot, widget, "URGENT", "Family moved to Quetta")
    desk_officer.cases.update(case.id, case.version, {"priority": "HIGH"})  # the other session saves first

    shown: list[list[list[str]]] = []

    def play(dialog: ConflictDialog) -> None:
        table = dialog.table
        shown.append([[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())])
        assert "was changed by officer" in dialog.intro.text()
        qtbot.mouseClick(dialog.mine, Qt.MouseButton.LeftButton)

    drive_dialog(ConflictDialog, play)
    with qtbot.waitSignal(widget.caseChanged):
        qtbot.mouseClick(widget.form.save_button, Qt.MouseButton.LeftButton)
    assert sorted(shown[0]) == [
        ["Notes", "—", "—", "Family moved to Quetta"],
        ["Priority", "Normal", "High", "Urgent"],
    ]
    stored = desk.cases.get(case.id)
    assert (stored.priority, stored.notes) == ("URGENT", "Family moved to Quetta")
    assert stored.version == case.version + 2
    assert not widget.has_unsaved_changes() and widget.header.facts["priority"].text() == "Urgent"
    refused = [e for e in desk.history.for_case(case.id) if e.action == "case.conflict"]
    assert len(refused) == 1 and refused[0].after == {"priority": "URGENT", "notes": "Family moved to Quetta"}


def test_conflict_keep_theirs_discards_mine(
    qtbot: QtBot, desk: Services, desk_officer: Services, drive_dialog: DialogDriver
) -> None:
    case = new_case(desk)
    widget = open_case(qtbot, desk, case.id)
    _edit(qtbot, widget, "LOW", "")
    desk_officer.cases.update(case.id, case.version, {"priority": "HIGH"})
    drive_dialog(ConflictDialog, lambda dialog: qtbot.mouseClick(dialog.theirs, Qt.MouseButton.LeftButton))
    assert widget.form.save() is False
    assert desk.cases.get(case.id).priority == "HIGH"
    assert widget.form.combos["priority"].currentData() == "HIGH"
    assert not widget.has_unsaved_changes()


def test_edits_to_different_fields_are_both_kept_without_asking(
    qtbot: QtBot, desk: Services, desk_officer: Services, drive_dialog: DialogDriver
) -> None:
    case = new_case(desk)
    widget = open_case(qtbot, desk, case.id)
    _edit(qtbot, widget, "NORMAL", "Prefers calls after 18:00")
    desk_officer.cases.update(case.id, case.version, {"employer": "GardaWorld"})
    asked = drive_dialog(ConflictDialog, lambda dialog: pytest.fail("nothing clashed; nothing to ask"))
    assert widget.form.save() is True and not asked
    stored = desk.cases.get(case.id)
    assert (stored.employer, stored.notes) == ("GardaWorld", "Prefers calls after 18:00")
    assert widget.form.edits["employer"].text() == "GardaWorld"


def test_a_stale_family_edit_reloads_and_keeps_the_dialog_open(
    qtbot: QtBot, desk: Services, desk_officer: Services, drive_dialog: DialogDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text, *_a: told.append(text))
    case = new_case(desk)
    widget = open_case(qtbot, desk, case.id)
    widget.people.select_person(case.people[0].id)

    def play(dialog: PersonDialog) -> None:
        qtbot.keyClicks(dialog.place_of_birth, "Kandahar")
        desk_officer.cases.update(case.id, case.version, {"priority": "HIGH"})
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
        assert dialog.result() == 0 and dialog.place_of_birth.text() == "Kandahar"  # still open, still typed
        assert told and "was changed by officer" in told[0]
        assert widget.header.facts["priority"].text() == "High"  # reloaded: their change is visible
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)

    drive_dialog(PersonDialog, play)
    widget.people.edit_person()
    stored = desk.cases.get(case.id)
    assert stored.people[0].place_of_birth == "Kandahar" and stored.priority == "HIGH"
