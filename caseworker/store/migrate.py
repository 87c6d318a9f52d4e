"""Schema migrations with Alembic, run on the application's own connection.

Opening a store brings it to the newest schema; a store written by a newer
version of caseworker is refused rather than damaged.

Almost every time a store is opened its schema is already the newest, and
Alembic (with every dialect it supports and the migration scripts) is a
large import for a sign-in to pay for nothing. So the revision a store is at
is read with one SELECT and compared with the newest revision the migration
scripts declare, read from their text without importing them; Alembic is
imported only when there is something to do.
"""

from __future__ import annotations

import ast
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from caseworker.domain.errors import StoreError
from caseworker.resources import package_path

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

VERSION_TABLE = "alembic_version"


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(package_path("caseworker/store/migrations")))
    return config


def head_revision() -> str:
    """The newest revision, as Alembic computes it from the migration scripts."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def _constants(source: str) -> dict[str, object]:
    """A module's top-level `name = constant` (or `name: type = constant`) assignments."""
    found: dict[str, object] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and isinstance(value, ast.Constant):
            found[target.id] = value.value
    return found


@cache
def declared_head() -> str | None:
    """The newest revision named by the migration scripts' `revision` and `down_revision`,
    read without importing them; None unless they form a single line."""
    parents: dict[str, object] = {}
    for script in package_path("caseworker/store/migrations/versions").glob("*.py"):
        names = _constants(script.read_text(encoding="utf-8"))
        if isinstance(names.get("revision"), str):
            parents[str(names["revision"])] = names.get("down_revision")
    heads = set(parents) - set(parents.values())
    return heads.pop() if len(heads) == 1 else None


def current_revision(engine: Engine) -> str | None:
    """The revision the store's schema is at (None for an empty database)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def _known(script: ScriptDirectory, revision: str) -> bool:
    from alembic.util.exc import CommandError

    try:
        return script.get_revision(revision) is not None
    except CommandError:  # alembic's way of saying "no such revision"
        return False


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the schema up to `target` in one transaction."""
    current = current_revision(engine)
    if target == "head" and current is not None and current == declared_head():
        return
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    if current is not None and not _known(script, current):
        raise StoreError(
            f"this store was written by a newer version of caseworker (schema {current}); "
            "update the application before opening it"
        )
    with engine.connect() as conn:
        config = _config()
        config.attributes["connection"] = conn
        command.upgrade(config, target)
        conn.commit()
