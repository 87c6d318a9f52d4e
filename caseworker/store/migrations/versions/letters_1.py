"""travel-authorisation letters

Revision ID: letters_1
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "letters_1"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("post_code", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=True),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("person_ids", sa.Text(), nullable=False),
        sa.Column("people", sa.Text(), nullable=False),
        sa.Column("valid_days", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("crossings", sa.Text(), nullable=False),
        sa.Column("signatory_id", sa.Integer(), nullable=True),
        sa.Column("signatory_name", sa.String(length=200), nullable=False),
        sa.Column("signatory_title", sa.String(length=200), nullable=False),
        sa.Column("drafted_by_id", sa.Integer(), nullable=True),
        sa.Column("drafted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("qr_text", sa.Text(), nullable=False),
        sa.Column("verification_code", sa.String(length=16), nullable=False),
        sa.Column("ended_by_id", sa.Integer(), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.Text(), nullable=False),
        sa.Column("print_count", sa.Integer(), nullable=False),
        sa.Column("last_printed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_letters_case_id_cases"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["post_code"], ["posts.code"], name=op.f("fk_letters_post_code_posts")),
        sa.ForeignKeyConstraint(["supersedes_id"], ["letters.id"], name=op.f("fk_letters_supersedes_id_letters")),
        sa.ForeignKeyConstraint(["signatory_id"], ["users.id"], name=op.f("fk_letters_signatory_id_users")),
        sa.ForeignKeyConstraint(["drafted_by_id"], ["users.id"], name=op.f("fk_letters_drafted_by_id_users")),
        sa.ForeignKeyConstraint(["approved_by_id"], ["users.id"], name=op.f("fk_letters_approved_by_id_users")),
        sa.ForeignKeyConstraint(["ended_by_id"], ["users.id"], name=op.f("fk_letters_ended_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letters")),
        sa.UniqueConstraint("reference", "version", name="uq_letters_reference_version"),
    )
    with op.batch_alter_table("letters", schema=None) as batch_op:
        batch_op.create_index("ix_letters_case_id", ["case_id"], unique=False)
        batch_op.create_index("ix_letters_status", ["status"], unique=False)
        batch_op.create_index("ix_letters_valid_to", ["valid_to"], unique=False)
        batch_op.create_index("ix_letters_verification_code", ["verification_code"], unique=False)
        batch_op.create_index("ix_letters_reference", ["reference"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("letters", schema=None) as batch_op:
        batch_op.drop_index("ix_letters_reference")
        batch_op.drop_index("ix_letters_verification_code")
        batch_op.drop_index("ix_letters_valid_to")
        batch_op.drop_index("ix_letters_status")
        batch_op.drop_index("ix_letters_case_id")
    op.drop_table("letters")
