"""The case's attachments: file, kind, type, size, who added it and when."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from caseworker.domain.vocab import AttachmentKind
from caseworker.gui.case_detail.common import human_size, local_time, vocab
from caseworker.gui.case_detail.row_model import RowModel
from caseworker.services.dto import AttachmentView

FILE, KIND, TYPE, SIZE, PERSON, ADDED_BY, ADDED_AT = range(7)

_TYPE_NAMES = {"application/pdf": "PDF", "image/png": "PNG image", "image/jpeg": "JPEG image",
               "image/gif": "GIF image", "image/tiff": "TIFF image", "image/webp": "WebP image",
               "application/zip": "ZIP archive", "text/plain": "Text"}  # fmt: skip


class AttachmentsModel(RowModel[AttachmentView]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.people: dict[int, str] = {}

    def headers(self) -> list[str]:
        return [self.tr("File"), self.tr("Kind"), self.tr("Type"), self.tr("Size"), self.tr("Family member"),
                self.tr("Added by"), self.tr("Added")]  # fmt: skip

    def set_people(self, people: dict[int, str]) -> None:
        """Names for the family-member column (person id → name)."""
        if people != self.people:
            self.people = people
            if self.rows:
                self.dataChanged.emit(self.index(0, PERSON), self.index(len(self.rows) - 1, PERSON))

    def cell(self, attachment: AttachmentView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(attachment, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == FILE:
            return f"{attachment.filename}\nSHA-256 {attachment.sha256}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, attachment: AttachmentView, column: int) -> str:
        if column == FILE:
            return attachment.filename
        if column == KIND:
            return vocab(attachment.kind, AttachmentKind)
        if column == TYPE:
            name = _TYPE_NAMES.get(attachment.media_type)
            return self.tr(name) if name else attachment.media_type
        if column == SIZE:
            return human_size(attachment.size)
        if column == PERSON:
            return self.people.get(attachment.person_id, "") if attachment.person_id else ""
        if column == ADDED_BY:
            return attachment.added_by or ""
        if column == ADDED_AT:
            return local_time(attachment.added_at)
        return ""
