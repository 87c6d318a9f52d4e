"""The Handoffs menu of the main window: prepare a manifest for a partner, approve it, write it,
and answer "what did we give whom?".

The handoffs list, the approvals, the partner ledger and the partner profiles
are panels: tabs of the main window, one of each (see `caseworker.gui.panels`).
Entries the user's role can never use are hidden. After anything that changes
a handoff, `changed()` refreshes the queue counts, the other handoff panels and
the Disclosures tab of every open case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from caseworker.domain.roles import Action, can
from caseworker.gui.app import window_action
from caseworker.gui.handoffs import (
    HandoffApprovalsWidget,
    HandoffsPanel,
    PartnerLedgerWidget,
    PartnerProfilesEditor,
    PrepareHandoffDialog,
)

if TYPE_CHECKING:
    from caseworker.gui.main_window import MainWindow

HANDOFFS, HANDOFF_APPROVALS, PARTNER_LEDGER, PARTNER_PROFILES = (
    "handoffs", "handoff-approvals", "partner-ledger", "partner-profiles")  # fmt: skip


class HandoffActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.services = window.services
        role = self.services.user.role
        may_prepare = can(role, Action.PREPARE_HANDOFF)
        self.prepare_action = self._action(self.tr("&Prepare handoff…"), self.prepare, "Ctrl+Shift+H",
                                           self.tr("Prepare a manifest for a partner: the selected cases, "
                                                   "a status, a queue or a crossing"))  # fmt: skip
        self.prepare_action.setVisible(may_prepare)
        self.add_action = self._action(self.tr("Add to a &handoff…"), self.prepare, None,
                                       self.tr("Prepare a manifest for a partner with the selected cases"))  # fmt: skip
        self.add_action.setVisible(may_prepare)
        self.panel_action = self._action(self.tr("&Handoffs…"), self.show_handoffs, "Ctrl+3",
                                         self.tr("Every handoff: write the file, recall, cancel, see the rows"))  # fmt: skip
        self.approvals_action = self._action(self.tr("Handoff &approvals…"), self.show_approvals, "Ctrl+5",
                                             self.tr("Prepared handoffs waiting for your approval"))  # fmt: skip
        self.approvals_action.setVisible(can(role, Action.APPROVE_HANDOFF))
        self.ledger_action = self._action(self.tr("Partner &ledger…"), self.show_ledger, None,
                                          self.tr("What each partner was given, and about whom"))  # fmt: skip
        self.profiles_action = self._action(self.tr("Partner p&rofiles…"), self.show_profiles, None,
                                            self.tr("Which fields each partner receives, and how"))  # fmt: skip
        self.profiles_action.setVisible(can(role, Action.MANAGE_SETTINGS))
        window.casesInHandChanged.connect(self.update_state)
        self.update_state()

    def _action(self, text: str, slot: Callable[[], object], shortcut: str | None, tip: str) -> QAction:
        return window_action(self.window, text, slot, shortcut, tip=tip)

    def build_menu(self, menu: QMenu) -> None:
        for action in (self.prepare_action, self.approvals_action, None, self.panel_action, self.ledger_action,
                       None, self.profiles_action):  # fmt: skip
            menu.addSeparator() if action is None else menu.addAction(action)

    def update_state(self) -> None:
        self.add_action.setEnabled(self.window.count_in_hand() > 0)

    def changed(self, origin: QObject | None = None) -> None:
        """A handoff was prepared, approved, written, cancelled or recalled."""
        self.window.refresh_counts()  # "awaiting approval" counts prepared handoffs
        self.window.panels.refresh(HANDOFFS, HANDOFF_APPROVALS, PARTNER_LEDGER, origin=origin)
        for tab in self.window.case_tabs.values():
            tab.refresh_disclosures()

    # -- the actions ------------------------------------------------------------------------

    def prepare(self) -> PrepareHandoffDialog:
        """The prepare dialog, with the cases in hand (if any) as the people to hand off."""
        ids = self.window.cases_in_hand()
        dialog = PrepareHandoffDialog(self.services, case_ids=ids or None, parent=self.window, tasks=self.window.tasks)
        if dialog.exec() and dialog.prepared is not None:
            self.changed()
            self.window.statusBar().showMessage(
                self.tr("%s is prepared; it waits for an authorising officer's approval.") % dialog.prepared.reference,
                10_000)  # fmt: skip
        return dialog

    def _show(self, key: str, title: str, build: type[QWidget], **kwargs: object) -> QWidget:
        def make() -> QWidget:
            panel = build(self.services, **kwargs)
            signal = getattr(panel, "handoffsChanged", None)
            if signal is not None:
                signal.connect(lambda: self.changed(origin=panel))
            return panel

        return self.window.panels.show(key, title, make, refreshable=build is not PartnerProfilesEditor)

    def show_handoffs(self) -> QWidget:
        return self._show(HANDOFFS, self.tr("Handoffs"), HandoffsPanel, tasks=self.window.tasks)

    def show_approvals(self) -> QWidget:
        return self._show(HANDOFF_APPROVALS, self.tr("Handoff approvals"), HandoffApprovalsWidget)

    def show_ledger(self) -> QWidget:
        return self._show(PARTNER_LEDGER, self.tr("Partner ledger"), PartnerLedgerWidget)

    def show_profiles(self) -> QWidget:
        return self._show(PARTNER_PROFILES, self.tr("Partner profiles"), PartnerProfilesEditor)
