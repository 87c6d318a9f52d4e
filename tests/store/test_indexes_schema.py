"""The indexes migration: what the models declare is what the migrations build, on SQLite and PostgreSQL,
and a store made before it gains the index when it is opened."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from caseworker.store import migrate
from caseworker.store.base import Base
from caseworker.store.engine import Store


def _indexes(store: Store, table: str) -> dict[str, list[str]]:
    with store.engine.connect() as conn:
        return {ix["name"]: ix["column_names"] for ix in inspect(conn).get_indexes(table)}  # type: ignore[misc]


def test_the_models_and_the_migrations_agree_on_handoff_rows(store: Store) -> None:
    assert migrate.current_revision(store.engine) == migrate.head_revision()
    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [d for d in diffs if "handoff_rows" in repr(d)] == []
    assert _indexes(store, "handoff_rows")["ix_handoff_rows_case_id"] == ["case_id"]


def test_an_older_store_gains_the_index_when_upgraded(store: Store) -> None:
    with store.engine.connect() as conn:
        config = migrate._config()
        config.attributes["connection"] = conn
        command.downgrade(config, "intake_1")
        conn.commit()
    assert "ix_handoff_rows_case_id" not in _indexes(store, "handoff_rows")
    migrate.upgrade(store.engine)
    assert "ix_handoff_rows_case_id" in _indexes(store, "handoff_rows")
