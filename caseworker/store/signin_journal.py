"""The sign-in journal: failed sign-ins of an encrypted SQLite store, kept next to it.

A wrong password for an encrypted store fails before the store can be opened,
so it cannot be counted or audited inside it. The journal `caseworker.db-signin`
holds, per user (a salted HMAC of the name, never the name itself), the
number of consecutive failures and when the last happened, for throttling;
and the attempts not yet in the audit trail, which the next successful
sign-in writes there. It holds no personal data and no password.

Every change is one read-modify-write under an exclusive lock on
`caseworker.db-signin.lock`, and an attempt holds that lock from the
throttle check through the password check to its record: parallel attempts
from several processes are checked one after another, each sees the failures
before it, so eight wrong passwords at once count eight and those beyond the
free tries are refused without a password check at all.

A journal that is missing or cannot be read does not reset the throttle: it
is kept aside as `caseworker.db-signin.damaged-<time>`, and every user is
treated as having the most recent failures the throttle knows (the longest
wait) until an administrator signs in; the damage reaches the audit trail at
the next sign-in and is shown to that administrator. Someone who writes a
well-formed fresh journal by hand can still reset it, but such a person holds
the files already and can guess offline, against the memory-hard KDF.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from caseworker.domain import throttle
from caseworker.domain.errors import StoreError
from caseworker.store.files import PRIVATE, atomic_write
from caseworker.store.keyslots import normalise_username

FORMAT = "caseworker-signin"
MAX_UNAUDITED = 1000


def journal_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + "-signin")


def lock_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + "-signin.lock")


@dataclass(frozen=True, slots=True)
class Failure:
    """A failure not yet in the audit trail."""

    id: str
    tag: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class Damage:
    """The journal was missing or unreadable when `found_at`; the unreadable bytes are in `kept`."""

    found_at: dt.datetime
    reason: str
    kept: str | None
    audited: bool

    def describe(self) -> str:
        where = f"; the damaged file was kept as {self.kept}" if self.kept else ""
        return (
            f"The sign-in journal was {self.reason} at {self.found_at.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC"
            f"{where}. Failed sign-ins recorded in it may be lost, and sign-ins were throttled as after "
            "the most failures until an administrator signed in."
        )


class Attempt:
    """A sign-in in progress, holding the journal: say how its password check went."""

    def __init__(self, doc: dict[str, Any], tag: str, now: dt.datetime) -> None:
        self._doc, self._tag, self._now = doc, tag, now

    def failed(self) -> None:
        """The password did not open the user's key slot: counted, and kept for the trail."""
        count = SignInJournal._own(self._doc, self._tag)[0]
        self._doc["counters"][self._tag] = {"n": count + 1, "last": self._now.isoformat()}
        _pend(self._doc, self._tag, self._now)

    def succeeded(self) -> None:
        self._doc["counters"].pop(self._tag, None)


def _pend(doc: dict[str, Any], tag: str, now: dt.datetime) -> None:
    pending = doc["unaudited"]
    pending.append({"id": secrets.token_hex(8), "tag": tag, "at": now.isoformat()})
    if len(pending) > MAX_UNAUDITED:
        doc["dropped"] += len(pending) - MAX_UNAUDITED
        del pending[: len(pending) - MAX_UNAUDITED]


def _new_document() -> dict[str, Any]:
    return {"format": FORMAT, "version": 2, "salt": base64.b64encode(secrets.token_bytes(16)).decode(),
            "counters": {}, "unaudited": [], "dropped": 0, "damage": None}  # fmt: skip


def create(store_path: Path) -> None:
    """Start an empty journal for a newly encrypted store (its absence later means damage)."""
    with _exclusive(lock_path(store_path)):
        _write(journal_path(store_path), _new_document())


def _write(path: Path, doc: dict[str, Any]) -> None:
    try:
        atomic_write(path, json.dumps(doc, indent=1, sort_keys=True).encode("utf-8"))
    except OSError as exc:
        raise StoreError(f"cannot write the sign-in journal {path}: {exc.strerror}") from None


@contextlib.contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` (created 0600) across processes until the block ends."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE)
    except OSError as exc:
        raise StoreError(f"cannot lock the sign-in journal {path}: {exc.strerror}") from None
    try:
        if os.name == "nt":  # pragma: no cover - exercised on Windows only
            import msvcrt

            while True:
                try:
                    msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                    break
                except OSError:
                    continue
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _valid(doc: Any) -> bool:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return False
    base64.b64decode(doc["salt"], validate=True)
    counters, pending = doc.get("counters", {}), doc.get("unaudited", [])
    if not isinstance(counters, dict) or not isinstance(pending, list):
        return False
    for entry in counters.values():
        int(entry["n"]), dt.datetime.fromisoformat(entry["last"])
    for entry in pending:
        str(entry["tag"]), dt.datetime.fromisoformat(entry["at"])
    return True


class SignInJournal:
    """The journal of one store; each public method is one locked read-modify-write."""

    def __init__(self, store_path: Path) -> None:
        self.path = journal_path(store_path)
        self._lock = lock_path(store_path)

    @contextlib.contextmanager
    def _open(self, now: dt.datetime | None = None) -> Iterator[dict[str, Any]]:
        """The journal's document, locked; written back when the block ends without an error."""
        with _exclusive(self._lock):
            doc, replaced = self._read(now or dt.datetime.now(dt.UTC))
            before = json.dumps(doc, sort_keys=True)
            try:
                yield doc
            finally:  # a refused attempt must still keep the damage record it found
                if replaced or json.dumps(doc, sort_keys=True) != before:
                    _write(self.path, doc)

    def _read(self, now: dt.datetime) -> tuple[dict[str, Any], bool]:
        """The document, and whether it replaces a missing or damaged file."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return self._damaged(now, "missing", None), True
        except OSError:
            return self._damaged(now, "unreadable", None), True
        try:
            doc = json.loads(raw.decode("utf-8"))
            if _valid(doc):
                doc.setdefault("counters", {})
                doc.setdefault("unaudited", [])
                doc.setdefault("dropped", 0)
                doc.setdefault("damage", None)
                for entry in doc["unaudited"]:  # version 1 entries had no id
                    entry.setdefault("id", secrets.token_hex(8))
                return doc, False
        except (ValueError, KeyError, TypeError):
            pass
        return self._damaged(now, "damaged", raw), True

    def _damaged(self, now: dt.datetime, reason: str, raw: bytes | None) -> dict[str, Any]:
        kept = None
        if raw is not None:
            aside = self.path.with_name(f"{self.path.name}.damaged-{now.astimezone(dt.UTC):%Y%m%dT%H%M%S}")
            with contextlib.suppress(OSError):
                atomic_write(aside, raw)
                kept = aside.name
        doc = _new_document()
        doc["damage"] = {"at": now.isoformat(), "reason": reason, "kept": kept, "audited": False}
        return doc

    @staticmethod
    def _tag(doc: dict[str, Any], username: str) -> str:
        salt = base64.b64decode(doc["salt"])
        return hmac.new(salt, normalise_username(username).encode("utf-8"), hashlib.sha256).hexdigest()[:32]

    @staticmethod
    def _own(doc: dict[str, Any], tag: str) -> tuple[int, dt.datetime | None]:
        entry = doc["counters"].get(tag)
        return (int(entry["n"]), dt.datetime.fromisoformat(entry["last"])) if entry else (0, None)

    @classmethod
    def _state(cls, doc: dict[str, Any], tag: str) -> tuple[int, dt.datetime | None]:
        count, last = cls._own(doc, tag)
        if doc.get("damage"):  # no user's throttle is reset by losing the journal
            found = dt.datetime.fromisoformat(doc["damage"]["at"])
            count, last = max(count, throttle.SATURATED), max(last or found, found)
        return count, last

    def failures(self, username: str, *, now: dt.datetime | None = None) -> tuple[int, dt.datetime | None]:
        """Consecutive failures the throttle counts for `username`, and when the last was."""
        with self._open(now) as doc:
            return self._state(doc, self._tag(doc, username))

    @contextlib.contextmanager
    def attempt(self, username: str, now: dt.datetime) -> Iterator[Attempt]:
        """Hold the journal for one attempt: refused at once if it comes too soon, else the block
        checks the password and calls `failed` or `succeeded` before the journal is let go."""
        with self._open(now) as doc:
            tag = self._tag(doc, username)
            throttle.check(*self._state(doc, tag), now)  # raises without a password check
            yield Attempt(doc, tag, now)

    def failed_in_store(self, username: str, now: dt.datetime) -> None:
        """The key slot opened but the store refused the account (audited there): count it only."""
        with self._open(now) as doc:
            tag = self._tag(doc, username)
            count = self._own(doc, tag)[0]
            doc["counters"][tag] = {"n": count + 1, "last": now.isoformat()}

    def administrator_signed_in(self) -> Damage | None:
        """An administrator is in: clear a damage state, returning it so they are told."""
        with self._open() as doc:
            cleared = self._damage(doc)
            doc["damage"] = None
            return cleared

    @staticmethod
    def _damage(doc: dict[str, Any]) -> Damage | None:
        damage = doc.get("damage")
        if not damage:
            return None
        return Damage(dt.datetime.fromisoformat(damage["at"]), str(damage["reason"]), damage.get("kept"),
                      bool(damage.get("audited")))  # fmt: skip

    def names(self, usernames: list[str]) -> dict[str, str]:
        """The journal's tag for each user name (to say whose failures the trail receives)."""
        with self._open() as doc:
            return {self._tag(doc, name): name for name in usernames}

    def unaudited(self) -> tuple[list[Failure], int, Damage | None]:
        """Failures to write into the trail, how many were dropped, and damage not yet audited."""
        with self._open() as doc:
            items = [Failure(e["id"], e["tag"], dt.datetime.fromisoformat(e["at"])) for e in doc["unaudited"]]
            damage = self._damage(doc)
            return items, int(doc["dropped"]), damage if damage and not damage.audited else None

    def mark_audited(self, ids: set[str], *, dropped: int, damage: bool) -> None:
        """Forget the attempts now in the audit trail (by id: others may have arrived meanwhile)."""
        with self._open() as doc:
            doc["unaudited"] = [e for e in doc["unaudited"] if e["id"] not in ids]
            doc["dropped"] = max(0, int(doc["dropped"]) - dropped)
            if damage and doc.get("damage"):
                doc["damage"]["audited"] = True
