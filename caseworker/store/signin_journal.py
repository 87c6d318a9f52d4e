"""The sign-in journal: failed sign-ins of a SQLite store, kept next to it.

A wrong password for an encrypted store fails before the store can be opened,
so it cannot be counted or audited inside it. The journal `caseworker.db-signin`
holds, per user (a salted HMAC of the name, never the name itself), the
number of consecutive failures and when the last happened, for throttling;
and the failures not yet in the audit trail, which the next successful
sign-in writes there. It holds no personal data and no password. Someone who
can delete the file can reset the throttle, but such a person holds the
files already and can only guess offline, against the memory-hard KDF.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from caseworker.domain.errors import StoreError
from caseworker.store.files import atomic_write
from caseworker.store.keyslots import normalise_username

FORMAT = "caseworker-signin"
MAX_UNAUDITED = 1000


def journal_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + "-signin")


@dataclass(frozen=True, slots=True)
class Failure:
    tag: str
    at: dt.datetime


class SignInJournal:
    def __init__(self, store_path: Path) -> None:
        self.path = journal_path(store_path)
        self._doc = self._read()

    def _read(self) -> dict[str, Any]:
        try:
            doc = json.loads(self.path.read_text("utf-8"))
            if isinstance(doc, dict) and doc.get("format") == FORMAT:
                base64.b64decode(doc["salt"], validate=True)
                doc.setdefault("counters", {})
                doc.setdefault("unaudited", [])
                doc.setdefault("dropped", 0)
                return doc
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a damaged journal only loses throttle state: start a new one
        return {"format": FORMAT, "version": 1, "salt": base64.b64encode(secrets.token_bytes(16)).decode(),
                "counters": {}, "unaudited": [], "dropped": 0}  # fmt: skip

    def _write(self) -> None:
        try:
            atomic_write(self.path, json.dumps(self._doc, indent=1, sort_keys=True).encode("utf-8"))
        except OSError as exc:
            raise StoreError(f"cannot write the sign-in journal {self.path}: {exc.strerror}") from None

    def tag(self, username: str) -> str:
        salt = base64.b64decode(self._doc["salt"])
        return hmac.new(salt, normalise_username(username).encode("utf-8"), hashlib.sha256).hexdigest()[:32]

    def failures(self, username: str) -> tuple[int, dt.datetime | None]:
        entry = self._doc["counters"].get(self.tag(username))
        if not entry:
            return 0, None
        return int(entry["n"]), dt.datetime.fromisoformat(entry["last"])

    def record_failure(self, username: str, now: dt.datetime, *, audited: bool) -> None:
        """Count a failure; `audited` is False when the store could not record it itself."""
        tag = self.tag(username)
        count, _ = self.failures(username)
        self._doc["counters"][tag] = {"n": count + 1, "last": now.isoformat()}
        if not audited:
            pending = self._doc["unaudited"]
            pending.append({"tag": tag, "at": now.isoformat()})
            if len(pending) > MAX_UNAUDITED:
                self._doc["dropped"] += len(pending) - MAX_UNAUDITED
                del pending[: len(pending) - MAX_UNAUDITED]
        self._write()

    def record_success(self, username: str) -> None:
        if self._doc["counters"].pop(self.tag(username), None) is not None:
            self._write()

    def unaudited(self) -> tuple[list[Failure], int]:
        """Failures still to be written into the audit trail, and how many were dropped."""
        items = [Failure(e["tag"], dt.datetime.fromisoformat(e["at"])) for e in self._doc["unaudited"]]
        return items, int(self._doc["dropped"])

    def clear_unaudited(self, count: int) -> None:
        """Forget the first `count` pending failures (they are in the audit trail now)."""
        if count or self._doc["dropped"]:
            del self._doc["unaudited"][:count]
            self._doc["dropped"] = 0
            self._write()
