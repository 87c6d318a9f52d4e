"""Handoffs from the main window: prepare from a selection, approve, write, and the ledger;
and what each role finds in the Letters and Handoffs menus."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import msoffcrypto
import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMenu
from pytestqt.qtbot import QtBot

from caseworker.domain.roles import Role
from caseworker.gui.case_detail import CaseDetailWidget
from caseworker.gui.handoffs import (
    HandoffApprovalsWidget,
    HandoffsPanel,
    PartnerLedgerWidget,
    PartnerProfilesEditor,
    PrepareHandoffDialog,
    WriteHandoffDialog,
)
from caseworker.gui.main_window import MainWindow
from caseworker.services.api import Services
from caseworker.store.engine import Store
from tests.support.handoffs import family, make_partner
from tests.support.stores import PASSWORD, services_for

Build = Callable[..., MainWindow]


pytestmark = pytest.mark.usefixtures("messages")  # message boxes never wait for a click


@pytest.fixture
def desk_admin(sqlite_store: Store) -> Services:
    return services_for(sqlite_store, "admin")


def decrypt(path: Path, passphrase: str) -> openpyxl.Workbook:
    """Open the file as the partner does: msoffcrypto with the passphrase, then a spreadsheet reader."""
    office = msoffcrypto.OfficeFile(io.BytesIO(path.read_bytes()))
    office.load_key(password=passphrase)
    plain = io.BytesIO()
    office.decrypt(plain)
    return openpyxl.load_workbook(plain)


def menu_texts(window: MainWindow, title: str) -> list[str]:
    """The visible entries of a menu bar menu, as the user reads them."""
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == title:
            menu = action.menu()
            assert isinstance(menu, QMenu)
            return [a.text().replace("&", "") for a in menu.actions() if a.isVisible() and not a.isSeparator()]
    return []


def test_prepare_approve_write_and_ledger_from_the_window(
    qtbot: QtBot, desk: Services, desk_officer: Services, desk_admin: Services, make_window: Build, drive_dialog,
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:  # fmt: skip
    make_partner(desk_admin)
    karimi = family(desk, children=("Zahra",))
    haidari = family(desk, given="Fatima", surname="Haidari", passport="P09999999", children=())
    family(desk, given="Ahmad", surname="Wardak", passport="P07654321", children=())  # not selected
    window = make_window(desk)
    window.show_queue("all")
    window.cases.select_ids([karimi.id, haidari.id])
    assert window.handoff_actions.add_action in window.cases.more_actions and window.handoff_actions.add_action.isEnabled()

    def preview_and_prepare(dialog: PrepareHandoffDialog) -> None:
        assert dialog.source.currentData() == "selected" and "(2)" in dialog.source.currentText()
        qtbot.keyClicks(dialog.crossing, "Termez bridge")
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
        assert dialog.count.text().startswith("3 rows")
        dialog.prepare_button.click()

    drive_dialog(PrepareHandoffDialog, preview_and_prepare)
    window.handoff_actions.add_action.trigger()  # "Add to a handoff…" on the selected rows
    [prepared] = desk.handoffs.list()
    assert (prepared.status, prepared.row_count, prepared.people_count) == ("PREPARED", 3, 3)
    assert prepared.prepared_by == "caseworker" and prepared.crossing_point == "Termez bridge"

    officer = make_window(desk_officer)
    assert officer.sidebar.count_text("approval") == "2"  # the two cases of the prepared handoff
    officer.handoff_actions.approvals_action.trigger()
    approvals = officer.tabs.currentWidget()
    assert isinstance(approvals, HandoffApprovalsWidget) and approvals.rows.rowCount() == 3
    qtbot.mouseClick(approvals.approve_button, Qt.MouseButton.LeftButton)
    assert desk.handoffs.get(prepared.id).status == "APPROVED" and desk.handoffs.get(prepared.id).approved_by == "officer"
    assert officer.sidebar.count_text("approval") == "0"

    out = tmp_path / "manifest.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    shown: list[str] = []

    def write(dialog: WriteHandoffDialog) -> None:
        browse = [b for b in dialog.findChildren(type(dialog.write_button)) if b.accessibleName() == "Choose the file"]
        browse[0].click()
        assert dialog.path.text() == str(out)
        dialog.write_button.click()
        shown.append(dialog.passphrase.text())
        closed: list[int] = []
        dialog.finished.connect(closed.append)
        dialog.reject()  # Escape does not lose the passphrase shown once…
        assert closed == [] and dialog.pages.currentIndex() == 1
        dialog.accept()  # …only "I have noted it — close" closes
        assert closed == [dialog.DialogCode.Accepted]

    drive_dialog(WriteHandoffDialog, write)
    window.handoff_actions.panel_action.trigger()
    panel = window.tabs.currentWidget()
    assert isinstance(panel, HandoffsPanel) and panel.select(prepared.id)
    panel.buttons["write"].click()
    assert desk.handoffs.get(prepared.id).status == "WRITTEN" and out.exists()
    sheet = decrypt(out, shown[0]).active
    assert sheet.max_row == 4 and {sheet.cell(r, 3).value for r in range(2, 5)} == {"KARIMI", "HAIDARI"}
    with pytest.raises(msoffcrypto.exceptions.InvalidKeyError):
        decrypt(out, "7KQ2-M9XD-4TAB-P0RS-W3ZE-HJ5N")
    assert panel.selected() is not None and panel.selected().status == "WRITTEN"

    # The ledger answers who received what: in the case, and per partner.
    tab = window.open_case(karimi.id)
    assert isinstance(tab, CaseDetailWidget)
    tab.tabs.setCurrentWidget(tab.disclosures)
    ledger = tab.disclosures.content
    assert ledger is not None and ledger.model.rowCount() == 2
    assert {ledger.model.index(r, 2).data() for r in range(2)} == {prepared.reference}
    assert "Uzbekistan" in ledger.summary.text()
    window.handoff_actions.ledger_action.trigger()
    partners = window.tabs.currentWidget()
    assert isinstance(partners, PartnerLedgerWidget) and partners.people.rowCount() == 3


def test_a_recall_shows_in_the_open_cases_disclosures(
    qtbot: QtBot, desk: Services, desk_officer: Services, desk_admin: Services, make_window: Build,
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:  # fmt: skip
    from caseworker.services.handoffs import HandoffSelection

    make_partner(desk_admin)
    case = family(desk, children=())
    prepared = desk.handoffs.prepare("uz-interior", HandoffSelection(case_ids=(case.id,))).handoff
    desk_officer.handoffs.approve(prepared.id)
    desk.handoffs.write(prepared.id, tmp_path / "m.xlsx")
    window = make_window(desk)
    tab = window.open_case(case.id)
    assert tab is not None
    tab.tabs.setCurrentWidget(tab.disclosures)
    assert tab.disclosures.content is not None and tab.disclosures.content.model.index(0, 4).data() == "Written"
    window.handoff_actions.panel_action.trigger()
    panel = window.tabs.currentWidget()
    assert isinstance(panel, HandoffsPanel) and panel.select(prepared.id)
    monkeypatch.setattr("caseworker.gui.handoffs.panel.QInputDialog.getText", lambda *a, **k: ("asked to delete", True))
    panel.buttons["recall"].click()
    assert desk.handoffs.get(prepared.id).status == "RECALLED"
    assert tab.disclosures.content.model.index(0, 4).data() == "Recalled: asked to delete"


@pytest.mark.parametrize(
    ("username", "letters", "handoffs"),
    [
        ("caseworker", ["Draft letter…", "Print letters…", "Verify a letter…"],
         ["Prepare handoff…", "Handoffs…", "Partner ledger…"]),
        ("officer", ["Draft letter…", "Letter approvals…", "Print letters…", "Verify a letter…"],
         ["Prepare handoff…", "Handoff approvals…", "Handoffs…", "Partner ledger…"]),
        ("admin", ["Draft letter…", "Print letters…", "Verify a letter…"],
         ["Prepare handoff…", "Handoffs…", "Partner ledger…", "Partner profiles…"]),
        ("reader", ["Verify a letter…"], ["Handoffs…", "Partner ledger…"]),
    ],
)  # fmt: skip
def test_each_role_sees_only_what_it_may_do(sqlite_store: Store, desk_admin: Services, make_window: Build,
                                             username: str, letters: list[str], handoffs: list[str]) -> None:  # fmt: skip
    desk_admin.users.add("reader", "Rhea Reader", Role.READ_ONLY, PASSWORD)
    window = make_window(services_for(sqlite_store, username))
    assert menu_texts(window, "Letters") == letters
    assert menu_texts(window, "Handoffs") == handoffs
    cases_menu = menu_texts(window, "Cases")
    assert ("Print letters…" in cases_menu, "Add to a handoff…" in cases_menu) == (username != "reader",) * 2


def test_panels_open_once_and_close_like_tabs(desk_admin: Services, make_window: Build) -> None:
    window = make_window(desk_admin)
    before = window.tabs.count()
    window.handoff_actions.profiles_action.trigger()
    window.handoff_actions.panel_action.trigger()
    window.handoff_actions.profiles_action.trigger()
    assert window.tabs.count() == before + 2 and isinstance(window.tabs.currentWidget(), PartnerProfilesEditor)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Partner profiles"
    window.close_current_tab()
    assert window.tabs.count() == before + 1 and window.panels.get("partner-profiles") is None
    window.refresh()  # F5 on a panel re-reads it
    assert isinstance(window.tabs.currentWidget(), HandoffsPanel)
