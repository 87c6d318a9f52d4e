"""intake: chunked imports (batch status, owner, heartbeat, last audit seq) and the undo log

Revision ID: intake2_1
Revises: perf_1
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "intake2_1"
down_revision = "security_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("intake_batches") as batch:
        batch.add_column(sa.Column("status", sa.String(length=16), nullable=False, server_default="COMPLETE"))
        batch.add_column(sa.Column("owner", sa.String(length=100), nullable=False, server_default=""))
        batch.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("last_seq", sa.Integer(), nullable=True))
    op.create_table(
        "intake_undo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("entity_type", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["batch_id"], ["intake_batches.id"], name="fk_intake_undo_batch_id_intake_batches",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_intake_undo"),
    )
    op.create_index("ix_intake_undo_batch_id", "intake_undo", ["batch_id"])


def downgrade() -> None:
    op.drop_index("ix_intake_undo_batch_id", table_name="intake_undo")
    op.drop_table("intake_undo")
    with op.batch_alter_table("intake_batches") as batch:
        batch.drop_column("last_seq")
        batch.drop_column("heartbeat_at")
        batch.drop_column("owner")
        batch.drop_column("status")
