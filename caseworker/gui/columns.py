"""The case list's columns as the user arranges them: which are shown, in
what order and how wide, kept by column key (not position) so that a newer
version adding a column never scrambles a saved layout."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPoint
from PySide6.QtWidgets import QHeaderView, QMenu, QWidget

from caseworker.gui import settings as opts
from caseworker.gui.case_table import COLUMN_KEYS, COLUMNS, column_title
from caseworker.gui.settings import Settings

DEFAULT_WIDTHS = {
    "reference": 125, "name": 180, "name_original": 150, "family_size": 55, "status": 125, "priority": 70,
    "post": 45, "country": 105, "assigned_to": 95, "last_contact": 95, "next_follow_up": 105,
}  # fmt: skip


def visible_columns(header: QHeaderView) -> list[int]:
    """Logical column numbers in the order the user sees them."""
    logical = [header.logicalIndex(v) for v in range(header.count())]
    return [i for i in logical if not header.isSectionHidden(i)]


def show_column_menu(header: QHeaderView, parent: QWidget, point: QPoint) -> None:
    """A menu of every column with a tick for the shown ones (at least one stays)."""
    menu = QMenu(QCoreApplication.translate("Columns", "Columns"), parent)
    shown = visible_columns(header)
    for i, column in enumerate(COLUMNS):
        action = menu.addAction(column_title(column))
        action.setCheckable(True)
        action.setChecked(i in shown)
        action.setEnabled(not (len(shown) == 1 and i in shown))
        action.toggled.connect(lambda on, section=i: header.setSectionHidden(section, not on))
    menu.exec(header.mapToGlobal(point))


def save_columns(header: QHeaderView, settings: Settings) -> None:
    settings.set(opts.COLUMN_ORDER, [COLUMNS[header.logicalIndex(v)].key for v in range(header.count())])
    settings.set(opts.HIDDEN_COLUMNS, [c.key for i, c in enumerate(COLUMNS) if header.isSectionHidden(i)])
    settings.set(opts.COLUMN_WIDTHS, {c.key: header.sectionSize(i) for i, c in enumerate(COLUMNS)})


def restore_columns(header: QHeaderView, settings: Settings) -> None:
    order = [k for k in settings.get(opts.COLUMN_ORDER) if k in COLUMN_KEYS]
    order += [k for k in COLUMN_KEYS if k not in order]  # columns added since the layout was saved
    for visual, key in enumerate(order):
        header.moveSection(header.visualIndex(COLUMN_KEYS.index(key)), visual)
    hidden = set(settings.get(opts.HIDDEN_COLUMNS)) & set(COLUMN_KEYS)
    if hidden == set(COLUMN_KEYS):
        hidden = set()
    saved = settings.get(opts.COLUMN_WIDTHS)
    for i, column in enumerate(COLUMNS):
        header.setSectionHidden(i, column.key in hidden)
        width = saved.get(column.key)
        if not (isinstance(width, int) and 20 <= width <= 2000):  # a default wide enough for its title
            title = header.fontMetrics().horizontalAdvance(column_title(column)) + 16
            width = max(DEFAULT_WIDTHS.get(column.key, 110), title)
        header.resizeSection(i, width)
