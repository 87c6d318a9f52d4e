"""Two people edited the same case: show their version next to yours, field by
field, and let the user reapply theirs on top, or keep the other person's."""

from __future__ import annotations

from enum import Enum
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class Resolution(Enum):
    REAPPLY_MINE = "mine"
    KEEP_THEIRS = "theirs"
    CANCEL = "cancel"


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value) or "—"
    return str(value) or "—"


class ConflictDialog(QDialog):
    """`rows` are (field label, value when you opened the case, theirs now, yours)."""

    def __init__(self, message: str, rows: list[tuple[str, Any, Any, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resolution = Resolution.CANCEL
        self.setWindowTitle(self.tr("Someone else changed this case"))
        self.intro = intro = QLabel(
            self.tr("%s.\n\nYour changes have not been saved. Compare the two versions:") % message.rstrip(".")
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(rows), 4)
        self.table.setAccessibleName(self.tr("Their version and yours"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("When you opened it"), self.tr("Theirs (saved now)"), self.tr("Yours")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(_text(value))
                item.setToolTip(_text(value))
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox()
        self.mine = QPushButton(self.tr("&Reapply mine"))
        self.mine.setAccessibleName(self.tr("Reapply my changes over theirs"))
        self.theirs = QPushButton(self.tr("&Keep theirs"))
        self.theirs.setAccessibleName(self.tr("Discard my changes and keep theirs"))
        self.cancel = QPushButton(self.tr("Keep &editing"))
        self.cancel.setAccessibleName(self.tr("Keep editing without saving"))
        buttons.addButton(self.mine, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.theirs, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.mine.clicked.connect(lambda: self._choose(Resolution.REAPPLY_MINE))
        self.theirs.clicked.connect(lambda: self._choose(Resolution.KEEP_THEIRS))
        self.cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(760, 320)

    def _choose(self, resolution: Resolution) -> None:
        self.resolution = resolution
        self.accept()

    def ask(self) -> Resolution:
        self.exec()
        return self.resolution
