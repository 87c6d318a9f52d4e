"""Creating encrypted stores, and encrypting a plain store in place without risking it.

New SQLite stores are built under a temporary name and take their place (key
file first, then the database) only once complete, so a failed `init` leaves
nothing behind. `encrypt_in_place` never modifies the original file: it
exports an encrypted copy while holding the original alone, verifies the copy
table by table, writes the key file, and only then swaps the copy in with one
atomic rename. The original stays (as a hard link) until the encrypted store
has been opened and checked in its place; then its bytes are overwritten.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from caseworker.domain.errors import StoreError
from caseworker.store import keyslots, recovery_key, signin_journal
from caseworker.store.engine import Store
from caseworker.store.exclusive import connect, exclusive, integrity_ok, table_counts
from caseworker.store.files import fsync_dir, fsync_file, make_private, shred, temporary_sibling
from caseworker.store.keyslots import KeySlots, sidecar_path
from caseworker.store.location import StoreLocation
from caseworker.store.opening import file_kind, open_store
from caseworker.store.signin_journal import journal_path


def new_data_key() -> bytes:
    return secrets.token_bytes(keyslots.KEY_BYTES)


def companions(path: Path) -> list[Path]:
    """The files that belong with a store file: its WAL and shared memory, key file, sign-in journal."""
    return [path.with_name(path.name + s) for s in ("-wal", "-shm")] + [sidecar_path(path), journal_path(path)]


def remove_store_files(path: Path) -> None:
    for file in (path, *companions(path)):
        file.unlink(missing_ok=True)


@dataclass
class NewStore:
    store: Store
    data_key: bytes | None

    @property
    def recovery_key(self) -> str | None:
        return recovery_key.encode(self.data_key) if self.data_key is not None else None


@contextlib.contextmanager
def creating(location: StoreLocation, *, encrypted: bool = True) -> Iterator[NewStore]:
    """A new, migrated store to fill in the block; it appears at `location` only if the block succeeds.

    PostgreSQL databases are used where they are (the server protects them).
    """
    if location.path is None:
        store = open_store(location, create=True)
        try:
            yield NewStore(store, None)
        finally:
            store.close()
        return
    if file_kind(location) != "missing":
        raise StoreError(f"a store already exists at {location.display}")
    location.path.parent.mkdir(parents=True, exist_ok=True)
    temp = temporary_sibling(location.path, "creating")
    key = new_data_key() if encrypted else None
    store = open_store(StoreLocation(path=temp), key=key, create=True)
    try:
        yield NewStore(store, key)
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        store.close()
        if key is not None and not sidecar_path(temp).exists():
            keyslots.save(sidecar_path(temp), KeySlots.new())
        if file_kind(location) != "missing":
            raise StoreError(f"a store appeared at {location.display} meanwhile; nothing was changed")
        if key is not None:
            os.replace(sidecar_path(temp), sidecar_path(location.path))
            signin_journal.create(location.path)
        temp.with_name(temp.name + "-wal").unlink(missing_ok=True)
        temp.with_name(temp.name + "-shm").unlink(missing_ok=True)
        make_private(temp)
        os.replace(temp, location.path)
        fsync_dir(location.path.parent)
    except BaseException:
        store.close()
        remove_store_files(temp)
        raise


@dataclass(frozen=True, slots=True)
class EncryptedCopy:
    path: Path
    counts: dict[str, int]


def export_encrypted(path: Path, key: bytes, conn: Any) -> EncryptedCopy:
    """Write an encrypted copy of the plain store that `conn` (an `exclusive` connection) holds."""
    target = temporary_sibling(path, "encrypting")
    counts = table_counts(conn)
    try:
        conn.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(target),))
    except Exception as exc:  # the driver's message never holds the statement or the key
        raise StoreError(f"cannot create the encrypted copy next to {path}: {exc}") from None
    try:
        conn.execute("BEGIN")
        conn.execute("SELECT sqlcipher_export('encrypted')")
        conn.execute("COMMIT")
    except Exception as exc:
        with contextlib.suppress(Exception):
            conn.execute("ROLLBACK")
        shred(target)
        raise StoreError(f"could not write the encrypted copy (the original is unchanged): {exc}") from None
    finally:
        conn.execute("DETACH DATABASE encrypted")
    fsync_file(target)
    make_private(target)
    return EncryptedCopy(target, counts)


def verify_copy(copy: EncryptedCopy, key: bytes) -> None:
    """The copy opens with the key, is intact, and holds exactly the rows of the original."""
    conn = connect(copy.path, key)
    try:
        if not integrity_ok(conn):
            raise StoreError("the encrypted copy failed its integrity check; the original is unchanged")
        found = table_counts(conn)
    finally:
        conn.close()
    if found != copy.counts:
        differ = sorted(name for name in set(found) | set(copy.counts) if found.get(name) != copy.counts.get(name))
        raise StoreError(f"the encrypted copy differs from the original in {', '.join(differ)}; the original is unchanged")


def keep_original(path: Path) -> Path:
    """A second name for the original file (a hard link, else a copy) until the swap is confirmed."""
    kept = temporary_sibling(path, "plain-original")
    try:
        os.link(path, kept)
    except OSError:
        shutil.copy2(path, kept)
    return kept


def clean_leftovers(path: Path) -> int:
    """Remove what an interrupted `encrypt_in_place` left next to `path`; returns how many files.

    An encrypted copy's key was never saved, so it is only deleted. A kept
    original is overwritten first (it holds plain data), unless it is still
    the same file as the store, in which case only that extra name goes.
    """
    removed = 0
    for leftover in path.parent.glob(f".{path.name}.encrypting-*"):
        shred(leftover)
        removed += 1
    for leftover in path.parent.glob(f".{path.name}.plain-original-*"):
        _drop_kept(leftover, path)
        removed += 1
    return removed


def _drop_kept(kept: Path, path: Path) -> None:
    if path.exists() and os.path.samefile(kept, path):
        kept.unlink()  # never overwrite: it is the store itself under a second name
    else:
        shred(kept)


def _swap(copy: Path, path: Path, hold: Any) -> None:
    try:
        os.replace(copy, path)
    except PermissionError:
        # Windows cannot rename over a file that is open: let go of it first.
        hold.close()
        os.replace(copy, path)
    fsync_dir(path.parent)


def encrypt_in_place(
    path: Path,
    slots_for: Callable[[bytes], KeySlots],
    *,
    key_ready: Callable[[str], None],
    check_opened: Callable[[bytes], None],
) -> None:
    """Replace the plain store at `path` by an encrypted copy.

    `slots_for(key)` gives the key file's content; `key_ready(code)` shows the
    recovery key once the copy is verified and before it replaces the
    original; `check_opened(key)` confirms the swapped-in store opens.
    """
    clean_leftovers(path)
    key = new_data_key()
    with exclusive(path) as hold:
        copy = export_encrypted(path, key, hold)
        kept: Path | None = None
        try:
            verify_copy(copy, key)
            keyslots.save(sidecar_path(path), slots_for(key))
            signin_journal.create(path)
            key_ready(recovery_key.encode(key))
            kept = keep_original(path)
            _swap(copy.path, path, hold)
        except BaseException:
            shred(copy.path)
            if kept is not None:
                _drop_kept(kept, path)
            sidecar_path(path).unlink(missing_ok=True)
            raise
    try:
        check_opened(key)
    except BaseException:
        os.replace(kept, path)  # put the original back, untouched
        sidecar_path(path).unlink(missing_ok=True)
        fsync_dir(path.parent)
        raise
    shred(kept)  # overwrites the plain bytes: this is their only name now
