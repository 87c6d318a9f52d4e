"""Files an interrupted operation left behind, found by name, listed and removed.

A backup or restore killed half-way (power cut, kill -9, a full disk) cannot
clean up after itself. What it leaves has a hidden name with a random tag:
`.<backup>.copy-1a2b3c4d` (the store snapshot a backup was packing),
`.<backup>.partial-…` (the half-written backup), `.<store>.restoring-…`
(a backup being unpacked, with its `-wal`, `-shm` and `-keys`), and the
working files of `store encrypt` and of creating a store. They may hold
personal data, so the next run of the same operation shreds those untouched
for an hour (a younger one may belong to a run still going in another
window), and `caseworker store status` lists any that remain.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from pathlib import Path

from caseworker.store.files import shred

_TAG = r"-[0-9a-f]{8}"
# Older than this, a working file cannot belong to a run still going (a backup rewrites its files
# continuously; packing even a large store takes minutes), so the next run may remove it.
ABANDONED_AFTER = dt.timedelta(hours=1)
STORE_WORK = ("restoring", "encrypting", "plain-original", "creating")
BACKUP_WORK = ("copy", "partial")


def _matching(folder: Path, pattern: re.Pattern[str]) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if pattern.fullmatch(p.name) and p.is_file())
    except OSError:
        return []


def near_store(store_path: Path, work: tuple[str, ...] = STORE_WORK) -> list[Path]:
    """What interrupted restores, encryptions and creations (or only the `work` named) left
    next to the store file."""
    name = re.escape(store_path.name)
    kinds = "|".join(re.escape(w) for w in work)
    return _matching(store_path.parent, re.compile(rf"\.{name}\.(?:{kinds}){_TAG}(?:-wal|-shm|-keys|-signin)?"))


def in_backup_folder(folder: Path) -> list[Path]:
    """What interrupted backups left in the folder they were writing to."""
    work = "|".join(re.escape(w) for w in BACKUP_WORK)
    return _matching(folder, re.compile(rf"\..+\.(?:{work}){_TAG}(?:-wal|-shm|-journal)?"))


def abandoned(paths: list[Path], *, now: float | None = None) -> list[Path]:
    """Those of `paths` untouched for longer than `ABANDONED_AFTER`."""
    cutoff = (now if now is not None else time.time()) - ABANDONED_AFTER.total_seconds()
    found = []
    for path in paths:
        try:
            if path.stat().st_mtime < cutoff:
                found.append(path)
        except OSError:
            continue
    return found


def remove(paths: list[Path], *, keep: Path | None = None) -> list[Path]:
    """Shred each leftover (they may hold personal data); return those removed.

    A name that is another link to `keep` (the live store) only loses that name.
    """
    removed = []
    for path in paths:
        try:
            if keep is not None and keep.exists() and os.path.samefile(path, keep):
                path.unlink()
            else:
                shred(path)
        except OSError:
            continue
        removed.append(path)
    return removed
