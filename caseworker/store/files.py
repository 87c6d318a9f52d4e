"""Writing and destroying small files safely: atomic replacement and best-effort shredding.

The key slots, the sign-in journal and backups must never be left half
written: a crash leaves either the old file or the new one. Files that hold
secrets are created readable by their owner only (on POSIX).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

PRIVATE = 0o600


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where folders cannot be opened, as on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def temporary_sibling(path: Path, tag: str) -> Path:
    """A fresh name next to `path` (same folder, so a rename onto `path` is atomic)."""
    return path.with_name(f".{path.name}.{tag}-{secrets.token_hex(4)}")


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data`: readers see the old file or the new one, never a mix."""
    tmp = temporary_sibling(path, "new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


def make_private(path: Path) -> None:
    """Readable and writable by the owner only (POSIX; a no-op where modes mean little)."""
    try:
        os.chmod(path, PRIVATE)
    except OSError:
        pass


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def shred(path: Path) -> None:
    """Overwrite a file with random bytes, then delete it.

    On SSDs and copy-on-write or journalling file systems the old blocks may
    survive in places the program cannot reach; this is a best effort that
    defeats anyone reading the file system, not a forensic laboratory.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    try:
        with open(path, "r+b") as handle:
            remaining = size
            while remaining > 0:
                chunk = min(remaining, 1 << 20)
                handle.write(secrets.token_bytes(chunk))
                remaining -= chunk
            handle.flush()
            os.fsync(handle.fileno())
    finally:
        path.unlink(missing_ok=True)
        fsync_dir(path.parent)
