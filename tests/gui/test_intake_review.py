"""The review queue, the side-by-side merge dialog and the WhatsApp import dialog."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog
from pytestqt.qtbot import QtBot

from caseworker.gui.intake import DuplicatesDialog, MergeDialog, WhatsAppImportDialog
from caseworker.gui.intake.merge_dialog import DIFFERENT
from caseworker.gui.tasks import TaskRunner
from caseworker.services.api import Services
from caseworker.services.intake import ImportRequest
from tests.support import referrals
from tests.support.chats import ios_zip


@pytest.fixture
def queued(caseworker: Services, tmp_path: Path) -> dict[str, int]:
    held = referrals.held_cases(caseworker)
    caseworker.intake.run_import(ImportRequest(referrals.write_xlsx(tmp_path / "mp.xlsx"), source="MP"))
    return held


def _row(dialog: MergeDialog, label: str, after: int = 0) -> int:
    return next(r for r in range(after, dialog.table.rowCount()) if dialog.table.item(r, 0).text() == label)


def test_the_queue_lists_pairs_and_remembers_not_a_duplicate(qtbot: QtBot, qtmodeltester, caseworker: Services,  # type: ignore[no-untyped-def]
                                                             queued: dict[str, int], monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path) -> None:
    shown = DuplicatesDialog(caseworker)
    qtbot.addWidget(shown)
    dialog = shown.panel
    assert not dialog.open_button.isVisibleTo(shown) and not dialog.scan_button.isVisibleTo(shown)  # no window
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 2 and dialog.count.text() == "2 pair(s) waiting for review, strongest first."
    assert dialog.model.index(0, 0).data() >= dialog.model.index(1, 0).data()
    assert dialog.compare_button.isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("two brothers", True)))
    first = dialog.model.pairs[0]
    dialog.dismiss()
    assert dialog.model.rowCount() == 1 and first.id not in {p.id for p in dialog.model.pairs}
    assert caseworker.intake.duplicates("NOT_DUPLICATE")[0].id == first.id
    assert not shown.grab().isNull()


def test_merge_side_by_side_choosing_values(qtbot: QtBot, caseworker: Services, queued: dict[str, int]) -> None:
    pair = next(p for p in caseworker.intake.duplicates() if queued["stanikzai"] in (p.case_a_id, p.case_b_id))
    dialog = MergeDialog(caseworker, pair.case_a_id, pair.case_b_id)
    qtbot.addWidget(dialog)
    assert dialog.preview is not None and dialog.preview.survivor_id == queued["stanikzai"]  # the older case
    source = _row(dialog, "Referral source")
    assert dialog.table.item(_row(dialog, "Referrer"), 3).checkState() == Qt.CheckState.Checked  # fills a gap
    assert dialog.table.item(source, 1).text() == "NGO" and dialog.table.item(source, 2).text() == "MP"
    assert dialog.table.item(source, 1).background().color() == DIFFERENT
    scheme = _row(dialog, "Scheme")
    assert dialog.table.item(scheme, 3).flags() & Qt.ItemFlag.ItemIsUserCheckable
    same = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 3).text() == "Same person")
    assert dialog.table.item(same, 3).checkState() == Qt.CheckState.Checked
    birth = _row(dialog, "Date of birth", same)
    assert (dialog.table.item(birth, 1).text(), dialog.table.item(birth, 2).text()) == ("1990 (year only)", "3 August 1990")
    dialog.table.item(source, 3).setCheckState(Qt.CheckState.Checked)
    dialog.table.item(birth, 3).setCheckState(Qt.CheckState.Checked)
    dialog.only_differences.setChecked(True)
    assert dialog.table.isRowHidden(_row(dialog, "Post")) and not dialog.table.isRowHidden(source)
    assert "Moving into" in dialog.moving.text() and "MALALAI" in dialog.moving.text()
    dialog.merge()
    assert dialog.result() == QDialog.DialogCode.Accepted
    merged = caseworker.cases.get(queued["stanikzai"])
    assert merged.referral_source == "MP" and len(merged.people) == 2
    assert (merged.people[0].birth_date, merged.people[0].birth_precision) == (dt.date(1990, 8, 3), "EXACT")


def test_unticking_same_person_keeps_both_and_swapping_the_survivor(qtbot: QtBot, caseworker: Services,
                                                                    queued: dict[str, int]) -> None:
    pair = next(p for p in caseworker.intake.duplicates() if queued["stanikzai"] in (p.case_a_id, p.case_b_id))
    dialog = MergeDialog(caseworker, pair.case_a_id, pair.case_b_id)
    qtbot.addWidget(dialog)
    dialog.survivor.setCurrentIndex(1)
    assert dialog.preview is not None and dialog.preview.survivor_id != queued["stanikzai"]
    same = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 3).text() == "Same person")
    dialog.table.item(same, 3).setCheckState(Qt.CheckState.Unchecked)
    birth = _row(dialog, "Date of birth", same)
    assert not dialog.table.item(birth, 3).flags() & Qt.ItemFlag.ItemIsEnabled
    assert dialog.request().same_people == ()
    dialog.merge()
    survivor = caseworker.cases.get(dialog.preview.survivor_id)
    assert len(survivor.people) == 3
    assert caseworker.cases.get(queued["stanikzai"]).status == "DUPLICATE"


def test_whatsapp_dialog_reads_matches_and_imports(qtbot: QtBot, caseworker: Services, tmp_path: Path) -> None:
    karimi = referrals.held_cases(caseworker)["karimi"]
    export = ios_zip(tmp_path / "WhatsApp Chat - Mohammad Karimi.zip")
    dialog = WhatsAppImportDialog(caseworker, karimi, tasks=TaskRunner(synchronous=True))
    qtbot.addWidget(dialog)
    assert dialog.person.count() == 2 and not dialog.import_button.isEnabled()
    dialog.path.setText(str(export))
    dialog.read()
    qtbot.waitUntil(lambda: dialog.chat is not None, timeout=10_000)
    assert "7 messages (7 not imported yet)" in dialog.summary.text()
    assert dialog.person.currentData() == caseworker.cases.get(karimi).people[0].id
    assert dialog.why.text() == "Found by name 'Mohammad Karimi'."
    dialog.zone.setCurrentIndex(dialog.zone.findData("Asia/Kabul"))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert dialog.outcome.text().startswith("Added 7 messages and 2 attachments to")
    case = caseworker.cases.get(karimi)
    assert len(case.contacts) == 7 and len(case.attachments) == 3
    qtbot.waitUntil(lambda: "0 not imported yet" in dialog.summary.text(), timeout=10_000)
    assert not dialog.import_button.isEnabled()
