"""The Contact log tab: the timeline, one-click logging of the common outcomes,
the full entry dialog, opening a WhatsApp chat with the family, and asking the
window to import an exported chat (``importRequested``)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.errors import ValidationError
from caseworker.domain.phones import normalise_phone, whatsapp_link
from caseworker.domain.vocab import Channel, Outcome
from caseworker.gui.case_detail.common import vocab
from caseworker.gui.case_detail.contact_dialog import ContactDialog
from caseworker.gui.case_detail.contacts_model import NOTE, ContactLogModel
from caseworker.gui.case_detail.controller import CaseController
from caseworker.gui.case_detail.fields import chain_tab_order
from caseworker.gui.case_detail.reason_dialog import ask_reason
from caseworker.services.dto import CaseDetail, ContactEntryView
from caseworker.services.inputs import ContactInput

QUICK_OUTCOMES = (Outcome.REACHED, Outcome.NO_ANSWER, Outcome.MESSAGE_SENT, Outcome.WRONG_NUMBER)
FOLLOW_UP_DAYS = (3, 7, 14)


def case_numbers(detail: CaseDetail) -> list[str]:
    """The family's WhatsApp numbers first (the principal's first of all), then phones."""
    people = sorted(detail.people, key=lambda p: p.role != "PRINCIPAL")
    points = [c for p in people for c in p.contact_points]
    ordered = sorted(points, key=lambda c: c.kind != "WHATSAPP")
    return list(dict.fromkeys(c.value for c in ordered if c.kind in ("WHATSAPP", "PHONE")))


class ContactsTab(QWidget):
    importRequested = Signal()  # noqa: N815 - "Import WhatsApp chat…": the window runs the import

    def __init__(self, controller: CaseController, can_log: bool, can_delete: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = ContactLogModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Contact log"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)

        self.channel = QComboBox()
        self.channel.setAccessibleName(self.tr("Channel for quick entries"))
        for channel in (Channel.WHATSAPP, Channel.PHONE):
            self.channel.addItem(vocab(channel), channel.value)
        self.handle = QComboBox()
        self.handle.setEditable(True)
        self.handle.setMinimumContentsLength(16)
        self.handle.setAccessibleName(self.tr("Number for quick entries"))
        self.note = QLineEdit()
        self.note.setAccessibleName(self.tr("Note for quick entries"))
        self.note.setPlaceholderText(self.tr("Short note (optional)"))
        self.follow_up = QComboBox()
        self.follow_up.setAccessibleName(self.tr("Next follow-up for quick entries"))
        self.follow_up.addItem(self.tr("no follow-up"), None)
        self.follow_up.addItem(self.tr("follow up tomorrow"), 1)
        for days in FOLLOW_UP_DAYS:
            self.follow_up.addItem(self.tr("follow up in %s days") % days, days)
        self.whatsapp_button = QPushButton(self.tr("Open in &WhatsApp"))
        self.whatsapp_button.setAccessibleName(self.tr("Open this number in WhatsApp"))
        self.whatsapp_button.clicked.connect(self.open_whatsapp)
        self.quick_buttons: dict[Outcome, QPushButton] = {}
        quick = QHBoxLayout()
        quick.addWidget(QLabel(self.tr("Log:")))
        for outcome in QUICK_OUTCOMES:
            button = QPushButton(vocab(outcome))
            button.setAccessibleName(self.tr("Log %s") % vocab(outcome))
            button.clicked.connect(lambda _checked=False, o=outcome: self.quick_log(o))
            button.setEnabled(can_log)
            quick.addWidget(button)
            self.quick_buttons[outcome] = button
        self.more_button = QPushButton(self.tr("&Other entry…"))
        self.more_button.setAccessibleName(self.tr("Log another kind of entry"))
        self.more_button.clicked.connect(self.log_entry)
        self.delete_button = QPushButton(self.tr("&Delete entry…"))
        self.delete_button.setAccessibleName(self.tr("Delete the selected entry"))
        self.delete_button.clicked.connect(self.delete_entry)
        self.import_button = QPushButton(self.tr("&Import WhatsApp chat…"))
        self.import_button.setAccessibleName(self.tr("Import an exported WhatsApp chat into this case"))
        self.import_button.setToolTip(self.tr("Every message of a chat exported from WhatsApp becomes an entry "
                                              "of the log; its photos and files become documents"))  # fmt: skip
        self.import_button.clicked.connect(self.importRequested)
        self.more_button.setEnabled(can_log)
        self.import_button.setVisible(can_log and can_delete)  # messages and attachments: both rights
        self.delete_button.setVisible(can_delete)
        quick.addWidget(self.more_button)
        quick.addWidget(self.import_button)
        quick.addStretch()
        quick.addWidget(self.delete_button)
        details = QHBoxLayout()
        details.addWidget(self.channel)
        details.addWidget(self.handle, 1)
        details.addWidget(self.whatsapp_button)
        details.addWidget(self.note, 2)
        details.addWidget(self.follow_up)
        layout = QVBoxLayout(self)
        layout.addLayout(details)
        layout.addLayout(quick)
        layout.addWidget(self.table)
        self.handle.currentTextChanged.connect(self._update_buttons)
        self.channel.currentIndexChanged.connect(self._update_buttons)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        controller.shown.connect(self.show_case)
        chain_tab_order(self.channel, self.handle, self.whatsapp_button, self.note, self.follow_up,
                        *self.quick_buttons.values(), self.more_button, self.import_button, self.delete_button,
                        self.table)  # fmt: skip

    def show_case(self, detail: CaseDetail) -> None:
        self.model.set_rows(detail.contacts)
        typed = self.handle.currentText()
        numbers = case_numbers(detail)
        self.handle.clear()
        self.handle.addItems(numbers)
        self.handle.setCurrentText(typed if typed else (numbers[0] if numbers else ""))
        self._update_buttons()

    def selected(self) -> ContactEntryView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        entry = self.selected()
        if entry is not None and entry.channel in (Channel.WHATSAPP.value, Channel.PHONE.value) and entry.handle:
            self.channel.setCurrentIndex(self.channel.findData(entry.channel))
            self.handle.setCurrentText(entry.handle)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.whatsapp_button.setEnabled(self.whatsapp_number() is not None)
        self.delete_button.setEnabled(self.selected() is not None)

    def whatsapp_number(self) -> str | None:
        if self.channel.currentData() != Channel.WHATSAPP.value:
            return None
        try:
            return normalise_phone(self.handle.currentText())
        except ValidationError:
            return None

    def open_whatsapp(self) -> None:
        number = self.whatsapp_number()
        if number is not None:
            QDesktopServices.openUrl(QUrl(whatsapp_link(number)))

    # -- logging ------------------------------------------------------------------------

    def quick_log(self, outcome: Outcome) -> ContactEntryView | None:
        days = self.follow_up.currentData()
        data = ContactInput(
            channel=self.channel.currentData(),
            outcome=outcome.value,
            handle=self.handle.currentText(),
            note=self.note.text(),
            next_follow_up=dt.date.today() + dt.timedelta(days=days) if days else None,
        )
        entry = self._log(data)
        if entry is not None:
            self.note.clear()
            self.follow_up.setCurrentIndex(0)
        return entry

    def _log(self, data: ContactInput, *, raise_validation: bool = False) -> ContactEntryView | None:
        services, case_id = self.controller.services, self.controller.case_id
        entry = self.controller.save(self, lambda: services.contacts.log(case_id, data), raise_validation=raise_validation)
        if entry is not None:
            self.controller.contact_logged(entry)
        return entry

    def log_entry(self) -> ContactDialog | None:
        detail = self.controller.detail
        if detail is None:
            return None
        dialog = ContactDialog(detail, lambda data: self._log(data, raise_validation=True), case_numbers(detail), self)
        dialog.exec()
        return dialog

    def delete_entry(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        reason = ask_reason(self, self.tr("Delete contact entry"), self.tr("Why should this entry be deleted?"),
                            self.tr("Delete entry"))  # fmt: skip
        if reason is None:
            return
        services = self.controller.services
        if self.controller.save(self, lambda: services.contacts.delete(entry.id, reason) or True):
            self.controller.contact_removed(entry.id)
