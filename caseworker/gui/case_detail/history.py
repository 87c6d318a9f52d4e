"""The History tab: the case's audit events as sentences
("Fatima Ahmadi changed status ELIGIBLE → DOCUMENTS_VERIFIED: passport checked at post")."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseworker.gui.case_detail.common import local_time
from caseworker.gui.case_detail.controller import CaseController
from caseworker.gui.case_detail.row_model import RowModel
from caseworker.services.dto import AuditEntry

WHEN, WHAT = range(2)
SHORT_VALUE = 60


def _value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def describe(entry: AuditEntry, names: dict[str, str]) -> str:
    """One readable sentence: who did what, with the old and new values of an edit."""
    who = names.get(entry.actor, entry.actor)
    if entry.action == "case.update" and isinstance(entry.before, dict) and isinstance(entry.after, dict):
        parts = []
        for key in sorted(entry.after):
            old, new = _value(entry.before.get(key)), _value(entry.after[key])
            label = key.replace("_id", "").replace("_", " ")
            long = len(old) > SHORT_VALUE or len(new) > SHORT_VALUE or "\n" in old + new
            parts.append(label if long else f"{label} {old} → {new}")
        return f"{who} edited " + "; ".join(parts)
    return f"{who} {entry.summary}"


class HistoryModel(RowModel[AuditEntry]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.names: dict[str, str] = {}

    def headers(self) -> list[str]:
        return [self.tr("When"), self.tr("What happened")]

    def key(self, row: AuditEntry) -> int:
        return row.seq

    def cell(self, entry: AuditEntry, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return local_time(entry.occurred_at) if column == WHEN else describe(entry, self.names)
        if role == Qt.ItemDataRole.ToolTipRole and column == WHAT:
            lines = [describe(entry, self.names), f"{entry.action} #{entry.seq}"]
            for title, value in ((self.tr("Before"), entry.before), (self.tr("After"), entry.after)):
                if value:
                    lines.append(f"{title}: {json.dumps(value, ensure_ascii=False, default=str)[:500]}")
            return "\n".join(lines)
        return None


class HistoryTab(QWidget):
    """Reads the trail when it is shown (and again after each save while it is visible)."""

    def __init__(self, controller: CaseController, names: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.stale = True
        self.model = HistoryModel(self)
        self.model.names = names
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Case history"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(WHEN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(WHAT, QHeaderView.ResizeMode.Stretch)
        self.include_views = QCheckBox(self.tr("Show who &opened the case and its files"))
        self.include_views.setAccessibleName(self.tr("Show who opened the case and its files"))
        self.include_views.toggled.connect(self.refresh)
        bar = QHBoxLayout()
        bar.addWidget(self.include_views)
        bar.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        controller.shown.connect(self._changed)

    def _changed(self) -> None:
        self.stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def refresh(self) -> None:
        history = self.controller.services.history
        self.model.set_rows(history.for_case(self.controller.case_id, include_views=self.include_views.isChecked()))
        self.stale = False
