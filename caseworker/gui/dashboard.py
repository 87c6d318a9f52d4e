"""The dashboard: where the caseload stands. Clicking a bar or a figure opens
the cases behind it in the case list."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.workflow import Status
from caseworker.gui.charts import BarChart
from caseworker.gui.labels import label_of
from caseworker.gui.tasks import TaskRunner
from caseworker.services.api import Services
from caseworker.services.dashboard import DashboardStats


class Figure(QFrame):
    """A big number with a caption; clickable (mouse, Enter or Space) when it leads somewhere."""

    clicked = Signal()

    def __init__(self, caption: str, *, clickable: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = caption
        self.clickable = clickable
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.number = QLabel(self)
        font = self.number.font()
        font.setPointSizeF(max(font.pointSizeF(), 9) * 2)
        font.setBold(True)
        self.number.setFont(font)
        self.label = QLabel(caption, self)
        self.label.setWordWrap(True)
        for label in (self.number, self.label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.number)
        layout.addWidget(self.label)
        self.setAccessibleName(caption)
        if clickable:
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setToolTip(self.tr("Click to open these cases"))
        self.set_value(None)

    def set_value(self, value: int | None) -> None:
        text = "…" if value is None else f"{value:,}"
        self.number.setText(text)
        self.setAccessibleDescription(f"{self.caption}: {text}")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.clickable and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.clickable and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
        else:
            super().keyPressEvent(event)


class DashboardWidget(QWidget):
    filterRequested = Signal(str, str)  # CaseQuery field, value
    queueRequested = Signal(str)

    def __init__(self, services: Services, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.tasks = services, tasks
        self.stats: DashboardStats | None = None
        self.total = Figure(self.tr("cases in the store"), parent=self)
        self.total.clicked.connect(lambda: self.queueRequested.emit("all"))
        self.contacts = Figure(self.tr("contacts made this week"), clickable=False, parent=self)
        self.stale = Figure(self.tr("open cases with no contact for 7+ days"), parent=self)
        self.stale.clicked.connect(lambda: self.queueRequested.emit("stale"))
        self.funnel = BarChart(self.tr("Cases by status along the workflow"), funnel=True, parent=self)
        self.funnel.barClicked.connect(lambda key: self.filterRequested.emit("statuses", key))
        self.side = BarChart(self.tr("Cases in side states"), color="#a5602f", parent=self)
        self.side.barClicked.connect(lambda key: self.filterRequested.emit("statuses", key))
        self.posts = BarChart(self.tr("Cases per post"), color="#3d8a5a", parent=self)
        self.posts.barClicked.connect(lambda key: self.filterRequested.emit("posts", key))
        self.countries = BarChart(self.tr("Cases per current country"), color="#6a4fa0", parent=self)
        self.countries.barClicked.connect(lambda key: key and self.filterRequested.emit("countries", key))
        self.week = BarChart(self.tr("Contacts made this week, per day"), clickable=False, color="#7a7a7a", parent=self)
        figures = QHBoxLayout()
        for figure in (self.total, self.contacts, self.stale):
            figures.addWidget(figure, 1)
        grid = QHBoxLayout()
        grid.setSpacing(24)
        for stretch, charts in ((3, (self.funnel, self.side)), (2, (self.posts, self.countries, self.week))):
            column = QVBoxLayout()
            column.setSpacing(16)
            for chart in charts:
                column.addWidget(chart)
            column.addStretch(1)
            grid.addLayout(column, stretch)
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.addLayout(figures)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        inner.addWidget(line)
        inner.addLayout(grid)
        inner.addStretch(1)
        self.hint = QLabel(self.tr("Click a bar or a figure to open those cases."), self)
        inner.addWidget(self.hint)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        scroll.setAccessibleName(self.tr("Dashboard"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.setTabOrder(self.total, self.stale)
        self.setTabOrder(self.stale, self.funnel)
        self.setTabOrder(self.funnel, self.posts)
        self.setTabOrder(self.posts, self.countries)
        self.setTabOrder(self.countries, self.side)

    def reload(self) -> None:
        """Recompute the figures off the GUI thread."""
        dashboard = self.services.dashboard
        self.tasks.run(lambda progress, cancelled: dashboard.statistics(), title=self.tr("Dashboard"),
                       show_progress=False, on_done=self.show_stats)  # fmt: skip

    def show_stats(self, stats: DashboardStats) -> None:
        self.stats = stats
        self.total.set_value(stats.total)
        self.contacts.set_value(stats.contacts_this_week)
        self.stale.set_value(stats.stale)
        self.funnel.set_bars([dataclasses.replace(b, label=label_of(Status, b.key)) for b in stats.main_line])
        self.side.set_bars([dataclasses.replace(b, label=label_of(Status, b.key)) for b in stats.side_states])
        self.posts.set_bars(stats.posts)
        self.countries.set_bars(stats.countries)
        self.week.set_bars(stats.contacts_by_day)
