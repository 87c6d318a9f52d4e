"""name keys that split compounds, keep "al" inside words and read Pashto letters: rebuild them

Revision ID: names_1
Revises: perf_1

The keys of de-duplication (people.name_key) and of search (search_rows.keys and
words) are computed by domain.names; issue 13 changed how, so the keys of the
people already held are recomputed here, in batches. No column changes.
"""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from alembic import op

revision = "names_1"
down_revision = "intake2_1"
branch_labels = None
depends_on = None

BATCH = 2000

_people = sa.table(
    "people", sa.column("id", sa.Integer), sa.column("doc_given_names", sa.String),
    sa.column("doc_surname", sa.String), sa.column("name_original", sa.String),
    sa.column("variants", sa.JSON), sa.column("name_key", sa.String),
)  # fmt: skip
_rows = sa.table("search_rows", sa.column("id", sa.Integer), sa.column("person_id", sa.Integer),
                 sa.column("keys", sa.Text), sa.column("words", sa.Text))  # fmt: skip
_NAMES = (_people.c.doc_given_names, _people.c.doc_surname, _people.c.name_original, _people.c.variants)


def _batches(connection: sa.Connection, query: sa.Select[tuple[int, int, str, str, str, list[str]]],
             position: sa.ColumnElement[int]) -> Iterator[list[sa.Row[tuple[int, int, str, str, str, list[str]]]]]:
    """Rows of `query` in batches, walking the primary key `position` (no offset, no long cursor)."""
    last = 0
    while batch := connection.execute(query.where(position > last).order_by(position).limit(BATCH)).all():
        yield batch
        last = batch[-1][0]


def rebuild_name_keys(connection: sa.Connection) -> int:
    """Recompute every person's name keys with the current domain.names; returns how many people.

    Both tables are walked by their primary keys and updated by them (search_rows has no
    index on person_id, and one would cost every later write for this one pass).
    """
    from caseworker.domain.search_terms import name_words
    from caseworker.services.inputs import person_name_key

    done = 0
    for batch in _batches(connection, sa.select(_people.c.id, _people.c.id, *_NAMES), _people.c.id):
        keys = [{"row": pid, "key": person_name_key({"doc_given_names": given or "", "doc_surname": surname or "",
                                                     "name_original": original or ""})}
                for pid, _, given, surname, original, _ in batch]  # fmt: skip
        connection.execute(_people.update().where(_people.c.id == sa.bindparam("row"))
                           .values(name_key=sa.bindparam("key")), keys)  # fmt: skip
        done += len(batch)
    people_rows = sa.select(_rows.c.id, _people.c.id, *_NAMES).join_from(_rows, _people, _rows.c.person_id == _people.c.id)
    for batch in _batches(connection, people_rows, _rows.c.id):
        rows = []
        for row_id, _, given, surname, original, variants in batch:
            keys, words = name_words([given or "", surname or "", original or "", *(variants or [])])
            rows.append({"row": row_id, "keys": " ".join(keys), "words": " ".join(words)})
        connection.execute(_rows.update().where(_rows.c.id == sa.bindparam("row"))
                           .values(keys=sa.bindparam("keys"), words=sa.bindparam("words")), rows)  # fmt: skip
    return done


# The update trigger of 0001_initial_schema: on SQLite, while every row is rewritten, the
# full-text index is rebuilt once at the end instead of row by row (several times faster).
_UPDATE_TRIGGER = (
    "CREATE TRIGGER search_rows_au AFTER UPDATE ON search_rows BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, keys, words, ids) "
    "VALUES ('delete', old.id, old.keys, old.words, old.ids); "
    "INSERT INTO search_fts(rowid, keys, words, ids) VALUES (new.id, new.keys, new.words, new.ids); END"
)


def upgrade() -> None:
    connection = op.get_bind()
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER search_rows_au")
    rebuild_name_keys(connection)
    if sqlite:
        op.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
        op.execute(_UPDATE_TRIGGER)


def downgrade() -> None:
    """The older keys are not kept; the rebuilt ones still find what the older ones found, nearly."""
