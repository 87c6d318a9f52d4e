"""Intake from the main window: a referral list through the wizard, the review queue and a merge, a WhatsApp
chat into a case, the store-wide scan, and what each role finds in the Intake menu.

Driven as a user would (menus, buttons), with file dialogs and message boxes
replaced; the assertions are on what the store holds and what the window shows.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QWizard
from pytestqt.qtbot import QtBot

from caseworker.domain.roles import Role
from caseworker.gui.case_detail import CaseDetailWidget
from caseworker.gui.intake import DuplicatesPanel, ImportWizard, MergeDialog, WhatsAppImportDialog
from caseworker.gui.main_window import MainWindow
from caseworker.services.api import Services
from caseworker.services.demo import fill_store, generate
from caseworker.services.demo.users import demo_actor
from caseworker.services.intake import ImportRequest
from caseworker.services.queries import CaseQuery
from caseworker.store.engine import Store
from tests.gui.test_accessibility import unnamed_controls
from tests.support import referrals
from tests.support.chats import ios_zip
from tests.support.stores import PASSWORD, services_for

Build = Callable[..., MainWindow]


pytestmark = pytest.mark.usefixtures("messages")  # message boxes never wait for a click


def menu_texts(window: MainWindow, title: str) -> list[str] | None:
    """The visible entries of a menu of the menu bar; None when the menu itself is hidden."""
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == title:
            if not action.isVisible():
                return None
            return [a.text().replace("&", "") for a in action.menu().actions() if a.isVisible() and not a.isSeparator()]
    return None


def import_through_the_wizard(qtbot: QtBot, path: Path, review: bool) -> Callable[[ImportWizard], None]:
    def play(wizard: ImportWizard) -> None:
        wizard.show()
        wizard.file_page.source.setCurrentText("Office of A. Jones MP")
        browse = next(b for b in wizard.file_page.findChildren(type(wizard.import_page.review))
                      if b.accessibleName() == "Browse for a file")  # fmt: skip
        browse.click()  # the file dialog is patched to answer `path`
        qtbot.waitUntil(wizard.file_page.isComplete, timeout=5000)  # the preview waits for typing to pause
        wizard.next()  # the columns
        wizard.next()  # the dry run (inline: the window's runner is synchronous in tests)
        assert wizard.dry_run_page.counts["created"].text() == "8"
        wizard.next()  # the import
        assert wizard.import_page.report is not None and wizard.import_page.review.isVisibleTo(wizard)
        if review:
            wizard.import_page.review.click()  # closes the wizard; the window opens the review queue
        else:
            wizard.button(QWizard.WizardButton.FinishButton).click()

    return play


def test_import_review_and_merge_from_the_window(qtbot: QtBot, desk: Services, make_window: Build, drive_dialog,
                                                 monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # fmt: skip
    held = referrals.held_cases(desk)
    path = referrals.write_csv(tmp_path / "mp.csv", "utf-8-sig")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window = make_window(desk)
    window.show_queue("all")
    stanikzai_tab = window.open_case(held["stanikzai"])
    assert stanikzai_tab is not None and window.sidebar.count_text("duplicates") == "0"
    window.tabs.setCurrentIndex(0)
    before = len(window.cases.model.ids)

    opened = drive_dialog(ImportWizard, import_through_the_wizard(qtbot, path, review=True))
    window.intake_actions.import_action.trigger()
    assert len(opened) == 1 and opened[0].state.report.cases_created == 7
    # The list shows the new cases at once, the counts follow, the review queue is open in front.
    assert len(window.cases.model.ids) == before + 7 == len(desk.queries.ids(CaseQuery()))
    references = {window.cases.model.summary(r).reference for r in range(len(window.cases.model.ids))}
    assert {r.case for r in opened[0].state.report.results if r.outcome == "CREATED"} <= references
    assert window.sidebar.count_text("duplicates") == "4"  # two pairs of cases
    assert "7 new case(s), 2 pair(s) sent for review" in window.statusBar().currentMessage()
    panel = window.tabs.currentWidget()
    assert isinstance(panel, DuplicatesPanel) and panel.model.rowCount() == 2

    row = next(i for i, p in enumerate(panel.model.pairs) if held["stanikzai"] in (p.case_a_id, p.case_b_id))
    pair = panel.model.pairs[row]
    panel.table.selectRow(row)
    merged = drive_dialog(MergeDialog, lambda dialog: dialog.merge())
    panel.compare_button.click()
    assert len(merged) == 1
    survivor, other = desk.cases.get(pair.case_a_id), desk.cases.get(pair.case_b_id)
    assert survivor.id == held["stanikzai"] and survivor.status == "REFERRED" and len(survivor.people) == 2
    assert other.status == "DUPLICATE" and other.duplicate_of == survivor.reference and other.people == ()
    # The queue, the counts, the row and the open tab of the survivor follow without a refresh.
    assert panel.model.rowCount() == 1 and window.sidebar.count_text("duplicates") == "2"
    assert len(stanikzai_tab.people.model.rows) == 2
    row_of_other = window.cases.model.row_of(other.id)
    assert row_of_other is not None and window.cases.model.summary(row_of_other).status == "DUPLICATE"
    window.intake_actions.duplicates_action.trigger()  # a second request shows the same tab
    assert sum(isinstance(window.tabs.widget(i), DuplicatesPanel) for i in range(window.tabs.count())) == 1


def test_a_whatsapp_chat_into_the_open_case_from_its_contact_log(qtbot: QtBot, desk: Services, make_window: Build,
                                                                 drive_dialog, tmp_path: Path) -> None:  # fmt: skip
    karimi = referrals.held_cases(desk)["karimi"]
    export = ios_zip(tmp_path / "WhatsApp Chat - Mohammad Karimi.zip")
    window = make_window(desk)
    window.show_queue("all")
    tab = window.open_case(karimi)
    assert isinstance(tab, CaseDetailWidget) and tab.contacts.model.rowCount() == 0
    assert window.intake_actions.whatsapp_action.isEnabled()  # the case tab shown is the case in hand

    def import_chat(dialog: WhatsAppImportDialog) -> None:
        dialog.path.setText(str(export))
        dialog.read()
        assert "7 messages (7 not imported yet)" in dialog.summary.text()
        dialog.import_button.click()
        assert dialog.outcome.text().startswith("Added 7 messages and 2 attachments")
        dialog.reject()

    opened = drive_dialog(WhatsAppImportDialog, import_chat)
    tab.tabs.setCurrentWidget(tab.contacts)
    tab.contacts.import_button.click()
    assert len(opened) == 1 and opened[0].case_id == karimi
    assert len(desk.cases.get(karimi).contacts) == 7
    assert tab.contacts.model.rowCount() == 7 and len(tab.documents.model.rows) == 3  # the tab follows

    # From the list: the one selected row's context menu has the same entry.
    window.tabs.setCurrentIndex(0)
    window.cases.select_ids([karimi])
    assert window.intake_actions.whatsapp_action in window.cases.more_actions
    assert window.intake_actions.whatsapp_action.isEnabled()
    window.cases.select_ids(list(window.cases.model.ids))
    assert not window.intake_actions.whatsapp_action.isEnabled()  # two cases: which one?


def test_the_store_scan_from_the_menu_queues_the_planted_pairs(qtbot: QtBot, desk: Services, make_window: Build,
                                                               messages: list[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(generate, "DUPLICATE_RATE", 0.06)
    actor, workers = demo_actor(desk.store)
    result = fill_store(desk.store, 300, 5, actor.actor, workers)
    families: dict[int, set[int]] = defaultdict(set)
    for first, second in result.planted_duplicates:
        families[first].update((first, second))
    planted = {pair for family in families.values() for pair in itertools.combinations(sorted(family), 2)}
    window = make_window(desk)
    window.show_queue("all")
    assert window.sidebar.count_text("duplicates") == "0"

    window.intake_actions.scan_action.trigger()
    queued = {(p.case_a_id, p.case_b_id) for p in desk.intake.duplicates()}
    assert planted <= queued and len(queued) == len(planted)
    assert messages[-1].startswith(f"{len(queued)} new pair(s) of cases queued for review")
    panel = window.tabs.currentWidget()
    assert isinstance(panel, DuplicatesPanel) and panel.model.rowCount() == len(queued)
    assert window.sidebar.count_text("duplicates") == str(len({c for pair in queued for c in pair}))
    window.intake_actions.scan_action.trigger()  # again: nothing new
    assert messages[-1].startswith("0 new pair(s)") and panel.model.rowCount() == len(queued)


@pytest.mark.parametrize(
    ("username", "intake"),
    [
        ("caseworker", ["Import referral list…", "Undo import…", "Import WhatsApp chat…", "Possible duplicates…",
                        "Find duplicates in the store…"]),
        ("officer", ["Import referral list…", "Undo import…", "Import WhatsApp chat…", "Possible duplicates…",
                     "Find duplicates in the store…"]),
        ("reader", None),
    ],
)  # fmt: skip
def test_each_role_sees_only_what_it_may_do(sqlite_store: Store, make_window: Build, username: str,
                                             intake: list[str] | None) -> None:  # fmt: skip
    services_for(sqlite_store, "admin").users.add("reader", "Rhea Reader", Role.READ_ONLY, PASSWORD)
    services = services_for(sqlite_store, "caseworker")
    karimi = referrals.held_cases(services)["karimi"]
    window = make_window(services_for(sqlite_store, username))
    assert menu_texts(window, "Intake") == intake
    reader = username == "reader"
    assert ("Import WhatsApp chat…" in (menu_texts(window, "Cases") or [])) is not reader
    assert ("duplicates" in window.sidebar.queue_items) is not reader
    tab = window.open_case(karimi)
    assert tab is not None and tab.contacts.import_button.isHidden() is reader


def test_shortcuts_are_all_different(desk: Services, make_window: Build) -> None:
    window = make_window(desk)
    keys = [key.toString() for action in window.findChildren(QAction) for key in action.shortcuts() if not key.isEmpty()]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
    shortcuts = {a.shortcut().toString() for a in (window.intake_actions.import_action,
                                                    window.intake_actions.whatsapp_action,
                                                    window.intake_actions.duplicates_action)}  # fmt: skip
    assert shortcuts == {"Ctrl+I", "Ctrl+Shift+I", "Ctrl+6"}


def test_every_intake_control_has_an_accessible_name(desk: Services, make_window: Build) -> None:
    karimi = referrals.held_cases(desk)["karimi"]
    window = make_window(desk)
    window.intake_actions.show_duplicates()
    window.open_case(karimi)
    assert unnamed_controls(window) == []
    for dialog in (ImportWizard(desk, window, tasks=window.tasks),
                   WhatsAppImportDialog(desk, karimi, window, tasks=window.tasks)):  # fmt: skip
        assert unnamed_controls(dialog) == [], type(dialog).__name__


def test_undo_import_from_the_window_lists_blockers_then_undoes(qtbot: QtBot, desk: Services, make_window: Build,
                                                                drive_dialog, monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:  # fmt: skip
    from PySide6.QtWidgets import QMessageBox

    from caseworker.gui.intake import UndoImportDialog

    report = desk.intake.run_import(ImportRequest(referrals.write_xlsx(tmp_path / "mp.xlsx"), source="MP"))
    case = desk.cases.get_by_reference(next(r.case for r in report.results if r.row == 9))
    desk.cases.update(case.id, case.version, {"current_area": "Herat"})  # later work on one of its cases
    window = make_window(desk)
    window.show_queue("all")
    before = len(window.cases.model.ids)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)

    def blocked(dialog: UndoImportDialog) -> None:
        assert dialog.table.rowCount() == 1 and dialog.table.item(0, 2).text() == "Complete"
        dialog.table.selectRow(0)
        dialog.undo_button.click()
        assert dialog.status.text().startswith("Not undone: nothing was changed")
        assert f"{case.reference}: case.update" in dialog.status.text()
        dialog.reject()

    drive_dialog(UndoImportDialog, blocked)
    window.intake_actions.undo_action.trigger()
    assert len(desk.queries.ids(CaseQuery())) == before

    desk.cases.update(case.id, desk.cases.get(case.id).version, {"current_area": ""})
    # that edit is a change too: only an untouched import can be undone, so import another list
    fresh = desk.intake.run_import(ImportRequest(referrals.write_xlsx(
        tmp_path / "other.xlsx", [("NGO-1", "", "Wahid Amiri", "", "", "M", "1980", "", "", "", "self", "")]),
        source="NGO"))
    window.cases.refresh()
    before = len(window.cases.model.ids)

    def undo(dialog: UndoImportDialog) -> None:
        assert dialog.batches[0].id == fresh.batch_id
        dialog.table.selectRow(0)
        dialog.undo_button.click()
        assert dialog.status.text() == "Undone: 1 cases and 1 people removed, 0 records put back."
        assert dialog.table.item(0, 2).text() == "Undone" and not dialog.undo_button.isEnabled()
        dialog.reject()

    drive_dialog(UndoImportDialog, undo)
    window.intake_actions.undo_action.trigger()
    assert len(window.cases.model.ids) == before - 1  # the list follows
    assert "Undid import" in window.statusBar().currentMessage()
