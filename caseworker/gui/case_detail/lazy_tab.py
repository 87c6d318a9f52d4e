"""A tab page whose content is built the first time its tab is chosen.

Opening a case must stay instant; the Letters and Disclosures tabs each ask
the store a question of their own, so they ask it only when someone looks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

W = TypeVar("W", bound=QWidget)


class LazyTab(QWidget, Generic[W]):
    """A placeholder page of `tabs`; `content` is None until the page is first made current."""

    def __init__(self, tabs: QTabWidget, build: Callable[[], W], on_built: Callable[[W], None] | None = None) -> None:
        super().__init__()
        self._tabs, self._build, self._on_built = tabs, build, on_built
        self.content: W | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        tabs.currentChanged.connect(self._current_changed)

    def ensure_built(self) -> W:
        if self.content is None:
            self.content = self._build()
            self._layout.addWidget(self.content)
            if self._on_built is not None:
                self._on_built(self.content)
        return self.content

    def _current_changed(self, index: int) -> None:
        if self._tabs.widget(index) is self:
            self.ensure_built()
