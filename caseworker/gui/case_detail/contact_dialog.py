"""A full contact-log entry: any channel, direction, time, outcome and follow-up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.errors import ValidationError
from caseworker.domain.vocab import Channel, Outcome
from caseworker.gui.case_detail.common import parse_user_date, vocab
from caseworker.gui.case_detail.fields import FieldErrors
from caseworker.services.dto import CaseDetail, ContactEntryView
from caseworker.services.inputs import ContactInput


class ContactDialog(QDialog):
    """Saves through `save` (ValidationError stays in the dialog, next to its field)."""

    def __init__(
        self,
        detail: CaseDetail,
        save: Callable[[ContactInput], ContactEntryView | None],
        handles: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self.saved: ContactEntryView | None = None
        self.setWindowTitle(self.tr("Log contact — %s") % detail.reference)
        self.errors = FieldErrors(QLabel())
        self.channel = QComboBox()
        self.channel.setAccessibleName(self.tr("Channel"))
        for channel in Channel:
            self.channel.addItem(vocab(channel), channel.value)
        self.handle = QComboBox()
        self.handle.setEditable(True)
        self.handle.addItems(handles)
        self.handle.setAccessibleName(self.tr("Number or address"))
        self.person = QComboBox()
        self.person.setAccessibleName(self.tr("Family member"))
        self.person.addItem(self.tr("the family (no one in particular)"), None)
        for person in detail.people:
            self.person.addItem(person.latin_name or person.name_original, person.id)
        self.direction = QComboBox()
        self.direction.setAccessibleName(self.tr("Direction"))
        self.direction.addItem(self.tr("We contacted them"), "OUT")
        self.direction.addItem(self.tr("They contacted us"), "IN")
        self.when = QDateTimeEdit(QDateTime.currentDateTime())
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.when.setAccessibleName(self.tr("When"))
        self.outcome = QComboBox()
        self.outcome.setAccessibleName(self.tr("Outcome"))
        for outcome in Outcome:
            self.outcome.addItem(vocab(outcome), outcome.value)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName(self.tr("Note"))
        self.note.setTabChangesFocus(True)
        self.follow_up = QLineEdit()
        self.follow_up.setAccessibleName(self.tr("Next follow-up"))
        self.follow_up.setPlaceholderText(self.tr("DD/MM/YYYY (optional)"))
        form = QFormLayout()
        add = self.errors.add_row
        add(form, self.tr("&Channel:"), self.channel, "channel")
        add(form, self.tr("N&umber or address:"), self.handle, "handle", "phone")
        add(form, self.tr("&Family member:"), self.person, "person")
        add(form, self.tr("&Direction:"), self.direction, "direction")
        add(form, self.tr("&When:"), self.when, "time")
        add(form, self.tr("&Outcome:"), self.outcome, "outcome")
        add(form, self.tr("&Note:"), self.note, "note")
        add(form, self.tr("Next &follow-up:"), self.follow_up, "next follow-up")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(520, 480)

    def contact_input(self) -> ContactInput:
        when = self.when.dateTime().toPython()
        return ContactInput(
            channel=self.channel.currentData(),
            outcome=self.outcome.currentData(),
            handle=self.handle.currentText(),
            note=self.note.toPlainText(),
            occurred_at=when.astimezone(dt.UTC),
            next_follow_up=parse_user_date(self.follow_up.text(), "next follow-up"),
            person_id=self.person.currentData(),
            direction=self.direction.currentData(),
        )

    def try_save(self) -> None:
        self.errors.clear()
        try:
            self.saved = self._save(self.contact_input())
        except ValidationError as exc:
            self.errors.show(exc)
            return
        if self.saved is not None:
            self.accept()
