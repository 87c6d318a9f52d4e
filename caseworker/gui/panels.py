"""Panels: views that are neither a case nor the case list (the handoffs, approvals, ledgers,
partner profiles), opened as closable tabs of the main window like the dashboard.

Each panel has a key; asking for a panel that is open already brings its tab
forward instead of opening a second one. A panel is refreshed by F5 when it
is the current tab, and when something it shows changes elsewhere in the
window (`refresh(key, ...)`), never the panel that made the change.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QTabWidget, QWidget


class PanelTabs(QObject):
    def __init__(self, tabs: QTabWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tabs = tabs
        self.open: dict[str, QWidget] = {}
        self._refreshable: set[str] = set()

    def show(self, key: str, title: str, build: Callable[[], QWidget], *, icon: QIcon | None = None,
             refreshable: bool = True) -> QWidget:  # fmt: skip
        """Bring the panel `key` forward, building it first if it is not open.

        A refreshable panel has a `refresh()` that re-reads what it shows; a
        panel holding the user's unsaved input (the profiles editor) is not
        refreshed behind their back.
        """
        panel = self.open.get(key)
        if panel is None:
            panel = build()
            if not panel.accessibleName():
                panel.setAccessibleName(title)
            index = self.tabs.addTab(panel, icon, title) if icon is not None else self.tabs.addTab(panel, title)
            self.tabs.setTabToolTip(index, title)
            self.open[key] = panel
            if refreshable:
                self._refreshable.add(key)
        self.tabs.setCurrentWidget(panel)
        return panel

    def get(self, key: str) -> QWidget | None:
        return self.open.get(key)

    def key_of(self, widget: QWidget | None) -> str | None:
        return next((key for key, panel in self.open.items() if panel is widget), None)

    def close(self, widget: QWidget) -> bool:
        """Close the panel's tab; False when `widget` is not a panel."""
        key = self.key_of(widget)
        if key is None:
            return False
        index = self.tabs.indexOf(widget)
        if index >= 0:
            self.tabs.removeTab(index)
        del self.open[key]
        self._refreshable.discard(key)
        widget.deleteLater()
        return True

    def refresh(self, *keys: str, origin: QObject | None = None) -> None:
        """Re-read the open panels named (all when none is named), except `origin`."""
        for key in keys or tuple(self.open):
            panel = self.open.get(key)
            if panel is not None and panel is not origin and key in self._refreshable:
                panel.refresh()  # type: ignore[attr-defined]

    def refresh_current(self) -> bool:
        """F5 on a panel: True when the current tab is a panel."""
        key = self.key_of(self.tabs.currentWidget())
        if key is None:
            return False
        self.refresh(key)
        return True
