"""Officers' approvals: prepared handoffs, their exact rows, approve or send back."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.roles import Action, can
from caseworker.gui.handoffs.common import RowCountLabel, show_error, table_view
from caseworker.gui.handoffs.models import PreviewModel, RecordModel, when
from caseworker.services.api import Services
from caseworker.services.handoffs.dto import HandoffView

HANDOFF_COLUMNS = (
    ("Reference", lambda h: h.reference),
    ("Partner", lambda h: h.partner_display_name),
    ("Kind", lambda h: "Changes" if h.kind == "CHANGES" else "Full"),
    ("Status", lambda h: h.status.capitalize()),
    ("Rows", lambda h: f"{h.row_count:,}"),
    ("Prepared by", lambda h: h.prepared_by),
    ("Prepared", lambda h: when(h.prepared_at)),
    ("Approved by", lambda h: h.approved_by or ""),
    ("Written", lambda h: when(h.written_at)),
)


class HandoffApprovalsWidget(QWidget):
    """Prepared handoffs awaiting a second person's approval.

    `handoffsChanged` follows an approval or a cancellation, for the window to
    refresh what shows handoffs (the queue counts, the handoffs panel, the
    open cases' disclosures).
    """

    handoffsChanged = Signal()  # noqa: N815 - Qt signal naming

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setAccessibleName(self.tr("Handoff approvals"))
        self.list_model: RecordModel[HandoffView] = RecordModel(HANDOFF_COLUMNS)
        self.list = table_view(self.list_model, self.tr("Handoffs awaiting approval"))
        self.rows = PreviewModel()
        self.table = table_view(self.rows, self.tr("Rows of the selected handoff"))
        self.count = RowCountLabel()
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.approve_button = QPushButton(self.tr("&Approve"))
        self.approve_button.setAccessibleName(self.tr("Approve the selected handoff"))
        self.cancel_button = QPushButton(self.tr("&Send back (cancel)…"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the selected handoff"))
        self.why_not = QLabel()
        self.why_not.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.why_not, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.approve_button)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.addWidget(self.count)
        rv.addWidget(self.details)
        rv.addWidget(self.table, 1)
        rv.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setSizes([380, 800])
        QVBoxLayout(self).addWidget(splitter)
        self.list.selectionModel().currentRowChanged.connect(lambda current, _: self._show(current.row()))
        self.approve_button.clicked.connect(self.approve_selected)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.refresh()

    def refresh(self) -> None:
        self.list_model.set_records(self.services.handoffs.list(status="PREPARED"))
        if self.list_model.rowCount():
            self.list.selectRow(0)
        self._show(self.list.currentIndex().row() if self.list_model.rowCount() else -1)

    def selected(self) -> HandoffView | None:
        return self.list_model.record(self.list.currentIndex().row())

    def _show(self, row: int) -> None:
        handoff = self.list_model.record(row)
        if handoff is None:
            self.rows.set_preview(None)
            self.count.set_count(None)
            self.details.setText(self.tr("Nothing is waiting for approval."))
            self.approve_button.setEnabled(False)
            self.cancel_button.setEnabled(False)
            self.why_not.clear()
            return
        preview = self.services.handoffs.snapshot(handoff.id)  # recorded as a view
        self.rows.set_preview(preview)
        self.table.resizeColumnsToContents()
        self.count.set_count(handoff.row_count, handoff.people_count, len(handoff.headings))
        window = f"{handoff.window_from} – {handoff.window_to}" if handoff.window_from else self.tr("no window")
        self.details.setText(self.tr("{ref} for {partner}, prepared by {who}. Crossing: {crossing}; {window}.")
                             .format(ref=handoff.reference, partner=handoff.partner_display_name,
                                     who=handoff.prepared_by, crossing=handoff.crossing_point or "—",
                                     window=window))  # fmt: skip
        reason = ""
        if not can(self.services.user.role, Action.APPROVE_HANDOFF):
            reason = self.tr("Only an authorising officer approves handoffs.")
        elif handoff.prepared_by == self.services.user.username:
            reason = self.tr("You prepared this handoff: another authorising officer must approve it.")
        self.why_not.setText(reason)
        self.approve_button.setEnabled(not reason)
        self.cancel_button.setEnabled(True)

    def approve_selected(self) -> None:
        handoff = self.selected()
        if handoff is None:
            return
        try:
            self.services.handoffs.approve(handoff.id)
        except Exception as exc:  # noqa: BLE001 - show_error passes anything unexpected on
            show_error(self, self.tr("Cannot approve"), exc)
        else:
            self.handoffsChanged.emit()
        self.refresh()

    def cancel_selected(self) -> None:
        handoff = self.selected()
        if handoff is None:
            return
        reason, ok = QInputDialog.getText(self, self.tr("Send back"), self.tr("Why is {ref} cancelled?")
                                          .format(ref=handoff.reference))  # fmt: skip
        if not ok:
            return
        try:
            self.services.handoffs.cancel(handoff.id, reason)
        except Exception as exc:  # noqa: BLE001
            show_error(self, self.tr("Cannot cancel"), exc)
        else:
            self.handoffsChanged.emit()
        self.refresh()
