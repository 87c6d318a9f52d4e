"""Letters from the main window: the Letters menu, the bulk print, the case's Letters tab.

Driven as a user would (menus, buttons), with the system print dialog
replaced by a PDF printer; the assertions are on what the store holds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from caseworker.domain.workflow import Status
from caseworker.gui.case_detail import CaseDetailWidget
from caseworker.gui.case_detail.common import status_text
from caseworker.gui.letters import (
    BatchPrintDialog,
    DraftLetterDialog,
    LetterApprovalsPanel,
    LetterPreviewDialog,
    pdf,
)
from caseworker.gui.main_window import MainWindow
from caseworker.services.api import Services
from tests.support.factories import new_case
from tests.support.letters import authorised_case

Build = Callable[..., MainWindow]


pytestmark = pytest.mark.usefixtures("messages")  # message boxes never wait for a click


@pytest.fixture
def printed_to(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The system print dialog, replaced: whatever is printed lands in this PDF file."""
    target = tmp_path / "printer.pdf"

    def ask(parent: Any) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return printer

    monkeypatch.setattr(pdf, "ask_printer", ask)
    return target


def issued(caseworker: Services, officer: Services) -> tuple[int, int]:
    """(case id, letter id) of an authorised family case with an issued letter."""
    case = authorised_case(caseworker, officer)
    return case.id, officer.letters.approve(caseworker.letters.draft(case.id, crossings=["Torkham"]).id).id


def row_status(window: MainWindow, case_id: int) -> str:
    row = window.cases.model.row_of(case_id)
    assert row is not None
    return window.cases.model.index(row, 4).data()


def test_an_officer_approves_a_drafted_letter_from_the_letters_menu(
    qtbot: QtBot, desk: Services, desk_officer: Services, make_window: Build
) -> None:
    case = authorised_case(desk, desk_officer)
    draft = desk.letters.draft(case.id, crossings=["Torkham"])
    window = make_window(desk_officer)
    window.show_queue("all")
    tab = window.open_case(case.id)
    assert tab is not None and tab.header.status.text() == status_text(Status.AUTHORISED)
    assert window.sidebar.count_text("approval") == "1" and window.sidebar.count_text("letters_to_print") == "0"

    window.letter_actions.approvals_action.trigger()
    panel = window.tabs.currentWidget()
    assert isinstance(panel, LetterApprovalsPanel) and panel.model.rowCount() == 1
    window.letter_actions.approvals_action.trigger()  # a second request shows the same tab
    assert sum(isinstance(window.tabs.widget(i), LetterApprovalsPanel) for i in range(window.tabs.count())) == 1
    qtbot.mouseClick(panel.approve_button, Qt.MouseButton.LeftButton)

    letter = desk.letters.get(draft.id)
    assert letter.status == "ISSUED" and letter.approved_by == "officer"
    assert desk.cases.get(case.id).status == Status.LETTER_ISSUED
    # The open case, its list row and the queue counts follow without a refresh.
    assert tab.header.status.text() == status_text(Status.LETTER_ISSUED)
    assert row_status(window, case.id) == status_text(Status.LETTER_ISSUED)
    assert window.sidebar.count_text("approval") == "0" and window.sidebar.count_text("letters_to_print") == "1"
    window.close_current_tab()  # Ctrl+W closes a panel like a case
    assert window.panels.get("letter-approvals") is None


def test_a_caseworker_prints_the_letters_of_a_selection(
    qtbot: QtBot, desk: Services, desk_officer: Services, make_window: Build, drive_dialog, printed_to: Path,
    messages: list[str],
) -> None:  # fmt: skip
    (first, first_letter), (second, second_letter) = issued(desk, desk_officer), issued(desk, desk_officer)
    without = authorised_case(desk, desk_officer).id
    window = make_window(desk)
    window.show_queue("all")
    assert window.sidebar.count_text("letters_to_print") == "2"
    assert window.letter_actions.print_action in window.cases.more_actions  # also on the rows' context menu

    window.cases.select_ids([without])
    window.letter_actions.print_action.trigger()
    assert "None of the 1 selected case(s) has an issued letter" in messages[-1]

    notes: list[str] = []

    def print_them(dialog: BatchPrintDialog) -> None:
        notes.append(dialog.note.text())
        dialog.print_button.click()
        assert "Sent 2 letter(s) (2 pages) to the printer." in dialog.status.text()
        dialog.cancel_button.click()  # now "Close"

    opened = drive_dialog(BatchPrintDialog, print_them)
    window.cases.select_ids([first, without, second])
    window.letter_actions.print_action.trigger()
    assert len(opened) == 1 and sorted(opened[0].letter_ids) == sorted([first_letter, second_letter])
    reference = desk.cases.get(without).reference
    assert notes == [f"No issued letter to print for 1 of the selected cases: {reference}."]
    assert len(PdfReader(str(printed_to)).pages) == 2
    assert [desk.letters.get(i).print_count for i in (first_letter, second_letter)] == [1, 1]
    assert window.sidebar.count_text("letters_to_print") == "0"


def test_draft_letter_is_offered_only_for_an_authorised_case(
    qtbot: QtBot, desk: Services, desk_officer: Services, make_window: Build, drive_dialog
) -> None:
    referred = new_case(desk).id
    authorised = authorised_case(desk, desk_officer).id
    window = make_window(desk)
    window.show_queue("all")
    draft = window.letter_actions.draft_action
    window.cases.select_ids([referred])
    assert not draft.isEnabled()
    window.cases.select_ids([authorised, referred])
    assert not draft.isEnabled()
    window.cases.select_ids([authorised])
    assert draft.isEnabled()
    window.open_case(referred)
    assert not draft.isEnabled()
    window.open_case(authorised)
    assert draft.isEnabled()

    def fill(dialog: DraftLetterDialog) -> None:
        dialog.crossings.item(0).setCheckState(Qt.CheckState.Checked)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    drive_dialog(DraftLetterDialog, fill)
    draft.trigger()
    letters = desk.letters.for_case(authorised)
    assert [(letter.status, letter.drafted_by) for letter in letters] == [("DRAFT", "caseworker")]
    tab = window.tabs.currentWidget()
    assert isinstance(tab, CaseDetailWidget)
    tab.tabs.setCurrentWidget(tab.letters)
    assert tab.letters.content is not None and tab.letters.content.model.rowCount() == 1


def test_the_case_letters_tab_prints_and_sends_drafts_to_the_approvals_panel(
    qtbot: QtBot, desk: Services, desk_officer: Services, make_window: Build, drive_dialog, printed_to: Path
) -> None:
    case_id, letter_id = issued(desk, desk_officer)
    window = make_window(desk_officer)
    window.show_queue("all")
    tab = window.open_case(case_id)
    assert tab is not None and tab.letters.content is None  # built when first looked at
    tab.tabs.setCurrentWidget(tab.letters)
    letters = tab.letters.content
    assert letters is not None and letters.model.index(0, 1).data() == "Issued"
    assert window.sidebar.count_text("letters_to_print") == "1"
    drive_dialog(LetterPreviewDialog, lambda dialog: (dialog.print_letter(), dialog.accept()))
    letters.table.selectRow(0)
    letters.open_button.click()
    assert desk.letters.get(letter_id).print_count == 1 and printed_to.stat().st_size > 10_000
    assert window.sidebar.count_text("letters_to_print") == "0"  # the tab told the window

    reissued = desk.letters.reissue(letter_id, valid_days=10)  # a caseworker's draft of version 2
    window.refresh()
    assert letters.model.rowCount() == 2 and letters.model.index(0, 1).data() == "Draft"
    letters.table.selectRow(0)
    assert letters.approve_button.isEnabled()
    letters.approve_button.click()
    panel = window.tabs.currentWidget()
    assert isinstance(panel, LetterApprovalsPanel) and panel.current_id() == reissued.id
    panel.approve_button.click()
    assert [letter.status for letter in desk.letters.for_case(case_id)] == ["ISSUED", "SUPERSEDED"]
    assert [letters.model.index(r, 1).data() for r in range(2)] == ["Issued", "Superseded"]
