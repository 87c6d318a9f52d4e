"""Flows through the main window, asserting on what the store holds afterwards."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from caseworker.gui.bulk import AssignDialog, MoveDialog
from caseworker.gui.case_detail import CaseDetailWidget
from caseworker.gui.main_window import CASES_TAB, DASHBOARD_TAB, MainWindow
from caseworker.gui.new_case import NewCaseDialog
from caseworker.gui.signin import SignInDialog
from caseworker.services.api import Services
from caseworker.store.engine import Store
from caseworker.store.models import AuditEvent, Case, User
from tests.support.factories import new_case
from tests.support.stores import PASSWORD

Build = Callable[..., MainWindow]


@dataclass(frozen=True)
class Event:
    actor_name: str
    case_id: int | None
    summary: str


def audit_actions(store: Store, action: str) -> list[Event]:
    columns = (AuditEvent.actor_name, AuditEvent.case_id, AuditEvent.summary)
    with store.read() as session:
        rows = session.execute(select(*columns).where(AuditEvent.action == action).order_by(AuditEvent.seq))
        return [Event(*row) for row in rows]


def visible_references(window: MainWindow) -> list[str]:
    model = window.cases.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


@pytest.fixture
def family(services: Services) -> dict[str, int]:
    return {
        "karimi": new_case(services, given="Mohammad", surname="Karimi", original="محمد کریمی").id,
        "haidari": new_case(services, given="Fatima", surname="Haidari", original="فاطمه حیدری",
                            passport="P09999999", phone="+92 300 7654321").id,
        "wardak": new_case(services, given="Abdul Rahman", surname="Wardak", original="عبدالرحمن وردک",
                           passport="P07654321", phone="+93 79 555 0101").id,
    }  # fmt: skip


def test_sign_in_then_the_window_shows_the_users_cases(qtbot: QtBot, sqlite_store: Store, make_window: Build) -> None:
    dialog = SignInDialog(sqlite_store.location, default_user="caseworker")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.services is not None
    window = make_window(dialog.services)
    assert "Fatima Caseworker" in window.user_label.text() and "Caseworker" in window.user_label.text()
    assert sqlite_store.location.name in window.store_label.text()
    assert window.sidebar.selected() == ("queue", "mine")
    assert audit_actions(sqlite_store, "auth.sign_in")[-1].actor_name == "caseworker"
    dialog.services.store.close()


def test_search_by_latin_variant_and_by_dari_finds_the_same_person(
    qtbot: QtBot, services: Services, family: dict[str, int], make_window: Build
) -> None:
    window = make_window(services)
    window.show_queue("all")
    assert window.cases.model.rowCount() == 3
    for text in ("Muhammad Karimi", "محمد", "mohd", "P01234567", "0701234567"):
        window.focus_search()
        if text.isascii():
            qtbot.keyClicks(window.cases.search, text)
        else:  # QTest types only Latin keys; an input method inserts Dari text like this
            window.cases.search.insert(text)
        qtbot.waitUntil(lambda: window.cases.model.ids == [family["karimi"]], timeout=3000)
        assert window.count_label.text() == "1 case(s) in view"
    window.focus_search()
    qtbot.keyClicks(window.cases.search, "Abdurrahman")
    qtbot.waitUntil(lambda: window.cases.model.ids == [family["wardak"]], timeout=3000)


def test_search_in_the_background_keeps_only_the_newest_result(
    qtbot: QtBot, services: Services, family: dict[str, int], make_window: Build
) -> None:
    window = make_window(services, synchronous=False)
    window.show_queue("all")
    qtbot.waitUntil(lambda: window.cases.model.rowCount() == 3, timeout=5000)
    window.cases.search.setText("Fatema")
    window.cases.refresh()
    window.cases.search.setText("وردک")
    window.cases.refresh()
    qtbot.waitUntil(lambda: window.cases.model.ids == [family["wardak"]], timeout=5000)
    window.tasks.wait(5000)
    qtbot.wait(50)  # let any older result arrive: it must be ignored
    assert window.cases.model.ids == [family["wardak"]]


def test_open_a_case_from_the_list_and_close_its_tab(
    qtbot: QtBot, services: Services, family: dict[str, int], make_window: Build
) -> None:
    window = make_window(services)
    window.show_queue("all")
    window.focus_search()
    qtbot.keyClicks(window.cases.search, "Haidari")
    qtbot.keyClick(window.cases.search, Qt.Key.Key_Return)  # runs now and moves to the first result
    assert window.cases.table.hasFocus() or window.cases.selected_ids() == [family["haidari"]]
    window.cases.open_action.trigger()
    assert isinstance(window.tabs.currentWidget(), CaseDetailWidget)
    reference = window.tabs.tabText(window.tabs.currentIndex())
    assert reference.startswith("ISB-")
    assert [e.case_id for e in audit_actions(services.store, "view.case")] == [family["haidari"]]
    window.open_case(family["haidari"])  # the same case again: the same tab
    assert window.tabs.count() == 3
    window.close_current_tab()
    assert window.tabs.count() == 2 and family["haidari"] not in window.case_tabs
    assert window.tabs.currentWidget() is window.cases  # back to the list it was opened from


def test_closing_a_case_returns_to_the_dashboard_it_was_opened_from(
    services: Services, family: dict[str, int], make_window: Build
) -> None:
    window = make_window(services)
    window.show_dashboard()
    window.open_case(family["karimi"])
    window.close_current_tab()
    assert window.tabs.currentWidget() is window.dashboard


def test_a_tab_with_unsaved_edits_stays_open_when_the_user_says_so(
    services: Services, family: dict[str, int], make_window: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(services)
    tab = window.open_case(family["karimi"])
    assert tab is not None
    monkeypatch.setattr(tab, "maybe_close", lambda: False)
    window.close_current_tab()
    assert window.tabs.currentWidget() is tab
    assert not window.close()  # quitting is refused too


def test_bulk_assign_writes_every_case_in_one_go(
    services: Services, family: dict[str, int], make_window: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    def choose_officer(dialog: AssignDialog) -> int:
        dialog.user.setCurrentIndex(dialog.user.findData("officer"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AssignDialog, "exec", choose_officer)
    window = make_window(services)
    window.show_queue("all")
    window.cases.select_ids([family["karimi"], family["wardak"]])
    assert sorted(window.cases.selected_ids()) == sorted([family["karimi"], family["wardak"]])
    window.cases.assign_action.trigger()
    with services.store.read() as session:
        officer_id = session.execute(select(User.id).where(User.username == "officer")).scalar_one()
        assigned = dict(session.execute(select(Case.id, Case.assigned_to_id)).all())
    assert assigned[family["karimi"]] == assigned[family["wardak"]] == officer_id
    assert assigned[family["haidari"]] is None
    assert len(audit_actions(services.store, "case.assign")) == 2
    column = window.cases.model.columnCount() - 3  # "Assigned to"
    shown = {window.cases.model.case_id(r): window.cases.model.index(r, column).data() for r in range(3)}
    assert shown[family["karimi"]] == "officer" and shown[family["haidari"]] == ""


def test_bulk_status_change_records_one_reason_for_each_case(
    services: Services, family: dict[str, int], make_window: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    def choose(dialog: MoveDialog) -> int:
        offered = [dialog.target.itemData(i) for i in range(dialog.target.count())]
        assert offered[:2] == ["CONTACTING", "CONTACTED"] and "AUTHORISED" not in offered
        dialog.target.setCurrentIndex(dialog.target.findData("CONTACTING"))
        dialog.reason.setPlainText("WhatsApp message sent to the family")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(MoveDialog, "exec", choose)
    window = make_window(services)
    window.show_queue("all")
    window.cases.select_ids(list(family.values()))
    window.cases.move_action.trigger()
    with services.store.read() as session:
        assert set(session.execute(select(Case.status)).scalars()) == {"CONTACTING"}
    events = audit_actions(services.store, "case.transition")
    assert len(events) == 3 and all("WhatsApp message sent" in e.summary for e in events)


def test_queues_counts_and_saved_searches(
    qtbot: QtBot, services: Services, family: dict[str, int], make_window: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.cases.assign([family["karimi"]], "caseworker")
    window = make_window(services)
    assert window.sidebar.count_text("mine") == "1"
    assert window.sidebar.count_text("all") == "3"
    assert visible_references(window) == [services.queries.rows([family["karimi"]])[0].reference]
    window.show_queue("all")
    window.cases.filters.set_filter("posts", ["ISB"])
    qtbot.keyClicks(window.cases.search, "Wardak")
    window.cases.refresh()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Wardak at ISB", True))
    window.sidebar.save_button.click()
    saved = services.saved_searches.list()
    assert [s.name for s in saved] == ["Wardak at ISB"]
    assert saved[0].query.text == "Wardak" and saved[0].query.posts == ("ISB",) and saved[0].query.queue == "all"
    window.show_queue("mine")
    window.cases.search.clear()
    window.cases.filters.clear()
    assert window.sidebar.select("saved", "Wardak at ISB")
    assert window.cases.model.ids == [family["wardak"]] and window.cases.search.text() == "Wardak"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Wardaks", True))
    window.sidebar.rename("Wardak at ISB")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert [s.name for s in services.saved_searches.list()] == ["Wardaks"]
    window.sidebar.delete("Wardaks")
    assert services.saved_searches.list() == [] and window.sidebar.saved_group.rowCount() == 0


def test_new_case_dialog_creates_the_case_and_opens_it(
    services: Services, make_window: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill(dialog: NewCaseDialog) -> int:
        dialog.create()
        assert "name" in dialog.error.text()  # nothing typed yet: a clear error, the dialog stays
        dialog.given.setText("Gul Ahmad")
        dialog.surname.setText("Noori")
        dialog.original.setText("گل احمد نوری")
        dialog.birth.setText("c. 1980")
        dialog.phone.setText("0700 111 222")
        dialog.country.setText("Pakistan")
        dialog.post.setCurrentIndex(dialog.post.findData("TAS"))
        dialog.create()
        return dialog.result()

    monkeypatch.setattr(NewCaseDialog, "exec", fill)
    window = make_window(services)
    window.new_action.trigger()
    columns = (Case.principal_name, Case.post_code, Case.assigned_to_id, Case.reference)
    with services.store.read() as session:
        name, post, assigned, reference = session.execute(select(*columns)).one()
    assert (name, post, assigned) == ("GUL AHMAD NOORI", "TAS", services.user.id)
    assert window.tabs.tabText(window.tabs.currentIndex()) == f"{reference} · NOORI" and reference.startswith("TAS-")
    assert window.sidebar.count_text("mine") == "1"


def test_dashboard_bars_open_the_cases_behind_them(
    services: Services, family: dict[str, int], make_window: Build
) -> None:
    services.cases.move(family["karimi"], "CONTACTING", "first message")
    new_case(services, given="Nasir", post="DOH")
    window = make_window(services)
    window.sidebar.select("dashboard")
    assert window.tabs.currentIndex() == DASHBOARD_TAB
    stats = window.dashboard.stats
    assert stats is not None and stats.total == 4
    window.dashboard.funnel.barClicked.emit("CONTACTING")
    assert window.tabs.currentIndex() == CASES_TAB
    assert window.cases.model.ids == [family["karimi"]]
    assert window.cases.filters.chips["statuses"].values() == ["CONTACTING"]
    window.dashboard.posts.barClicked.emit("DOH")
    assert len(window.cases.model.ids) == 1 and window.cases.filters.chips["statuses"].values() == []
    window.dashboard.stale.clicked.emit()
    assert window.sidebar.selected() == ("queue", "stale") and window.cases.base.queue == "stale"


def test_layout_columns_and_last_queue_persist(services: Services, make_window: Build, settings) -> None:  # type: ignore[no-untyped-def]
    window = make_window(services)
    window.show()
    header = window.cases.table.horizontalHeader()
    header.moveSection(header.visualIndex(2), 0)  # original-script name first
    header.setSectionHidden(7, True)  # no current country
    header.resizeSection(1, 321)
    window.show_queue("stale")
    window.sidebar.select("queue", "stale", emit=False)
    window.cases.model.sort(0, Qt.SortOrder.AscendingOrder)
    window.resize(711, 577)  # the offscreen screen is 800 × 600
    window.splitter.setSizes([300, 400])
    sizes = window.splitter.sizes()
    window.close()
    again = make_window(services)
    again.show()
    header = again.cases.table.horizontalHeader()
    assert header.logicalIndex(0) == 2 and header.isSectionHidden(7) and header.sectionSize(1) == 321
    assert again.sidebar.selected() == ("queue", "stale") and again.cases.base.queue == "stale"
    assert (again.cases.base.sort, again.cases.base.descending) == ("reference", False)
    assert again.size().width() == 711 and again.splitter.sizes() == sizes
    assert [COLUMN for COLUMN in (again.cases.visible_columns())][0] == 2


def test_print_writes_the_visible_columns_of_the_list(
    tmp_path, services: Services, family: dict[str, int], make_window: Build  # type: ignore[no-untyped-def]
) -> None:
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    window = make_window(services)
    window.show_queue("all")
    window.cases.table.horizontalHeader().setSectionHidden(1, True)  # no Latin name column
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "list.pdf"))
    window.print_view(printer)
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "list.pdf").pages)
    references = [s.reference for s in services.queries.rows(list(family.values()))]
    assert all(ref in text for ref in references) and re.search(r"All\scases\s+3\scases", text)
    assert "HAIDARI" not in text  # the hidden column is not printed


def test_a_read_only_user_gets_no_actions_that_change_cases(sqlite_store: Store, make_window: Build) -> None:
    from caseworker.domain.roles import Role
    from caseworker.services.users import create_user_row
    from caseworker.store import audit

    with sqlite_store.write() as session:
        create_user_row(session, audit.SYSTEM, "reader", "Rita Reader", Role.READ_ONLY, PASSWORD)
    from tests.support.stores import services_for

    window = make_window(services_for(sqlite_store, "reader"))
    assert not window.new_action.isEnabled()
    assert not window.cases.assign_action.isEnabled() and not window.cases.move_action.isEnabled()
    assert window.print_action.isEnabled() and window.find_action.isEnabled()


def test_ctrl_p_asks_for_a_printer(
    services: Services, family: dict[str, int], make_window: Build, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    """The menu's Print asks which printer (the action's `checked` flag is not taken for one)."""
    from caseworker.gui import main_window

    asked: list[object] = []

    class Dialog:
        DialogCode = main_window.QPrintDialog.DialogCode

        def __init__(self, printer: object, parent: object) -> None:
            asked.append(printer)

        def exec(self) -> object:
            return self.DialogCode.Rejected

    monkeypatch.setattr(main_window, "QPrintDialog", Dialog)
    window = make_window(services)
    window.show_queue("all")
    assert window.print_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    window.print_action.trigger()
    assert len(asked) == 1 and isinstance(asked[0], main_window.QPrinter)
