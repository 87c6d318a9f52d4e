"""PLACEHOLDER for the case detail pane (built on the gui-detail branch).

The main window uses only this interface:
    CaseDetailWidget(services, case_id, parent=None)
    signals caseChanged(int), titleChanged(str)
    has_unsaved_changes() -> bool, maybe_close() -> bool, reload()
The lead replaces this module with the real one at merge.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from caseworker.services.api import Services


class CaseDetailWidget(QWidget):
    caseChanged = Signal(int)
    titleChanged = Signal(str)

    def __init__(self, services: Services, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.case_id = case_id
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setAccessibleName(self.tr("Case"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self.reload()

    def reload(self) -> None:
        detail = self.services.cases.get(self.case_id)
        principal = detail.principal
        names = f"{principal.latin_name}  {principal.name_original}" if principal else ""
        self.label.setText(f"{detail.reference}\n{names}\n{detail.status}")
        self.titleChanged.emit(detail.reference)

    def has_unsaved_changes(self) -> bool:
        return False

    def maybe_close(self) -> bool:
        return True
