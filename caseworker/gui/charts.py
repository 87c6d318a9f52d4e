"""A horizontal bar chart drawn with QPainter (QtCharts is not part of
PySide6-Essentials). Bars can be clicked, or chosen with the arrow keys and
Enter, to open the cases behind them."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from caseworker.services.dashboard import Bar


class BarChart(QWidget):
    barClicked = Signal(str)  # the bar's key

    def __init__(self, title: str, *, funnel: bool = False, clickable: bool = True,
                 color: str = "#2f6ea5", parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.title = title
        self.funnel = funnel
        self.clickable = clickable
        self.color = QColor(color)
        self.bars: list[Bar] = []
        self.hovered = -1
        self.current = -1
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if clickable else Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.setAccessibleName(title)

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self.bars = list(bars)
        self.hovered = self.current = -1
        self.setAccessibleDescription("; ".join(f"{b.label}: {b.count:,}" for b in self.bars) or self.tr("No data"))
        self.updateGeometry()
        self.update()

    # -- geometry ---------------------------------------------------------------------

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 8

    def _top(self) -> int:
        return self.fontMetrics().height() + 12

    def sizeHint(self) -> QSize:
        return QSize(360, self._top() + max(1, len(self.bars)) * self._row_height() + 6)

    def minimumSizeHint(self) -> QSize:
        return QSize(220, self.sizeHint().height())

    def _label_width(self) -> int:
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(b.label) for b in self.bars), default=0)
        return min(widest + 12, max(80, self.width() // 3))

    def bar_at(self, y: int) -> int:
        index = (y - self._top()) // self._row_height()
        return index if 0 <= index < len(self.bars) and y >= self._top() else -1

    # -- drawing ----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        metrics = self.fontMetrics()
        title_font = self.font()
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        painter.drawText(QRect(0, 0, self.width(), self._top() - 4), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title)
        painter.setFont(self.font())
        if not self.bars:
            painter.drawText(QRect(0, self._top(), self.width(), self._row_height()), Qt.AlignmentFlag.AlignLeft, self.tr("No cases yet"))
            return
        label_w = self._label_width()
        count_w = metrics.horizontalAdvance(f"{max(b.count for b in self.bars):,}") + 10
        area = max(10, self.width() - label_w - count_w - 4)
        peak = max(1, max(b.count for b in self.bars))
        for i, bar in enumerate(self.bars):
            y = self._top() + i * self._row_height()
            row = QRect(0, y, self.width(), self._row_height())
            if i in (self.hovered, self.current) and self.clickable:
                painter.fillRect(row, palette.color(QPalette.ColorRole.Highlight).lighter(185))
            label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_w - 8)
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            painter.drawText(QRect(0, y, label_w - 8, self._row_height()), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            width = area * bar.count / peak
            left = label_w + ((area - width) / 2 if self.funnel else 0)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.color.lighter(115) if i == self.hovered else self.color)
            painter.drawRoundedRect(QRectF(left, y + 3, max(width, 2 if bar.count else 0), self._row_height() - 6), 2, 2)
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            text_x = int(left + width + 4) if not self.funnel else label_w + area + 4
            painter.drawText(QRect(text_x, y, count_w, self._row_height()), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"{bar.count:,}")
        if self.hasFocus() and self.current < 0:
            painter.setPen(palette.color(QPalette.ColorRole.Highlight))
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))

    # -- interaction ------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hovered = self.bar_at(int(event.position().y())) if self.clickable else -1
        if hovered != self.hovered:
            self.hovered = hovered
            self.setCursor(Qt.CursorShape.PointingHandCursor if hovered >= 0 else Qt.CursorShape.ArrowCursor)
            if hovered >= 0:
                bar = self.bars[hovered]
                self.setToolTip(self.tr("%s: %s cases — click to open them") % (bar.label, f"{bar.count:,}"))
            self.update()

    def leaveEvent(self, event: object) -> None:
        self.hovered = -1
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        index = self.bar_at(int(event.position().y()))
        if self.clickable and event.button() == Qt.MouseButton.LeftButton and index >= 0:
            self.barClicked.emit(self.bars[index].key)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.bars or not self.clickable:
            return super().keyPressEvent(event)
        if event.key() == Qt.Key.Key_Down:
            self.current = min(len(self.bars) - 1, self.current + 1)
        elif event.key() == Qt.Key.Key_Up:
            self.current = max(0, self.current - 1)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.current >= 0:
            self.barClicked.emit(self.bars[self.current].key)
        else:
            return super().keyPressEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.current = -1
        self.update()
        super().focusOutEvent(event)
