"""Schema migrations with Alembic, run on the application's own connection.

Opening a store brings it to the newest schema; a store written by a newer
version of caseworker is refused rather than damaged.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine

from caseworker.domain.errors import StoreError
from caseworker.resources import package_path


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(package_path("caseworker/store/migrations")))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except CommandError:  # alembic's way of saying "no such revision"
        return False


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the schema up to `target` in one transaction."""
    script = ScriptDirectory.from_config(_config())
    current = current_revision(engine)
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
