"""The foundation's case list window: lazy model, search, sign-in."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from caseworker.gui.case_list import CaseListWindow, CaseTableModel
from caseworker.gui.signin import SignInDialog
from caseworker.services.api import Services
from caseworker.services.queries import CaseQuery
from caseworker.store.engine import Store
from tests.support.factories import new_case
from tests.support.stores import PASSWORD


def test_model_passes_the_model_tester_with_rows_and_empty(qtmodeltester, caseworker: Services) -> None:  # type: ignore[no-untyped-def]
    model = CaseTableModel(caseworker)
    model.set_query(CaseQuery())
    qtmodeltester.check(model)
    for name in ("Ahmad", "Hamid", "Karim"):
        new_case(caseworker, given=name)
    model.set_query(CaseQuery(sort="reference", descending=False))
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert model.index(0, 1).data() == "AHMAD KARIMI"


def test_window_searches_as_you_type(qtbot: QtBot, caseworker: Services) -> None:
    new_case(caseworker, given="Mohammad", original="محمد کریمی")
    new_case(caseworker, given="Fatima", original="فاطمه کریمی")
    window = CaseListWindow(caseworker)
    qtbot.addWidget(window)
    assert window.model.rowCount() == 2
    qtbot.keyClicks(window.search, "Muhammad")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert window.model.index(0, 2).data() == "محمد کریمی"


def test_sign_in_dialog_rejects_a_wrong_password_then_accepts(qtbot: QtBot, store: Store) -> None:
    dialog = SignInDialog(store.location, default_user="officer")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.password, "nope")
    dialog.try_sign_in()
    assert dialog.services is None and "wrong user name or password" in dialog.error.text()
    assert dialog.password.text() == ""
    qtbot.keyClicks(dialog.password, PASSWORD)
    dialog.try_sign_in()
    assert dialog.services is not None and dialog.services.user.username == "officer"
    dialog.services.store.close()
