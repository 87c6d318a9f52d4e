"""Writing output files all or nothing."""

from __future__ import annotations

from pathlib import Path

from caseworker.store.files import atomic_write


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file next to ``path`` and rename it over ``path``,
    making the folder if need be.

    A crash, a full disk or a kill leaves either the old file or the new one,
    never half a letter; the file is readable by its owner only (on POSIX).
    """
    path = Path(path).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)
