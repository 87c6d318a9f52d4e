"""Saved searches: per user, in the store, audited; names unique per user."""

from __future__ import annotations

import pytest

from caseworker.domain.errors import NotFoundError, ValidationError
from caseworker.services.api import Services
from caseworker.services.queries import CaseQuery
from caseworker.services.saved_searches import query_from_dict, query_to_dict


def test_save_rename_delete_round_trip(caseworker: Services) -> None:
    query = CaseQuery(text="karimi", statuses=("REFERRED", "CONTACTING"), posts=("ISB",), queue="stale", sort="name",
                      descending=False)  # fmt: skip
    caseworker.saved_searches.save("Karimi family", query)
    caseworker.saved_searches.save("Urgent", CaseQuery(priorities=("URGENT",)))
    saved = caseworker.saved_searches.list()
    assert [s.name for s in saved] == ["Karimi family", "Urgent"]
    assert saved[0].query == query
    caseworker.saved_searches.rename("Karimi family", "Karimis at ISB")
    caseworker.saved_searches.delete("Urgent")
    assert [(s.name, s.query) for s in caseworker.saved_searches.list()] == [("Karimis at ISB", query)]
    actions = _audit_actions(caseworker)
    assert actions[-3:] == ["saved_search.create", "saved_search.rename", "saved_search.delete"]


def test_searches_belong_to_their_user(caseworker: Services, officer: Services) -> None:
    caseworker.saved_searches.save("Mine", CaseQuery(queue="mine"))
    assert officer.saved_searches.list() == []
    officer.saved_searches.save("Mine", CaseQuery(queue="approval"))
    assert [s.query.queue for s in caseworker.saved_searches.list()] == ["mine"]


def test_duplicate_empty_and_unknown_names_are_refused(caseworker: Services) -> None:
    caseworker.saved_searches.save("Stale", CaseQuery(queue="stale"))
    caseworker.saved_searches.save("Other", CaseQuery())
    with pytest.raises(ValidationError, match="already have a saved search called 'stale'"):
        caseworker.saved_searches.save("stale", CaseQuery())
    with pytest.raises(ValidationError, match="name"):
        caseworker.saved_searches.save("   ", CaseQuery())
    with pytest.raises(ValidationError, match="already"):
        caseworker.saved_searches.rename("Other", "STALE")
    with pytest.raises(NotFoundError):
        caseworker.saved_searches.delete("Nope")
    caseworker.saved_searches.rename("Stale", "stale")  # a change of case of its own name is fine
    assert [s.name for s in caseworker.saved_searches.list()] == ["stale", "Other"]


def test_stored_queries_from_other_versions_load_safely() -> None:
    query = query_from_dict({"text": "x", "queue": "gone", "sort": "nope", "statuses": ["REFERRED"], "future": 1})
    assert query == CaseQuery(text="x", statuses=("REFERRED",))
    assert query_from_dict(query_to_dict(query)) == query


def _audit_actions(services: Services) -> list[str]:
    from sqlalchemy import select

    from caseworker.store.models import AuditEvent

    with services.store.read() as session:
        return list(session.execute(select(AuditEvent.action).order_by(AuditEvent.seq)).scalars())
