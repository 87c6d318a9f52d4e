"""One open case: the latest CaseDetail the widget shows, and the one place
where saves report back.

Tabs call services through `save()`, which turns expected failures into
messages, reloads the case when someone else changed it first, and tells
everyone about the new state. Only `load()` asks for the whole case (an
audited view); saves use what the service returns.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from caseworker.domain.errors import CaseworkerError, ConflictError, ValidationError
from caseworker.gui.case_detail.common import busy, show_error
from caseworker.services.api import Services
from caseworker.services.dto import AttachmentView, CaseDetail, ContactEntryView

T = TypeVar("T")


class CaseController(QObject):
    shown = Signal(object)  # CaseDetail: the state to show (after a load or a save)
    saved = Signal(int)  # case id, after any successful save

    def __init__(self, services: Services, case_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.case_id = case_id
        self.detail: CaseDetail | None = None

    @property
    def version(self) -> int | None:
        return self.detail.version if self.detail else None

    def load(self) -> CaseDetail:
        """Read the whole case (recorded as a view) and show it."""
        with busy():
            detail = self.services.cases.get(self.case_id)
        self._show(detail)
        return detail

    def _show(self, detail: CaseDetail) -> None:
        self.detail = detail
        self.shown.emit(detail)

    def accept(self, detail: CaseDetail) -> None:
        """A save returned the case's new state."""
        self._show(detail)
        self.saved.emit(self.case_id)

    def contact_logged(self, entry: ContactEntryView) -> None:
        assert self.detail is not None
        contacts = sorted((entry, *self.detail.contacts), key=lambda c: (c.occurred_at, c.id), reverse=True)
        self.accept(dataclasses.replace(self.detail, contacts=tuple(contacts)))

    def contact_removed(self, entry_id: int) -> None:
        assert self.detail is not None
        contacts = tuple(c for c in self.detail.contacts if c.id != entry_id)
        self.accept(dataclasses.replace(self.detail, contacts=contacts))

    def attachment_added(self, attachment: AttachmentView) -> None:
        assert self.detail is not None
        self.accept(dataclasses.replace(self.detail, attachments=(*self.detail.attachments, attachment)))

    def save(
        self, parent: QWidget, call: Callable[[], T], *, raise_validation: bool = False, conflicts: bool = True
    ) -> T | None:
        """Run one service call; None when it failed (the user has been told why).

        A conflict means someone else saved first: the user is told who, and the
        case is reloaded so that they see the change before trying again.
        With `raise_validation`, bad input is left to the caller (a dialog that
        shows it next to the field); with `conflicts=False`, so is a conflict.
        """
        try:
            with busy():
                return call()
        except ValidationError as exc:
            if raise_validation:
                raise
            show_error(parent, exc)
        except ConflictError as exc:
            if not conflicts:
                raise
            QMessageBox.information(
                parent, self.tr("The case was changed"), self.tr("%s.\n\nThe case has been reloaded.") % exc
            )
            self.load()
        except CaseworkerError as exc:
            show_error(parent, exc)
        return None
