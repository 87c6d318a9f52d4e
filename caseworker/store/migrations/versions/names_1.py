"""name keys that split compounds, keep "al" inside words and read Pashto letters: rebuild them

Revision ID: names_1
Revises: perf_1

The keys of de-duplication (people.name_key) and of search (search_rows.keys and
words) are computed by domain.names; issue 13 changed how, so the keys of the
people already held are recomputed here, in batches. No column changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "names_1"
down_revision = "perf_1"
branch_labels = None
depends_on = None

BATCH = 2000

_people = sa.table(
    "people", sa.column("id", sa.Integer), sa.column("doc_given_names", sa.String),
    sa.column("doc_surname", sa.String), sa.column("name_original", sa.String),
    sa.column("variants", sa.JSON), sa.column("name_key", sa.String),
)  # fmt: skip
_rows = sa.table("search_rows", sa.column("person_id", sa.Integer), sa.column("keys", sa.Text),
                 sa.column("words", sa.Text))  # fmt: skip


def rebuild_name_keys(connection: sa.Connection) -> int:
    """Recompute every person's name keys with the current domain.names; returns how many."""
    from caseworker.domain.search_terms import name_words
    from caseworker.services.inputs import person_name_key

    done, last = 0, 0
    while True:
        batch = connection.execute(
            sa.select(_people.c.id, _people.c.doc_given_names, _people.c.doc_surname, _people.c.name_original,
                      _people.c.variants).where(_people.c.id > last).order_by(_people.c.id).limit(BATCH)
        ).all()  # fmt: skip
        if not batch:
            return done
        people, rows = [], []
        for pid, given, surname, original, variants in batch:
            values = {"doc_given_names": given or "", "doc_surname": surname or "", "name_original": original or ""}
            people.append({"pid": pid, "key": person_name_key(values)})
            keys, words = name_words([given or "", surname or "", original or "", *(variants or [])])
            rows.append({"pid": pid, "keys": " ".join(keys), "words": " ".join(words)})
        connection.execute(_people.update().where(_people.c.id == sa.bindparam("pid"))
                           .values(name_key=sa.bindparam("key")), people)  # fmt: skip
        connection.execute(_rows.update().where(_rows.c.person_id == sa.bindparam("pid"))
                           .values(keys=sa.bindparam("keys"), words=sa.bindparam("words")), rows)  # fmt: skip
        done += len(batch)
        last = batch[-1][0]


def upgrade() -> None:
    rebuild_name_keys(op.get_bind())


def downgrade() -> None:
    """The older keys are not kept; the rebuilt ones still find what the older ones found, nearly."""
