"""Ctrl+N: a new case with its principal, in one step. The family, documents
and the rest are added in the case itself afterwards."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.errors import CaseworkerError, ValidationError
from caseworker.domain.vocab import Priority, ReferralSource, Scheme, Sex
from caseworker.gui.labels import label
from caseworker.services.api import Services
from caseworker.services.dto import CaseDetail
from caseworker.services.inputs import CaseInput, ContactPointInput, PersonInput


class NewCaseDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.created: CaseDetail | None = None
        self.setWindowTitle(self.tr("New case"))
        self.post = self._combo(self.tr("Post"), [(p.code, f"{p.code} — {p.name}") for p in services.lookups.posts()])
        self.given = self._line(self.tr("Given names (as in the document)"))
        self.surname = self._line(self.tr("Surname (as in the document)"))
        self.original = self._line(self.tr("Name in original script"))
        self.original.setPlaceholderText("محمد کریمی")
        self.sex = self._combo(self.tr("Sex"), [(s.value, label(s)) for s in Sex], default=Sex.X.value)
        self.birth = self._line(self.tr("Date of birth"))
        self.birth.setPlaceholderText(self.tr("e.g. 14/03/1985, 1985 or c. 1985"))
        self.phone = self._line(self.tr("WhatsApp number"))
        self.phone.setPlaceholderText("+93 70 123 4567")
        self.scheme = self._combo(self.tr("Scheme"), [(s.value, label(s)) for s in Scheme])
        self.source = self._combo(self.tr("Referral source"), [(s.value, label(s)) for s in ReferralSource])
        self.priority = self._combo(self.tr("Priority"), [(p.value, label(p)) for p in Priority], default="NORMAL")
        self.country = self._line(self.tr("Current country"))
        self.country.setPlaceholderText(self.tr("e.g. Pakistan"))
        self.assign_me = QCheckBox(self.tr("Assign the case to me"), self)
        self.assign_me.setAccessibleName(self.tr("Assign the case to me"))
        self.assign_me.setChecked(services.user.role.value in ("caseworker", "officer"))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.error.setAccessibleName(self.tr("Problem"))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for caption, widget in (
            (self.tr("P&ost:"), self.post), (self.tr("&Given names:"), self.given), (self.tr("S&urname:"), self.surname),
            (self.tr("Name in &original script:"), self.original), (self.tr("Se&x:"), self.sex),
            (self.tr("&Date of birth:"), self.birth), (self.tr("&WhatsApp:"), self.phone), (self.tr("S&cheme:"), self.scheme),
            (self.tr("&Referral source:"), self.source), (self.tr("&Priority:"), self.priority),
            (self.tr("Current &country:"), self.country),
        ):  # fmt: skip
            form.addRow(caption, widget)
        form.addRow("", self.assign_me)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create case"))
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.given.setFocus()

    def _line(self, name: str) -> QLineEdit:
        line = QLineEdit(self)
        line.setAccessibleName(name)
        return line

    def _combo(self, name: str, items: list[tuple[str, str]], default: str | None = None) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        for value, text in items:
            combo.addItem(text, value)
        if default is not None:
            combo.setCurrentIndex(max(0, combo.findData(default)))
        return combo

    def case_input(self) -> CaseInput:
        phone = self.phone.text().strip()
        principal = PersonInput(
            role="PRINCIPAL", relationship="SELF", name_original=self.original.text(),
            doc_surname=self.surname.text().upper(), doc_given_names=self.given.text().upper(),
            sex=self.sex.currentData(), birth_date=self.birth.text().strip() or None,
            contact_points=(ContactPointInput("WHATSAPP", phone),) if phone else (),
        )  # fmt: skip
        return CaseInput(
            post=self.post.currentData() or "", principal=principal, scheme=self.scheme.currentData(),
            referral_source=self.source.currentData(), priority=self.priority.currentData(),
            current_country=self.country.text(),
            assigned_to=self.services.user.username if self.assign_me.isChecked() else None,
        )  # fmt: skip

    def create(self) -> None:
        try:
            self.created = self.services.cases.create(self.case_input())
        except CaseworkerError as exc:
            self.error.setText(str(exc))
            self._focus_field(exc)
            return
        self.accept()

    def _focus_field(self, exc: CaseworkerError) -> None:
        field = exc.field if isinstance(exc, ValidationError) else None
        target = {"name": self.given, "date_of_birth": self.birth, "date of birth": self.birth, "phone": self.phone,
                  "current country": self.country, "post": self.post}.get(field or "")  # fmt: skip
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
