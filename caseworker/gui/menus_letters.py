"""The Letters menu of the main window: draft, approve, print and verify travel-authorisation letters.

Actions work on the cases "in hand" (the case tab shown, or the rows selected
in the case list; see `MainWindow.cases_in_hand`). Entries the user's role can
never use are hidden; Draft is enabled only for a case a letter may be drafted
for. After anything that changes letters, `changed()` refreshes the cases'
rows, tabs and the queue counts, and the approvals panel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from caseworker.domain.errors import CaseworkerError
from caseworker.domain.roles import Action, can
from caseworker.gui.app import window_action
from caseworker.gui.letters import (
    BatchPrintDialog,
    DraftLetterDialog,
    LetterApprovalsPanel,
    VerifyLetterDialog,
)
from caseworker.gui.letters.case_letters import DRAFTABLE

if TYPE_CHECKING:
    from caseworker.gui.main_window import MainWindow

LETTER_APPROVALS = "letter-approvals"
MAX_NAMED = 8  # cases named in "these have no letter to print"; the rest are counted


class LetterActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.services = window.services
        role = self.services.user.role
        self.draft_action = self._action(self.tr("&Draft letter…"), self.draft, "Ctrl+Shift+D",
                                         self.tr("Draft a travel-authorisation letter for the case"))  # fmt: skip
        self.draft_action.setVisible(can(role, Action.DRAFT_LETTER))
        self.approvals_action = self._action(self.tr("Letter &approvals…"), self.show_approvals, "Ctrl+4",
                                             self.tr("Draft letters waiting for your approval"))  # fmt: skip
        self.approvals_action.setVisible(can(role, Action.APPROVE_LETTER))
        self.print_action = self._action(self.tr("&Print letters…"), self.print_letters, "Ctrl+Shift+P",
                                         self.tr("Print the issued letters of the selected cases"))  # fmt: skip
        self.print_action.setVisible(can(role, Action.DRAFT_LETTER))
        self.verify_action = self._action(self.tr("&Verify a letter…"), self.verify, None,
                                          self.tr("Check a letter someone shows or sends"))  # fmt: skip
        window.casesInHandChanged.connect(self.update_state)
        self.update_state()

    def _action(self, text: str, slot: Callable[[], object], shortcut: str | None, tip: str) -> QAction:
        return window_action(self.window, text, slot, shortcut, tip=tip)

    def build_menu(self, menu: QMenu) -> None:
        for action in (self.draft_action, self.approvals_action, None, self.print_action, None, self.verify_action):
            menu.addSeparator() if action is None else menu.addAction(action)

    def update_state(self) -> None:
        self.draft_action.setEnabled(self.window.status_in_hand() in DRAFTABLE)
        self.print_action.setEnabled(self.window.count_in_hand() > 0)

    def changed(self, case_ids: list[int], origin: QObject | None = None) -> None:
        """Letters of these cases changed: their rows, open tabs, the counts and the approvals panel follow."""
        self.window.cases_changed(case_ids, origin=origin if isinstance(origin, QWidget) else None)
        self.window.panels.refresh(LETTER_APPROVALS, origin=origin)
        self.update_state()

    # -- the actions ------------------------------------------------------------------------

    def draft(self) -> None:
        ids = self.window.cases_in_hand()
        status = self.window.status_in_hand()
        if len(ids) != 1 or status not in DRAFTABLE:
            QMessageBox.information(self.window, self.tr("Draft letter"),
                                    self.tr("Open or select one authorised case to draft its letter."))  # fmt: skip
            return
        try:
            dialog = DraftLetterDialog(self.services, ids[0], self.window)
        except CaseworkerError as exc:
            QMessageBox.warning(self.window, self.tr("Cannot draft a letter"), str(exc))
            return
        if dialog.exec() and dialog.letter is not None:
            self.changed([ids[0]])
            self.window.statusBar().showMessage(
                self.tr("Drafted a letter for %s: an authorising officer must approve it.") % dialog.case.reference,
                10_000)  # fmt: skip

    def show_approvals(self, select: int | None = None) -> LetterApprovalsPanel:
        """The officers' approvals panel (one tab); `select` a draft letter's id to show it."""
        def build() -> LetterApprovalsPanel:
            panel = LetterApprovalsPanel(self.services)
            panel.casesChanged.connect(lambda ids: self.changed(ids, origin=panel))
            return panel

        panel = self.window.panels.show(LETTER_APPROVALS, self.tr("Letter approvals"), build)
        assert isinstance(panel, LetterApprovalsPanel)
        if select is not None:
            panel.refresh(select=select)
        return panel

    def print_letters(self) -> None:
        ids = self.window.cases_in_hand()
        if not ids:
            QMessageBox.information(self.window, self.tr("Print letters"),
                                    self.tr("Select the cases whose letters you want to print."))  # fmt: skip
            return
        letters = self.services.letters.live_for_cases(ids)
        with_letters = {letter.case_id for letter in letters}
        without = [i for i in ids if i not in with_letters]
        if not letters:
            QMessageBox.information(self.window, self.tr("Print letters"), self.tr(
                "None of the %n selected case(s) has an issued letter to print. A letter can be printed once an "
                "authorising officer has approved it, and until it expires or is revoked.", "", len(ids)))
            return
        dialog = BatchPrintDialog(self.services, [letter.id for letter in letters], self.window,
                                  tasks=self.window.tasks, note=self._without_note(without))  # fmt: skip
        dialog.exec()
        if dialog.batch is not None and dialog.batch.printed:
            self.changed(sorted(with_letters))

    def _without_note(self, case_ids: list[int]) -> str:
        if not case_ids:
            return ""
        references = [row.reference for row in self.services.queries.rows(case_ids[:MAX_NAMED])]
        named = ", ".join(references) + (self.tr(" and %n more", "", len(case_ids) - MAX_NAMED)
                                         if len(case_ids) > MAX_NAMED else "")  # fmt: skip
        return self.tr("No issued letter to print for %n of the selected cases: %s.", "", len(case_ids)) % named

    def verify(self) -> None:
        VerifyLetterDialog(self.services, self.window).exec()
