"""Writing files that hold personal data: one writer, readable by the owner only.

Letters, batches, previews, exported attachments, manifests and intake
workbooks all leave the store through here: the bytes go to a hidden
temporary file created 0600 next to the target, are flushed to disk, and
take the target's name in one step, so a crash, a full disk or a kill leaves
the old file or the new one and never half of one. An existing file is never
replaced unless the caller says so (`--force`, or the save dialog's "Replace?"
answered yes): the new name is linked in, which fails if the name was taken
meanwhile.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from caseworker.domain.errors import ValidationError
from caseworker.store.files import PRIVATE, fsync_dir, temporary_sibling


class HashingWriter:
    """A binary file wrapper that hashes what is written (the SHA-256 the trail records)."""

    def __init__(self, out: BinaryIO) -> None:
        self.out, self.sha = out, hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        return self.out.write(data)

    def flush(self) -> None:
        self.out.flush()


def refuse_existing(path: Path, *, force: bool) -> Path:
    """`path` made absolute, refused if a file is there already and `force` is not set."""
    path = Path(path).expanduser()
    if path.exists() and not force:
        raise ValidationError(f"{path} already exists; choose another name, or use --force to replace it",
                              field="out")  # fmt: skip
    if path.is_dir():
        raise ValidationError(f"{path} is a folder; give a file name", field="out")
    return path


@contextlib.contextmanager
def private_output(path: Path, *, force: bool = False) -> Iterator[HashingWriter]:
    """A file to write into that appears at `path` (0600) only if the block succeeds."""
    path = refuse_existing(path, force=force)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = temporary_sibling(path, "writing")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    try:
        with os.fdopen(fd, "wb") as raw:
            out = HashingWriter(raw)
            yield out
            raw.flush()
            os.fsync(raw.fileno())
        if force:
            os.replace(temp, path)
        else:
            try:
                os.link(temp, path)  # fails if someone took the name meanwhile: never clobber
            except FileExistsError:
                raise ValidationError(f"{path} appeared while it was being written; nothing was replaced",
                                      field="out") from None  # fmt: skip
            except OSError:  # file systems without hard links (FAT on a USB stick)
                if path.exists():
                    raise ValidationError(f"{path} already exists; nothing was replaced", field="out") from None
                os.replace(temp, path)
            temp.unlink(missing_ok=True)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_dir(path.parent)


def write_private(path: Path, data: bytes, *, force: bool = False) -> str:
    """Write `data` to `path` (see the module docstring); returns its SHA-256."""
    with private_output(path, force=force) as out:
        out.write(data)
    return out.sha.hexdigest()


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` all or nothing (0600): for files a command is asked to refresh."""
    write_private(path, data, force=True)
