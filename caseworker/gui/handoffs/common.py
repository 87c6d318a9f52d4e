"""Small pieces shared by the handoff widgets: the big row count, tables, errors.

Background work goes through the main window's `caseworker.gui.tasks.TaskRunner`."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QWidget,
)

from caseworker.domain.errors import CaseworkerError


class RowCountLabel(QLabel):
    """The number of rows, large: the one figure that must never surprise anyone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        font = QFont(self.font())
        font.setPointSize(max(font.pointSize(), 9) * 2)
        font.setBold(True)
        self.setFont(font)
        self.setAccessibleName(self.tr("Number of rows"))
        self.set_count(None)

    def set_count(self, rows: int | None, people: int | None = None, columns: int | None = None) -> None:
        if rows is None:
            self.setText(self.tr("No preview yet"))
            return
        text = self.tr("1 row") if rows == 1 else self.tr("{n} rows").format(n=f"{rows:,}")
        if people is not None and columns is not None:
            text += self.tr("  ·  {people:,} people  ·  {columns} columns").format(people=people, columns=columns)
        self.setText(text)


def table_view(model: Any, name: str, parent: QWidget | None = None) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    return view


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    """Expected failures become a message box with their one-line message; anything else is a
    bug, for the application's error dialog (with its details and the log)."""
    if not isinstance(exc, CaseworkerError):
        sys.excepthook(type(exc), exc, exc.__traceback__)
        return
    QMessageBox.warning(parent, title, str(exc))
