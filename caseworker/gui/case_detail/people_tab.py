"""The People tab: the family table and the actions on its members."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.vocab import DocumentType
from caseworker.gui.case_detail.common import vocab
from caseworker.gui.case_detail.controller import CaseController
from caseworker.gui.case_detail.family_model import DOCUMENTS, FamilyModel
from caseworker.gui.case_detail.person_dialog import PersonDialog
from caseworker.gui.case_detail.reason_dialog import ask_reason
from caseworker.services.dto import CaseDetail, PersonView
from caseworker.services.inputs import PersonInput


class PeopleTab(QWidget):
    def __init__(self, controller: CaseController, editable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = FamilyModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Family members"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DOCUMENTS, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.edit_person())
        self.add_button = self._button(self.tr("&Add person…"), self.add_person)
        self.edit_button = self._button(self.tr("&Edit…"), self.edit_person)
        self.verify_button = self._button(self.tr("&Verify document…"), self.verify_document)
        self.remove_button = self._button(self.tr("Re&move…"), self.remove_person)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.verify_button, self.remove_button):
            button.setVisible(editable)
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        controller.shown.connect(self.show_case)
        self._update_buttons()

    def _button(self, text: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        return button

    def show_case(self, detail: CaseDetail) -> None:
        selected = self.selected()
        self.model.set_rows(detail.people)
        if selected is not None and (row := self.model.row_for_id(selected.id)) >= 0:
            self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> PersonView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        person = self.selected()
        self.edit_button.setEnabled(person is not None)
        self.remove_button.setEnabled(person is not None and person.role != "PRINCIPAL")
        self.verify_button.setEnabled(person is not None and any(not d.verified for d in person.documents))

    def select_person(self, person_id: int) -> None:
        row = self.model.row_for_id(person_id)
        if row >= 0:
            self.table.selectRow(row)

    # -- actions ---------------------------------------------------------------------

    def add_person(self) -> PersonDialog:
        controller = self.controller

        def save(data: PersonInput, _keep_docs: list[int], _keep_numbers: list[int]) -> CaseDetail | None:
            return controller.save(
                dialog, lambda: controller.services.people.add(controller.case_id, controller.version, data),
                raise_validation=True,
            )  # fmt: skip

        dialog = PersonDialog(save, None, self)
        self._run(dialog)
        return dialog

    def edit_person(self) -> PersonDialog | None:
        person = self.selected()
        if person is None:
            return None
        controller = self.controller

        def save(data: PersonInput, keep_docs: list[int], keep_numbers: list[int]) -> CaseDetail | None:
            return controller.save(
                dialog,
                lambda: controller.services.family.save_person(
                    person.id, controller.version, data, keep_documents=keep_docs, keep_contact_points=keep_numbers
                ),
                raise_validation=True,
            )

        dialog = PersonDialog(save, person, self)
        self._run(dialog)
        return dialog

    def _run(self, dialog: PersonDialog) -> None:
        if dialog.exec() == PersonDialog.DialogCode.Accepted and isinstance(dialog.saved, CaseDetail):
            self.controller.accept(dialog.saved)

    def remove_person(self) -> None:
        person = self.selected()
        if person is None:
            return
        reason = ask_reason(
            self, self.tr("Remove family member"),
            self.tr("Why is %s no longer part of this case?") % (person.latin_name or person.name_original),
        )  # fmt: skip
        if reason is None:
            return
        services = self.controller.services
        detail = self.controller.save(self, lambda: services.people.remove(person.id, self.controller.version, reason))
        if detail is not None:
            self.controller.accept(detail)

    def verify_document(self) -> None:
        person = self.selected()
        if person is None:
            return
        unverified = [d for d in person.documents if not d.verified]
        if not unverified:
            return
        choice = 0
        if len(unverified) > 1:
            labels = [f"{vocab(d.doc_type, DocumentType)} {d.number}" for d in unverified]
            text, ok = QInputDialog.getItem(
                self, self.tr("Verify document"), self.tr("Which document have you checked?"), labels, 0, False
            )
            if not ok:
                return
            choice = labels.index(text)
        document_id = unverified[choice].id
        detail = self.controller.save(self, lambda: self.controller.services.people.verify_document(document_id))
        if detail is not None:
            self.controller.accept(detail)

