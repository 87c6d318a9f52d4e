"""Bring a WhatsApp "Export chat" file into a case.

``WhatsAppImportDialog(services, case_id, parent=None, tasks=None)``: choose the exported
.txt or .zip; the dialog shows what it holds (messages, new ones, dates,
media) and the person of the case it is with (found by phone number or name;
changeable). When the chat cannot tell day from month it asks
(``DateOrderDialog``) and reads it again in the order chosen; importing adds the messages to the contact log, the media and
the export itself as attachments. Reading and importing run on the task
runner (the window's, or a new one), off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.whatsapp_dates import AmbiguousDateOrder
from caseworker.gui.intake.date_order_dialog import DateOrderDialog
from caseworker.gui.intake.wizard import error_text
from caseworker.gui.tasks import Task, TaskRunner, Work
from caseworker.services.api import Services
from caseworker.services.intake.dto import ChatImportReport, ChatPreview

ZONES = ("Asia/Kabul", "Asia/Karachi", "Asia/Tehran", "Asia/Tashkent", "Asia/Dushanbe", "Asia/Qatar",
         "Europe/London", "UTC")  # fmt: skip
FILE_FILTER = "WhatsApp exports (*.txt *.zip);;All files (*)"


class WhatsAppImportDialog(QDialog):
    def __init__(self, services: Services, case_id: int, parent: QWidget | None = None,
                 tasks: TaskRunner | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.services, self.case_id = services, case_id
        self.tasks = tasks or TaskRunner(self)
        self.task: Task | None = None
        self.chat: ChatPreview | None = None
        self.report: ChatImportReport | None = None
        self.date_order: str | None = None  # as the user chose it, for the file read last
        self.read_path: Path | None = None
        case = services.cases.get(case_id)
        self.setWindowTitle(self.tr("Import a WhatsApp chat into %s") % case.reference)
        self.setAccessibleName(self.windowTitle())
        self.path = QLineEdit()
        self.path.setAccessibleName(self.tr("Chat export file"))
        self.path.setPlaceholderText(self.tr("The .txt or .zip made with “Export chat”"))
        browse = QPushButton(self.tr("&Browse…"))
        browse.setAccessibleName(self.tr("Browse for the chat export"))
        browse.clicked.connect(self.browse)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("What the export holds"))
        self.person = QComboBox()
        self.person.setAccessibleName(self.tr("Person the chat is with"))
        self.person.addItem(self.tr("(nobody in this case)"), None)
        for p in case.people:
            number = p.contact_points[0].value if p.contact_points else ""
            self.person.addItem(f"{p.latin_name or p.name_original} — {p.relationship.lower()} {number}".strip(), p.id)
        self.why = QLabel()
        self.why.setAccessibleName(self.tr("How the person was found"))
        self.zone = QComboBox()
        self.zone.setEditable(True)
        self.zone.setAccessibleName(self.tr("Time zone of the phone"))
        self.zone.addItem(self.tr("This computer's time zone"), None)
        for zone in ZONES:
            self.zone.addItem(zone, zone)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Progress"))
        self.progress.setVisible(False)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName(self.tr("Result"))
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        holder = QWidget()
        row.setContentsMargins(0, 0, 0, 0)
        holder.setLayout(row)
        form = QFormLayout()
        form.addRow(self.tr("&Export:"), holder)
        form.addRow("", self.summary)
        form.addRow(self.tr("Chat &with:"), self.person)
        form.addRow("", self.why)
        form.addRow(self.tr("Phone's &time zone:"), self.zone)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton(self.tr("&Import"), QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button.setAccessibleName(self.tr("Import the chat"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome)
        layout.addWidget(self.buttons)
        self.path.editingFinished.connect(self.read)
        self.resize(640, 360)

    def browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a WhatsApp export"), "", self.tr(FILE_FILTER))
        if name:
            self.path.setText(name)
            self.read()

    def read(self) -> None:
        text = self.path.text().strip()
        if not text:
            return
        path = Path(text)
        if path != self.read_path:
            self.date_order, self.read_path = None, path  # another file: its order is its own
        self.chat = None
        self.import_button.setEnabled(False)
        self.summary.setText(self.tr("Reading %s…") % path.name)
        intake, case_id, order = self.services.intake, self.case_id, self.date_order
        self._start(lambda progress, cancelled: intake.whatsapp_preview(path, case_id, order),
                    self.tr("Reading the chat"), self._read)

    def _start(self, work: Work, title: str, on_done: Callable[[Any], None],
               on_progress: Callable[[int, int], None] | None = None) -> None:  # fmt: skip
        task = self.tasks.run(work, title=title, show_progress=False, receiver=self, on_done=on_done,
                              on_error=self._failed, on_progress=on_progress)  # fmt: skip
        self.task = None if task.done else task  # a synchronous runner has finished already

    def _read(self, chat: ChatPreview) -> None:
        self.task = None
        self.chat = chat
        span = f"{chat.first:%d %b %Y} – {chat.last:%d %b %Y}" if chat.first and chat.last else ""
        self.summary.setText(
            self.tr("%1 messages (%2 not imported yet), %3; from %4; %5 media files. Participants: %6.")
            .replace("%1", f"{chat.messages:,}").replace("%2", f"{chat.new_messages:,}").replace("%3", span)
            .replace("%4", f"{chat.platform}, {self._order_text(chat.date_order)}").replace("%5", str(chat.media_files))
            .replace("%6", ", ".join(chat.participants)))
        self.person.setCurrentIndex(max(0, self.person.findData(chat.person_id)))
        self.why.setText(self.tr("Found by %s.") % chat.person_reason if chat.person_id else chat.person_reason)
        self.import_button.setEnabled(chat.new_messages > 0)

    def _order_text(self, order: str) -> str:
        words = {"DMY": self.tr("day first"), "MDY": self.tr("month first"), "YMD": self.tr("year first")}.get(order, order)
        return self.tr("dates %s as you chose") % words if self.date_order else self.tr("dates %s") % words

    def ask_date_order(self, asked: AmbiguousDateOrder) -> str | None:
        dialog = DateOrderDialog(asked, Path(self.path.text().strip()).name, self)
        dialog.exec()
        return dialog.choice

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, AmbiguousDateOrder) and self.date_order is None:
            self.task = None
            choice = self.ask_date_order(exc)
            if choice is not None:
                self.date_order = choice
                self.read()
                return
        self.task = None
        self.progress.setVisible(False)
        self.summary.setText(f"<span style='color:#b00020'>{error_text(exc)}</span>")
        self.outcome.setText("")
        self.import_button.setEnabled(self.chat is not None and self.report is None)

    def start_import(self) -> None:
        path, person, zone = Path(self.path.text().strip()), self.person.currentData(), self.zone.currentData()
        if zone is None and self.zone.currentIndex() != 0:
            zone = self.zone.currentText().strip() or None
        self.import_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        intake, case_id, order = self.services.intake, self.case_id, self.date_order
        self._start(lambda progress, cancelled: intake.import_whatsapp(path, case_id, person, zone, progress, cancelled,
                                                                       order),
                    self.tr("Importing the chat"), self._imported, self._progress)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _imported(self, report: ChatImportReport) -> None:
        self.task = None
        self.report = report
        self.progress.setVisible(False)
        missing = (self.tr(" Not in the export: %s.") % ", ".join(report.media_missing[:5])) if report.media_missing else ""
        self.outcome.setText(self.tr("Added %1 messages and %2 attachments to %3; %4 were already there. The export "
                                    "itself is kept as an attachment.%5")
                            .replace("%1", str(report.added)).replace("%2", str(report.attachments))
                            .replace("%3", report.case).replace("%4", str(report.already_imported))
                            .replace("%5", missing))
        self.read()  # the counts of what is new, as they are now

    def reject(self) -> None:
        if self.task is not None and not self.task.done:
            self.task.cancel()
        super().reject()
