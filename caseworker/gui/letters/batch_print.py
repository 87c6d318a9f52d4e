"""Print or save a selection of issued letters at once, with progress and cancel."""

from __future__ import annotations

import io
from pathlib import Path

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseworker.documents.files import write_atomically
from caseworker.gui.letters import pdf
from caseworker.gui.letters.jobs import Job
from caseworker.services.api import Services
from caseworker.services.letters import BatchResult


class BatchPrintDialog(QDialog):
    """``BatchPrintDialog(services, letter_ids)``: one PDF of the live letters, to a printer or a file.

    Letters are drawn on a worker thread; every letter in a completed batch is
    recorded as printed (with the batch file's hash). Cancelling while the
    letters are drawn records nothing; cancelling while pages go to the
    printer stops sending pages, but the letters stay recorded as printed,
    since some may already be on paper.
    """

    def __init__(self, services: Services, letter_ids: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.letter_ids = list(letter_ids)
        self.job: Job | None = None
        self.result: BatchResult | None = None
        self._cancel_pages = False
        self.setWindowTitle(self.tr("Print letters"))
        self.status = QLabel(self.tr("%n letter(s) selected. Only live (issued, unexpired) letters are printed.", "",
                                     len(self.letter_ids)))  # fmt: skip
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Batch status"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Progress"))
        self.progress.setRange(0, max(1, len(self.letter_ids)))
        self.progress.setValue(0)
        self.print_button = QPushButton(self.tr("&Print…"))
        self.print_button.setAccessibleName(self.tr("Print the letters"))
        self.save_button = QPushButton(self.tr("&Save as PDF…"))
        self.save_button.setAccessibleName(self.tr("Save the letters as one PDF"))
        self.cancel_button = QPushButton(self.tr("&Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        buttons = QDialogButtonBox()
        for b in (self.print_button, self.save_button, self.cancel_button):
            buttons.addButton(b, QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(self.start_print)
        self.save_button.clicked.connect(self.start_save)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)
        self.resize(460, 160)

    def _busy(self, busy: bool) -> None:
        self.print_button.setEnabled(not busy)
        self.save_button.setEnabled(not busy)

    def _run(self, on_done) -> None:  # type: ignore[no-untyped-def]
        buffer = io.BytesIO()
        ids = self.letter_ids

        def work(progress, cancelled):  # type: ignore[no-untyped-def]
            return self.services.letters.print_batch(ids, buffer, progress, cancelled, via=self._via)

        self.job = Job(work, self)
        self.job.progress.connect(self._progress)
        self.job.finished.connect(lambda result: self._finished(result, buffer.getvalue(), on_done))
        self.job.failed.connect(self._failed)
        self._busy(True)
        self.status.setText(self.tr("Preparing letters…"))
        self.job.start()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.status.setText(self.tr("Prepared %d of %d letters…") % (done, total))

    def _failed(self, message: str) -> None:
        self._busy(False)
        self.status.setText(self.tr("Could not prepare the letters: %s") % message)

    def _finished(self, result: BatchResult, data: bytes, on_done) -> None:  # type: ignore[no-untyped-def]
        self.result = result
        self.job = None
        if result.cancelled:
            self._busy(False)
            self.status.setText(self.tr("Cancelled; nothing was printed or recorded."))
            return
        if not result.printed:
            self._busy(False)
            self.status.setText(self.tr("None of the selected letters can be printed: %s") % "; ".join(result.skipped))
            return
        on_done(data)

    def start_print(self) -> None:
        printer = pdf.ask_printer(self)
        if printer is None:
            return
        self._via = "batch print"

        def send(data: bytes) -> None:
            document, _buffer = pdf.load_document(data, self)
            self._cancel_pages = False

            def page_progress(done: int, total: int) -> None:
                self.progress.setRange(0, total)
                self.progress.setValue(done)
                self.status.setText(self.tr("Sent page %d of %d to the printer…") % (done, total))
                QApplication.processEvents()

            pages = pdf.print_document(document, printer, page_progress, lambda: self._cancel_pages)
            self._done(self.tr("Sent %d letter(s) (%d pages) to the printer.") % (self.result.printed, pages))

        self._run(send)

    def start_save(self) -> None:
        path = pdf.ask_save_path(self, "letters.pdf")
        if path is None:
            return
        self._via = "batch PDF"

        def save(data: bytes, target: Path = path) -> None:
            try:
                write_atomically(target, data)
            except OSError as exc:
                self._failed(str(exc))
                return
            self._done(self.tr("Saved %d letter(s) to %s.") % (self.result.printed, target))

        self._run(save)

    def _done(self, message: str) -> None:
        skipped = self.result.skipped if self.result else ()
        if skipped:
            message += " " + self.tr("Skipped: %s.") % "; ".join(skipped)
        self.status.setText(message)
        self._busy(False)
        self.cancel_button.setText(self.tr("Close"))

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            return
        if self.print_button.isEnabled():
            self.reject()
        else:
            self._cancel_pages = True

    _via = "batch"
