"""The import wizard: choose a list → check the columns → dry run → import → summary.

``ImportWizard(services, parent=None, tasks=None)`` is the entry point. The
pages share one ``WizardState`` (the file, the source, the preview, the
mapping being edited); every read of the file and every run of the import
happens on the task runner (the window's, or a new one), never on the GUI
thread.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from caseworker.domain.errors import CaseworkerError
from caseworker.gui.tasks import Task, TaskRunner
from caseworker.services.api import Services
from caseworker.services.intake.dto import ImportReport, Preview
from caseworker.services.intake.mapping import Mapping

FILE_FILTER = "Referral lists (*.xlsx *.xlsm *.xls *.ods *.csv *.tsv *.txt);;All files (*)"


@dataclass
class WizardState:
    path: Path | None = None
    source: str = ""
    sheet: str | None = None
    preview: Preview | None = None
    mapping: Mapping | None = None
    save_mapping: bool = True
    dry_run: ImportReport | None = None
    report: ImportReport | None = None
    review_requested: bool = False  # the summary's "Review duplicates…" was pressed
    rejects_path: Path | None = None  # where the rows to fix go (None: a new file next to the list)
    overwrite: bool = False  # the save dialog confirmed replacing `rejects_path`
    extra: dict[str, object] = field(default_factory=dict)


def error_text(exc: BaseException) -> str:
    if isinstance(exc, CaseworkerError):
        return str(exc)
    return QCoreApplication.translate("Intake", "Unexpected error: %s") % f"{type(exc).__name__}: {exc}"


class FilePage(QWizardPage):
    """Which file, from whom (the source's saved mapping is offered next), which sheet."""

    def __init__(self, services: Services, state: WizardState, tasks: TaskRunner) -> None:
        super().__init__()
        self.services, self.state, self.tasks = services, state, tasks
        self.task: Task | None = None
        self._reading = 0  # the newest read; an earlier one still running is ignored when it ends
        self.setTitle(self.tr("Choose the referral list"))
        self.setSubTitle(self.tr("An Excel workbook (.xlsx, .xlsm, .xls), an OpenDocument spreadsheet (.ods) or a CSV "
                                 "file. Nothing is written until the last step."))
        self.path = QLineEdit()
        self.path.setAccessibleName(self.tr("File"))
        self.path.setPlaceholderText(self.tr("Choose a file…"))
        browse = QPushButton(self.tr("&Browse…"))
        browse.setAccessibleName(self.tr("Browse for a file"))
        browse.clicked.connect(self.browse)
        self.source = QComboBox()
        self.source.setEditable(True)
        self.source.setAccessibleName(self.tr("Source"))
        self.source.addItems([""] + services.intake.sources())
        self.source.lineEdit().setPlaceholderText(self.tr("Who sent the list, e.g. Office of A. Jones MP"))
        self.sheet = QComboBox()
        self.sheet.setAccessibleName(self.tr("Sheet"))
        self.sheet.setEnabled(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Status"))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        self.busy.setAccessibleName(self.tr("Reading the file"))
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("&File:"), _wrap(row))
        form.addRow(self.tr("&Source:"), self.source)
        form.addRow(self.tr("S&heet:"), self.sheet)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.timer = QTimer(self, singleShot=True, interval=300)
        self.timer.timeout.connect(self.load_preview)
        self.path.textChanged.connect(self._changed)
        self.source.currentTextChanged.connect(self._changed)
        self.sheet.activated.connect(self._sheet_chosen)

    def browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a referral list"), "", self.tr(FILE_FILTER))
        if name:
            self.path.setText(name)

    def _changed(self) -> None:
        self.state.preview = None
        self.state.sheet = None
        self.completeChanged.emit()
        self.timer.start()

    def _sheet_chosen(self) -> None:
        self.state.sheet = self.sheet.currentText() or None
        self.state.preview = None
        self.completeChanged.emit()
        self.load_preview()

    def load_preview(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.status.setText("")
            return
        path, source, sheet = Path(text), self.source.currentText().strip(), self.state.sheet
        if self.task is not None:
            self.task.cancel()
        self._reading += 1
        reading, intake = self._reading, self.services.intake
        self.busy.setVisible(True)
        self.status.setText(self.tr("Reading %s…") % path.name)
        task = self.tasks.run(lambda progress, cancelled: intake.preview(path, source, sheet=sheet),
                              title=self.tr("Reading the list"), show_progress=False, receiver=self,
                              on_done=lambda preview: self._loaded(reading, preview),
                              on_error=lambda exc: self._failed(reading, exc))  # fmt: skip
        self.task = None if task.done else task  # a synchronous runner has finished already

    def _loaded(self, reading: int, preview: Preview) -> None:
        if reading != self._reading:
            return  # an earlier, superseded read
        self.task = None
        self.busy.setVisible(False)
        self.state.path, self.state.source = Path(self.path.text().strip()), self.source.currentText().strip()
        self.state.preview = preview
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItems(list(preview.sheets))
        self.sheet.setCurrentText(preview.sheet)
        self.sheet.setEnabled(len(preview.sheets) > 1)
        self.sheet.blockSignals(False)
        saved = self.tr(" The mapping saved for this source will be used.") if preview.saved else ""
        self.status.setText(self.tr("%1: %2 rows of data below the headings on row %3.%4")
                            .replace("%1", preview.filename).replace("%2", f"{preview.data_rows:,}")
                            .replace("%3", str(preview.header_row)).replace("%4", saved)
                            + "".join(f"<br>{html.escape(note)}" for note in preview.notes))
        self.completeChanged.emit()

    def _failed(self, reading: int, exc: BaseException) -> None:
        if reading != self._reading:
            return
        self.task = None
        self.busy.setVisible(False)
        self.state.preview = None
        self.status.setText(f"<span style='color:#b00020'>{error_text(exc)}</span>")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.state.preview is not None


def _wrap(layout: QHBoxLayout) -> QWidget:
    holder = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    holder.setLayout(layout)
    return holder


class ImportWizard(QWizard):
    """Bring a referral list into the store, checking every step before anything is written."""

    def __init__(self, services: Services, parent: QWidget | None = None, tasks: TaskRunner | None = None) -> None:
        super().__init__(parent)
        from caseworker.gui.intake.mapping_page import MappingPage
        from caseworker.gui.intake.run_pages import DryRunPage, ImportPage

        self.services = services
        self.tasks = tasks or TaskRunner(self)
        self.state = WizardState()
        # Set by the main window: "Review duplicates…" then closes the wizard (state.review_requested)
        # and the window opens its review tab, instead of a dialog on top of the wizard.
        self.review_in_window = False
        self.setWindowTitle(self.tr("Import a referral list"))
        self.setAccessibleName(self.tr("Import a referral list"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.file_page = FilePage(services, self.state, self.tasks)
        self.mapping_page = MappingPage(services, self.state)
        self.dry_run_page = DryRunPage(services, self.state, self.tasks)
        self.import_page = ImportPage(services, self.state, self.tasks)
        for page in (self.file_page, self.mapping_page, self.dry_run_page, self.import_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Import"))
        self.resize(980, 680)

    def reject(self) -> None:
        for page in (self.file_page, self.dry_run_page, self.import_page):
            if page.task is not None and not page.task.done:
                page.task.cancel()
        super().reject()
