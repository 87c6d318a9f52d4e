"""Preparing a handoff: choose the partner and the people, see the exact rows, store it for approval."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.roles import Action, can
from caseworker.domain.workflow import Status
from caseworker.gui.handoffs.common import RowCountLabel, show_error, table_view
from caseworker.gui.handoffs.models import PreviewModel
from caseworker.gui.tasks import TaskRunner
from caseworker.services.api import Services
from caseworker.services.handoffs import Batch, HandoffSelection
from caseworker.services.handoffs.dto import HandoffPreview, HandoffView
from caseworker.services.queues import QUEUES

_SELECTED, _STATUS, _QUEUE, _CROSSING, _CHANGES = "selected", "status", "queue", "crossing", "changes"


class PrepareHandoffDialog(QDialog):
    """`person_ids` or `case_ids` (the current selection) fix the people; without them the
    user picks a status, a queue, everyone due at a crossing, or the changes since the
    partner's last handoff."""

    def __init__(self, services: Services, person_ids: Sequence[int] | None = None,
                 case_ids: Sequence[int] | None = None, parent: QWidget | None = None, *,
                 tasks: TaskRunner | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.services = services
        self.tasks = tasks or TaskRunner(self)
        self.person_ids, self.case_ids = tuple(person_ids or ()), tuple(case_ids or ())
        self.preview: HandoffPreview | None = None
        self.prepared: HandoffView | None = None
        self.setWindowTitle(self.tr("Prepare a handoff to a partner"))
        self.resize(1100, 720)

        self.partner = QComboBox()
        self.partner.setAccessibleName(self.tr("Partner"))
        for partner in services.handoffs.partners.list():
            self.partner.addItem(partner.display_name, partner.name)
        self.source = QComboBox()
        self.source.setAccessibleName(self.tr("Which people"))
        if self.person_ids or self.case_ids:
            label = self.tr("The selected cases ({n})").format(n=len(self.case_ids)) if self.case_ids else \
                self.tr("The selected people ({n})").format(n=len(self.person_ids))  # fmt: skip
            self.source.addItem(label, _SELECTED)
        self.source.addItem(self.tr("Everyone with the status …"), _STATUS)
        self.source.addItem(self.tr("Everyone in the queue …"), _QUEUE)
        self.source.addItem(self.tr("Everyone due at the crossing point in the window"), _CROSSING)
        self.source.addItem(self.tr("Changes since the last handoff to this partner"), _CHANGES)
        self.choice = QComboBox()
        self.choice.setAccessibleName(self.tr("Status or queue"))
        self.crossing = QLineEdit()
        self.crossing.setAccessibleName(self.tr("Crossing point"))
        self.crossing.setPlaceholderText(self.tr("e.g. Termez–Hairatan bridge"))
        self.has_window = QCheckBox(self.tr("Expected between"))
        self.has_window.setAccessibleName(self.tr("Give an expected window"))
        today = QDate.currentDate()
        self.window_from, self.window_to = QDateEdit(today), QDateEdit(today.addDays(7))
        for edit, name in ((self.window_from, self.tr("Window from")), (self.window_to, self.tr("Window to"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
        self.uk_contact = QLineEdit()
        self.uk_contact.setAccessibleName(self.tr("UK point of contact"))

        window = QHBoxLayout()
        window.addWidget(self.has_window)
        window.addWidget(self.window_from)
        window.addWidget(QLabel(self.tr("and")))
        window.addWidget(self.window_to)
        window.addStretch()
        who = QHBoxLayout()
        who.addWidget(self.source, 2)
        who.addWidget(self.choice, 1)
        form = QFormLayout()
        form.addRow(self.tr("&Partner:"), self.partner)
        people = QLabel(self.tr("P&eople:"))  # a row holding a layout gets no buddy by itself
        people.setBuddy(self.source)
        form.addRow(people, who)
        form.addRow(self.tr("&Crossing point:"), self.crossing)
        form.addRow(self.tr("Window:"), window)
        form.addRow(self.tr("UK &contact:"), self.uk_contact)

        self.preview_button = QPushButton(self.tr("&Preview"))
        self.preview_button.setAccessibleName(self.tr("Preview the rows"))
        self.preview_button.setDefault(True)
        self.count = RowCountLabel()
        self.status_line = QLabel()
        self.status_line.setWordWrap(True)
        self.warnings = QListWidget()
        self.warnings.setAccessibleName(self.tr("Things to check"))
        self.warnings.setMaximumHeight(90)
        self.model = PreviewModel()
        self.table = table_view(self.model, self.tr("Rows that will be written"))
        self.buttons = QDialogButtonBox()
        self.prepare_button = self.buttons.addButton(self.tr("Prepare for &approval"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.prepare_button.setAccessibleName(self.tr("Prepare for approval"))
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        head = QHBoxLayout()
        head.addWidget(self.count, 1)
        head.addWidget(self.preview_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(head)
        layout.addWidget(self.status_line)
        layout.addWidget(self.warnings)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

        self.source.currentIndexChanged.connect(self._source_changed)
        self.partner.currentIndexChanged.connect(self._partner_changed)
        for signal in (self.choice.currentIndexChanged, self.crossing.textChanged, self.has_window.toggled,
                       self.window_from.dateChanged, self.window_to.dateChanged, self.uk_contact.textChanged):  # fmt: skip
            signal.connect(self._invalidate)
        self.preview_button.clicked.connect(self.run_preview)
        self.buttons.accepted.connect(self.prepare)
        self.buttons.rejected.connect(self.reject)
        self._source_changed()
        self._partner_changed()
        if not can(services.user.role, Action.PREPARE_HANDOFF) or self.partner.count() == 0:
            self.preview_button.setEnabled(False)
            self.status_line.setText(self.tr("No partner profiles yet: an administrator adds them.")
                                     if self.partner.count() == 0 else self.tr("You may not prepare handoffs."))  # fmt: skip

    # -- inputs --------------------------------------------------------------

    def _source_changed(self) -> None:
        source = self.source.currentData()
        self.choice.blockSignals(True)
        self.choice.clear()
        if source == _STATUS:
            for status in Status:
                self.choice.addItem(status.label, status.value)
        elif source == _QUEUE:
            for queue in QUEUES:
                if queue.visible_to(self.services.user.role):
                    self.choice.addItem(queue.label, queue.name)
        self.choice.blockSignals(False)
        self.choice.setVisible(source in (_STATUS, _QUEUE))
        self._invalidate()

    def _partner_changed(self) -> None:
        name = self.partner.currentData()
        contact = self.services.handoffs.partners.get(name).profile.get("uk_contact", "") if name else ""
        self.uk_contact.setPlaceholderText(contact or self.tr("none"))
        self._invalidate()

    def _invalidate(self) -> None:
        """Any change to the inputs: the shown rows are no longer what would be prepared."""
        if self.preview is not None:
            self.preview = None
            self.model.set_preview(None)
            self.count.set_count(None)
            self.warnings.clear()
        self.prepare_button.setEnabled(False)

    def _batch(self) -> Batch:
        window = (self.window_from.date().toPython(), self.window_to.date().toPython()) if self.has_window.isChecked() \
            else (None, None)  # fmt: skip
        return Batch(self.crossing.text(), window[0], window[1], self.uk_contact.text() or None)

    def _selection(self) -> HandoffSelection:
        source = self.source.currentData()
        if source == _SELECTED:
            return HandoffSelection(case_ids=self.case_ids) if self.case_ids else HandoffSelection(person_ids=self.person_ids)
        if source == _STATUS:
            return HandoffSelection(status=self.choice.currentData())
        if source == _QUEUE:
            return HandoffSelection(queue=self.choice.currentData())
        return HandoffSelection(by_crossing=True)

    # -- preview and prepare ---------------------------------------------------

    def run_preview(self) -> None:
        partner, batch, changes = self.partner.currentData(), self._batch(), self.source.currentData() == _CHANGES
        selection = None if changes else self._selection()
        handoffs = self.services.handoffs
        has_batch = bool(batch.crossing_point or batch.window_from or batch.uk_contact)

        def work(progress, cancelled):  # type: ignore[no-untyped-def]
            if changes:
                return handoffs.preview_changes(partner, batch=batch if has_batch else None)
            return handoffs.preview(partner, selection, batch)

        self.status_line.setText(self.tr("Reading the people …"))
        self.preview_button.setEnabled(False)
        self.setCursor(Qt.CursorShape.BusyCursor)
        # A long preview shows the runner's progress window, which also keeps the inputs still meanwhile.
        self.tasks.run(work, title=self.tr("Reading the people for the preview"), window=self, cancellable=False,
                       on_done=self._previewed, on_error=self._preview_failed)  # fmt: skip

    def _previewed(self, preview: HandoffPreview) -> None:
        self.unsetCursor()
        self.preview_button.setEnabled(True)
        self.preview = preview
        self.model.set_preview(preview)
        self.table.resizeColumnsToContents()
        self.count.set_count(preview.row_count, preview.people_count, len(preview.headings))
        self.warnings.clear()
        self.warnings.addItems(list(preview.warnings))
        self.warnings.setVisible(bool(preview.warnings))
        self.status_line.setText(self.tr("These are exactly the rows and columns the file will hold."))
        self.prepare_button.setEnabled(True)

    def _preview_failed(self, exc: BaseException) -> None:
        self.unsetCursor()
        self.preview_button.setEnabled(True)
        self.status_line.setText(str(exc))
        show_error(self, self.tr("Cannot preview"), exc)

    def prepare(self) -> None:
        if self.preview is None:
            return
        partner, batch = self.partner.currentData(), self._batch()
        try:
            if self.source.currentData() == _CHANGES:
                has_batch = bool(batch.crossing_point or batch.window_from or batch.uk_contact)
                stored = self.services.handoffs.prepare_changes(partner, batch=batch if has_batch else None,
                                                                expected_digest=self.preview.digest)  # fmt: skip
            else:
                stored = self.services.handoffs.prepare(partner, self._selection(), batch,
                                                        expected_digest=self.preview.digest)  # fmt: skip
        except Exception as exc:  # noqa: BLE001 - show_error passes anything unexpected on
            self._invalidate()
            show_error(self, self.tr("Cannot prepare"), exc)
            return
        self.prepared = stored.handoff
        assert self.prepared is not None
        QMessageBox.information(self, self.tr("Prepared"), self.tr(
            "{ref} is prepared ({rows:,} rows). An authorising officer other than you must approve it "
            "before the file can be written.").format(ref=self.prepared.reference, rows=self.prepared.row_count))
        self.accept()
