"""The wizard's mapping page: which field each column holds, with the first rows beside it.

Each column of the file is one row of the upper table (heading, example
values, the field it maps to, editable); the lower table previews the first
rows with the chosen field under each heading. Columns nobody recognised map
to "Notes", so their values are kept in the case notes; only "(ignore this
column)" leaves a column out. Defaults fill the case fields the list does not
have; the mapping is remembered for the source when asked.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from caseworker.domain.errors import ValidationError
from caseworker.domain.vocab import Priority, ReferralSource, Scheme
from caseworker.gui.intake.wizard import WizardState
from caseworker.services.api import Services
from caseworker.services.intake.mapping import FIELDS, Mapping

_UNRECOGNISED = QColor("#fff4ce")


class MappingPage(QWizardPage):
    def __init__(self, services: Services, state: WizardState) -> None:
        super().__init__()
        self.services, self.state = services, state
        self.setTitle(self.tr("Check the columns"))
        self.setSubTitle(self.tr("Choose what each column holds. Columns left as “Notes” are kept in the case "
                                 "notes; nothing is dropped unless you choose “ignore”."))
        self.columns = QTableWidget(0, 3)
        self.columns.setAccessibleName(self.tr("Columns and the fields they map to"))
        self.columns.setHorizontalHeaderLabels([self.tr("Heading"), self.tr("Examples"), self.tr("Holds")])
        self.columns.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.columns.verticalHeader().setVisible(False)
        self.columns.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.columns.setWordWrap(False)
        self.preview = QTableWidget()
        self.preview.setAccessibleName(self.tr("First rows of the file"))
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setAlternatingRowColors(True)
        self.post, self.scheme = QComboBox(), QComboBox()
        self.referral_source, self.priority = QComboBox(), QComboBox()
        for combo, name, values in ((self.scheme, self.tr("Scheme"), [s.value for s in Scheme]),
                                    (self.referral_source, self.tr("Referral source"), [s.value for s in ReferralSource]),
                                    (self.priority, self.tr("Priority"), [p.value for p in Priority])):
            combo.setAccessibleName(name)
            combo.addItems(values)
        self.post.setAccessibleName(self.tr("Post for new cases"))
        self.jan1 = QCheckBox(self.tr("1 January dates are real dates (not placeholders)"))
        self.jan1.setAccessibleName(self.tr("1 January dates are real dates"))
        self.remember = QCheckBox()
        self.remember.setAccessibleName(self.tr("Remember this mapping for the source"))
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Problems with the mapping"))
        defaults = QGroupBox(self.tr("For new cases"))
        form = QFormLayout(defaults)
        form.addRow(self.tr("&Post:"), self.post)
        form.addRow(self.tr("S&cheme:"), self.scheme)
        form.addRow(self.tr("Referral s&ource:"), self.referral_source)
        form.addRow(self.tr("P&riority:"), self.priority)
        form.addRow(self.jan1)
        top = QHBoxLayout()
        top.addWidget(self.columns, 3)
        top.addWidget(defaults, 1)
        holder = QGroupBox(self.tr("Columns"))
        holder.setLayout(top)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(holder)
        splitter.addWidget(self.preview)
        splitter.setSizes([320, 200])
        layout = QVBoxLayout(self)
        self.where = QLabel()
        layout.addWidget(self.where)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.remember)
        layout.addWidget(self.error)
        self.combos: list[QComboBox] = []

    def initializePage(self) -> None:
        preview = self.state.preview
        assert preview is not None
        self.where.setText(self.tr("%1, sheet “%2”: headings on row %3, %4 rows of data.")
                           .replace("%1", preview.filename).replace("%2", preview.sheet)
                           .replace("%3", str(preview.header_row)).replace("%4", f"{preview.data_rows:,}"))
        self.columns.setRowCount(len(preview.headings))
        self.combos = []
        for row, (heading, key) in enumerate(zip(preview.headings, preview.columns, strict=True)):
            examples = ", ".join(v for v in dict.fromkeys(r[row] for r in preview.rows if row < len(r) and r[row]))
            self.columns.setItem(row, 0, QTableWidgetItem(heading))
            self.columns.setItem(row, 1, QTableWidgetItem(examples[:120]))
            combo = QComboBox()
            combo.setAccessibleName(self.tr("Field for column %s") % heading)
            for field_key, (label, _) in FIELDS.items():
                combo.addItem(self.tr(label), field_key)
            combo.setCurrentIndex(combo.findData(key))
            combo.currentIndexChanged.connect(self._refresh_preview)
            self.columns.setCellWidget(row, 2, combo)
            self.combos.append(combo)
        self.columns.resizeColumnToContents(0)
        self.columns.setColumnWidth(2, 240)
        defaults = preview.mapping.get("defaults", {})
        self.post.clear()
        for code, name in self.services.intake.posts():
            self.post.addItem(f"{code} — {name}", code)
        self.post.setCurrentIndex(max(0, self.post.findData(defaults.get("post"))))
        self.scheme.setCurrentText(defaults.get("scheme", "ARAP"))
        self.referral_source.setCurrentText(defaults.get("referral_source", "FCDO"))
        self.priority.setCurrentText(defaults.get("priority", "NORMAL"))
        self.jan1.setChecked(bool(preview.mapping.get("jan1_is_exact")))
        source = self.state.source or self.tr("this source")
        self.remember.setText(self.tr("&Remember this mapping for %s") % source)
        self.remember.setChecked(bool(self.state.source))
        self.remember.setEnabled(bool(self.state.source))
        self._refresh_preview()

    def mapping(self) -> Mapping:
        preview = self.state.preview
        assert preview is not None
        defaults = {"post": self.post.currentData() or "", "scheme": self.scheme.currentText(),
                    "referral_source": self.referral_source.currentText(), "priority": self.priority.currentText()}
        return Mapping(tuple(c.currentData() for c in self.combos), defaults, self.jan1.isChecked(),
                       preview.header_row, preview.sheet, preview.encoding)

    def _refresh_preview(self) -> None:
        preview = self.state.preview
        if preview is None:
            return
        keys = [c.currentData() for c in self.combos]
        self.preview.clear()
        self.preview.setColumnCount(len(preview.headings))
        self.preview.setRowCount(len(preview.rows))
        self.preview.setHorizontalHeaderLabels(
            [f"{h}\n→ {self.tr(FIELDS[k][0])}" for h, k in zip(preview.headings, keys, strict=True)])
        self.preview.setVerticalHeaderLabels([str(n) for n in preview.row_numbers])
        italic = QFont()
        italic.setItalic(True)
        for r, cells in enumerate(preview.rows):
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if keys[c] == "ignore":
                    item.setForeground(QColor("#888888"))
                self.preview.setItem(r, c, item)
        for row, key in enumerate(keys):
            item = self.columns.item(row, 0)
            item.setBackground(_UNRECOGNISED if key == "notes" else QColor(0, 0, 0, 0))
            item.setFont(italic if key in ("notes", "ignore") else QFont())
        self.preview.resizeColumnsToContents()
        self.error.setText("")

    def validatePage(self) -> bool:
        mapping = self.mapping()
        try:
            mapping.check(self.state.preview.headings)  # type: ignore[union-attr]
        except ValidationError as exc:
            self.error.setText(exc.bare_message)
            return False
        self.state.mapping = mapping
        self.state.save_mapping = self.remember.isChecked()
        return True
