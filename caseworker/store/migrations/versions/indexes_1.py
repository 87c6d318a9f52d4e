"""indexes: handoff_rows.case_id (a case's Disclosures tab reads the rows of its family)

Revision ID: indexes_1
Revises: intake_1
"""

from __future__ import annotations

from alembic import op

revision = "indexes_1"
down_revision = "intake_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_handoff_rows_case_id", "handoff_rows", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_handoff_rows_case_id", table_name="handoff_rows")
