"""The disclosure ledger in the application: per case (a tab of the case detail) and per partner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.handoff_fields import BY_KEY
from caseworker.gui.handoffs.approvals import HANDOFF_COLUMNS
from caseworker.gui.handoffs.common import table_view
from caseworker.gui.handoffs.models import RecordModel, when
from caseworker.services.api import Services
from caseworker.services.handoffs.dto import (
    DisclosedPerson,
    Disclosure,
    HandoffView,
    PartnerDisclosure,
)


def _fields(d: Disclosure) -> str:
    return ", ".join(BY_KEY[f].heading if f in BY_KEY else f for f in d.fields)


DISCLOSURE_COLUMNS = (
    ("Person", lambda d: d.person_name),
    ("Partner", lambda d: d.partner_display_name),
    ("Handoff", lambda d: d.reference),
    ("Given", lambda d: when(d.written_at) or d.status.capitalize()),
    ("Status", lambda d: d.status.capitalize() + (f": {d.close_note}" if d.close_note else "")),
    ("Change", lambda d: (d.change or "").capitalize()),
    ("Fields", _fields),
)


class HandoffLedgerTab(QWidget):
    """What partners received about the people of one case."""

    def __init__(self, services: Services, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.case_id = services, case_id
        self.pending = QCheckBox(self.tr("Include handoffs not yet written"))
        self.pending.setAccessibleName(self.tr("Include handoffs not yet written"))
        self.summary = QLabel()
        self.model: RecordModel[Disclosure] = RecordModel(DISCLOSURE_COLUMNS)
        self.view = table_view(self.model, self.tr("What partners received about this family"))
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.pending)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.pending.toggled.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        entries = self.services.handoffs.ledger.for_case(self.case_id, include_pending=self.pending.isChecked())
        self.model.set_records(entries)
        self.view.resizeColumnsToContents()
        partners = sorted({e.partner_display_name for e in entries if e.written_at})
        self.summary.setText(self.tr("Given to: {partners}").format(partners=", ".join(partners)) if partners
                             else self.tr("Nothing about this family has been given to any partner."))  # fmt: skip


def _of_handoff(get: Callable[[HandoffView], Any]) -> Callable[[PartnerDisclosure], Any]:
    return lambda entry: get(entry.handoff)


class PartnerLedgerWidget(QWidget):
    """Every handoff given to a partner and the people in each."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.partner = QComboBox()
        self.partner.setAccessibleName(self.tr("Partner"))
        for p in services.handoffs.partners.list(include_inactive=True):
            self.partner.addItem(p.display_name, p.name)
        self.handoffs: RecordModel[PartnerDisclosure] = RecordModel(
            [(title, _of_handoff(get)) for title, get in HANDOFF_COLUMNS])
        self.handoff_view = table_view(self.handoffs, self.tr("Handoffs given to the partner"))
        self.people: RecordModel[DisclosedPerson] = RecordModel((
            ("Row", lambda p: p.row_number), ("Person id", lambda p: p.person_id), ("Case id", lambda p: p.case_id),
            ("Change", lambda p: (p.change or "").capitalize()),
        ))  # fmt: skip
        self.people_view = table_view(self.people, self.tr("People in the selected handoff"))
        splitter = QSplitter()
        splitter.addWidget(self.handoff_view)
        splitter.addWidget(self.people_view)
        layout = QVBoxLayout(self)
        layout.addWidget(self.partner)
        layout.addWidget(splitter, 1)
        self.partner.currentIndexChanged.connect(self.refresh)
        self.handoff_view.selectionModel().currentRowChanged.connect(
            lambda current, _: self.people.set_records(
                entry.people if (entry := self.handoffs.record(current.row())) else ()))
        self.refresh()

    def refresh(self) -> None:
        name = self.partner.currentData()
        self.handoffs.set_records(self.services.handoffs.ledger.for_partner(name) if name else [])
        self.people.set_records(())
        if self.handoffs.rowCount():
            self.handoff_view.selectRow(0)
