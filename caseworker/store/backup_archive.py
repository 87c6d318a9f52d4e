"""The backup file: one zip archive holding the copy, the key file and a manifest.

    manifest.json      what is inside: counts, last audit event, schema, hashes
    store.db           SQLite: the online copy, encrypted with the store's own data key
    keys.json          SQLite: the key file at backup time (same passwords open the copy)
    store.pgdump.enc   PostgreSQL: pg_dump's archive, AES-256-GCM under a backup passphrase

Members are stored, not compressed (encrypted data does not compress). The
archive is written under a temporary name and renamed into place when
complete, so a killed backup never leaves a file that looks finished. The
manifest holds no personal data: numbers of records and hashes only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import struct
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from caseworker.domain.errors import StoreError
from caseworker.store.files import PRIVATE, fsync_dir, temporary_sibling
from caseworker.store.stream_cipher import Writer

FORMAT = "caseworker-backup"
VERSION = 1
SUFFIX = ".cwbackup"
MANIFEST = "manifest.json"
DB_MEMBER = "store.db"
KEYS_MEMBER = "keys.json"
DUMP_MEMBER = "store.pgdump.enc"


@dataclass
class Manifest:
    created_at: str
    app_version: str
    schema: str | None
    backend: str  # "sqlite" or "postgresql"
    encrypted: bool
    counts: dict[str, int]
    audit_seq: int
    audit_hash: str
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    passphrase_slot: dict[str, Any] | None = None

    def to_bytes(self) -> bytes:
        return json.dumps({"format": FORMAT, "version": VERSION, **asdict(self)}, indent=1, sort_keys=True).encode()

    @classmethod
    def from_bytes(cls, data: bytes, where: str) -> Manifest:
        try:
            doc = json.loads(data.decode("utf-8"))
            if doc.pop("format", None) != FORMAT:
                raise ValueError("not a caseworker backup")
            if int(doc.pop("version", 0)) > VERSION:
                raise StoreError(f"{where} was written by a newer version of caseworker; update the application")
            return cls(**doc)
        except StoreError:
            raise
        except (ValueError, TypeError, KeyError) as exc:
            raise StoreError(f"{where} is not a caseworker backup, or its manifest is damaged ({exc})") from None


class _Hashing:
    """A write-through file wrapper that hashes and counts what passes."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target, self.sha, self.size = target, hashlib.sha256(), 0

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        self.size += len(data)
        return self.target.write(data)


# A member is a file to copy in, or a function that writes the member's bytes.
Member = Path | Callable[[Writer], None]


def write_archive(out: Path, manifest: Manifest, members: dict[str, Member]) -> None:
    """Write the archive at `out` atomically; `manifest.files` is filled in with each member's hash."""
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = temporary_sibling(out, "partial")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    try:
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
            for name, source in members.items():
                entry = zipfile.ZipInfo(name, date_time=time.gmtime()[:6])
                with archive.open(entry, "w", force_zip64=True) as member:
                    hashing = _Hashing(member)
                    if isinstance(source, Path):
                        with open(source, "rb") as handle:
                            while chunk := handle.read(1 << 20):
                                hashing.write(chunk)
                    else:
                        source(hashing)
                manifest.files[name] = {"sha256": hashing.sha.hexdigest(), "size": hashing.size}
            archive.writestr(MANIFEST, manifest.to_bytes())
            archive.fp.flush()  # type: ignore[union-attr]
            os.fsync(raw.fileno())
        os.replace(temp, out)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(out.parent)


def read_manifest(path: Path) -> Manifest:
    try:
        with zipfile.ZipFile(path) as archive:
            return Manifest.from_bytes(archive.read(MANIFEST), str(path))
    except FileNotFoundError:
        raise StoreError(f"there is no backup at {path}") from None
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise StoreError(f"{path} is not a caseworker backup, or it is damaged ({type(exc).__name__})") from None


def check_members(path: Path, manifest: Manifest) -> list[str]:
    """Problems found by re-hashing every member against the manifest (empty when all is well)."""
    problems = []
    try:
        with zipfile.ZipFile(path) as archive:
            for name, expected in manifest.files.items():
                sha, size = hashlib.sha256(), 0
                try:
                    with archive.open(name) as member:
                        while chunk := member.read(1 << 20):
                            sha.update(chunk)
                            size += len(chunk)
                except KeyError:
                    problems.append(f"{name} is missing")
                    continue
                except zipfile.BadZipFile:
                    problems.append(f"{name} is damaged: its checksum does not match")
                    continue
                if size != expected["size"] or sha.hexdigest() != expected["sha256"]:
                    problems.append(f"{name} is damaged: it does not match its hash")
    except (zipfile.BadZipFile, OSError) as exc:
        problems.append(f"the archive cannot be read ({type(exc).__name__}: {exc})")
    return problems


@contextlib.contextmanager
def open_member(path: Path, name: str) -> Iterator[IO[bytes]]:
    with zipfile.ZipFile(path) as archive, archive.open(name) as member:
        yield member


def extract(path: Path, name: str, dest: Path) -> None:
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
    with open_member(path, name) as member, os.fdopen(fd, "wb") as out:
        shutil.copyfileobj(member, out, 1 << 20)
        out.flush()
        os.fsync(out.fileno())


def file_sha256(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            sha.update(chunk)
    return sha.hexdigest()


def destroy_key_file(path: Path) -> bool:
    """Overwrite the key file inside a backup in place, then delete the backup.

    Much faster than overwriting a large archive whole, and enough: the rest is
    encrypted under the data key, which only the key slots and the recovery
    key give. Returns False (and does nothing) if the archive has no key file.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(KEYS_MEMBER)
    except (KeyError, zipfile.BadZipFile):
        return False
    with open(path, "r+b") as handle:
        handle.seek(info.header_offset)
        local = handle.read(30)
        name_length, extra_length = struct.unpack("<HH", local[26:30])
        handle.seek(info.header_offset + 30 + name_length + extra_length)
        handle.write(secrets.token_bytes(info.compress_size))
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()
    return True
