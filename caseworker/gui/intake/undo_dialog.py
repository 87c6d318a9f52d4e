"""Undo a referral import: choose one of the latest imports, see what stands in the way or undo it.

``UndoImportDialog(services, parent=None)`` lists the latest imports with their status
(an INTERRUPTED one was cut off: undo removes it, importing the same file again
continues it). Undo asks first, then removes what the batch created and puts back
what it changed, in one audited change; when later work on those records stands in
the way, the dialog lists it and nothing is changed. ``undone`` holds the report of
an undo that was done, for the window to refresh its lists.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.errors import CaseworkerError
from caseworker.services.api import Services
from caseworker.services.intake.dto import BatchInfo, UndoReport

HEADERS = ("Batch", "When", "Status", "File", "Source", "Rows")


class UndoImportDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.undone: UndoReport | None = None
        self.batches: list[BatchInfo] = []
        self.setWindowTitle(self.tr("Undo import"))
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        self.table.setAccessibleName(self.tr("Imports"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Status"))
        self.undo_button = QPushButton(self.tr("&Undo this import…"))
        self.undo_button.setAccessibleName(self.tr("Undo the selected import"))
        self.undo_button.clicked.connect(self.undo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Undo removes what an import created and puts back what it changed, as long "
                                        "as nobody changed those records since.")))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(760, 420)
        self.reload()

    def reload(self) -> None:
        self.batches = self.services.intake.batches()
        self.table.setRowCount(len(self.batches))
        for row, batch in enumerate(self.batches):
            counts = ", ".join(f"{v} {k}" for k, v in batch.counts.items() if v)
            for column, text in enumerate((str(batch.id), batch.created_at.strftime("%Y-%m-%d %H:%M"),
                                           batch.status.capitalize(), batch.filename, batch.source, counts)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self._selection_changed()

    def selected(self) -> BatchInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.batches[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        batch = self.selected()
        self.undo_button.setEnabled(batch is not None and batch.status in ("COMPLETE", "INTERRUPTED"))

    def undo(self) -> None:
        batch = self.selected()
        if batch is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Undo import"),
            self.tr("Undo import %1 of %2? The cases and people it created are removed and what it changed is "
                    "put back.").replace("%1", str(batch.id)).replace("%2", batch.filename))  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            report = self.services.intake.undo_import(batch.id)
        except CaseworkerError as exc:
            self.status.setText(f"<span style='color:#b00020'>{exc}</span>")
            return
        if not report.done:
            self.status.setText(self.tr("Not undone: nothing was changed, because of these later changes:")
                                + "\n" + "\n".join(report.blockers))
            return
        self.undone = report
        self.status.setText(self.tr("Undone: %1 cases and %2 people removed, %3 records put back.")
                            .replace("%1", f"{report.cases_removed:,}").replace("%2", f"{report.people_removed:,}")
                            .replace("%3", f"{report.reverted:,}"))
        self.reload()
