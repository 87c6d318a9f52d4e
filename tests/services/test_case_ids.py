"""`CaseQueries.ids()`: the list behind the case table, in the query's order for every sort
and direction, with and without search text (SQLite returns it as one joined string built in
the query's order; PostgreSQL row by row)."""

from __future__ import annotations

from caseworker.services.api import Services
from caseworker.services.demo import fill_store
from caseworker.services.demo.users import demo_actor
from caseworker.services.queries import SORTS, CaseQuery
from caseworker.store.engine import Store


def test_ids_come_in_the_order_of_every_sort(store: Store, caseworker: Services) -> None:
    actor, workers = demo_actor(store)
    fill_store(store, 150, 3, actor.actor, workers)
    for text in ("", "m"):
        for sort in SORTS:
            for descending in (False, True):
                query = CaseQuery(text=text, sort=sort, descending=descending)
                expected = [row.id for row in caseworker.queries.page(query, limit=10_000).rows]
                assert caseworker.queries.ids(query) == expected, (text, sort, descending)
                assert len(expected) > (50 if text else 149)


def test_no_match_is_an_empty_list(caseworker: Services) -> None:
    assert caseworker.queries.ids(CaseQuery(text="nobody-by-this-name")) == []
    assert caseworker.queries.ids(CaseQuery(queue="letters_to_print")) == []
