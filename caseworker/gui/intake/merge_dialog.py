"""Two cases side by side: differences highlighted, values chosen field by field, then merged.

``MergeDialog(services, case_a_id, case_b_id, parent=None)``. The surviving
case keeps its reference and status; the other becomes DUPLICATE pointing at
it. Every person, document, number, contact entry and attachment is kept: the
people proposed as "the same person" are merged (untick to keep them apart),
everyone else moves into the survivor.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseworker.domain.errors import CaseworkerError, ConflictError
from caseworker.services.api import Services
from caseworker.services.intake import MergeRequest
from caseworker.services.intake.dto import FieldDiff, MergePreview

DIFFERENT = QColor("#fff4ce")
SECTION = QColor("#e8eef5")
_ROLE = Qt.ItemDataRole.UserRole


class MergeDialog(QDialog):
    def __init__(self, services: Services, case_a_id: int, case_b_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.cases = (min(case_a_id, case_b_id), max(case_a_id, case_b_id))  # the older case survives by default
        self.preview: MergePreview | None = None
        self.setWindowTitle(self.tr("Compare and merge"))
        intro = QLabel(self.tr("The surviving case keeps its reference and status; the other becomes DUPLICATE and "
                               "points at it. Nothing is lost: tick a box to take the other case's value."))
        intro.setWordWrap(True)
        self.survivor = QComboBox()
        self.survivor.setAccessibleName(self.tr("Surviving case"))
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName(self.tr("Fields of both cases side by side"))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.only_differences = QCheckBox(self.tr("Show only the &differences"))
        self.only_differences.setAccessibleName(self.tr("Show only the fields that differ"))
        self.only_differences.toggled.connect(self._filter_rows)
        self.table.itemChanged.connect(self._item_changed)
        self.moving = QLabel()
        self.moving.setWordWrap(True)
        self.moving.setAccessibleName(self.tr("What moves into the surviving case"))
        self.reason = QLineEdit(self.tr("duplicate confirmed in review"))
        self.reason.setAccessibleName(self.tr("Reason for the merge"))
        form = QFormLayout()
        form.addRow(self.tr("&Keep:"), self.survivor)
        form.addRow(self.tr("&Reason:"), self.reason)
        form.addRow("", self.only_differences)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton(self.tr("&Merge"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setAccessibleName(self.tr("Merge the two cases"))
        self.buttons.accepted.connect(self.merge)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.moving)
        layout.addWidget(self.buttons)
        self.resize(960, 720)
        self.load(*self.cases)
        self.survivor.currentIndexChanged.connect(self._swap)

    # -- showing ------------------------------------------------------------------------------

    def load(self, survivor_id: int, other_id: int) -> None:
        self.preview = preview = self.services.intake.merge_preview(survivor_id, other_id)
        self.survivor.blockSignals(True)
        self.survivor.clear()
        self.survivor.addItem(self.tr("%s (merge the other into it)") % preview.survivor, preview.survivor_id)
        self.survivor.addItem(self.tr("%s (merge the other into it)") % preview.other, preview.other_id)
        self.survivor.blockSignals(False)
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("%s (survivor)") % preview.survivor,
                                              preview.other, self.tr("Take the other's")])
        self._section(self.tr("Case"))
        for diff in preview.case_fields:
            self._field_row(diff, ("case", diff.key))
        for pairing in preview.pairings:
            names = dict(preview.survivor_people), dict(preview.other_people)
            title = self.tr("Same person: %1 ↔ %2 (score %3: %4)").replace("%1", names[0][pairing.survivor_person_id]) \
                .replace("%2", names[1][pairing.other_person_id]).replace("%3", str(pairing.score)) \
                .replace("%4", " + ".join(pairing.reasons))
            self._section(title, checkable=(pairing.survivor_person_id, pairing.other_person_id))
            for diff in pairing.fields:
                self._field_row(diff, ("person", pairing.survivor_person_id, pairing.other_person_id, diff.key))
        self.table.blockSignals(False)
        self.table.setColumnWidth(0, 210)
        self._filter_rows()
        self._describe_moves()

    def _filter_rows(self) -> None:
        only = self.only_differences.isChecked()
        for row in range(self.table.rowCount()):
            mine, theirs = self.table.item(row, 1), self.table.item(row, 2)
            same = mine is not None and theirs is not None and mine.text() == theirs.text()
            self.table.setRowHidden(row, only and same)

    def _section(self, title: str, checkable: tuple[int, int] | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        item = QTableWidgetItem(title)
        font = QFont()
        font.setBold(True)
        item.setFont(font)
        item.setBackground(QBrush(SECTION))
        self.table.setItem(row, 0, item)
        self.table.setSpan(row, 0, 1, 3)
        tick = QTableWidgetItem(self.tr("Same person") if checkable else "")
        tick.setBackground(QBrush(SECTION))
        if checkable:
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            tick.setCheckState(Qt.CheckState.Checked)
            tick.setData(_ROLE, ("pair", *checkable))
        else:
            tick.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.table.setItem(row, 3, tick)

    def _field_row(self, diff: FieldDiff, key: tuple[object, ...]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        label = QTableWidgetItem(self.tr(diff.label))
        mine, theirs = QTableWidgetItem(diff.survivor), QTableWidgetItem(diff.other)
        for item in (mine, theirs):
            item.setToolTip(item.text())
            if diff.differs:
                item.setBackground(QBrush(DIFFERENT))
            else:
                item.setForeground(QBrush(QColor("#777777")))
        choice = QTableWidgetItem()
        if diff.key == "notes":
            label.setText(self.tr("Notes (both kept unless ticked)"))
        if diff.differs:
            choice.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            fills_a_gap = not diff.survivor and diff.key != "notes"  # the merge fills empty fields anyway
            choice.setCheckState(Qt.CheckState.Checked if fills_a_gap else Qt.CheckState.Unchecked)
            choice.setData(_ROLE, key)
            choice.setToolTip(self.tr("Use %s's value") % (self.preview.other if self.preview else ""))
        else:
            choice.setFlags(Qt.ItemFlag.NoItemFlags)
        for column, item in enumerate((label, mine, theirs, choice)):
            self.table.setItem(row, column, item)

    def _describe_moves(self) -> None:
        preview = self.preview
        assert preview is not None
        paired = {p.other_person_id for p in self._same_people()}
        moving = [name for pid, name in preview.other_people if pid not in paired]
        merged = [name for pid, name in preview.other_people if pid in paired]
        parts = []
        if merged:
            parts.append(self.tr("Merged into the survivor's people: %s.") % "; ".join(merged))
        if moving:
            parts.append(self.tr("Moving into %1 as family members: %2.").replace("%1", preview.survivor)
                         .replace("%2", "; ".join(moving)))
        parts.append(self.tr("%1 contact entries and %2 attachments move with them.")
                     .replace("%1", str(preview.other_contacts)).replace("%2", str(preview.other_attachments)))
        self.moving.setText(" ".join(parts))

    # -- choosing ------------------------------------------------------------------------------

    def _swap(self) -> None:
        survivor = self.survivor.currentData()
        assert self.preview is not None
        other = self.preview.other_id if survivor == self.preview.survivor_id else self.preview.survivor_id
        self.load(survivor, other)

    def _items(self) -> list[QTableWidgetItem]:
        return [item for row in range(self.table.rowCount()) if (item := self.table.item(row, 3)) is not None
                and item.data(_ROLE) is not None]

    def _same_people(self) -> list[MergeRequestPair]:
        return [MergeRequestPair(*item.data(_ROLE)[1:]) for item in self._items()
                if item.data(_ROLE)[0] == "pair" and item.checkState() == Qt.CheckState.Checked]

    def _item_changed(self, item: QTableWidgetItem) -> None:
        key = item.data(_ROLE)
        if not key or key[0] != "pair":
            return
        on = item.checkState() == Qt.CheckState.Checked
        for other in self._items():
            data = other.data(_ROLE)
            if data[0] == "person" and (data[1], data[2]) == (key[1], key[2]):
                flags = Qt.ItemFlag.ItemIsUserCheckable | (Qt.ItemFlag.ItemIsEnabled if on else Qt.ItemFlag.NoItemFlags)
                other.setFlags(flags)
        self._describe_moves()

    def request(self) -> MergeRequest:
        preview = self.preview
        assert preview is not None
        take_case: set[str] = set()
        take_person: dict[tuple[int, int], set[str]] = {}
        same = {(p.survivor_person_id, p.other_person_id) for p in self._same_people()}
        for item in self._items():
            data = item.data(_ROLE)
            if item.checkState() != Qt.CheckState.Checked or data[0] == "pair":
                continue
            if data[0] == "case":
                take_case.add(data[1])
            elif (data[1], data[2]) in same:
                take_person.setdefault((data[1], data[2]), set()).add(data[3])
        return MergeRequest(
            preview.survivor_id, preview.other_id, preview.survivor_version, preview.other_version,
            take_other=frozenset(take_case), same_people=tuple(sorted(same)),
            person_take_other={k: frozenset(v) for k, v in take_person.items()},
            reason=self.reason.text().strip() or "duplicate confirmed in review",
        )  # fmt: skip

    def merge(self) -> None:
        try:
            self.result_case = self.services.intake.merge(self.request())
        except ConflictError as exc:
            QMessageBox.warning(self, self.tr("Changed meanwhile"), str(exc))
            assert self.preview is not None
            self.load(self.preview.survivor_id, self.preview.other_id)
            return
        except CaseworkerError as exc:
            QMessageBox.warning(self, self.tr("Not merged"), str(exc))
            return
        self.accept()


class MergeRequestPair(tuple[int, int]):
    """(survivor's person id, other's person id) as ticked in the table."""

    def __new__(cls, survivor_person_id: int, other_person_id: int) -> MergeRequestPair:
        return super().__new__(cls, (survivor_person_id, other_person_id))

    @property
    def survivor_person_id(self) -> int:
        return self[0]

    @property
    def other_person_id(self) -> int:
        return self[1]
