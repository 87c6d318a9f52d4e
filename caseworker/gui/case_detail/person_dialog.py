"""Add or edit a family member: names in both scripts, birth date with its
precision, documents (typed or from a pasted MRZ) and WhatsApp/phone numbers.

The dialog saves through the callable it is given, so a refused save (bad
input, a conflict) leaves the dialog open with everything the user typed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.birthdates import BirthDate, Precision
from caseworker.domain.errors import ValidationError
from caseworker.domain.mrz import MrzResult
from caseworker.domain.vocab import Channel, PersonRole, Relationship, Sex
from caseworker.gui.case_detail.common import vocab
from caseworker.gui.case_detail.documents_box import DocumentsBox
from caseworker.gui.case_detail.fields import FieldErrors, chain_tab_order, rtl_line_edit
from caseworker.services.dto import PersonView
from caseworker.services.inputs import ContactPointInput, DocumentInput, PersonInput

# Saves the person (with the ids of documents and numbers to keep); returns None when
# the save failed for a reason already shown, and raises ValidationError for bad input.
SaveCallable = Callable[[PersonInput, list[int], list[int]], object]

def _combo(name: str, items: list[tuple[str, str]]) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for text, value in items:
        combo.addItem(text, value)
    return combo


class PersonDialog(QDialog):
    def __init__(self, save: SaveCallable, person: PersonView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self.person = person
        self.saved: object = None
        self.setWindowTitle(self.tr("Edit family member") if person else self.tr("Add family member"))
        self.errors = FieldErrors(QLabel())
        self.role = _combo(self.tr("Role"), [(vocab(r), r.value) for r in PersonRole])
        self.relationship = _combo(self.tr("Relationship"), [(vocab(r), r.value) for r in Relationship])
        self.surname = QLineEdit()
        self.surname.setAccessibleName(self.tr("Surname as in the document"))
        self.given_names = QLineEdit()
        self.given_names.setAccessibleName(self.tr("Given names as in the document"))
        self.name_original = rtl_line_edit(self.tr("Name in Dari or Pashto"), "نام")
        self.variants = QLineEdit()
        self.variants.setAccessibleName(self.tr("Other spellings"))
        self.variants.setPlaceholderText(self.tr("separated by semicolons"))
        self.father_name = QLineEdit()
        self.father_name.setAccessibleName(self.tr("Father's name"))
        self.father_name_original = rtl_line_edit(self.tr("Father's name in Dari or Pashto"), "نام پدر")
        self.sex = _combo(self.tr("Sex"), [(vocab(s), s.value) for s in Sex])
        self.birth_date = QLineEdit()
        self.birth_date.setAccessibleName(self.tr("Date of birth"))
        self.birth_date.setPlaceholderText(self.tr("12/05/1990, 1990 or c. 1990"))
        self.precision = _combo(self.tr("Date of birth precision"), [
            (self.tr("Exact date"), Precision.EXACT.value), (self.tr("Year only"), Precision.YEAR_ONLY.value),
            (self.tr("Month only"), Precision.MONTH_ONLY.value), (self.tr("Estimated"), Precision.ESTIMATED.value),
            (self.tr("1 January placeholder"), Precision.JAN1_PLACEHOLDER.value),
        ])  # fmt: skip
        self.birth_preview = QLabel()
        self.birth_preview.setWordWrap(True)
        self.birth_preview.setAccessibleName(self.tr("Date of birth as it will be recorded"))
        self.nationality = QLineEdit("AFG")
        self.nationality.setAccessibleName(self.tr("Nationality"))
        self.nationality.setMaxLength(3)
        self.place_of_birth = QLineEdit()
        self.place_of_birth.setAccessibleName(self.tr("Place of birth"))
        self.whatsapp = QLineEdit()
        self.whatsapp.setAccessibleName(self.tr("New WhatsApp number"))
        self.whatsapp.setPlaceholderText("+93 70 123 4567")
        self.phone = QLineEdit()
        self.phone.setAccessibleName(self.tr("New phone number"))
        self.numbers = QListWidget()
        self.numbers.setAccessibleName(self.tr("Numbers on record (untick to remove)"))
        self.numbers.setMaximumHeight(70)
        self.documents = DocumentsBox(self.errors, person.documents if person else ())

        person_form = QFormLayout()
        add = self.errors.add_row
        add(person_form, self.tr("R&ole:"), self.role, "role")
        add(person_form, self.tr("Re&lationship:"), self.relationship, "relationship")
        add(person_form, self.tr("&Surname (document):"), self.surname, "surname", "name")
        add(person_form, self.tr("&Given names (document):"), self.given_names, "given names")
        add(person_form, self.tr("Name in &Dari/Pashto:"), self.name_original, "name in original script")
        add(person_form, self.tr("Other spellings:"), self.variants, "variants", "variant")
        add(person_form, self.tr("&Father's name:"), self.father_name, "father's name")
        add(person_form, self.tr("Father's name (Dari/Pashto):"), self.father_name_original,
            "father's name in original script")  # fmt: skip
        add(person_form, self.tr("S&ex:"), self.sex, "sex")
        add(person_form, self.tr("Date of &birth:"), self.birth_date, "date_of_birth", "date of birth")
        person_form.addRow(self.tr("P&recision:"), self.precision)
        person_form.addRow("", self.birth_preview)
        add(person_form, self.tr("&Nationality:"), self.nationality, "nationality")
        add(person_form, self.tr("&Place of birth:"), self.place_of_birth, "place of birth")
        numbers_form = QFormLayout()
        add(numbers_form, self.tr("&WhatsApp:"), self.whatsapp, "phone", "contact kind")
        add(numbers_form, self.tr("P&hone:"), self.phone, "phone number")
        if person is not None:
            numbers_form.addRow(self.tr("On record:"), self.numbers)
        else:
            self.numbers.hide()

        person_box = QGroupBox(self.tr("Person"))
        person_box.setLayout(person_form)
        documents_box = QGroupBox(self.tr("Identity documents"))
        QVBoxLayout(documents_box).addWidget(self.documents)
        numbers_box = QGroupBox(self.tr("WhatsApp and phone"))
        numbers_box.setLayout(numbers_form)
        right = QVBoxLayout()
        right.addWidget(documents_box)
        right.addWidget(numbers_box)
        columns = QHBoxLayout()
        columns.addWidget(person_box, 1)
        columns.addLayout(right, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        # The form scrolls rather than growing past small screens (and tall Naskh text).
        body = QWidget()
        body.setLayout(columns)
        scroller = QScrollArea()
        scroller.setWidget(body)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setAccessibleName(self.tr("Family member details"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.errors.general)
        layout.addWidget(scroller, 1)
        layout.addWidget(self.buttons)

        self.birth_date.textChanged.connect(self._birth_typed)
        self.precision.currentIndexChanged.connect(self._preview_birth)
        self.documents.mrz.parsed.connect(self.fill_from_mrz)
        if person is not None:
            self._load(person)
        else:  # a new member is usually a dependant; the relationship must be chosen
            self.role.setCurrentIndex(self.role.findData(PersonRole.DEPENDANT.value))
            self.relationship.setCurrentIndex(-1)
        docs = self.documents
        chain_tab_order(
            self.role, self.relationship, self.surname, self.given_names, self.name_original, self.variants,
            self.father_name, self.father_name_original, self.sex, self.birth_date, self.precision,
            self.nationality, self.place_of_birth, docs.mrz.edit, docs.doc_type, docs.number,
            docs.issuing_state, docs.issue_date, docs.expiry_date, docs.add_button, docs.remove_button,
            docs.table, self.whatsapp, self.phone, self.numbers, self.buttons,
        )  # fmt: skip
        self.role.setFocus()

    # -- filling in ---------------------------------------------------------------

    def _load(self, person: PersonView) -> None:
        self.role.setCurrentIndex(self.role.findData(person.role))
        self.relationship.setCurrentIndex(self.relationship.findData(person.relationship))
        self.surname.setText(person.doc_surname)
        self.given_names.setText(person.doc_given_names)
        self.name_original.setText(person.name_original)
        self.variants.setText("; ".join(person.variants))
        self.father_name.setText(person.father_name)
        self.father_name_original.setText(person.father_name_original)
        self.sex.setCurrentIndex(self.sex.findData(person.sex))
        if person.birth_date is not None:
            self.birth_date.setText(person.birth_date.strftime("%d/%m/%Y"))
            self.precision.setCurrentIndex(self.precision.findData(person.birth_precision))
        self.nationality.setText(person.nationality)
        self.place_of_birth.setText(person.place_of_birth)
        for point in person.contact_points:
            item = QListWidgetItem(f"{vocab(point.kind, Channel)}: {point.value}")
            item.setData(Qt.ItemDataRole.UserRole, point.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.numbers.addItem(item)
        self._preview_birth()

    def fill_from_mrz(self, result: MrzResult) -> None:
        self.surname.setText(result.surname)
        self.given_names.setText(result.given_names)
        self.sex.setCurrentIndex(self.sex.findData(result.sex))
        self.nationality.setText(result.nationality)
        birth = result.birth_date
        if birth is None:  # unknown in the zone: keep whatever was typed
            return
        exact = birth.precision is Precision.EXACT
        self.birth_date.setText(birth.value.strftime("%d/%m/%Y") if exact else str(birth.year))
        self._birth_typed(self.birth_date.text(), exact=exact)

    def _birth_typed(self, text: str, exact: bool = False) -> None:
        """Typing a date sets the precision it implies ("1990" → year only); the user may change it."""
        try:
            birth = BirthDate.parse(text, jan1_is_exact=exact)
        except ValidationError:
            self.birth_preview.setText(self.tr("not yet a date") if text.strip() else "")
            return
        self.precision.setCurrentIndex(self.precision.findData(birth.precision.value))
        self._preview_birth()

    def _preview_birth(self) -> None:
        try:
            birth = PersonInput(birth_date=self.birth_date.text(), birth_precision=self.precision.currentData())
            parsed = birth.parsed_birth_date()
        except ValidationError as exc:
            self.birth_preview.setText(exc.bare_message)
            return
        self.birth_preview.setText(self.tr("Recorded as: %s") % parsed.display() if parsed else "")

    # -- saving -----------------------------------------------------------------

    def person_input(self, documents: list[DocumentInput]) -> PersonInput:
        points = []
        for kind, edit, field in (("WHATSAPP", self.whatsapp, "phone"), ("PHONE", self.phone, "phone number")):
            if edit.text().strip():
                point = ContactPointInput(kind, edit.text())
                try:
                    point.clean()
                except ValidationError as exc:
                    raise ValidationError(exc.bare_message, field=field) from None
                points.append(point)
        return PersonInput(
            role=self.role.currentData(),
            relationship=self.relationship.currentData(),
            name_original=self.name_original.text(),
            doc_surname=self.surname.text().upper(),
            doc_given_names=self.given_names.text().upper(),
            variants=[v.strip() for v in self.variants.text().split(";") if v.strip()],
            father_name=self.father_name.text(),
            father_name_original=self.father_name_original.text(),
            sex=self.sex.currentData(),
            birth_date=self.birth_date.text().strip() or None,
            birth_precision=self.precision.currentData() if self.birth_date.text().strip() else None,
            nationality=self.nationality.text(),
            place_of_birth=self.place_of_birth.text(),
            documents=documents,
            contact_points=points,
        )

    def kept_numbers(self) -> list[int]:
        return [
            self.numbers.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.numbers.count())
            if self.numbers.item(i).checkState() == Qt.CheckState.Checked
        ]

    def try_save(self) -> None:
        self.errors.clear()
        try:
            keep_documents, documents = self.documents.result()
            self.saved = self._save(self.person_input(documents), keep_documents, self.kept_numbers())
        except ValidationError as exc:
            self.errors.show(exc)
            return
        if self.saved is not None:  # otherwise the user was told why, and may try again
            self.accept()
