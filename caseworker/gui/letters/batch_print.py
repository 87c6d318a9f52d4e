"""Print or save a selection of issued letters at once, with progress and cancel."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
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

from caseworker.documents.files import write_private
from caseworker.domain.errors import CaseworkerError
from caseworker.gui.letters import pdf
from caseworker.gui.tasks import Task, TaskRunner
from caseworker.services.api import Services
from caseworker.services.letters import BatchResult


class BatchPrintDialog(QDialog):
    """``BatchPrintDialog(services, letter_ids)``: one PDF of the live letters, to a printer or a file.

    Letters are drawn by the task runner, off the GUI thread; every letter in a
    completed batch is recorded as printed (with the batch file's hash).
    Cancelling while the letters are drawn records nothing; cancelling while
    pages go to the printer stops sending pages, but the letters stay recorded
    as printed, since some may already be on paper. `note` is shown above the
    progress (e.g. which selected cases have no letter to print).
    """

    def __init__(self, services: Services, letter_ids: list[int], parent: QWidget | None = None, *,
                 tasks: TaskRunner | None = None, note: str = "") -> None:  # fmt: skip
        super().__init__(parent)
        self.services = services
        self.tasks = tasks or TaskRunner(self)
        self.letter_ids = list(letter_ids)
        self.task: Task | None = None
        self.batch: BatchResult | None = None
        self._cancel_pages = False
        self._sending = False
        self._via = "batch"
        self.setWindowTitle(self.tr("Print letters"))
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        self.note.setAccessibleName(self.tr("About the selection"))
        self.note.setVisible(bool(note))
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
        layout.addWidget(self.note)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)
        self.resize(480, 180)

    def busy(self) -> bool:
        return self.task is not None or self._sending

    def _busy(self, busy: bool) -> None:
        self.print_button.setEnabled(not busy)
        self.save_button.setEnabled(not busy)

    def _run(self, on_done: Callable[[bytes], None]) -> None:
        buffer, ids, letters, via = io.BytesIO(), self.letter_ids, self.services.letters, self._via
        self._busy(True)
        self.status.setText(self.tr("Preparing letters…"))
        task = self.tasks.run(
            lambda progress, cancelled: letters.print_batch(ids, buffer, progress, cancelled, via=via),
            title=self.tr("Preparing letters"), show_progress=False, on_progress=self._progress,
            on_done=lambda result: self._finished(result, buffer.getvalue(), on_done), on_error=self._failed,
        )  # fmt: skip
        self.task = None if task.done else task  # a synchronous runner has finished already

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.status.setText(self.tr("Prepared %d of %d letters…") % (done, total))

    def _failed(self, error: BaseException) -> None:
        self.task = None
        self._busy(False)
        if not isinstance(error, CaseworkerError | OSError):
            self.status.setText(self.tr("Could not prepare the letters."))
            sys.excepthook(type(error), error, error.__traceback__)
            return
        self.status.setText(self.tr("Could not prepare the letters: %s") % error)

    def _finished(self, result: BatchResult, data: bytes, on_done: Callable[[bytes], None]) -> None:
        self.batch = result
        self.task = None
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
            self._sending = True

            def page_progress(done: int, total: int) -> None:
                self.progress.setRange(0, total)
                self.progress.setValue(done)
                self.status.setText(self.tr("Sent page %d of %d to the printer…") % (done, total))
                QApplication.processEvents()

            try:
                pages = pdf.print_document(document, printer, page_progress, lambda: self._cancel_pages)
            except OSError as exc:
                self._sending = False
                return self._failed(exc)
            self._sending = False
            printed = self.batch.printed if self.batch else 0
            self._done(self.tr("Sent %d letter(s) (%d pages) to the printer.") % (printed, pages))

        self._run(send)

    def start_save(self) -> None:
        path = pdf.ask_save_path(self, "letters.pdf")
        if path is None:
            return
        self._via = "batch PDF"

        def save(data: bytes, target: Path = path) -> None:
            try:
                write_private(target, data, force=True)  # the save dialog asked before replacing
            except OSError as exc:
                self._failed(exc)
                return
            printed = self.batch.printed if self.batch else 0
            self._done(self.tr("Saved %d letter(s) to %s.") % (printed, target))

        self._run(save)

    def _done(self, message: str) -> None:
        skipped = self.batch.skipped if self.batch else ()
        if skipped:
            message += " " + self.tr("Skipped: %s.") % "; ".join(skipped)
        self.status.setText(message)
        self._busy(False)
        self.cancel_button.setText(self.tr("Close"))

    def cancel(self) -> None:
        """Cancel the work under way; close when there is none."""
        if self.task is not None:
            self.task.cancel()
        elif self._sending:
            self._cancel_pages = True
        else:
            super().reject()

    def reject(self) -> None:  # Escape or the window's close button: never leave work running unseen
        self.cancel()
