"""the queue index: what the work queues and their counts read, without the case rows

Revision ID: perf_1
Revises: intake_1
"""

from __future__ import annotations

from alembic import op

revision = "perf_1"
down_revision = "intake_1"
branch_labels = None
depends_on = None

COLUMNS = ["assigned_to_id", "updated_at", "id", "status", "last_contact_at", "created_at", "status_changed_at"]


def upgrade() -> None:
    op.create_index("ix_cases_queues", "cases", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_cases_queues", table_name="cases")
