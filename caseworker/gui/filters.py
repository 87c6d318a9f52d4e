"""Filter chips above the case list: status, post, priority, assigned caseworker
and current country. Each chip opens a menu of values; picking several means
"any of these". The chips only describe the filter; the query runs in SQL.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QMenu, QToolButton, QWidget

from caseworker.domain.vocab import Priority
from caseworker.domain.workflow import Status
from caseworker.gui.labels import label
from caseworker.services.api import Services
from caseworker.services.queries import CaseQuery


@dataclass(frozen=True)
class Facet:
    field: str  # the CaseQuery field it fills
    title: str


FACETS = (
    Facet("statuses", QT_TRANSLATE_NOOP("FilterBar", "Status")),
    Facet("posts", QT_TRANSLATE_NOOP("FilterBar", "Post")),
    Facet("priorities", QT_TRANSLATE_NOOP("FilterBar", "Priority")),
    Facet("assigned_to", QT_TRANSLATE_NOOP("FilterBar", "Assigned to")),
    Facet("countries", QT_TRANSLATE_NOOP("FilterBar", "Current country")),
)


def fetch_choices(services: Services) -> dict[str, list[tuple[str, str]]]:
    """Each facet's (value, label) choices, read from the store (safe on a worker thread)."""
    facets = services.queries.facet_values()
    present = set(facets["status"])
    posts = {p.code: p.name for p in services.lookups.posts()}
    return {
        "statuses": [(s.value, label(s)) for s in Status if s.value in present],
        "posts": [(code, f"{code} — {posts.get(code, code)}") for code in facets["post"]],
        "priorities": [(p.value, label(p)) for p in Priority],
        "assigned_to": [(str(u.id), u.display_name) for u in services.lookups.assignable_users()],
        "countries": [(c, c) for c in facets["country"]],
    }


class Chip(QToolButton):
    """One facet: a button showing what is chosen, with a menu of values."""

    changed = Signal()

    def __init__(self, facet: Facet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facet = facet
        self.setCheckable(True)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setMenu(QMenu(self))
        self.setAccessibleName(self.title())
        self._labels: dict[str, str] = {}
        self._update_text()

    def title(self) -> str:
        return QCoreApplication.translate("FilterBar", self.facet.title)

    def set_choices(self, choices: list[tuple[str, str]]) -> None:
        """(value, label) pairs; values chosen before stay chosen if still offered."""
        chosen = set(self.values())
        menu = self.menu()
        menu.clear()
        self._labels = dict(choices)
        for value, text in choices:
            action = QAction(text, menu, checkable=True, checked=value in chosen)
            action.setData(value)
            action.toggled.connect(self._toggled)
            menu.addAction(action)
        if choices:
            menu.addSeparator()
        clear = menu.addAction(self.tr("Clear"))
        clear.triggered.connect(self.clear)
        self._update_text()

    def values(self) -> list[str]:
        return [a.data() for a in self.menu().actions() if a.isCheckable() and a.isChecked()]

    def set_values(self, values: list[str]) -> None:
        wanted = set(values)
        offered = {a.data() for a in self.menu().actions() if a.isCheckable()}
        for value in [v for v in values if v not in offered]:  # e.g. a saved search made before choices loaded
            action = QAction(self._labels.get(value, value), self.menu(), checkable=True)
            action.setData(value)
            action.toggled.connect(self._toggled)
            self.menu().insertAction(self.menu().actions()[0] if self.menu().actions() else None, action)
        for action in self.menu().actions():
            if action.isCheckable():
                action.blockSignals(True)
                action.setChecked(action.data() in wanted)
                action.blockSignals(False)
        self._update_text()

    def clear(self) -> None:
        if self.values():
            self.set_values([])
            self.changed.emit()

    def _toggled(self) -> None:
        self._update_text()
        self.changed.emit()

    def _update_text(self) -> None:
        values = self.values()
        if not values:
            text = self.title()
        elif len(values) == 1:
            text = f"{self.title()}: {self._labels.get(values[0], values[0])}"
        else:
            text = self.tr("%s: %d chosen") % (self.title(), len(values))
        self.setText(text)
        self.setChecked(bool(values))
        self.setAccessibleDescription(text)


class FilterBar(QWidget):
    """The row of chips. `apply()` folds the chosen values into a query."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chips = {facet.field: Chip(facet, self) for facet in FACETS}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for chip in self.chips.values():
            chip.changed.connect(self.changed)
            layout.addWidget(chip)
        self.clear_button = QToolButton(self)
        self.clear_button.setText(self.tr("Clear filters"))
        self.clear_button.setAccessibleName(self.tr("Clear filters"))
        self.clear_button.clicked.connect(self.clear)
        layout.addWidget(self.clear_button)
        layout.addStretch(1)

    def load_choices(self, services: Services) -> None:
        self.set_choices(fetch_choices(services))

    def set_choices(self, choices: dict[str, list[tuple[str, str]]]) -> None:
        for field, chip in self.chips.items():
            chip.set_choices(choices.get(field, []))

    def apply(self, query: CaseQuery) -> CaseQuery:
        values = {field: tuple(chip.values()) for field, chip in self.chips.items()}
        values["assigned_to"] = tuple(int(v) for v in values["assigned_to"])  # type: ignore[assignment]
        return dataclasses.replace(query, **values)  # type: ignore[arg-type]

    def set_from_query(self, query: CaseQuery) -> None:
        for field, chip in self.chips.items():
            chip.set_values([str(v) for v in getattr(query, field)])

    def set_filter(self, field: str, values: list[str]) -> None:
        """Show only these values of one facet (the others cleared); emits `changed`."""
        for name, chip in self.chips.items():
            chip.set_values(values if name == field else [])
        self.changed.emit()

    def is_active(self) -> bool:
        return any(chip.values() for chip in self.chips.values())

    def clear(self) -> None:
        if self.is_active():
            for chip in self.chips.values():
                chip.set_values([])
            self.changed.emit()
