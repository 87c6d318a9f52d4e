"""The "paste MRZ" box: reads a machine-readable zone as it is pasted and shows
every check digit's result, naming the field whose digit does not add up, and
every correction or partial date the reader reported, to compare with the document."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from caseworker.domain.errors import ValidationError
from caseworker.domain.mrz import MrzResult, parse_mrz

OK_STYLE = "color: #1b5e20;"
BAD_STYLE = "color: #b00020;"
WARN_STYLE = "color: #8a5a00;"


class MrzBox(QWidget):
    """Emits `parsed(MrzResult)` whenever the pasted text reads as a zone."""

    parsed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: MrzResult | None = None
        self.edit = QPlainTextEdit()
        self.edit.setAccessibleName(self.tr("Machine-readable zone"))
        self.edit.setPlaceholderText(self.tr("Paste the 2 lines of a passport or visa, or the 2 or 3 lines of an ID card"))
        self.edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.edit.setTabChangesFocus(True)
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        metrics = self.edit.fontMetrics()
        self.edit.setFixedHeight(metrics.lineSpacing() * 3 + 14)
        self.edit.setMinimumWidth(metrics.horizontalAdvance("<" * 44) + 24)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("MRZ check results"))
        self.checks = QLabel()
        self.checks.setTextFormat(Qt.TextFormat.RichText)
        self.checks.setAccessibleName(self.tr("Check digits"))
        lines = self.checks.fontMetrics().lineSpacing()
        self.checks.setMinimumHeight(lines * 5)  # room for every check, so the dialog never jumps
        self.summary.setMinimumHeight(lines * 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.summary)
        layout.addWidget(self.checks)
        self.edit.textChanged.connect(self._read)

    def field_label(self, field: str) -> str:
        return {
            "document_number": self.tr("document number"),
            "birth_date": self.tr("date of birth"),
            "expiry_date": self.tr("expiry date"),
            "personal_number": self.tr("personal number"),
            "composite": self.tr("whole zone"),
        }.get(field, field)

    def _read(self) -> None:
        text = self.edit.toPlainText()
        self.result = None
        self.checks.clear()
        if not text.strip():
            self.summary.clear()
            return
        try:
            result = parse_mrz(text)
        except ValidationError as exc:
            self.summary.setStyleSheet(BAD_STYLE)
            self.summary.setText(self.tr("Cannot read this zone: %s") % exc.bare_message)
            return
        self.result = result
        lines = []
        for check in result.checks:
            name = self.field_label(check.field)
            if check.ok:
                lines.append(f'<span style="{OK_STYLE}">✓ {html.escape(name)}</span>')
            else:
                text = (self.tr("%1 — check digit %2, should be %3")
                        .replace("%1", name).replace("%2", check.actual).replace("%3", check.expected))  # fmt: skip
                lines.append(f'<span style="{BAD_STYLE}">✗ {html.escape(text)}</span>')
        lines += [f'<span style="{WARN_STYLE}">⚠ {html.escape(w)}</span>' for w in result.warnings]
        self.checks.setText("<br>".join(lines))
        if result.valid and result.warnings:
            self.summary.setStyleSheet(WARN_STYLE)
            self.summary.setText(self.tr("All check digits are correct after the corrections below. "
                                         "Compare them with the document."))
        elif result.valid:
            self.summary.setStyleSheet(OK_STYLE)
            self.summary.setText(self.tr("All check digits are correct. The fields below were filled in."))
        else:
            bad = ", ".join(self.field_label(f) for f in result.failed_fields)
            self.summary.setStyleSheet(BAD_STYLE)
            self.summary.setText(
                self.tr("Wrong check digit: %s. Compare the fields below with the document.") % bad
            )
        if result.is_visa:
            self.summary.setText(self.summary.text() + " " + self.tr(
                "This is a visa (%s): its holder's details were filled in, not an identity document.")
                % result.format)
        self.parsed.emit(result)

    def checks_for_storage(self) -> list[dict[str, object]] | None:
        if self.result is None:
            return None
        checks: list[dict[str, object]] = [
            {"field": c.field, "expected": c.expected, "actual": c.actual, "ok": c.ok} for c in self.result.checks
        ]
        return checks + [{"field": "reader", "note": w, "ok": True} for w in self.result.warnings]

    def raw(self) -> str:
        return "\n".join(self.result.lines) if self.result else ""
