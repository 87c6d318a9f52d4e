"""Form helpers: right-to-left inputs and errors shown next to the field they name.

Services raise `ValidationError(field=...)` with the field's human name
("surname", "document number", "date_of_birth"). A dialog registers which
widget answers to which names; the error then appears under that widget, the
widget takes the focus, and whatever the user typed stays where it was.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from caseworker.domain.errors import ValidationError

ERROR_STYLE = "color: #b00020;"


def rtl_line_edit(accessible_name: str, placeholder: str = "") -> QLineEdit:
    """A line edit for Dari/Pashto: typed and shown right to left, right-aligned."""
    edit = QLineEdit()
    edit.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    edit.setAccessibleName(accessible_name)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


class FieldErrors:
    """Error labels under form fields, keyed by the service's field names."""

    def __init__(self, general: QLabel) -> None:
        self.general = general
        self.general.setStyleSheet(ERROR_STYLE)
        self.general.setWordWrap(True)
        self.general.hide()
        self._labels: dict[str, QLabel] = {}
        self._widgets: dict[str, QWidget] = {}

    def add_row(self, form: QFormLayout, label: str, widget: QWidget, *field_names: str) -> QWidget:
        """Add `label: widget` to `form` with a hidden error line under the widget."""
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = QLabel()
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        column.addWidget(error)
        form.addRow(label, holder)
        for name in field_names:
            self._labels[name] = error
            self._widgets[name] = widget
        return holder

    def clear(self) -> None:
        self.general.hide()
        for label in self._labels.values():
            label.hide()
            label.clear()

    def show(self, exc: ValidationError) -> QLabel:
        """Show `exc` next to its field (or at the top when no field matches); returns the label."""
        label = self._labels.get(exc.field or "")
        message = exc.bare_message if label is not None else str(exc)
        target = label or self.general
        target.setText(message)
        target.show()
        widget = self._widgets.get(exc.field or "")
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return target


def chain_tab_order(*widgets: QWidget) -> None:
    """Tab moves through `widgets` in this order (the order they are read on screen)."""
    for first, second in zip(widgets, widgets[1:], strict=False):
        QWidget.setTabOrder(first, second)
