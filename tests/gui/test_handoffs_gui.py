"""The handoff widgets, driven as a person would, asserting on what the store holds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from caseworker.documents.office_crypto import decrypt_ooxml
from caseworker.domain.roles import Role
from caseworker.gui.handoffs import (
    HandoffApprovalsWidget,
    HandoffLedgerTab,
    HandoffsPanel,
    PartnerLedgerWidget,
    PartnerProfilesEditor,
    PrepareHandoffDialog,
    WriteHandoffDialog,
)
from caseworker.gui.handoffs.models import PreviewModel
from caseworker.gui.tasks import TaskRunner
from caseworker.services.api import Services
from caseworker.services.handoffs import Batch, HandoffSelection
from caseworker.store.engine import Store
from tests.documents.manifest_package import read_cells
from tests.support.handoffs import family, make_partner
from tests.support.stores import PASSWORD, services_for

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
SHOTS = os.environ.get("CASEWORKER_SCREENSHOTS")  # a folder: save PNGs of the widgets to look at


def _inline() -> TaskRunner:
    return TaskRunner(synchronous=True)


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


@pytest.fixture(autouse=True)
def _no_modal_boxes(messages: list[str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    return messages


def test_prepare_dialog_previews_then_prepares_exactly_that(qtbot: QtBot, qtmodeltester, caseworker: Services,  # type: ignore[no-untyped-def]
                                                            admin: Services) -> None:  # fmt: skip
    case = family(caseworker, children=("Zahra", "Maryam"))
    make_partner(admin)
    dialog = PrepareHandoffDialog(caseworker, case_ids=[case.id], tasks=_inline())
    qtbot.addWidget(dialog)
    assert not dialog.prepare_button.isEnabled()
    qtmodeltester.check(PreviewModel())
    qtbot.keyClicks(dialog.crossing, "Termez bridge")
    qtbot.mouseClick(dialog.preview_button, qtbot_left())
    assert dialog.count.text().startswith("3 rows")
    assert dialog.model.rowCount() == 3 and dialog.model.index(0, 2).data() == "KARIMI"
    assert dialog.model.index(0, 5).data() == "14.03.1985"
    qtmodeltester.check(dialog.model)
    dialog.resize(1200, 560)
    _shot(dialog, "prepare-dialog")
    # changing an input drops the preview: nothing unseen can be prepared
    qtbot.keyClicks(dialog.crossing, "!")
    assert not dialog.prepare_button.isEnabled() and dialog.model.rowCount() == 0
    qtbot.mouseClick(dialog.preview_button, qtbot_left())
    dialog.prepare_button.click()
    assert dialog.prepared is not None and dialog.result() == dialog.DialogCode.Accepted
    stored = caseworker.handoffs.snapshot(dialog.prepared.id)
    assert stored.rows == dialog.preview.rows and stored.handoff.crossing_point == "Termez bridge!"


def qtbot_left():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_prepare_dialog_by_status_and_without_partners(qtbot: QtBot, caseworker: Services, admin: Services) -> None:
    dialog = PrepareHandoffDialog(caseworker)
    qtbot.addWidget(dialog)
    assert not dialog.preview_button.isEnabled() and "administrator" in dialog.status_line.text()
    family(caseworker)
    make_partner(admin)
    dialog = PrepareHandoffDialog(caseworker, tasks=_inline())
    qtbot.addWidget(dialog)
    dialog.source.setCurrentIndex(dialog.source.findData("status"))
    dialog.choice.setCurrentIndex(dialog.choice.findData("REFERRED"))
    dialog.run_preview()
    assert dialog.preview is not None and dialog.preview.row_count == 2


def test_approvals_only_for_another_officer(qtbot: QtBot, store: Store, caseworker: Services, officer: Services,
                                            admin: Services) -> None:  # fmt: skip
    make_partner(admin)
    case = family(caseworker)
    mine = officer.handoffs.prepare("uz-interior", HandoffSelection(case_ids=(case.id,)), Batch("Torkham")).handoff
    for services, reason in ((caseworker, "Only an authorising officer"), (officer, "You prepared this")):
        widget = HandoffApprovalsWidget(services)
        qtbot.addWidget(widget)
        assert not widget.approve_button.isEnabled() and reason in widget.why_not.text()
    admin.users.add("officer2", "Second Officer", Role.OFFICER, PASSWORD)
    widget = HandoffApprovalsWidget(services_for(store, "officer2"))
    qtbot.addWidget(widget)
    widget.resize(1200, 500)
    assert widget.count.text().startswith("2 rows") and widget.rows.rowCount() == 2
    _shot(widget, "approvals")
    qtbot.mouseClick(widget.approve_button, qtbot_left())
    assert officer.handoffs.get(mine.id).status == "APPROVED"
    assert widget.list_model.rowCount() == 0 and "Nothing is waiting" in widget.details.text()


def test_write_dialog_shows_the_passphrase_once_and_the_file_opens(qtbot: QtBot, caseworker: Services,
                                                                   officer: Services, admin: Services,
                                                                   tmp_path: Path) -> None:  # fmt: skip
    make_partner(admin)
    prepared = caseworker.handoffs.prepare("uz-interior", HandoffSelection(case_ids=(family(caseworker).id,)))
    officer.handoffs.approve(prepared.handoff.id)
    dialog = WriteHandoffDialog(caseworker, prepared.handoff.reference, tasks=_inline())
    qtbot.addWidget(dialog)
    out = tmp_path / "out.xlsx"
    dialog.path.setText(str(out))
    _shot(dialog, "write-dialog")
    dialog.write_button.click()
    assert dialog.pages.currentIndex() == 1
    passphrase = dialog.passphrase.text()
    assert len(passphrase) == 29 and passphrase not in dialog.done_text.text()
    dialog.resize(700, 300)
    _shot(dialog, "write-dialog-passphrase")
    headings, rows = read_cells(decrypt_ooxml(out.read_bytes(), passphrase))
    assert [tuple(r) for r in rows] and len(rows) == 2


def test_panel_ledger_tab_and_partner_ledger(qtbot: QtBot, qtmodeltester, caseworker: Services,  # type: ignore[no-untyped-def]
                                             officer: Services, admin: Services, tmp_path: Path,
                                             _no_modal_boxes: list[str]) -> None:  # fmt: skip
    make_partner(admin)
    case = family(caseworker)
    tab = HandoffLedgerTab(caseworker, case.id)
    qtbot.addWidget(tab)
    assert tab.model.rowCount() == 0 and "Nothing about this family" in tab.summary.text()
    prepared = caseworker.handoffs.prepare("uz-interior", HandoffSelection(case_ids=(case.id,)))
    officer.handoffs.approve(prepared.handoff.id)
    caseworker.handoffs.write(prepared.handoff.id, tmp_path / "m.xlsx")
    tab.refresh()
    assert tab.model.rowCount() == 2 and "Uzbekistan" in tab.summary.text()
    assert tab.model.index(0, 2).data() == prepared.handoff.reference
    qtmodeltester.check(tab.model)
    tab.resize(1000, 260)
    _shot(tab, "ledger-tab")

    panel = HandoffsPanel(caseworker, tasks=_inline())
    qtbot.addWidget(panel)
    panel.view.selectRow(0)
    assert panel.buttons["recall"].isEnabled() and not panel.buttons["write"].isEnabled()
    partners = PartnerLedgerWidget(caseworker)
    qtbot.addWidget(partners)
    assert partners.handoffs.rowCount() == 1 and partners.people.rowCount() == 2
    _shot(panel, "handoffs-panel")


def test_profiles_editor_saves_and_refuses_with_the_reason(qtbot: QtBot, admin: Services, caseworker: Services) -> None:
    editor = PartnerProfilesEditor(admin)
    qtbot.addWidget(editor)
    qtbot.keyClicks(editor.name, "kam-air")
    qtbot.keyClicks(editor.display_name, "Kam Air")
    editor.file_format.setCurrentIndex(editor.file_format.findData("csv"))
    assert not editor.save() and "cannot be password-protected" in editor.error.text()
    editor.password.setChecked(False)
    editor.columns.item(2, 1).setText("Фамилия")
    editor.columns.setCurrentCell(2, 1)
    editor.up.click()
    assert editor.save(), editor.error.text()
    saved = admin.handoffs.partners.get("kam-air").profile
    assert saved["format"] == "csv" and saved["columns"][1] == {"field": "surname", "heading": "Фамилия"}
    editor.resize(1000, 620)
    _shot(editor, "profiles-editor")
    readonly = PartnerProfilesEditor(caseworker)
    qtbot.addWidget(readonly)
    assert "Only administrators" in readonly.error.text() and not readonly.save_button.isEnabled()
