"""The case table model: model-tester clean on empty and large stores, lazy, re-entrancy-safe."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from caseworker.gui.case_table import CASE_ID_ROLE, COLUMN_KEYS, CaseTableModel, is_right_to_left
from caseworker.services.api import Services
from caseworker.services.queries import CaseQuery
from tests.support.factories import new_case


def test_model_tester_on_an_empty_store(qtmodeltester, services: Services) -> None:  # type: ignore[no-untyped-def]
    model = CaseTableModel(services)
    model.set_ids(services.queries.ids(CaseQuery()))
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 0 and model.columnCount() == len(COLUMN_KEYS)


def test_model_tester_on_thousands_of_cases(qtmodeltester, big_services: Services) -> None:  # type: ignore[no-untyped-def]
    model = CaseTableModel(big_services)
    model.set_ids(big_services.queries.ids(CaseQuery(sort="reference", descending=False)))
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 3000
    model.set_ids(big_services.queries.ids(CaseQuery(text="karimi")))
    qtmodeltester.check(model, force_py=True)


def test_rows_load_a_page_at_a_time_and_the_cache_is_bounded(big_services: Services) -> None:
    model = CaseTableModel(big_services)
    model.set_ids(big_services.queries.ids(CaseQuery(sort="reference", descending=False)))
    assert model.loaded_rows() == 0
    assert model.index(0, 0).data() == model.summary(0).reference  # type: ignore[union-attr]
    assert model.loaded_rows() == CaseTableModel.PAGE
    for row in range(0, 3000, CaseTableModel.PAGE):
        model.index(row, 1).data()
    assert model.loaded_rows() <= CaseTableModel.MAX_PAGES * CaseTableModel.PAGE
    assert model.index(2999, 0).data(CASE_ID_ROLE) == model.ids[2999]


def test_a_changed_case_updates_its_row_only(qtbot: QtBot, services: Services) -> None:
    first = new_case(services, given="Ahmad")
    new_case(services, given="Hamid")
    model = CaseTableModel(services)
    model.set_ids(services.queries.ids(CaseQuery(sort="name", descending=False)))
    assert model.index(0, 4).data() == "Referred"
    services.cases.move(first.id, "CONTACTING", "message sent")
    assert model.index(0, 4).data() == "Referred"  # cached until told
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda top, bottom: changed.append((top.row(), bottom.row())))
    model.modelReset.connect(lambda: changed.append((-1, -1)))
    assert model.refresh_cases([first.id]) == 1
    assert changed == [(0, 0)]
    assert model.index(0, 4).data() == "Contacting"


def test_loading_is_not_reentered(services: Services) -> None:
    new_case(services)
    model = CaseTableModel(services)
    model.set_ids(services.queries.ids(CaseQuery()))
    model._loading = True  # as if a page load were under way further up the stack
    assert model.index(0, 0).data() is None
    model._loading = False
    assert model.index(0, 0).data().endswith("-00001")


def test_sorting_is_asked_of_the_database(services: Services) -> None:
    model = CaseTableModel(services)
    requests: list[tuple[str, bool]] = []
    model.sortRequested.connect(lambda key, desc: requests.append((key, desc)))
    model.sort(COLUMN_KEYS.index("last_contact"), Qt.SortOrder.DescendingOrder)
    assert requests == [("last_contact", True)]


def test_names_in_dari_are_right_aligned(services: Services) -> None:
    new_case(services, given="Mohammad", original="محمد کریمی")
    model = CaseTableModel(services)
    model.set_ids(services.queries.ids(CaseQuery()))
    column = COLUMN_KEYS.index("name_original")
    assert model.index(0, column).data() == "محمد کریمی"
    assert model.index(0, column).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert is_right_to_left("عبدالرحمن") and not is_right_to_left("ABDUL") and not is_right_to_left("")
