"""Writing an approved handoff's file, and showing its passphrase exactly once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from caseworker.gui.handoffs.common import RowCountLabel, show_error
from caseworker.gui.tasks import Task, TaskRunner
from caseworker.services.api import Services
from caseworker.services.handoffs.dto import WrittenHandoff


class WriteHandoffDialog(QDialog):
    """Writes the file on the task runner; the passphrase is shown once, on a second page that
    only its own button closes (Escape does not lose it)."""

    def __init__(self, services: Services, handoff: int | str, parent: QWidget | None = None, *,
                 tasks: TaskRunner | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.services = services
        self.tasks = tasks or TaskRunner(self)
        self.handoff = services.handoffs.get(handoff)
        self.written: WrittenHandoff | None = None
        self.task: Task | None = None
        h = self.handoff
        self.setWindowTitle(self.tr("Write {ref}").format(ref=h.reference))
        suffix = "csv" if h.file_format == "csv" else "xlsx"

        count = RowCountLabel()
        count.set_count(h.row_count, h.people_count, len(h.headings))
        self.path = QLineEdit(str(Path.home() / f"{h.reference}-{h.partner}.{suffix}"))
        self.path.setAccessibleName(self.tr("File to write"))
        browse = QPushButton(self.tr("&Browse…"))
        browse.setAccessibleName(self.tr("Choose the file"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Progress"))
        self.progress.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Partner:"), QLabel(h.partner_display_name))
        form.addRow(self.tr("Approved by:"), QLabel(h.approved_by or self.tr("not approved")))
        protection = self.tr("password-protected; a passphrase is made for it") if h.encrypted \
            else self.tr("not password-protected (the partner's profile asks for none)")  # fmt: skip
        form.addRow(self.tr("File:"), QLabel(f"{suffix.upper()}, {protection}"))
        form.addRow(self.tr("&Save as:"), row)
        self.buttons = QDialogButtonBox()
        self.write_button = self.buttons.addButton(self.tr("&Write the file"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.write_button.setAccessibleName(self.tr("Write the file"))
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.write)
        self.buttons.rejected.connect(self.reject)
        first = QWidget()
        v = QVBoxLayout(first)
        v.addWidget(count)
        v.addLayout(form)
        v.addWidget(self.progress)
        v.addWidget(self.message)
        v.addStretch()
        v.addWidget(self.buttons)

        self.passphrase = QLabel()
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPointSize(max(self.font().pointSize(), 9) * 2)
        self.passphrase.setFont(mono)
        self.passphrase.setTextInteractionFlags(self.passphrase.textInteractionFlags().TextSelectableByMouse)
        self.done_text = QLabel()
        self.done_text.setWordWrap(True)
        copy = QPushButton(self.tr("&Copy the passphrase"))
        copy.setAccessibleName(self.tr("Copy the passphrase"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.passphrase.text()))
        self.copy_button = copy
        close = QPushButton(self.tr("I have noted it — &close"))
        close.setAccessibleName(self.tr("Close"))
        close.clicked.connect(self.accept)
        second = QWidget()
        v2 = QVBoxLayout(second)
        v2.addWidget(self.done_text)
        v2.addWidget(self.passphrase)
        buttons = QHBoxLayout()
        buttons.addWidget(copy)
        buttons.addStretch()
        buttons.addWidget(close)
        v2.addStretch()
        v2.addLayout(buttons)
        self.pages = QStackedWidget()
        self.pages.addWidget(first)
        self.pages.addWidget(second)
        QVBoxLayout(self).addWidget(self.pages)
        if h.status != "APPROVED":
            self.write_button.setEnabled(False)
            self.message.setText(self.tr("{ref} is {status}; only an approved handoff is written.")
                                 .format(ref=h.reference, status=h.status.lower()))  # fmt: skip

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the handoff as"), self.path.text())
        if path:
            self.path.setText(path)

    def reject(self) -> None:
        """Cancel a write under way (and stay, to say so); never close over an unseen passphrase."""
        if self.task is not None:
            self.task.cancel()
            self.message.setText(self.tr("Cancelling…"))
        elif self.written is None:
            super().reject()

    def write(self) -> None:
        out, handoffs, ref = Path(self.path.text()), self.services.handoffs, self.handoff.id
        overwrite = out.exists()  # the save dialog asked already; a typed name is confirmed here
        if overwrite and not self._confirm_overwrite(out):
            return

        def work(progress, cancelled):  # type: ignore[no-untyped-def]
            return handoffs.write(ref, out, overwrite=overwrite, progress=progress, cancelled=cancelled)

        self.write_button.setEnabled(False)
        self.message.clear()
        self.progress.setRange(0, max(self.handoff.row_count, 1))
        self.progress.show()
        task = self.tasks.run(work, title=self.tr("Writing {ref}").format(ref=self.handoff.reference),
                              show_progress=False, on_progress=self._progress, on_done=self._written,
                              on_error=self._failed)  # fmt: skip
        self.task = None if task.done else task  # a synchronous runner has finished already

    def _confirm_overwrite(self, out: Path) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(self, self.tr("Replace the file?"),
                                      self.tr("{name} exists. Replace it?").format(name=out.name))  # fmt: skip
        return answer == QMessageBox.StandardButton.Yes

    def _progress(self, done: int, total: int) -> None:
        self.progress.setValue(done)

    def _written(self, written: WrittenHandoff) -> None:
        self.task = None
        self.written = written
        if written.passphrase is None:
            self.done_text.setText(self.tr("Written to {path}.\nSHA-256 {sha}.\nThe file is not password-protected.")
                                   .format(path=written.path, sha=written.sha256))  # fmt: skip
            self.copy_button.hide()
        else:
            self.done_text.setText(self.tr(
                "Written to {path}.\n\nThis is the passphrase that opens it. It is shown only now and is not "
                "kept anywhere: send it to the partner by another channel than the file (for example by phone), "
                "never in the same e-mail.").format(path=written.path))
            self.passphrase.setText(written.passphrase)
        self.pages.setCurrentIndex(1)

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self.progress.hide()
        self.write_button.setEnabled(True)
        self.message.setText(str(exc))
        show_error(self, self.tr("Cannot write"), exc)
