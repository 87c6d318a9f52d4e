"""Draft a letter from a case: who travels, for how long, through which crossings, signed by whom."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.errors import CaseworkerError
from caseworker.domain.letters import MAX_VALID_DAYS
from caseworker.services.api import Services
from caseworker.services.letters import LetterView

ID_ROLE = Qt.ItemDataRole.UserRole


def _checked_items(widget: QListWidget) -> list:
    return [widget.item(i).data(ID_ROLE) for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked]  # fmt: skip


class DraftLetterDialog(QDialog):
    """``DraftLetterDialog(services, case_id)``; after ``exec()``, ``letter`` is the new draft."""

    def __init__(self, services: Services, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.case = services.cases.get(case_id)
        self.letter: LetterView | None = None
        self.setWindowTitle(self.tr("Draft a travel-authorisation letter — %s") % self.case.reference)

        self.people = QListWidget()
        self.people.setAccessibleName(self.tr("People listed on the letter"))
        for person in self.case.people:
            label = f"{person.latin_name or '—'}  {person.name_original}  ({person.relationship.lower()}, {person.birth_display})"
            item = QListWidgetItem(label if person.cleared_to_travel else self.tr("%s — not cleared to travel") % label)
            item.setData(ID_ROLE, person.id)
            flags = Qt.ItemFlag.ItemIsUserCheckable | (Qt.ItemFlag.ItemIsEnabled if person.cleared_to_travel else Qt.ItemFlag.NoItemFlags)
            item.setFlags(flags)
            item.setCheckState(Qt.CheckState.Checked if person.cleared_to_travel else Qt.CheckState.Unchecked)
            self.people.addItem(item)

        self.post = QComboBox()
        self.post.setAccessibleName(self.tr("Issuing post"))
        for code, name in services.letters.settings.posts():
            self.post.addItem(f"{name} ({code})", code)
        self.post.setCurrentIndex(max(0, self.post.findData(self.case.post)))
        self.valid_days = QSpinBox()
        self.valid_days.setAccessibleName(self.tr("Validity in days"))
        self.valid_days.setRange(1, MAX_VALID_DAYS)
        self.valid_days.setSuffix(self.tr(" days"))
        self.post.currentIndexChanged.connect(self._post_changed)
        self._post_changed()

        self.crossings = QListWidget()
        self.crossings.setAccessibleName(self.tr("Authorised crossing points, in route order"))
        for point in services.letters.settings.crossings():
            item = QListWidgetItem(f"{point.name}  {point.name_fa}".strip())
            item.setData(ID_ROLE, point.name)
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.crossings.addItem(item)

        self.signatory = QComboBox()
        self.signatory.setAccessibleName(self.tr("Signatory"))
        self.signatory.addItem(self.tr("The approving officer"), None)
        for user in services.users.list():
            if user.active and user.role == "officer":
                self.signatory.addItem(user.display_name, user.username)

        form = QFormLayout()
        form.addRow(self.tr("&People"), self.people)
        form.addRow(self.tr("Issuing p&ost"), self.post)
        form.addRow(self.tr("&Valid for"), self.valid_days)
        form.addRow(self.tr("&Crossing points"), self.crossings)
        form.addRow(self.tr("&Signatory"), self.signatory)
        note = QLabel(self.tr("An authorising officer who did not draft the letter must approve it before it is issued."))
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Draft letter"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.resize(640, 560)

    def _post_changed(self) -> None:
        code = self.post.currentData()
        if code:
            self.valid_days.setValue(self.services.letters.settings.valid_days(code))

    def submit(self) -> None:
        try:
            self.letter = self.services.letters.draft(
                self.case.id, person_ids=_checked_items(self.people), valid_days=self.valid_days.value(),
                crossings=_checked_items(self.crossings), post=self.post.currentData(),
                signatory=self.signatory.currentData(),
            )  # fmt: skip
        except CaseworkerError as exc:
            QMessageBox.warning(self, self.tr("Cannot draft the letter"), str(exc))
            return
        self.accept()
