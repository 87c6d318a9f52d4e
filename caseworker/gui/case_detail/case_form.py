"""The case's own editable fields, with Save and Revert.

The form remembers the version and values it started from. Saving sends only
the fields the user changed, against that version; when someone else saved in
between, fields they did not touch are saved on top of their version, and a
real clash (the same field changed by both) goes to the ConflictDialog.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.errors import ConflictError, ValidationError
from caseworker.domain.vocab import Priority, ReferralSource, Scheme
from caseworker.gui.case_detail.common import local_time, short_date, vocab
from caseworker.gui.case_detail.conflict_dialog import ConflictDialog, Resolution
from caseworker.gui.case_detail.controller import CaseController
from caseworker.gui.case_detail.fields import FieldErrors
from caseworker.services.dto import CaseDetail

TEXT_FIELDS = ("category", "referrer", "employer", "job_role", "current_country", "current_area")
COMBO_FIELDS = ("priority", "scheme", "referral_source", "post_code", "assigned_to_id")


def editable_values(detail: CaseDetail) -> dict[str, Any]:
    """The editable fields of `detail`, in the form `cases.update` takes them."""
    values: dict[str, Any] = {key: getattr(detail, key) for key in TEXT_FIELDS}
    values.update(
        priority=detail.priority, scheme=detail.scheme, referral_source=detail.referral_source,
        post_code=detail.post, assigned_to_id=detail.assigned_to_id,
        vulnerabilities=list(detail.vulnerabilities), notes=detail.notes,
    )  # fmt: skip
    return values


class CaseForm(QWidget):
    dirty_changed = Signal(bool)

    def __init__(self, controller: CaseController, editable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.base: dict[str, Any] = {}
        self.base_version = 0
        self._dirty = False
        self._loading = False
        services = controller.services
        self.errors = FieldErrors(QLabel())
        self.combos: dict[str, QComboBox] = {}
        self.edits: dict[str, QLineEdit] = {}
        choices = {
            "priority": [(vocab(p), p.value) for p in Priority],
            "scheme": [(vocab(s), s.value) for s in Scheme],
            "referral_source": [(vocab(r), r.value) for r in ReferralSource],
            "post_code": [(f"{p.code} — {p.name}", p.code) for p in services.lookups.posts()],
            "assigned_to_id": [(self.tr("nobody"), None)]
            + [(a.display_name, a.id) for a in services.lookups.assignable_users()],
        }
        labels = self.labels()
        form = QFormLayout()
        for key in ("priority", "scheme", "category", "referral_source", "referrer", "employer", "job_role",
                    "post_code", "assigned_to_id", "current_country", "current_area"):  # fmt: skip
            if key in COMBO_FIELDS:
                widget: QWidget = self.combos.setdefault(key, QComboBox())
                for text, value in choices[key]:
                    self.combos[key].addItem(text, value)
                self.combos[key].currentIndexChanged.connect(self._changed)
            else:
                widget = self.edits.setdefault(key, QLineEdit())
                self.edits[key].textChanged.connect(self._changed)
            widget.setAccessibleName(labels[key])
            widget.setEnabled(editable)
            self.errors.add_row(form, labels[key] + ":", widget, key, _service_name(key))
        self.vulnerabilities = QLineEdit()
        self.vulnerabilities.setAccessibleName(labels["vulnerabilities"])
        self.vulnerabilities.setPlaceholderText(self.tr("separated by semicolons"))
        self.vulnerabilities.textChanged.connect(self._changed)
        self.vulnerabilities.setEnabled(editable)
        self.errors.add_row(form, labels["vulnerabilities"] + ":", self.vulnerabilities, "vulnerabilities", "vulnerability")
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(labels["notes"])
        self.notes.setTabChangesFocus(True)
        self.notes.textChanged.connect(self._changed)
        self.notes.setReadOnly(not editable)
        self.errors.add_row(form, labels["notes"] + ":", self.notes, "notes")

        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setAccessibleName(self.tr("Decisions and dates"))
        facts_box = QGroupBox(self.tr("Decisions and dates"))
        facts_column = QVBoxLayout(facts_box)
        facts_column.addWidget(self.facts)
        facts_column.addStretch()
        self.save_button = QPushButton(self.tr("&Save changes"))
        self.save_button.setAccessibleName(self.tr("Save changes"))
        self.revert_button = QPushButton(self.tr("Re&vert"))
        self.revert_button.setAccessibleName(self.tr("Revert unsaved changes"))
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        for button in (self.save_button, self.revert_button):
            button.setVisible(editable)
            button.setEnabled(False)
        fields_box = QGroupBox(self.tr("Case"))
        fields_column = QVBoxLayout(fields_box)
        fields_column.addWidget(self.errors.general)
        fields_column.addLayout(form)
        fields_column.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(fields_box, 3)
        layout.addWidget(facts_box, 2)
        controller.shown.connect(self.show_case)

    def labels(self) -> dict[str, str]:
        return {
            "priority": self.tr("Priority"), "scheme": self.tr("Scheme"), "category": self.tr("Category"),
            "referral_source": self.tr("Referral source"), "referrer": self.tr("Referrer"),
            "employer": self.tr("Employer"), "job_role": self.tr("Job or role"), "post_code": self.tr("Post"),
            "assigned_to_id": self.tr("Assigned to"), "current_country": self.tr("Current country"),
            "current_area": self.tr("Current area"), "vulnerabilities": self.tr("Vulnerabilities"),
            "notes": self.tr("Notes"),
        }  # fmt: skip

    # -- values --------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {key: edit.text() for key, edit in self.edits.items()}
        values.update({key: combo.currentData() for key, combo in self.combos.items()})
        values["vulnerabilities"] = [v.strip() for v in self.vulnerabilities.text().split(";") if v.strip()]
        values["notes"] = self.notes.toPlainText()
        return values

    def changes(self) -> dict[str, Any]:
        return {key: value for key, value in self.values().items() if self.base.get(key) != value}

    def is_dirty(self) -> bool:
        return self._dirty

    def _changed(self) -> None:
        if self._loading:
            return
        dirty = bool(self.changes())
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def _fill(self, values: dict[str, Any]) -> None:
        self._loading = True
        try:
            for key, edit in self.edits.items():
                edit.setText(values[key])
            for key, combo in self.combos.items():
                index = combo.findData(values[key])
                if index < 0:  # e.g. a user no longer active: keep showing who it is
                    combo.addItem(str(values[key]), values[key])
                    index = combo.count() - 1
                combo.setCurrentIndex(index)
            self.vulnerabilities.setText("; ".join(values["vulnerabilities"]))
            if self.notes.toPlainText() != values["notes"]:
                self.notes.setPlainText(values["notes"])
        finally:
            self._loading = False
        self._changed()

    def show_case(self, detail: CaseDetail) -> None:
        """Show `detail`; unsaved edits stay, still based on the version they started from."""
        self._show_facts(detail)
        if not self._dirty:
            self.base, self.base_version = editable_values(detail), detail.version
            self._fill(self.base)

    def revert(self) -> None:
        detail = self.controller.detail
        if detail is not None:
            self.base, self.base_version = editable_values(detail), detail.version
        self._fill(self.base)

    def _show_facts(self, detail: CaseDetail) -> None:
        rows = [
            (self.tr("Eligibility"), vocab(detail.eligibility_outcome) if detail.eligibility_outcome else self.tr("not decided")),
            (self.tr("Decided on"), short_date(detail.eligibility_date)),
            (self.tr("Basis"), detail.eligibility_basis),
            (self.tr("Security check"), vocab(detail.security_status)),
            (self.tr("Duplicate of"), detail.duplicate_of or ""),
            (self.tr("Last contact"), local_time(detail.last_contact_at)),
            (self.tr("Next follow-up"), short_date(detail.next_follow_up)),
            (self.tr("Created"), local_time(detail.created_at)),
            (self.tr("Last changed"), local_time(detail.updated_at)),
            (self.tr("Version"), str(detail.version)),
        ]  # fmt: skip
        self.facts.setText("\n".join(f"{label}: {value}" for label, value in rows if value))

    # -- saving ----------------------------------------------------------------------------

    def save(self) -> bool:
        """Save the changed fields in one transaction; True when nothing is left unsaved."""
        changes = self.changes()
        if not changes:
            return True
        self.errors.clear()
        services, case_id = self.controller.services, self.controller.case_id
        try:
            try:
                saved = self.controller.save(
                    self, lambda: services.cases.update(case_id, self.base_version, changes),
                    raise_validation=True, conflicts=False,
                )  # fmt: skip
            except ConflictError as exc:
                saved = self._resolve(str(exc), changes)
        except ValidationError as exc:
            self.errors.show(exc)
            return False
        if saved is None:
            return False
        self._dirty = False
        self.controller.accept(saved)  # show_case refills the form from what was stored
        self.dirty_changed.emit(False)
        return True

    def _resolve(self, message: str, mine: dict[str, Any]) -> CaseDetail | None:
        """Someone saved first: merge when they changed other fields, else ask."""
        current = self.controller.load()
        theirs = editable_values(current)
        clashes = [key for key in mine if theirs[key] != self.base[key]]
        if clashes:
            labels = self.labels()
            rows = [(labels[k], self._show(k, self.base[k]), self._show(k, theirs[k]), self._show(k, mine[k])) for k in mine]
            choice = ConflictDialog(message, rows, self).ask()
            if choice is Resolution.KEEP_THEIRS:
                self.revert()
                return None
            if choice is Resolution.CANCEL:
                return None
        services, case_id = self.controller.services, self.controller.case_id
        return self.controller.save(self, lambda: services.cases.update(case_id, current.version, mine),
                                    raise_validation=True)  # fmt: skip

    def _show(self, key: str, value: Any) -> Any:
        """A value as the form shows it (the combo's text for coded fields)."""
        combo = self.combos.get(key)
        if combo is not None:
            index = combo.findData(value)
            return combo.itemText(index) if index >= 0 else value
        return value


def _service_name(key: str) -> str:
    """The field name the services use in ValidationError for `key`."""
    return {"job_role": "job or role", "referral_source": "referral source", "current_country": "current country",
            "current_area": "current area", "post_code": "post", "assigned_to_id": "assigned to"}.get(key, key)  # fmt: skip
