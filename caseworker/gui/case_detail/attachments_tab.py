"""The Documents tab: the case's attachments, attaching files (button or drag
and drop), the viewer, and exporting an audited copy."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseworker.documents.files import write_private
from caseworker.domain.vocab import AttachmentKind
from caseworker.gui.case_detail.attachments_model import FILE, AttachmentsModel
from caseworker.gui.case_detail.common import busy, human_size, vocab
from caseworker.gui.case_detail.controller import CaseController
from caseworker.services.attachments import MAX_ATTACHMENT
from caseworker.services.dto import AttachmentView, CaseDetail

if TYPE_CHECKING:
    from caseworker.gui.case_detail.viewer import DocumentViewer


class AttachmentsTab(QWidget):
    def __init__(self, controller: CaseController, editable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = AttachmentsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Attachments"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FILE, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.view_selected())
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Kind of the files attached next"))
        for kind in AttachmentKind:
            self.kind.addItem(vocab(kind), kind.value)
        self.kind.setCurrentIndex(self.kind.findData(AttachmentKind.DOCUMENT_SCAN.value))
        self.person = QComboBox()
        self.person.setAccessibleName(self.tr("Family member the files attached next belong to"))
        self.attach_button = QPushButton(self.tr("&Attach files…"))
        self.attach_button.setAccessibleName(self.tr("Attach files"))
        self.attach_button.clicked.connect(self.choose_files)
        self.view_button = QPushButton(self.tr("&View"))
        self.view_button.setAccessibleName(self.tr("View the selected file"))
        self.view_button.clicked.connect(self.view_selected)
        self.export_button = QPushButton(self.tr("&Export a copy…"))
        self.export_button.setAccessibleName(self.tr("Export a copy of the selected file"))
        self.export_button.clicked.connect(lambda: self.export_selected())
        hint = QLabel(self.tr("Drop files anywhere on the case to attach them."))
        hint.setWordWrap(True)
        bar = QHBoxLayout()
        for widget in (self.attach_button, QLabel(self.tr("as")), self.kind, QLabel(self.tr("for")), self.person):
            widget.setVisible(editable)
            bar.addWidget(widget)
        bar.addStretch()
        bar.addWidget(self.view_button)
        bar.addWidget(self.export_button)
        hint.setVisible(editable)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(hint)
        layout.addWidget(self.table)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        controller.shown.connect(self.show_case)
        self._update_buttons()

    def show_case(self, detail: CaseDetail) -> None:
        people = {p.id: p.latin_name or p.name_original for p in detail.people}
        chosen = self.person.currentData()
        self.person.clear()
        self.person.addItem(self.tr("the whole case"), None)
        for person_id, name in people.items():
            self.person.addItem(name, person_id)
        self.person.setCurrentIndex(max(self.person.findData(chosen), 0))
        self.model.set_people(people)
        self.model.set_rows(detail.attachments)
        self._update_buttons()

    def selected(self) -> AttachmentView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.view_button.setEnabled(chosen)
        self.export_button.setEnabled(chosen)

    # -- attaching -----------------------------------------------------------------------

    def choose_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(self, self.tr("Attach files to the case"))
        self.attach_paths(Path(p) for p in paths)

    def attach_paths(self, paths: Iterable[Path]) -> list[AttachmentView]:
        """Attach each file (one save per file: one bad file does not stop the others)."""
        services, case_id = self.controller.services, self.controller.case_id
        kind, person_id = self.kind.currentData(), self.person.currentData()
        added, problems = [], []
        for path in paths:
            try:
                size = path.stat().st_size
                if size > MAX_ATTACHMENT:
                    problems.append(self.tr("%1 is %2; the largest file a case can hold is %3.")
                                    .replace("%1", path.name).replace("%2", human_size(size))
                                    .replace("%3", human_size(MAX_ATTACHMENT)))  # fmt: skip
                    continue
                with busy():
                    data = path.read_bytes()
            except OSError as exc:
                problems.append(self.tr("%1 could not be read: %2").replace("%1", path.name).replace("%2", exc.strerror or str(exc)))
                continue
            attachment = self.controller.save(self, lambda n=path.name, d=data: services.attachments.add(case_id, n, d, kind, person_id))
            if attachment is not None:
                self.controller.attachment_added(attachment)
                added.append(attachment)
        if problems:
            QMessageBox.warning(self, self.tr("Some files were not attached"), "\n".join(problems))
        return added

    # -- viewing and exporting ---------------------------------------------------------------

    def view_selected(self) -> DocumentViewer | None:
        attachment = self.selected()
        return None if attachment is None else self.view(attachment.id)

    def view(self, attachment_id: int) -> DocumentViewer | None:
        """Open the viewer (reading the file is recorded as a view)."""
        # The viewer (and QtPdf with it) loads with the first document shown.
        from caseworker.gui.case_detail.viewer import DocumentViewer

        services = self.controller.services
        loaded = self.controller.save(self, lambda: services.attachments.content(attachment_id, purpose="view"))
        if loaded is None:
            return None
        attachment, data = loaded
        viewer = DocumentViewer(attachment, data, lambda parent: self.export(attachment, parent), self)
        viewer.show()
        return viewer

    def export_selected(self) -> Path | None:
        attachment = self.selected()
        return None if attachment is None else self.export(attachment, self)

    def export(self, attachment: AttachmentView, parent: QWidget) -> Path | None:
        """Write a copy where the user chooses; the export is recorded in the case's history."""
        target, _filter = QFileDialog.getSaveFileName(parent, self.tr("Export a copy"), attachment.filename)
        if not target:
            return None
        services = self.controller.services
        loaded = self.controller.save(parent, lambda: services.attachments.content(attachment.id, purpose="export"))
        if loaded is None:
            return None
        try:
            write_private(Path(target), loaded[1], force=True)  # 0600; the dialog asked before replacing
        except OSError as exc:
            QMessageBox.warning(parent, self.tr("Export failed"), self.tr("Could not write %1: %2")
                                .replace("%1", target).replace("%2", exc.strerror or str(exc)))  # fmt: skip
            return None
        return Path(target)
