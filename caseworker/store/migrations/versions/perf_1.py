"""indexes for a large store: the work queues, the week's contacts, search's row-to-case lookup (SQLite)

Revision ID: perf_1
Revises: indexes_1
"""

from __future__ import annotations

from alembic import op

revision = "perf_1"
down_revision = "indexes_1"
branch_labels = None
depends_on = None

QUEUE_COLUMNS = ["assigned_to_id", "updated_at", "id", "status", "last_contact_at", "created_at", "status_changed_at"]


def upgrade() -> None:
    op.create_index("ix_cases_queues", "cases", QUEUE_COLUMNS)
    op.create_index("ix_contact_entries_occurred_at", "contact_entries", ["occurred_at"])
    if op.get_bind().dialect.name == "sqlite":  # FTS5 hits → case ids (store/search.py)
        op.create_index("ix_search_rows_id_case", "search_rows", ["id", "case_id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index("ix_search_rows_id_case", table_name="search_rows")
    op.drop_index("ix_contact_entries_occurred_at", table_name="contact_entries")
    op.drop_index("ix_cases_queues", table_name="cases")
