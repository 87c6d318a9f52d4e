"""Administrators' editor of partner profiles: the fields, their order and headings, the file."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.date_formats import DEFAULT
from caseworker.domain.errors import CaseworkerError
from caseworker.domain.handoff_fields import BY_KEY, CATALOGUE
from caseworker.domain.roles import Action, can
from caseworker.services.api import Services

DATE_FORMATS = (DEFAULT, "DD.MM.YYYY", "YYYY-MM-DD", "DD MMM YYYY", "MM/DD/YYYY")


class PartnerProfilesEditor(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.version: int | None = None
        self.partners = QListWidget()
        self.partners.setAccessibleName(self.tr("Partners"))
        new = QPushButton(self.tr("&New partner"))
        new.setAccessibleName(self.tr("New partner"))
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(self.partners, 1)
        lv.addWidget(new)

        self.name, self.display_name, self.uk_contact = QLineEdit(), QLineEdit(), QLineEdit()
        self.sheet_name, self.yes_text, self.no_text = QLineEdit("Manifest"), QLineEdit("Yes"), QLineEdit("No")
        self.file_format = QComboBox()
        self.file_format.addItem(self.tr("Excel workbook (XLSX)"), "xlsx")
        self.file_format.addItem(self.tr("CSV (UTF-8)"), "csv")
        self.password = QCheckBox(self.tr("Password-protect the file (a passphrase is made for each file)"))
        self.password.setChecked(True)
        self.date_format = QComboBox()
        self.date_format.setEditable(True)
        self.date_format.addItems(DATE_FORMATS)
        self.columns = QTableWidget(0, 2)
        self.columns.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Heading in the file")])
        self.columns.horizontalHeader().setStretchLastSection(True)
        self.columns.setColumnWidth(0, 300)
        self.columns.setWordWrap(False)
        self.columns.verticalHeader().setVisible(False)
        for widget, name in ((self.name, "Short name"), (self.display_name, "Partner's name"),
                             (self.uk_contact, "UK point of contact"), (self.sheet_name, "Sheet name"),
                             (self.yes_text, "Text for yes"), (self.no_text, "Text for no"),
                             (self.file_format, "File format"), (self.password, "Password-protect"),
                             (self.date_format, "Date format"), (self.columns, "Fields and headings")):  # fmt: skip
            widget.setAccessibleName(self.tr(name))
        self.add_field = QPushButton(self.tr("&Add field"))
        self.add_field.setMenu(QMenu(self.add_field))
        self.remove_field, self.up, self.down = (QPushButton(self.tr("&Remove")), QPushButton(self.tr("&Up")),
                                                 QPushButton(self.tr("&Down")))  # fmt: skip
        for button, name in ((self.add_field, "Add field"), (self.remove_field, "Remove field"),
                             (self.up, "Move field up"), (self.down, "Move field down")):  # fmt: skip
            button.setAccessibleName(self.tr(name))
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Problem with the profile"))
        self.save_button = QPushButton(self.tr("&Save profile"))
        self.save_button.setAccessibleName(self.tr("Save profile"))
        import_button, export_button = QPushButton(self.tr("&Import JSON…")), QPushButton(self.tr("&Export JSON…"))
        import_button.setAccessibleName(self.tr("Import profiles from JSON"))
        export_button.setAccessibleName(self.tr("Export this profile as JSON"))

        form = QFormLayout()
        form.addRow(self.tr("Short &name:"), self.name)
        form.addRow(self.tr("&Partner:"), self.display_name)
        form.addRow(self.tr("&File:"), self.file_format)
        form.addRow("", self.password)
        form.addRow(self.tr("&Dates:"), self.date_format)
        form.addRow(self.tr("UK &contact:"), self.uk_contact)
        flags = QHBoxLayout()
        for label, edit in ((self.tr("Sheet:"), self.sheet_name), (self.tr("Yes:"), self.yes_text),
                            (self.tr("No:"), self.no_text)):  # fmt: skip
            flags.addWidget(QLabel(label))
            flags.addWidget(edit)
        form.addRow(self.tr("Text:"), flags)
        field_buttons = QHBoxLayout()
        for button in (self.add_field, self.remove_field, self.up, self.down):
            field_buttons.addWidget(button)
        field_buttons.addStretch()
        bottom = QHBoxLayout()
        bottom.addWidget(import_button)
        bottom.addWidget(export_button)
        bottom.addStretch()
        bottom.addWidget(self.save_button)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.addLayout(form)
        rv.addWidget(QLabel(self.tr("Fields, in file order (only these are ever written):")))
        rv.addWidget(self.columns, 1)
        rv.addLayout(field_buttons)
        rv.addWidget(self.error)
        rv.addLayout(bottom)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([240, 760])
        QVBoxLayout(self).addWidget(splitter)

        self.partners.currentItemChanged.connect(lambda item, _: self.load(item.data(32) if item else None))
        new.clicked.connect(lambda: self.load(None))
        self.add_field.menu().aboutToShow.connect(self._fill_field_menu)
        self.remove_field.clicked.connect(lambda: self.columns.removeRow(self.columns.currentRow()))
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(1))
        self.save_button.clicked.connect(self.save)
        import_button.clicked.connect(self.import_json)
        export_button.clicked.connect(self.export_json)
        self.read_only = not can(services.user.role, Action.MANAGE_SETTINGS)
        if self.read_only:
            right.setEnabled(False)
            new.setEnabled(False)
        self.refresh()

    # -- list ----------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        self.partners.clear()
        for partner in self.services.handoffs.partners.list(include_inactive=True):
            item = QListWidgetItem(partner.display_name + ("" if partner.active else self.tr(" (retired)")))
            item.setData(32, partner.name)
            self.partners.addItem(item)
            if partner.name == select:
                self.partners.setCurrentItem(item)
        if select is None:
            if self.partners.count():
                self.partners.setCurrentRow(0)
            else:
                self.load(None)

    def load(self, name: str | None) -> None:
        self.error.setText(self.tr("Only administrators change partner profiles.") if self.read_only else "")
        if name is None:
            self.version = None
            self.name.setReadOnly(False)
            self._show({"name": "", "display_name": "", "columns": ["row_number", "group_id", "surname",
                                                                    "given_names", "date_of_birth", "sex"]})
            return
        partner = self.services.handoffs.partners.get(name)
        self.version = partner.version
        self.name.setReadOnly(True)
        self._show(partner.profile)

    def _show(self, profile: dict[str, Any]) -> None:
        self.name.setText(profile.get("name", ""))
        self.display_name.setText(profile.get("display_name", ""))
        self.file_format.setCurrentIndex(max(self.file_format.findData(profile.get("format", "xlsx")), 0))
        self.password.setChecked(bool(profile.get("password", True)))
        self.date_format.setCurrentText(profile.get("date_format", DEFAULT))
        self.uk_contact.setText(profile.get("uk_contact", ""))
        self.sheet_name.setText(profile.get("sheet_name", "Manifest"))
        self.yes_text.setText(profile.get("yes_text", "Yes"))
        self.no_text.setText(profile.get("no_text", "No"))
        self.columns.setRowCount(0)
        for column in profile.get("columns", []):
            item = column if isinstance(column, dict) else {"field": column}
            self._add_row(item["field"], item.get("heading") or BY_KEY[item["field"]].heading)

    # -- fields --------------------------------------------------------------

    def _add_row(self, key: str, heading: str) -> None:
        row = self.columns.rowCount()
        self.columns.insertRow(row)
        field = QTableWidgetItem(BY_KEY[key].heading + f"  ({key})")
        field.setData(32, key)
        field.setFlags(field.flags() & ~field.flags().ItemIsEditable)
        field.setToolTip(BY_KEY[key].description)
        self.columns.setItem(row, 0, field)
        self.columns.setItem(row, 1, QTableWidgetItem(heading))

    def fields(self) -> list[str]:
        return [self.columns.item(r, 0).data(32) for r in range(self.columns.rowCount())]

    def _fill_field_menu(self) -> None:
        menu = self.add_field.menu()
        menu.clear()
        used = set(self.fields())
        for spec in CATALOGUE:
            if spec.key not in used:
                action = menu.addAction(f"{spec.heading} — {spec.description}")
                action.triggered.connect(lambda _=False, s=spec: self._add_row(s.key, s.heading))

    def _move(self, step: int) -> None:
        row = self.columns.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.columns.rowCount():
            return
        for col in (0, 1):
            a, b = self.columns.takeItem(row, col), self.columns.takeItem(target, col)
            self.columns.setItem(row, col, b)
            self.columns.setItem(target, col, a)
        self.columns.setCurrentCell(target, 1)

    # -- saving --------------------------------------------------------------

    def profile(self) -> dict[str, Any]:
        return {
            "name": self.name.text(), "display_name": self.display_name.text(),
            "format": self.file_format.currentData(), "password": self.password.isChecked(),
            "date_format": self.date_format.currentText(), "uk_contact": self.uk_contact.text(),
            "sheet_name": self.sheet_name.text(), "yes_text": self.yes_text.text(), "no_text": self.no_text.text(),
            "columns": [{"field": self.columns.item(r, 0).data(32), "heading": self.columns.item(r, 1).text()}
                        for r in range(self.columns.rowCount())],
        }  # fmt: skip

    def save(self) -> bool:
        try:
            saved = self.services.handoffs.partners.save(self.profile(), expected_version=self.version)
        except CaseworkerError as exc:
            self.error.setText(str(exc))
            return False
        self.error.clear()
        self.refresh(select=saved.name)
        return True

    def import_json(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import partner profiles"), "", "JSON (*.json)")
        if not path:
            return
        try:
            with open(path, encoding="utf-8") as f:
                saved = self.services.handoffs.partners.import_json(f.read())
        except (OSError, UnicodeDecodeError, CaseworkerError) as exc:
            self.error.setText(str(exc))
            return
        self.refresh(select=saved[0].name if saved else None)

    def export_json(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the profile"), f"{self.name.text()}.json",
                                              "JSON (*.json)")  # fmt: skip
        if path:
            with open(path, "w", encoding="utf-8") as f:
                json.dump(self.profile(), f, ensure_ascii=False, indent=2)
