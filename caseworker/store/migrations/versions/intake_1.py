"""intake: import batches, row fingerprints, duplicate review queue, saved column mappings

Revision ID: intake_1
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "intake_1"
down_revision = "handoffs_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "intake_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("options", sa.Text(), nullable=True),
        sa.Column("counts", sa.Text(), nullable=True),
        sa.Column("rejects", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name="fk_intake_batches_created_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_intake_batches"),
    )
    op.create_index("ix_intake_batches_file_sha256", "intake_batches", ["file_sha256"])

    op.create_table(
        "intake_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("source_key", sa.String(length=100), nullable=False),
        sa.Column("external_ref", sa.String(length=100), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["intake_batches.id"], name="fk_intake_rows_batch_id_intake_batches",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_intake_rows_case_id_cases", ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name="fk_intake_rows_person_id_people",
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_intake_rows"),
        sa.UniqueConstraint("fingerprint", name="uq_intake_rows_fingerprint"),
    )
    op.create_index("ix_intake_rows_batch_id", "intake_rows", ["batch_id"])
    op.create_index("ix_intake_rows_source_ref", "intake_rows", ["source_key", "external_ref"])

    op.create_table(
        "duplicate_candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_low_id", sa.Integer(), nullable=False),
        sa.Column("case_high_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("pairs", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_low_id"], ["cases.id"], name="fk_duplicate_candidates_case_low_id_cases",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["case_high_id"], ["cases.id"], name="fk_duplicate_candidates_case_high_id_cases",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["batch_id"], ["intake_batches.id"],
                                name="fk_duplicate_candidates_batch_id_intake_batches", ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["resolved_by_id"], ["users.id"], name="fk_duplicate_candidates_resolved_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_duplicate_candidates"),
        sa.UniqueConstraint("case_low_id", "case_high_id", name="uq_duplicate_candidates_case_low_id_case_high_id"),
    )
    op.create_index("ix_duplicate_candidates_case_high_id", "duplicate_candidates", ["case_high_id"])
    op.create_index("ix_duplicate_candidates_status_score", "duplicate_candidates", ["status", "score"])

    op.create_table(
        "intake_mappings",
        sa.Column("source_key", sa.String(length=100), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("mapping", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], name="fk_intake_mappings_updated_by_id_users"),
        sa.PrimaryKeyConstraint("source_key", name="pk_intake_mappings"),
    )


def downgrade() -> None:
    op.drop_table("intake_mappings")
    op.drop_index("ix_duplicate_candidates_status_score", table_name="duplicate_candidates")
    op.drop_index("ix_duplicate_candidates_case_high_id", table_name="duplicate_candidates")
    op.drop_table("duplicate_candidates")
    op.drop_index("ix_intake_rows_source_ref", table_name="intake_rows")
    op.drop_index("ix_intake_rows_batch_id", table_name="intake_rows")
    op.drop_table("intake_rows")
    op.drop_index("ix_intake_batches_file_sha256", table_name="intake_batches")
    op.drop_table("intake_batches")
