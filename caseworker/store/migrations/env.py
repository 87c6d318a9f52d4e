"""Alembic environment. Runs on the connection the application opened, so that
keys and connection settings (SQLCipher, WAL) apply to migrations too."""

from __future__ import annotations

from alembic import context

import caseworker.store.models  # noqa: F401  (complete metadata)
from caseworker.store.base import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for `alembic revision --autogenerate` by developers
    from sqlalchemy import create_engine

    connection = create_engine(context.config.get_main_option("sqlalchemy.url")).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
