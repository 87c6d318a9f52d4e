"""signed audit trail: per-user signing keys, event signatures, the start of the signed chain

Revision ID: security_1
Revises: perf_1
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "security_1"
down_revision = "perf_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_events", sa.Column("signature", sa.String(length=128), nullable=True))
    op.add_column("audit_events", sa.Column("signer", sa.String(length=8), nullable=True))
    op.add_column("users", sa.Column("signing_public", sa.String(length=64), nullable=True))
    op.add_column("users", sa.Column("signing_key", sa.Text(), nullable=True))
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT seq FROM audit_head WHERE id = 1")).scalar_one() > 0:
        # An existing trail: record where the signed chain starts (store/audit.py). The
        # event is appended by the application's own code, so it hashes like any other;
        # this assumes the audit tables as they are at this revision.
        from caseworker.store import audit

        session = Session(bind=bind)
        audit.start_signed_chain(session)
        session.flush()


def downgrade() -> None:
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35+ and PostgreSQL): a batch copy of `users`
    # would trip the foreign keys that point at it.
    for table, column in (("users", "signing_key"), ("users", "signing_public"),
                          ("audit_events", "signer"), ("audit_events", "signature")):  # fmt: skip
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
