"""The intake migration creates exactly what the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from caseworker.store.base import Base
from caseworker.store.engine import Store

INTAKE_TABLES = {"intake_batches", "intake_rows", "duplicate_candidates", "intake_mappings", "intake_undo"}


def _table(diff: object) -> str | None:
    item = diff[0] if isinstance(diff, list) else diff
    for part in item[1:]:  # type: ignore[index]
        name = getattr(part, "name", None) or getattr(getattr(part, "table", None), "name", None)
        if isinstance(part, str):
            return part
        if name:
            return getattr(getattr(part, "table", None), "name", None) or name
    return None


def test_migration_matches_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    ours = [d for d in diffs if _table(d) in INTAKE_TABLES]
    assert ours == []
    with store.engine.connect() as conn:
        names = set(conn.dialect.get_table_names(conn))
    assert INTAKE_TABLES <= names
