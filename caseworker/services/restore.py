"""Checking and restoring backup files, without an open store.

Both sign in to the backup itself: a user's password unwraps the data key
from the key file inside it (or the recovery key is given), so a backup opens
exactly as the store it came from did. Restoring needs an administrator of
the backup, refuses to replace a store that has changes the backup lacks
(unless forced), never replaces a store that is in use, and keeps the store
it replaces as `<store>.replaced-<time>` next to it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from caseworker.domain.errors import AuthenticationError, StoreError
from caseworker.domain.roles import Action, require
from caseworker.services.auth import WRONG, authenticate
from caseworker.services.context import CurrentUser
from caseworker.services.session import sign_in
from caseworker.store import (
    audit,
    backup_archive,
    keyslots,
    leftovers,
    pg_backup,
    recovery_key,
    signin_journal,
    sqlite_backup,
)
from caseworker.store.audit import verify_chain
from caseworker.store.backup_archive import DB_MEMBER, DUMP_MEMBER, KEYS_MEMBER, Manifest
from caseworker.store.base import utcnow
from caseworker.store.encryption import remove_store_files
from caseworker.store.engine import WrongKeyError, make_engine
from caseworker.store.exclusive import connect, exclusive
from caseworker.store.files import fsync_dir, temporary_sibling
from caseworker.store.keyslots import sidecar_path
from caseworker.store.location import StoreLocation
from caseworker.store.opening import file_kind, open_store
from caseworker.store.signin_journal import journal_path
from caseworker.store.stream_cipher import StreamDamaged, decrypt_stream


@dataclass(frozen=True, slots=True)
class Credentials:
    """Who opens a backup: a user and password, or the recovery key; and, for PostgreSQL
    backups, the backup passphrase."""

    username: str | None = None
    password: str | None = None
    recovery_code: str | None = None
    passphrase: str | None = None


@dataclass(frozen=True, slots=True)
class VerifyReport:
    path: Path
    sha256: str
    manifest: Manifest
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _extract_sqlite(path: Path, manifest: Manifest, db: Path) -> None:
    backup_archive.extract(path, DB_MEMBER, db)
    if KEYS_MEMBER in manifest.files:
        backup_archive.extract(path, KEYS_MEMBER, sidecar_path(db))


def _key_for(db: Path, manifest: Manifest, who: Credentials) -> bytes | None:
    if not manifest.encrypted:
        return None
    if who.recovery_code:
        return recovery_key.decode(who.recovery_code)
    key = keyslots.load(sidecar_path(db)).unwrap(who.username or "", who.password or "")
    if key is None:
        raise AuthenticationError(WRONG)
    return key


def _compare(manifest: Manifest, facts: sqlite_backup.CopyFacts) -> list[str]:
    problems = [
        f"{table}: the manifest says {manifest.counts.get(table)}, the copy holds {facts.counts.get(table)}"
        for table in sorted(set(manifest.counts) | set(facts.counts))
        if manifest.counts.get(table) != facts.counts.get(table)
    ]
    if (facts.audit_seq, facts.audit_hash) != (manifest.audit_seq, manifest.audit_hash):
        problems.append("the last audit event differs from the manifest's")
    return problems


def _open_as(db: Path, key: bytes | None, who: Credentials) -> CurrentUser | None:
    """Sign in to the copy (None when opened with the recovery key); the copy gets the sign-in event."""
    if who.recovery_code:
        return None
    store = open_store(StoreLocation(path=db), key=key)
    try:
        return authenticate(store, who.username or "", who.password or "")
    finally:
        store.close()


def verify_file(path: Path, who: Credentials) -> VerifyReport:
    """Hashes, then (signed in to the copy) integrity, counts and the audit chain."""
    manifest = backup_archive.read_manifest(path)
    problems = backup_archive.check_members(path, manifest)
    if not problems and manifest.backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="caseworker-verify-") as folder:
            db = Path(folder) / "store.db"
            _extract_sqlite(path, manifest, db)
            key = _key_for(db, manifest, who)
            problems += _compare(manifest, sqlite_backup.inspect(db, key))
            _open_as(db, key, who)
            store = open_store(StoreLocation(path=db), key=key)
            try:
                with store.read() as session:
                    problems += [str(p) for p in verify_chain(session).problems]
            finally:
                store.close()
    elif not problems:
        key = _passphrase_key(manifest, who)
        with backup_archive.open_member(path, DUMP_MEMBER) as member:
            try:
                decrypt_stream(member, None, key)
            except StreamDamaged as exc:
                problems.append(str(exc))
    return VerifyReport(path, backup_archive.file_sha256(path), manifest, tuple(problems))


def _passphrase_key(manifest: Manifest, who: Credentials) -> bytes:
    if not who.passphrase:
        raise AuthenticationError("this PostgreSQL backup needs its backup passphrase")
    slot = keyslots.KeySlots.from_bytes(json.dumps(manifest.passphrase_slot).encode(), "the backup's manifest")
    key = slot.unwrap("backup-passphrase", who.passphrase)
    if key is None:
        raise AuthenticationError("wrong backup passphrase")
    return key


@dataclass(frozen=True, slots=True)
class RestoreReport:
    location: str
    replaced_kept_as: Path | None
    manifest: Manifest


def restore_file(path: Path, location: StoreLocation, who: Credentials, *, force: bool = False) -> RestoreReport:
    manifest = backup_archive.read_manifest(path)
    problems = backup_archive.check_members(path, manifest)
    if problems:
        raise StoreError(f"the backup {path} is damaged: {problems[0]}")
    if manifest.backend == "postgresql":
        return _restore_postgres(path, manifest, location, who, force)
    if location.path is None:
        raise StoreError("this is a backup of a SQLite store: restore it to a file (--store PATH)")
    target = location.path
    target.parent.mkdir(parents=True, exist_ok=True)
    leftovers.remove(leftovers.near_store(target, work=("restoring",)), keep=target)  # killed restores
    staging = temporary_sibling(target, "restoring")
    try:
        _extract_sqlite(path, manifest, staging)
        key = _key_for(staging, manifest, who)
        mismatch = _compare(manifest, sqlite_backup.inspect(staging, key))
        if mismatch:
            raise StoreError(f"the backup does not match its manifest: {mismatch[0]}")
        user = _open_as(staging, key, who)
        if user is not None:
            require(user.role, Action.MANAGE_STORE)
        aside = _place(staging, target, key, manifest, force)
    except BaseException:
        remove_store_files(staging)
        raise
    store = open_store(location, key=key)
    try:
        with store.write() as session:
            audit.append(
                session, user.actor if user else audit.SYSTEM, "backup.restore", "store", None,
                summary=f"restored from the backup {path.name} of {manifest.created_at}"
                + (f"; the replaced store is kept as {aside.name}" if aside else ""),
            )  # fmt: skip
    finally:
        store.close()
    return RestoreReport(location.display, aside, manifest)


@contextlib.contextmanager
def _holding(target: Path, key: bytes | None, force: bool) -> Iterator[Any]:
    """The existing store held alone (None if there is none, or it cannot be read and `force` is set)."""
    kind = file_kind(StoreLocation(path=target))
    with contextlib.ExitStack() as stack:
        hold = None
        if kind not in ("missing", "empty"):
            try:
                hold = stack.enter_context(exclusive(target, key if kind == "encrypted" else None))
            except WrongKeyError:
                if not force:
                    raise StoreError(
                        f"the store at {target} does not open with this backup's key, so it cannot be told "
                        "whether it is newer; pass --force to replace it anyway (it will be kept next to it)"
                    ) from None
        yield hold


def _aside_name(target: Path) -> Path:
    stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
    aside, number = target.with_name(f"{target.name}.replaced-{stamp}"), 1
    while aside.exists():
        number += 1
        aside = target.with_name(f"{target.name}.replaced-{stamp}-{number}")
    return aside


def _check_not_newer(hold: Any, staging: Path, key: bytes | None, manifest: Manifest, target: Path) -> None:
    seq, digest = sqlite_backup.head_of(hold)
    if seq == 0:
        return
    copy = connect(staging, key)
    try:
        known = sqlite_backup.event_hash(copy, seq)
    finally:
        copy.close()
    if seq <= manifest.audit_seq and known == digest:
        return  # the store is the backup, or an older state of it
    raise StoreError(
        f"the store at {target} has changes that are not in this backup (its last change: "
        f"{sqlite_backup.last_event_time(hold)} UTC); pass --force to replace it anyway (it will be kept next to it)"
    )


def _place(staging: Path, target: Path, key: bytes | None, manifest: Manifest, force: bool) -> Path | None:
    """Swap the verified copy in; returns where the replaced store is kept."""
    with _holding(target, key, force) as hold:
        if hold is not None and not force:
            _check_not_newer(hold, staging, key, manifest, target)
        aside = None
        if target.exists():
            aside = _aside_name(target)
            try:
                os.link(target, aside)
            except OSError:
                shutil.copy2(target, aside)
            if sidecar_path(target).exists():
                shutil.copy2(sidecar_path(target), sidecar_path(aside))
                if journal_path(target).exists():  # the kept store keeps its throttle state
                    shutil.copy2(journal_path(target), journal_path(aside))
                else:
                    signin_journal.create(aside)
            wal = target.with_name(target.name + "-wal")
            if wal.exists():
                os.replace(wal, aside.with_name(aside.name + "-wal"))
        if sidecar_path(staging).exists():
            os.replace(sidecar_path(staging), sidecar_path(target))
        else:
            sidecar_path(target).unlink(missing_ok=True)
        try:
            os.replace(staging, target)
        except PermissionError:  # Windows: let go of the old file first
            if hold is not None:
                hold.close()
            os.replace(staging, target)
        target.with_name(target.name + "-shm").unlink(missing_ok=True)
        if sidecar_path(target).exists():  # the restored store's throttle starts afresh, deliberately
            signin_journal.create(target)
        else:
            journal_path(target).unlink(missing_ok=True)
        fsync_dir(target.parent)
    return aside


def _restore_postgres(
    path: Path, manifest: Manifest, location: StoreLocation, who: Credentials, force: bool
) -> RestoreReport:
    if location.url is None:
        raise StoreError("this is a backup of a PostgreSQL store: restore it to a postgresql:// URL")
    key = _passphrase_key(manifest, who)
    engine = make_engine(location)
    try:
        head = pg_backup.database_head(engine)
    finally:
        engine.dispose()
    if head is not None and head[0] > 0:
        services = sign_in(location, who.username or "", who.password or "")
        services.store.close()
        services.context.require(Action.MANAGE_STORE)
        newer = head[0] > manifest.audit_seq or (head[0] == manifest.audit_seq and head[1] != manifest.audit_hash)
        if newer and not force:
            raise StoreError(
                f"the database at {location.display} has changes that are not in this backup; "
                "pass --force to replace it anyway"
            )
    pg_backup.restore(location.url, lambda: backup_archive.open_member(path, DUMP_MEMBER), key)
    store = open_store(location)
    try:
        with store.write() as session:
            audit.append(
                session, audit.SYSTEM, "backup.restore", "store", None,
                summary=f"restored from the backup {path.name} of {manifest.created_at}",
            )  # fmt: skip
    finally:
        store.close()
    return RestoreReport(location.display, None, manifest)
