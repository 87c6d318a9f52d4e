"""Where the store is: a file path or a database URL.

Precedence: `--store` on the command line, then `CASEWORKER_STORE`, then
`caseworker.db` in the platform's user data directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from caseworker.domain.errors import StoreError

APP_NAME = "caseworker"
ENV_STORE = "CASEWORKER_STORE"


@dataclass(frozen=True, slots=True)
class StoreLocation:
    """Either a SQLite file (`path`) or a server URL (`url`)."""

    path: Path | None = None
    url: str | None = None

    @property
    def is_sqlite(self) -> bool:
        return self.path is not None

    @property
    def display(self) -> str:
        if self.path is not None:
            return str(self.path)
        return _redact(self.url or "")

    @property
    def name(self) -> str:
        if self.path is not None:
            return self.path.stem
        return (self.url or "").rsplit("/", 1)[-1].split("?", 1)[0] or "database"


def default_store_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "caseworker.db"


def resolve_location(given: str | None = None) -> StoreLocation:
    raw = given or os.environ.get(ENV_STORE) or ""
    raw = raw.strip()
    if not raw:
        return StoreLocation(path=default_store_path())
    if "://" in raw:
        if raw.startswith(("postgresql://", "postgresql+psycopg://", "postgres://")):
            url = raw.replace("postgres://", "postgresql://", 1)
            if url.startswith("postgresql://"):
                url = "postgresql+psycopg://" + url[len("postgresql://") :]
            return StoreLocation(url=url)
        if raw.startswith("sqlite:///"):
            return StoreLocation(path=Path(raw[len("sqlite:///") :]).expanduser().absolute())
        raise StoreError(f"unsupported store URL {_redact(raw)!r}: use a file path or postgresql://…")
    return StoreLocation(path=Path(raw).expanduser().absolute())


def _redact(url: str) -> str:
    """Hide a password inside a URL so it never reaches a log or a message."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in creds else url
