"""partner handoffs: partners, handoffs, handoff rows (snapshot and disclosure ledger)

Revision ID: handoffs_1
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "handoffs_1"
down_revision = "letters_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handoff_partners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("profile", sa.Text(), nullable=False),
        sa.Column("secret", sa.LargeBinary(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_partners")),
        sa.UniqueConstraint("name", name=op.f("uq_handoff_partners_name")),
    )
    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("base_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("selection", sa.Text(), nullable=False),
        sa.Column("profile", sa.Text(), nullable=False),
        sa.Column("headings", sa.Text(), nullable=False),
        sa.Column("crossing_point", sa.String(length=100), nullable=False),
        sa.Column("window_from", sa.Date(), nullable=True),
        sa.Column("window_to", sa.Date(), nullable=True),
        sa.Column("uk_contact", sa.String(length=200), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("people_count", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("prepared_by_id", sa.Integer(), nullable=False),
        sa.Column("prepared_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("written_by_id", sa.Integer(), nullable=True),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("file_format", sa.String(length=8), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=True),
        sa.Column("encrypted", sa.Boolean(), nullable=False),
        sa.Column("passphrase_hash", sa.String(length=255), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("close_note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["partner_id"], ["handoff_partners.id"], name=op.f("fk_handoffs_partner_id_handoff_partners")),
        sa.ForeignKeyConstraint(["base_id"], ["handoffs.id"], name=op.f("fk_handoffs_base_id_handoffs")),
        sa.ForeignKeyConstraint(["prepared_by_id"], ["users.id"], name=op.f("fk_handoffs_prepared_by_id_users")),
        sa.ForeignKeyConstraint(["approved_by_id"], ["users.id"], name=op.f("fk_handoffs_approved_by_id_users")),
        sa.ForeignKeyConstraint(["written_by_id"], ["users.id"], name=op.f("fk_handoffs_written_by_id_users")),
        sa.ForeignKeyConstraint(["closed_by_id"], ["users.id"], name=op.f("fk_handoffs_closed_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoffs")),
        sa.UniqueConstraint("reference", name=op.f("uq_handoffs_reference")),
    )
    with op.batch_alter_table("handoffs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handoffs_partner_id"), ["partner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_handoffs_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_handoffs_written_at"), ["written_at"], unique=False)
    op.create_table(
        "handoff_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handoff_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("change", sa.String(length=10), nullable=True),
        sa.Column("changed_fields", sa.Text(), nullable=True),
        sa.Column("cells", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["handoff_id"], ["handoffs.id"], name=op.f("fk_handoff_rows_handoff_id_handoffs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_rows")),
    )
    with op.batch_alter_table("handoff_rows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handoff_rows_person_id"), ["person_id"], unique=False)
        batch_op.create_index("ix_handoff_rows_handoff_position", ["handoff_id", "position"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("handoff_rows", schema=None) as batch_op:
        batch_op.drop_index("ix_handoff_rows_handoff_position")
        batch_op.drop_index(batch_op.f("ix_handoff_rows_person_id"))
    op.drop_table("handoff_rows")
    with op.batch_alter_table("handoffs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handoffs_written_at"))
        batch_op.drop_index(batch_op.f("ix_handoffs_status"))
        batch_op.drop_index(batch_op.f("ix_handoffs_partner_id"))
    op.drop_table("handoffs")
    op.drop_table("handoff_partners")
