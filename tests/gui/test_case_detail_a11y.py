"""Accessibility and translation: every control has a name, Tab follows the
screen, and the layouts still fit when every string is 30% longer."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTabBar, QWidget
from pytestqt.qtbot import QtBot

from caseworker.gui.case_detail.conflict_dialog import ConflictDialog
from caseworker.gui.case_detail.contact_dialog import ContactDialog
from caseworker.gui.case_detail.person_dialog import PersonDialog
from caseworker.gui.case_detail.reason_dialog import ReasonDialog
from caseworker.services.api import Services
from caseworker.services.inputs import ContactInput
from tests.gui.test_case_detail_documents import photo, two_page_pdf
from tests.gui.test_case_detail_flows import open_case
from tests.support.factories import new_case

SCREEN = (1024, 720)  # the detail beside the main window's sidebar on a 1280×800 laptop


def unnamed_controls(root: QWidget) -> list[str]:
    """Controls reachable with Tab whose accessible name (what a screen reader says) is empty.

    Parts that hand their focus to a proxy (a combo box's or date edit's inner line
    edit) are skipped: the proxy is what the user reaches and what is named.
    """
    missing = []
    for widget in root.findChildren(QWidget):
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or not widget.isVisibleTo(root):
            continue
        if widget.focusProxy() is not None:
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        if interface is None or not interface.text(QAccessible.Text.Name).strip():
            missing.append(f"{type(widget).__name__} in {type(widget.parent()).__name__}")
    return missing


def dialogs(services: Services, case_id: int, tmp_path: Path, widget: QWidget) -> Iterator[QWidget]:
    detail = services.cases.get(case_id)
    yield PersonDialog(lambda *_: None)
    yield PersonDialog(lambda *_: None, detail.people[0])
    yield ContactDialog(detail, lambda _data: None, ["+93701234567"])
    yield ReasonDialog("Move", "Why?", "Move")
    yield ConflictDialog("case changed by officer", [("Priority", "Normal", "High", "Urgent")])
    documents = widget.documents  # type: ignore[attr-defined]
    documents.attach_paths([two_page_pdf(tmp_path / "scan.pdf"), photo(tmp_path / "photo.png")])
    for row in (0, 1):
        documents.table.selectRow(row)
        yield documents.view_selected()


def test_every_control_has_an_accessible_name(qtbot: QtBot, desk: Services, tmp_path: Path) -> None:
    case = new_case(desk)
    desk.contacts.log(case.id, ContactInput(next_follow_up=dt.date.today()))
    widget = open_case(qtbot, desk, case.id)
    for index in range(widget.tabs.count()):
        widget.tabs.setCurrentIndex(index)
        assert unnamed_controls(widget) == [], widget.tabs.tabText(index)
    for dialog in dialogs(desk, case.id, tmp_path, widget):
        qtbot.addWidget(dialog)
        dialog.show()
        assert unnamed_controls(dialog) == [], dialog.windowTitle()


def test_tab_follows_the_person_dialog_as_it_reads(qtbot: QtBot) -> None:
    dialog = PersonDialog(lambda *_: None)
    qtbot.addWidget(dialog)
    dialog.show()
    order = [dialog.role]
    widget: QWidget = dialog.role
    for _ in range(25):
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(dialog)):
            widget = widget.nextInFocusChain()
        order.append(widget)
    expected = [dialog.role, dialog.relationship, dialog.surname, dialog.given_names, dialog.name_original,
                dialog.variants, dialog.father_name, dialog.father_name_original, dialog.sex, dialog.birth_date,
                dialog.precision, dialog.nationality, dialog.place_of_birth, dialog.documents.mrz.edit,
                dialog.documents.doc_type, dialog.documents.number]  # fmt: skip
    assert order[: len(expected)] == expected
    assert order.index(dialog.whatsapp) > order.index(dialog.documents.table)


class Longer(QTranslator):
    """Pseudo-translation: every string 30% longer, as German or Dari often are."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        return source + "·" * math.ceil(len(source) * 0.3)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return False


@pytest.fixture
def longer_strings() -> Iterator[None]:
    translator = Longer()
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def clipped(root: QWidget) -> list[str]:
    """Buttons, tabs and one-line labels narrower than their text needs."""
    problems = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and not widget.wordWrap()):
            if widget.width() < widget.sizeHint().width() - 1 and widget.text():
                problems.append(f"{type(widget).__name__} {widget.text()!r}: {widget.width()} < {widget.sizeHint().width()}")
        if isinstance(widget, QTabBar) and widget.sizeHint().width() > widget.width():
            problems.append("the tab bar")
    return problems


def test_layouts_survive_30_percent_longer_strings(qtbot: QtBot, desk: Services, tmp_path: Path, longer_strings: None) -> None:
    assert QApplication.translate("x", "Add person") == "Add person···"
    case = new_case(desk)
    widget = open_case(qtbot, desk, case.id)
    widget.resize(*SCREEN)
    for index in range(widget.tabs.count()):
        widget.tabs.setCurrentIndex(index)
        qtbot.waitUntil(lambda: widget.tabs.currentWidget().isVisible())
        assert clipped(widget) == [], widget.tabs.tabText(index)
    hint = widget.minimumSizeHint()
    assert hint.width() <= SCREEN[0] and hint.height() <= SCREEN[1]
    for dialog in dialogs(desk, case.id, tmp_path, widget):
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.width() <= SCREEN[0] and dialog.height() <= SCREEN[1], dialog.windowTitle()
        assert clipped(dialog) == [], dialog.windowTitle()
