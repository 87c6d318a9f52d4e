"""Every control has an accessible name, the tab order is sensible, and the
layouts take strings 30% longer than English (as translations will be)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QWidget,
)

from caseworker.domain.workflow import Status
from caseworker.gui.app import PseudoTranslator
from caseworker.gui.bulk import AssignDialog, MoveDialog
from caseworker.gui.main_window import MainWindow
from caseworker.gui.new_case import NewCaseDialog
from caseworker.services.api import Services
from tests.support.factories import new_case

CONTROLS = (QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit)
Build = Callable[..., MainWindow]


def unnamed_controls(root: QWidget) -> list[str]:
    """Focusable controls with neither an accessible name nor a visible text of their own."""
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        parent = widget.parentWidget()
        if isinstance(parent, QComboBox | QAbstractItemView | QAbstractSpinBox) or (
            parent is not None and parent.metaObject().className() == "QComboBoxPrivateContainer"
        ):
            continue  # Qt's own parts of a combo box, a spin box or a view
        own_text = widget.text() if isinstance(widget, QAbstractButton) else ""
        if not (widget.accessibleName() or own_text.replace("&", "").strip()):
            missing.append(f"{type(widget).__name__} in {type(widget.parentWidget()).__name__}")
    return missing


def test_every_control_has_an_accessible_name(services: Services, make_window: Build) -> None:
    case = new_case(services)
    window = make_window(services)
    window.open_case(case.id)
    assert unnamed_controls(window) == []
    for dialog in (NewCaseDialog(services, window), AssignDialog(services, 2, window),
                   MoveDialog([Status.CONTACTING], 2, window)):  # fmt: skip
        assert unnamed_controls(dialog) == [], type(dialog).__name__


def test_tab_moves_from_search_through_the_filters_to_the_list(services: Services, make_window: Build) -> None:
    window = make_window(services)
    chain, widget = [], window.cases.search.nextInFocusChain()
    while widget is not window.cases.table and len(chain) < 50:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and isinstance(widget, CONTROLS):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    chips = list(window.cases.filters.chips.values())
    assert chain == [*chips, window.cases.filters.clear_button]


@pytest.fixture
def pseudo_locale() -> Iterator[None]:
    app = QCoreApplication.instance()
    translator = PseudoTranslator()
    app.installTranslator(translator)
    yield
    app.removeTranslator(translator)


def test_layouts_take_strings_thirty_percent_longer(pseudo_locale: None, services: Services, make_window: Build) -> None:
    window = make_window(services)
    assert window.menuBar().actions()[0].text().endswith("·"), "menu titles go through tr()"
    assert window.cases.filters.chips["statuses"].text().endswith("·")
    assert window.cases.model.headerData(0, Qt.Orientation.Horizontal).endswith("·")
    assert window.minimumSizeHint().width() <= 1280
    window.resize(1280, 800)
    window.show()
    for chip in window.cases.filters.chips.values():  # every chip shows its whole text
        assert chip.width() >= chip.fontMetrics().horizontalAdvance(chip.text())


def test_letters_and_handoffs_name_every_control(sqlite_store, desk, desk_officer, make_window: Build) -> None:  # type: ignore[no-untyped-def]
    """The Letters and Disclosures tabs, every panel of the Letters and Handoffs menus, and the
    dialogs they open, for the roles that see them."""
    from caseworker.gui.handoffs import PrepareHandoffDialog
    from caseworker.gui.letters import BatchPrintDialog, DraftLetterDialog
    from tests.support.letters import authorised_case
    from tests.support.stores import services_for

    case = authorised_case(desk, desk_officer)
    desk.letters.draft(case.id, crossings=["Torkham"])
    for services in (desk_officer, services_for(sqlite_store, "admin")):
        window = make_window(services)
        tab = window.open_case(case.id)
        assert tab is not None
        tab.tabs.setCurrentWidget(tab.letters)
        tab.tabs.setCurrentWidget(tab.disclosures)
        letters, handoffs = window.letter_actions, window.handoff_actions
        panels = [a for a in (letters.approvals_action, handoffs.panel_action, handoffs.approvals_action,
                              handoffs.ledger_action, handoffs.profiles_action) if a.isVisible()]  # fmt: skip
        for action in panels:
            action.trigger()
        assert len(window.panels.open) == len(panels) == (4 if services is desk_officer else 3)
        assert unnamed_controls(window) == []
    for dialog in (PrepareHandoffDialog(desk, case_ids=[case.id], parent=window),
                   BatchPrintDialog(desk, [1], window, note="—"), DraftLetterDialog(desk, case.id, window)):  # fmt: skip
        assert unnamed_controls(dialog) == [], type(dialog).__name__


def test_letter_and_handoff_tables_translate_their_headings(pseudo_locale: None, desk, desk_officer,  # type: ignore[no-untyped-def]
                                                            make_window: Build) -> None:  # fmt: skip
    from tests.support.letters import authorised_case

    case = authorised_case(desk, desk_officer)
    window = make_window(desk_officer)
    tab = window.open_case(case.id)
    assert tab is not None
    for lazy in (tab.letters, tab.disclosures):  # a case's tabs are built when first shown
        tab.tabs.setCurrentWidget(lazy)
    window.letter_actions.approvals_action.trigger()
    window.handoff_actions.panel_action.trigger()
    tables = [tab.letters, tab.disclosures, *window.panels.open.values()]
    headings = [view.model().headerData(0, Qt.Orientation.Horizontal)
                for table in tables for view in table.findChildren(QTableView)
                if not view.horizontalHeader().isHidden() and view.model().columnCount() > 0]  # fmt: skip
    assert len(headings) == 4 and all(str(h).endswith("·") for h in headings), headings
