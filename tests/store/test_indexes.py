"""Indexes for a large store (migration perf_1): the migration creates what the models
declare, and what every start of the application and the dashboard ask is answered from
indexes, never by reading a whole table.

On a 100,000-case encrypted store that is the difference between decrypting the whole cases
table (36 MB) or contact log (60 MB) and a few megabytes of index pages.
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
TABLES = (" cases", " contact_entries")


def test_the_migration_creates_the_indexes_the_models_declare(store: Store) -> None:
    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        cases = {i["name"]: i["column_names"] for i in conn.dialect.get_indexes(conn, "cases")}
        contacts = {i["name"]: i["column_names"] for i in conn.dialect.get_indexes(conn, "contact_entries")}
    assert [d for d in diffs if INDEX in repr(d) or "ix_contact_entries_occurred_at" in repr(d)] == []
    assert cases[INDEX] == ["assigned_to_id", "updated_at", "id", "status", "last_contact_at", "created_at",
                            "status_changed_at"]  # fmt: skip
    assert contacts["ix_contact_entries_occurred_at"] == ["occurred_at"]


def _plans(store: Store, work: Callable[[], Any]) -> list[str]:
    """SQLite's plan of every SELECT on the large tables that `work` runs."""
    statements: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT") and any(t in statement for t in TABLES):
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


def test_the_dashboard_reads_indexes_only(sqlite_store: Store) -> None:
    services = services_for(sqlite_store, "caseworker")
    plans = _plans(sqlite_store, services.dashboard.statistics)
    steps = [step for plan in plans for step in plan.split("; ") if step.startswith(("SCAN", "SEARCH"))]
    assert len(steps) == 5
    assert [step for step in steps if "COVERING INDEX" not in step] == []
