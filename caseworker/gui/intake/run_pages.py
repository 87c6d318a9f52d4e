"""The wizard's last two pages: the dry run (what would happen) and the import with its summary."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)

from caseworker.gui.intake.report_model import OUTCOME_COLOURS, WARNED, ReportModel
from caseworker.gui.intake.wizard import WizardState, error_text
from caseworker.gui.tasks import Task, TaskRunner
from caseworker.services.api import Services
from caseworker.services.intake import ImportRequest
from caseworker.services.intake.dto import ImportReport
from caseworker.services.intake.outcomes import default_path
from caseworker.services.intake.sheets import ImportCancelled

COUNTS = (("created", "New people"), ("queued", "New, possible duplicate"), ("linked", "Same person already held"),
          ("updated", "Held, with new details"), ("warned", "Imported with a warning"), ("rejected", "Rejected"),
          ("unchanged", "Already imported"))


class _RunPage(QWizardPage):
    """A page that runs the import (dry or real) on the task runner and shows the outcome."""

    dry_run = True

    def __init__(self, services: Services, state: WizardState, tasks: TaskRunner) -> None:
        super().__init__()
        self.services, self.state, self.tasks = services, state, tasks
        self.task: Task | None = None
        self.report: ImportReport | None = None
        self.failed = False
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Progress"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Status"))
        self.counts: dict[str, QLabel] = {}
        grid = QGridLayout()
        for i, (key, label) in enumerate(COUNTS):
            number = QLabel("–")
            number.setAccessibleName(self.tr(label))
            number.setStyleSheet(f"font-size: 18px; font-weight: 600; padding: 4px 10px; "
                                 f"background: {OUTCOME_COLOURS[key.upper()]}; border-radius: 4px")
            self.counts[key] = number
            grid.addWidget(number, 0, i)
            grid.addWidget(QLabel(self.tr(label)), 1, i)
        self.model = ReportModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Outcome of each row"))
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.filter = QComboBox()
        self.filter.setAccessibleName(self.tr("Show rows"))
        for key, label in (("", "All rows"), ("REJECTED", "Rejected"), (WARNED, "With warnings"),
                           ("QUEUED", "Possible duplicates"),
                           ("LINKED", "Linked to people held"), ("CREATED", "New people"), ("UNCHANGED", "Unchanged")):
            self.filter.addItem(self.tr(label), key)
        self.filter.currentIndexChanged.connect(lambda: self.model.set_filter(self.filter.currentData()))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Show:")))
        bar.addWidget(self.filter)
        bar.addStretch(1)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.progress)
        self.layout_.addWidget(self.status)
        self.layout_.addLayout(grid)
        self.layout_.addLayout(bar)
        self.layout_.addWidget(self.table, 1)

    def request(self) -> ImportRequest:
        assert self.state.path is not None and self.state.mapping is not None
        return ImportRequest(self.state.path, source=self.state.source, mapping=self.state.mapping,
                             dry_run=self.dry_run, save_mapping=self.state.save_mapping,
                             rejects_path=None if self.dry_run else self.state.rejects_path,
                             overwrite=self.state.overwrite)

    def initializePage(self) -> None:
        self.report = None
        self.model.set_results([])
        for label in self.counts.values():
            label.setText("–")
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        request, intake = self.request(), self.services.intake
        task = self.tasks.run(lambda progress, cancelled: intake.run_import(request, progress, cancelled),
                              title=self.tr("Importing") if not self.dry_run else self.tr("Dry run"),
                              show_progress=False, receiver=self, on_progress=self._progress, on_done=self._done,
                              on_error=self._failed)  # fmt: skip
        self.task = None if task.done else task  # a synchronous runner has finished already
        self.completeChanged.emit()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _done(self, report: ImportReport) -> None:
        self.task = None
        self.report = report
        self.progress.setValue(self.progress.maximum())
        for key, label in self.counts.items():
            label.setText(f"{getattr(report, key):,}")
        self.model.set_results(report.results)
        self.table.resizeColumnsToContents()
        self.show_summary(report)
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self.progress.setVisible(False)
        if isinstance(exc, ImportCancelled):
            self.status.setText(self.tr("Cancelled: nothing was written to the store."))
        else:
            self.status.setText(f"<span style='color:#b00020'>{error_text(exc)}</span>")
        self.failed = True
        self.completeChanged.emit()

    def show_summary(self, report: ImportReport) -> None:
        raise NotImplementedError

    def isComplete(self) -> bool:
        return self.report is not None


class DryRunPage(_RunPage):
    dry_run = True

    def __init__(self, services: Services, state: WizardState, tasks: TaskRunner) -> None:
        super().__init__(services, state, tasks)
        self.setTitle(self.tr("Dry run: what the import would do"))
        self.setSubTitle(self.tr("Nothing has been written yet. Check the rejected rows and the possible "
                                 "duplicates, then import."))
        self.setCommitPage(True)
        self.save_as = QPushButton(self.tr("Save the rows to &fix as…"))
        self.save_as.setAccessibleName(self.tr("Choose where the rows to fix are saved"))
        self.save_as.clicked.connect(self.choose_rejects_path)
        self.layout_.insertWidget(2, self.save_as)

    def initializePage(self) -> None:
        self.state.rejects_path, self.state.overwrite = None, False
        super().initializePage()

    def choose_rejects_path(self) -> None:
        """The save dialog asks before replacing a file: a confirmed choice may overwrite it."""
        assert self.state.path is not None
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Save the rows to fix"),
                                                str(default_path(self.state.path)), "Excel workbooks (*.xlsx)")
        if chosen:
            self.state.rejects_path, self.state.overwrite = Path(chosen), True
            if self.report is not None:
                self.show_summary(self.report)

    def show_summary(self, report: ImportReport) -> None:
        self.state.dry_run = report
        self.save_as.setVisible(bool(report.rejected or report.warned))
        where = str(self.state.rejects_path) if self.state.rejects_path else self.tr("a new workbook next to the file")
        rejected = (self.tr(" Rows with a warning or rejected will be written, with the reason for each, to %1.")
                    .replace("%1", where)) if report.rejected or report.warned else ""
        self.status.setText(self.tr("%1 rows read; %2 new cases would be opened and %3 pairs sent for review.%4")
                            .replace("%1", f"{report.rows:,}").replace("%2", f"{report.cases_created:,}")
                            .replace("%3", f"{report.duplicates_queued:,}").replace("%4", rejected))


class ImportPage(_RunPage):
    dry_run = False

    def __init__(self, services: Services, state: WizardState, tasks: TaskRunner) -> None:
        super().__init__(services, state, tasks)
        self.setTitle(self.tr("Import"))
        self.setSubTitle(self.tr("The list is written a few families at a time, so colleagues can keep working; "
                                 "cancelling takes back what was written."))
        self.cancel_button = QPushButton(self.tr("&Cancel import"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the import"))
        self.cancel_button.clicked.connect(self.cancel)
        self.open_folder = QPushButton(self.tr("Open the &folder of the rows to fix"))
        self.open_folder.setAccessibleName(self.tr("Open the folder of the workbook of rows to fix"))
        self.open_folder.clicked.connect(self._open_folder)
        self.review = QPushButton(self.tr("&Review duplicates…"))
        self.review.setAccessibleName(self.tr("Review the possible duplicates"))
        self.review.clicked.connect(self._review)
        row = QHBoxLayout()
        for button in (self.cancel_button, self.open_folder, self.review):
            row.addWidget(button)
        row.addStretch(1)
        self.layout_.insertLayout(1, row)

    def initializePage(self) -> None:
        self.failed = False
        self.wizard().button(self.wizard().WizardButton.CancelButton).setVisible(True)
        self.cancel_button.setEnabled(True)
        self.open_folder.setVisible(False)
        self.review.setVisible(False)
        self.status.setText(self.tr("Importing…"))
        super().initializePage()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText(self.tr("Cancelling…"))

    def _failed(self, exc: BaseException) -> None:
        super()._failed(exc)
        self.cancel_button.setEnabled(False)

    def show_summary(self, report: ImportReport) -> None:
        self.state.report = report
        self.cancel_button.setEnabled(False)
        self.wizard().button(self.wizard().WizardButton.CancelButton).setVisible(False)
        text = self.tr("Imported %1: %2 new cases opened, %3 pairs sent for review.") \
            .replace("%1", report.file).replace("%2", f"{report.cases_created:,}") \
            .replace("%3", f"{report.duplicates_queued:,}")
        if report.rejects_file:
            text += " " + self.tr("%1 rows imported with a warning and %2 rejected rows, with the reason for each, "
                                  "are in %3.").replace("%1", f"{report.warned:,}") \
                .replace("%2", f"{report.rejected:,}").replace("%3", report.rejects_file)
        self.status.setText(text)
        self.open_folder.setVisible(bool(report.rejects_file))
        self.review.setVisible(report.duplicates_queued > 0)

    def isComplete(self) -> bool:
        return self.report is not None or self.failed

    def _open_folder(self) -> None:
        if self.report and self.report.rejects_file:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.report.rejects_file).parent)))

    def _review(self) -> None:
        """In the application the wizard closes and the review queue opens as a tab; on its own, as a dialog."""
        from caseworker.gui.intake.wizard import ImportWizard

        wizard = self.wizard()
        if isinstance(wizard, ImportWizard) and wizard.review_in_window:
            self.state.review_requested = True
            wizard.accept()
            return
        from caseworker.gui.intake.duplicates import DuplicatesDialog

        DuplicatesDialog(self.services, self).exec()
