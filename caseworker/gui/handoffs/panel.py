"""Every handoff, with what can be done next: write, recall, cancel, look at the rows."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.roles import Action, can
from caseworker.gui.handoffs.approvals import HANDOFF_COLUMNS
from caseworker.gui.handoffs.common import RowCountLabel, show_error, table_view
from caseworker.gui.handoffs.models import PreviewModel, RecordModel
from caseworker.gui.handoffs.write import WriteHandoffDialog
from caseworker.gui.tasks import TaskRunner
from caseworker.services.api import Services
from caseworker.services.handoffs.dto import HandoffView

STATUSES = ("PREPARED", "APPROVED", "WRITTEN", "RECALLED", "CANCELLED")


class SnapshotDialog(QDialog):
    """The stored rows of one handoff (opening it is recorded as a view)."""

    def __init__(self, services: Services, handoff: int | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        preview = services.handoffs.snapshot(handoff)
        assert preview.handoff is not None
        self.setWindowTitle(self.tr("{ref} for {partner}").format(ref=preview.handoff.reference,
                                                                  partner=preview.handoff.partner_display_name))  # fmt: skip
        self.resize(1000, 600)
        count = RowCountLabel()
        count.set_count(preview.row_count, preview.people_count, len(preview.headings))
        self.model = PreviewModel(preview)
        view = table_view(self.model, self.tr("Rows of the handoff"))
        layout = QVBoxLayout(self)
        layout.addWidget(count)
        layout.addWidget(view)


class HandoffsPanel(QWidget):
    """Every handoff; `handoffsChanged` follows a write, a recall or a cancellation."""

    handoffsChanged = Signal()  # noqa: N815 - Qt signal naming

    def __init__(self, services: Services, parent: QWidget | None = None, *, tasks: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks or TaskRunner(self)
        self.setAccessibleName(self.tr("Handoffs"))
        self.status = QComboBox()
        self.status.setAccessibleName(self.tr("Status filter"))
        self.status.addItem(self.tr("All handoffs"), None)
        for status in STATUSES:
            self.status.addItem(status.capitalize(), status)
        self.model: RecordModel[HandoffView] = RecordModel(HANDOFF_COLUMNS)
        self.view = table_view(self.model, self.tr("Handoffs"))
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        bar.addWidget(self.status)
        bar.addStretch()
        for key, label in (("rows", self.tr("&Rows…")), ("write", self.tr("&Write file…")),
                           ("recall", self.tr("Mark &recalled…")), ("cancel", self.tr("&Cancel…"))):  # fmt: skip
            button = QPushButton(label)
            button.setAccessibleName(label.replace("&", "").rstrip("…"))
            bar.addWidget(button)
            self.buttons[key] = button
        for key in ("write", "recall", "cancel"):  # read-only users look; they never act
            self.buttons[key].setVisible(can(services.user.role, Action.PREPARE_HANDOFF))
        self.count = RowCountLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.status.currentIndexChanged.connect(self.refresh)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.buttons["rows"].clicked.connect(lambda: self._open(SnapshotDialog))
        self.buttons["write"].clicked.connect(self.write_selected)
        self.buttons["recall"].clicked.connect(lambda: self._close("recall"))
        self.buttons["cancel"].clicked.connect(lambda: self._close("cancel"))
        self.refresh()

    def refresh(self) -> None:
        """Re-read the list, keeping the selected handoff selected."""
        kept = self.selected()
        self.model.set_records(self.services.handoffs.list(status=self.status.currentData()))
        if kept is not None:
            self.select(kept.id)
        self._enable()

    def select(self, handoff_id: int) -> bool:
        for row in range(self.model.rowCount()):
            record = self.model.record(row)
            if record is not None and record.id == handoff_id:
                self.view.selectRow(row)
                return True
        return False

    def selected(self) -> HandoffView | None:
        return self.model.record(self.view.currentIndex().row())

    def _enable(self) -> None:
        h = self.selected()
        status = h.status if h else ""
        self.buttons["rows"].setEnabled(h is not None)
        self.buttons["write"].setEnabled(status == "APPROVED")
        self.buttons["recall"].setEnabled(status == "WRITTEN")
        self.buttons["cancel"].setEnabled(status in ("PREPARED", "APPROVED"))

    def _open(self, dialog_class: type) -> None:
        h = self.selected()
        if h is not None:
            dialog_class(self.services, h.id, self).exec()

    def write_selected(self) -> None:
        h = self.selected()
        if h is None:
            return
        dialog = WriteHandoffDialog(self.services, h.id, self, tasks=self.tasks)
        dialog.exec()
        self.refresh()
        if dialog.written is not None:
            self.handoffsChanged.emit()

    def _close(self, action: str) -> None:
        h = self.selected()
        if h is None:
            return
        prompt = self.tr("What did the partner say (asked to delete, confirmed …)?") if action == "recall" \
            else self.tr("Why is it cancelled?")  # fmt: skip
        text, ok = QInputDialog.getText(self, h.reference, prompt)
        if not ok:
            return
        try:
            getattr(self.services.handoffs, action)(h.id, text)
        except Exception as exc:  # noqa: BLE001 - show_error passes anything unexpected on
            show_error(self, h.reference, exc)
        else:
            self.handoffsChanged.emit()
        self.refresh()
