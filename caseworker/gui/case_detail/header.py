"""The case header: who and where the case is, its status as a badge, and one
button for each workflow move this user may make from that status."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from caseworker.domain.vocab import Priority, Scheme
from caseworker.domain.workflow import Status
from caseworker.gui.case_detail.common import badge_style, status_text, vocab
from caseworker.gui.case_detail.controller import CaseController
from caseworker.gui.case_detail.reason_dialog import ask_reason
from caseworker.services.dto import CaseDetail

MOVES_PER_ROW = 5


class CaseHeader(QWidget):
    reload_requested = Signal()

    def __init__(self, controller: CaseController, names: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.names = names
        self.reference = QLabel()
        font = QFont(self.reference.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.reference.setFont(font)
        self.reference.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reference.setAccessibleName(self.tr("Case reference"))
        self.name = QLabel()
        self.name.setAccessibleName(self.tr("Principal"))
        self.status = QLabel()
        self.status.setAccessibleName(self.tr("Status"))
        self.reload_button = QPushButton(self.tr("&Reload"))
        self.reload_button.setAccessibleName(self.tr("Reload the case"))
        self.reload_button.setToolTip(self.tr("Show changes other people have saved (F5)"))
        self.reload_button.clicked.connect(self.reload_requested)
        top = QHBoxLayout()
        top.addWidget(self.reference)
        top.addWidget(self.status)
        top.addWidget(self.name, 1)
        top.addWidget(self.reload_button)

        self.facts: dict[str, QLabel] = {}
        facts = QGridLayout()
        titles = (("priority", self.tr("Priority")), ("post", self.tr("Post")),
                  ("assigned", self.tr("Assigned to")), ("scheme", self.tr("Scheme")))  # fmt: skip
        for column, (key, title) in enumerate(titles):
            caption = QLabel(title)
            caption.setStyleSheet("color: palette(mid);")
            value = QLabel()
            value.setAccessibleName(title)
            value.setWordWrap(True)
            facts.addWidget(caption, 0, column)
            facts.addWidget(value, 1, column)
            self.facts[key] = value
        self.moves_caption = QLabel(self.tr("Move to:"))
        self.moves = QGridLayout()
        self.moves.addWidget(self.moves_caption, 0, 0)
        self.move_buttons: dict[Status, QPushButton] = {}
        moves_row = QHBoxLayout()
        moves_row.addLayout(self.moves)
        moves_row.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(facts)
        layout.addLayout(moves_row)
        controller.shown.connect(self.show_case)

    def show_case(self, detail: CaseDetail) -> None:
        self.reference.setText(detail.reference)
        principal = detail.principal
        if principal is not None:
            self.name.setText(" · ".join(p for p in (principal.latin_name, principal.name_original) if p))
        self.status.setText(status_text(detail.status))
        self.status.setStyleSheet(badge_style(detail.status))
        self.facts["priority"].setText(vocab(detail.priority, Priority))
        self.facts["post"].setText(detail.post)
        assigned = detail.assigned_to
        self.facts["assigned"].setText(self.names.get(assigned, assigned) if assigned else self.tr("nobody"))
        self.facts["scheme"].setText(vocab(detail.scheme, Scheme))
        self._show_moves(detail.status)

    def _show_moves(self, status: str) -> None:
        for button in self.move_buttons.values():
            self.moves.removeWidget(button)
            button.deleteLater()
        self.move_buttons.clear()
        targets = self.controller.services.cases.allowed_moves(status)
        for i, target in enumerate(targets):
            button = QPushButton(status_text(target))
            button.setAccessibleName(self.tr("Move to %s") % status_text(target))
            if target.is_side_state:
                button.setToolTip(self.tr("A side state: the case leaves the main line"))
            button.clicked.connect(lambda _checked=False, t=target: self.move(t))
            self.moves.addWidget(button, i // MOVES_PER_ROW, 1 + i % MOVES_PER_ROW)
            self.move_buttons[target] = button
        self.moves_caption.setVisible(bool(targets))

    def move(self, target: Status) -> None:
        detail = self.controller.detail
        if detail is None:
            return
        reason = ask_reason(
            self, self.tr("Move %s") % detail.reference,
            self.tr("Why does %1 move from %2 to %3?").replace("%1", detail.reference)
            .replace("%2", status_text(detail.status)).replace("%3", status_text(target)),
            self.tr("Move to %s") % status_text(target),
        )  # fmt: skip
        if reason is None:
            return
        services, version = self.controller.services, detail.version
        moved = self.controller.save(self, lambda: services.cases.move(detail.id, target, reason, version))
        if moved is not None:
            self.controller.accept(moved)
