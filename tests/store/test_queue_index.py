"""The queue index (`ix_cases_queues`): the migration creates what the model declares, and
"My cases" and the sidebar's counts are answered from it without reading the case rows.

On a 100,000-case encrypted store that is the difference between decrypting the whole
cases table and a third of its size in index pages, at every start of the application.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import event

from caseworker.services.queries import CaseQuery
from caseworker.store.base import Base
from caseworker.store.engine import Store
from tests.support.stores import services_for

INDEX = "ix_cases_queues"


def test_the_migration_creates_the_index_the_model_declares(store: Store) -> None:
    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        indexes = {i["name"]: i["column_names"] for i in conn.dialect.get_indexes(conn, "cases")}
    assert [d for d in diffs if INDEX in repr(d)] == []
    assert indexes[INDEX] == ["assigned_to_id", "updated_at", "id", "status", "last_contact_at", "created_at",
                              "status_changed_at"]  # fmt: skip


def _plans(store: Store, work: Callable[[], Any]) -> list[str]:
    """SQLite's plan of every SELECT on the cases table that `work` runs."""
    statements: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT") and " cases" in statement:
            statements.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        work()
    finally:
        event.remove(store.engine, "before_cursor_execute", record)
    with store.engine.connect() as conn:
        return [
            "; ".join(row[3] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params).fetchall())
            for sql, params in statements
        ]


def test_my_cases_come_from_the_index_already_in_display_order(sqlite_store: Store) -> None:
    services = services_for(sqlite_store, "caseworker")
    [plan] = _plans(sqlite_store, lambda: services.queries.ids(CaseQuery(queue="mine")))
    assert f"COVERING INDEX {INDEX} (assigned_to_id=?)" in plan
    assert "TEMP B-TREE" not in plan  # no sorting: the index is in the list's order


def test_the_queue_counts_read_the_index_not_the_case_rows(sqlite_store: Store) -> None:
    """Fails when a queue's condition reads a column the index lacks: add it to the index."""
    services = services_for(sqlite_store, "officer")  # the officer sees every queue
    [plan] = _plans(sqlite_store, services.queries.queue_counts)
    assert f"SCAN cases USING COVERING INDEX {INDEX}" in plan
