"""The sidebar: the queues a role sees, live counts, and its item model."""

from __future__ import annotations

from caseworker.gui.sidebar import Sidebar
from caseworker.services.api import Services
from caseworker.services.queries import CaseQuery
from caseworker.store.engine import Store
from tests.support.stores import services_for


def test_sidebar_model_passes_the_model_tester(qtmodeltester, qapp, services: Services) -> None:  # type: ignore[no-untyped-def]
    services.saved_searches.save("Urgent", CaseQuery(priorities=("URGENT",)))
    sidebar = Sidebar(services, CaseQuery)
    qtmodeltester.check(sidebar.tree.model())
    sidebar.set_counts({"mine": 3, "all": 100_000})
    assert sidebar.count_text("all") == "100,000"
    qtmodeltester.check(sidebar.tree.model())


def test_only_officers_see_the_approval_queue(qapp, sqlite_store: Store) -> None:  # type: ignore[no-untyped-def]
    officer = Sidebar(services_for(sqlite_store, "officer"), CaseQuery)
    caseworker = Sidebar(services_for(sqlite_store, "caseworker"), CaseQuery)
    assert "approval" in officer.queue_items and "approval" not in caseworker.queue_items
    assert list(caseworker.queue_items)[0] == "mine" and list(caseworker.queue_items)[-1] == "all"
