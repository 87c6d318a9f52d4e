"""Administering the store's protection: status, encrypting in place, rotating keys, emergency erase, recovery.

These work on the store's files as well as its rows, so most take a location
and credentials rather than an open `Services`: encrypting and erasing must
close the store, recovery opens it without any user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from caseworker.domain.errors import StoreError, ValidationError
from caseworker.domain.roles import Action, Role
from caseworker.services import backups
from caseworker.services.api import Services
from caseworker.services.session import open_with_recovery_key, sign_in
from caseworker.services.users import create_user_row, set_user_password
from caseworker.store import audit, keyslots, leftovers, signin_journal
from caseworker.store.encryption import clean_leftovers, encrypt_in_place
from caseworker.store.files import shred
from caseworker.store.keyslots import KeySlots, sidecar_path
from caseworker.store.location import StoreLocation
from caseworker.store.models import User
from caseworker.store.opening import file_kind
from caseworker.store.rekey import rekey_in_place
from caseworker.store.signin_journal import journal_path


@dataclass(frozen=True, slots=True)
class StoreStatus:
    location: str
    kind: str  # "encrypted", "plain" or "postgresql"
    key_file: str | None
    key_slots: int | None
    users_without_slot: tuple[str, ...]
    automatic_backups: int
    leftovers: tuple[str, ...] = ()  # files interrupted backups, restores or encryptions left


def status(services: Services) -> StoreStatus:
    services.context.require(Action.MANAGE_STORE)
    store = services.store
    where = store.location
    if where.path is None:
        return StoreStatus(where.display, "postgresql", None, None, (), 0)
    with store.read() as session:
        active = list(session.execute(select(User.username).where(User.active.is_(True))).scalars())
    slots = store.keyring.current() if store.keyring is not None else None
    missing = tuple(sorted(u for u in active if store.keyring is not None and (slots is None or not slots.has(u))))
    return StoreStatus(
        where.display, "encrypted" if store.is_encrypted else "plain",
        str(sidecar_path(where.path)) if store.is_encrypted else None,
        len(slots.slots) if slots is not None else None, missing, len(backups.automatic_backups(where)),
        tuple(str(p) for p in _leftovers(where)),
    )  # fmt: skip


def _leftovers(where: StoreLocation) -> list[Path]:
    assert where.path is not None
    folder = backups.automatic_folder(where)
    return leftovers.near_store(where.path) + (leftovers.in_backup_folder(folder) if folder is not None else [])


@dataclass(frozen=True, slots=True)
class RekeyResult:
    slots_resealed: int
    users_needing_password: tuple[str, ...]


REKEY_HINT = (
    "old copies of the key file (and backups made before now) still open with old passwords and the old "
    "recovery key; to make sure they no longer open this store, rotate its keys: `caseworker store rekey`"
)


def rekey(location: StoreLocation, username: str, password: str, *, key_ready: Callable[[str], None]) -> RekeyResult:
    """Give an encrypted SQLite store a new data key (administrators): every active slot is resealed
    to it, a new recovery key is shown once, and the old key, the old key file and the old recovery
    key no longer open the store (see store/rekey.py)."""
    if location.path is None:
        raise StoreError("PostgreSQL stores have no data key; change the database role's password on the server")
    if file_kind(location) != "encrypted":
        raise StoreError(f"{location.display} is not encrypted; encrypt it first (`caseworker store encrypt`)")
    services = sign_in(location, username, password)
    try:
        services.context.require(Action.MANAGE_STORE)
        assert services.store.keyring is not None
        old_key = services.store.keyring.data_key
        with services.store.read() as session:
            active = list(session.execute(select(User.username).where(User.active.is_(True))).scalars())
    finally:
        services.store.close()
    _, done = rekey_in_place(location.path, old_key, key_ready=key_ready)
    opened = sign_in(location, username, password)
    try:
        slots = opened.store.keyring.current() if opened.store.keyring is not None else None
        without = tuple(sorted(u for u in active if slots is None or not slots.has(u)))
        with opened.store.write() as session:
            audit.append(
                session, opened.user.actor, "store.rekey", "store", None,
                summary=f"rotated the data key: {done.slots_kept} key slot(s) resealed, a new recovery key shown; "
                "the old recovery key and old copies of the key file no longer open the store"
                + (f"; {len(without)} user(s) need a new password" if without else ""),
            )  # fmt: skip
    finally:
        opened.store.close()
    return RekeyResult(done.slots_kept, without)


@dataclass(frozen=True, slots=True)
class EncryptResult:
    users_needing_password: tuple[str, ...]
    plain_backups_removed: int
    leftovers_removed: int
    already_encrypted: bool = False


def encrypt(
    location: StoreLocation, username: str, password: str, *, key_ready: Callable[[str], None]
) -> EncryptResult:
    """Encrypt a plain SQLite store in place (administrators). Only `username` gets a key slot:
    nobody else's password is known, so the others need a new password from an administrator."""
    if location.path is None:
        raise StoreError("PostgreSQL stores are protected by the server (see the README); nothing to encrypt")
    if file_kind(location) == "encrypted":
        return EncryptResult((), 0, clean_leftovers(location.path), already_encrypted=True)
    services = sign_in(location, username, password)
    try:
        services.context.require(Action.MANAGE_STORE)
        admin = services.user.username
        with services.store.read() as session:
            others = tuple(sorted(
                u for u in session.execute(select(User.username).where(User.active.is_(True))).scalars() if u != admin
            ))  # fmt: skip
    finally:
        services.store.close()

    def confirm(key: bytes) -> None:
        opened = sign_in(location, username, password)
        try:
            with opened.store.write() as session:
                audit.append(
                    session, opened.user.actor, "store.encrypt", "store", None,
                    summary="encrypted the store with SQLCipher"
                    + (f"; {len(others)} user(s) need a new password" if others else ""),
                )  # fmt: skip
        finally:
            opened.store.close()

    encrypt_in_place(
        location.path, lambda key: KeySlots.new().with_password(admin, password, key),
        key_ready=key_ready, check_opened=confirm,
    )  # fmt: skip
    removed = backups.destroy_automatic_backups(location)  # they hold the data unencrypted
    return EncryptResult(others, len(removed), 0)


@dataclass(frozen=True, slots=True)
class EraseResult:
    files_destroyed: tuple[str, ...]


def erase(services: Services) -> EraseResult:
    """Destroy the key slots (and the automatic backups that carry copies of them).

    Afterwards no password opens the store; only the recovery key does. The
    event is audited before the keys go. `services` is closed.
    """
    services.context.require(Action.MANAGE_STORE)
    store = services.store
    if store.location.path is None or not store.is_encrypted:
        raise StoreError("only an encrypted SQLite store has key slots to erase")
    path = store.location.path
    with store.write() as session:
        audit.append(
            session, services.user.actor, "store.erase", "store", None,
            summary="erased every key slot (emergency); only the recovery key opens the store now",
        )  # fmt: skip
    store.close()
    destroyed = [*keyslots.key_files_near(path), *([journal_path(path)] if journal_path(path).exists() else [])]
    for file in destroyed:
        shred(file)
    destroyed += backups.destroy_automatic_backups(StoreLocation(path=path))
    return EraseResult(tuple(str(p) for p in destroyed))


@dataclass(frozen=True, slots=True)
class RecoverResult:
    username: str
    created: bool
    key_file_rebuilt: bool
    users_needing_password: tuple[str, ...]


def recover(location: StoreLocation, code: str, username: str, new_password: str) -> RecoverResult:
    """With the recovery key, give an administrator (existing, or new with this name) a new password.

    A missing or damaged key file is rebuilt (a damaged one is kept aside); the
    other users then need new passwords too.
    """
    store = open_with_recovery_key(location, code)
    try:
        assert store.keyring is not None
        try:
            rebuild = store.keyring.current() is None
        except keyslots.KeySlotsDamaged:
            rebuild = True
        with store.write() as session:
            if rebuild:
                store.keyring.rebuild(session)
            name = username.strip().lower()
            user = session.execute(select(User).where(User.username == name)).scalar_one_or_none()
            created = user is None
            if user is None:
                user = create_user_row(session, audit.SYSTEM, name, name, Role.ADMIN, new_password)
            elif user.role != Role.ADMIN:
                raise ValidationError(
                    f"{name} is not an administrator; give an administrator's name, or a new name to create one",
                    field="username",
                )
            else:
                user.active = True
                set_user_password(session, user, new_password)
            audit.append(
                session, audit.SYSTEM, "store.recover", "user", user.id,
                summary=f"used the recovery key to {'create administrator' if created else 'set a new password for'} "
                f"{name}" + ("; rebuilt the missing or damaged key file" if rebuild else ""),
            )  # fmt: skip
            others = session.execute(select(User.username).where(User.active.is_(True), User.id != user.id)).scalars()
            active_others = list(others)
        slots = store.keyring.current()
        assert location.path is not None
        if not journal_path(location.path).exists():  # erased with the key slots: start one afresh
            signin_journal.create(location.path)
        without = tuple(sorted(u for u in active_others if slots is None or not slots.has(u)))
        return RecoverResult(name, created, rebuild, without)
    finally:
        store.close()
