"""Backups: consistent, encrypted copies of the store, checked and restored safely.

`services.backups.create(out)` copies the open store while others keep
working (SQLite online backup under the store's own key, or pg_dump of one
snapshot encrypted with a backup passphrase). `auto_backup()` keeps the last N
copies in the folder `<store>-backups` next to a SQLite store; the
application calls it on close. `verify_file` and `restore_file` (module level:
they work without an open store) sign in to the copy itself, so a backup
opens with the same passwords and recovery key as the store it came from.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from caseworker import __version__
from caseworker.domain.errors import StoreError
from caseworker.domain.roles import Action, can
from caseworker.services import settings
from caseworker.services.context import Service
from caseworker.store import audit, backup_archive, leftovers, pg_backup, sqlite_backup
from caseworker.store.backup_archive import DB_MEMBER, DUMP_MEMBER, KEYS_MEMBER, SUFFIX, Manifest
from caseworker.store.base import utcnow
from caseworker.store.encryption import new_data_key
from caseworker.store.files import shred, temporary_sibling
from caseworker.store.keyslots import KeySlots, sidecar_path
from caseworker.store.location import StoreLocation
from caseworker.store.stream_cipher import Writer

Progress = Callable[[str], None]
_PASSPHRASE_SLOT = "backup-passphrase"


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    sha256: str
    counts: dict[str, int]
    encrypted: bool


def automatic_folder(location: StoreLocation) -> Path | None:
    return None if location.path is None else location.path.with_name(location.path.name + "-backups")


def automatic_backups(location: StoreLocation) -> list[Path]:
    """This store's automatic backups, oldest first."""
    folder = automatic_folder(location)
    if folder is None or not folder.is_dir() or location.path is None:
        return []
    return sorted(folder.glob(f"{location.path.stem}-*{SUFFIX}"))


def destroy_automatic_backups(location: StoreLocation) -> list[Path]:
    """Destroy the automatic backups: the key file inside an encrypted one, all of a plain one."""
    found = automatic_backups(location)
    for path in found:
        if not backup_archive.destroy_key_file(path):
            shred(path)
    return found


def _now_name(location: StoreLocation, now: dt.datetime) -> str:
    assert location.path is not None
    return f"{location.path.stem}-{now.astimezone(dt.UTC):%Y%m%dT%H%M%S%fZ}{SUFFIX}"


class BackupService(Service):
    def create(
        self,
        out: Path,
        *,
        passphrase: str | None = None,
        progress: Progress = lambda _step: None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> BackupInfo:
        """Write a backup to `out` (PostgreSQL stores need a `passphrase` to encrypt the dump)."""
        self._ctx.require(Action.BACKUP)
        store = self._ctx.store
        out = Path(out).absolute()
        if store.location.path is not None and out.resolve() == store.location.path.resolve():
            raise StoreError("the backup cannot be written over the store itself")
        out.parent.mkdir(parents=True, exist_ok=True)
        # What killed backups left: of this file at once, of others (rotating names) once surely abandoned.
        found = leftovers.in_backup_folder(out.parent)
        leftovers.remove([p for p in found if p.name.startswith(f".{out.name}.")] + leftovers.abandoned(found))
        if store.is_sqlite:
            info = self._create_sqlite(out, progress, cancelled)
        else:
            info = self._create_postgres(out, passphrase, progress, cancelled)
        with self._ctx.write() as session:
            audit.append(
                session, self.user.actor, "backup.create", "store", None,
                summary=f"wrote a backup to {out.name}", after={"file": out.name, "sha256": info.sha256},
            )  # fmt: skip
        return info

    def _create_sqlite(self, out: Path, progress: Progress, cancelled: Callable[[], bool]) -> BackupInfo:
        store = self._ctx.store
        assert store.location.path is not None
        copy = temporary_sibling(out, "copy")
        try:
            progress("copying the store")
            sqlite_backup.snapshot(store, copy)
            if cancelled():
                raise StoreError("cancelled")
            key = store.keyring.data_key if store.keyring is not None else None
            progress("checking the copy")
            facts = sqlite_backup.inspect(copy, key)
            members: dict[str, backup_archive.Member] = {DB_MEMBER: copy}
            keyfile = sidecar_path(store.location.path)
            if key is not None:
                members[KEYS_MEMBER] = keyfile
            manifest = Manifest(
                utcnow().isoformat(timespec="seconds"), __version__, facts.schema, "sqlite", key is not None,
                facts.counts, facts.audit_seq, facts.audit_hash,
            )  # fmt: skip
            progress("writing the backup file")
            backup_archive.write_archive(out, manifest, members)
        finally:
            copy.unlink(missing_ok=True)
        return BackupInfo(out, backup_archive.file_sha256(out), facts.counts, key is not None)

    def _create_postgres(
        self, out: Path, passphrase: str | None, progress: Progress, cancelled: Callable[[], bool]
    ) -> BackupInfo:
        if not passphrase:
            raise StoreError("a backup of a PostgreSQL store needs a backup passphrase to encrypt it")
        store = self._ctx.store
        file_key = new_data_key()
        slot = KeySlots.new().with_password(_PASSPHRASE_SLOT, passphrase, file_key)
        manifest = Manifest(
            utcnow().isoformat(timespec="seconds"), __version__, None, "postgresql", True, {}, 0, "",
            passphrase_slot=json.loads(slot.to_bytes()),
        )  # fmt: skip

        def write_dump(member: Writer) -> None:
            facts = pg_backup.dump(store.engine, store.location.url or "", member, file_key, cancelled=cancelled)
            # The manifest is written after the members: describe the snapshot that was dumped.
            manifest.counts, manifest.schema = facts.counts, facts.schema
            manifest.audit_seq, manifest.audit_hash = facts.audit_seq, facts.audit_hash

        progress("dumping the database")
        backup_archive.write_archive(out, manifest, {DUMP_MEMBER: write_dump})
        return BackupInfo(out, backup_archive.file_sha256(out), manifest.counts, True)

    def auto_backup(self, keep: int | None = None, *, now: dt.datetime | None = None) -> Path | None:
        """A rotating backup next to a SQLite store, keeping the newest `keep` (the setting by default).

        Returns None when there is nothing to do: PostgreSQL stores (the
        operator backs those up), `keep` of 0, or a user who may not back up.
        """
        store = self._ctx.store
        if store.location.path is None or not can(self.user.role, Action.BACKUP):
            return None
        keep = settings.SettingsService(self._ctx).get(settings.AUTO_BACKUP_KEEP) if keep is None else keep
        if keep <= 0:
            return None
        folder = automatic_folder(store.location)
        assert folder is not None
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / _now_name(store.location, now or utcnow())
        self.create(target)
        for old in automatic_backups(store.location)[:-keep]:
            if store.is_encrypted:
                old.unlink(missing_ok=True)
            else:
                shred(old)  # a development store's backups hold plain data
        return target
