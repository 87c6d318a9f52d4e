"""The key slots of an open encrypted store, changed together with its database.

A user added, disabled or given a new password changes a row and a slot. The
slot change is staged in the write session, written to the sidecar just
before the database commits (while the write lock is held, so two writers
never interleave their read-modify-write of the file), and put back as it
was if the commit fails.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from caseworker.domain.errors import StoreError
from caseworker.store import keyslots
from caseworker.store.files import atomic_write
from caseworker.store.keyslots import KeySlots

_RING = "caseworker.keyring"
_STAGED = "caseworker.keyslots.staged"
_BEFORE = "caseworker.keyslots.before"
_WRITTEN = "caseworker.keyslots.written"


def keyring_for(session: Session) -> KeyRing | None:
    """The key ring of the store a write session belongs to (None if it has none)."""
    ring = session.info.get(_RING)
    return ring if isinstance(ring, KeyRing) else None


class KeyRing:
    def __init__(self, sidecar: Path, data_key: bytes) -> None:
        self.path = sidecar
        self._key = data_key

    def __repr__(self) -> str:  # never show the key
        return f"KeyRing({str(self.path)!r})"

    @property
    def data_key(self) -> bytes:
        """The store's data key (needed to write backups and new slots)."""
        return self._key

    def current(self) -> KeySlots | None:
        """The slots on disk now; None when the file is missing (after an erase)."""
        try:
            return keyslots.load(self.path)
        except keyslots.KeySlotsMissing:
            return None

    # -- changes inside a write transaction ------------------------------------

    def set_password(self, session: Session, username: str, password: str, signing: bytes | None = None) -> None:
        """Stage `username`'s slot for `password`, holding their raw audit-signing key if given."""
        self._stage(session, lambda slots: slots.with_password(username, password, self._key, signing))

    def remove(self, session: Session, username: str) -> None:
        self._stage(session, lambda slots: slots.without(username))

    def rebuild(self, session: Session) -> None:
        """Start a fresh, empty key file (recovery after loss or damage), keeping a damaged one aside."""
        if self.path.exists():
            try:
                keyslots.load(self.path)
            except keyslots.KeySlotsDamaged:
                aside = self.path.with_name(self.path.name + ".damaged")
                self.path.replace(aside)
        self._stage(session, lambda _slots: KeySlots.new(), fresh=True)

    def _stage(self, session: Session, change: Callable[[KeySlots], KeySlots], *, fresh: bool = False) -> None:
        session.connection()  # take the write lock before reading the file
        if _STAGED not in session.info:
            before = self.path.read_bytes() if self.path.exists() else None
            session.info[_BEFORE] = before
            current = KeySlots.new() if fresh or before is None else KeySlots.from_bytes(before, str(self.path))
            session.info[_STAGED] = current
        session.info[_STAGED] = change(session.info[_STAGED])

    # -- called by Store.write ---------------------------------------------------

    def flush(self, session: Session) -> None:
        staged = session.info.get(_STAGED)
        if staged is None:
            return
        try:
            keyslots.save(self.path, staged)
        except OSError as exc:
            raise StoreError(f"cannot write the key file {self.path}: {exc.strerror}") from None
        session.info[_WRITTEN] = True

    def undo(self, session: Session) -> None:
        if session.info.pop(_WRITTEN, False):
            before = session.info.get(_BEFORE)
            if before is None:
                self.path.unlink(missing_ok=True)
            else:
                atomic_write(self.path, before)

    def attach(self, session: Session) -> None:
        session.info[_RING] = self

    @staticmethod
    def forget(session: Session) -> None:
        for name in (_RING, _STAGED, _BEFORE, _WRITTEN):
            session.info.pop(name, None)
