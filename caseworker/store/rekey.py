"""Rotating an encrypted store's data key in place (`store rekey`), crash-safe.

Why: every key slot, every old copy of the key file and the recovery key open
the store with its one data key. Disabling a user removes their slot from the
current key file, but a copy of the old one still opens the store with their
old password; a recovery key that leaked can never be withdrawn. A new data key
ends all of that for the store as it is from then on.

How, so that a crash or a kill at any point leaves a store that opens:

1. Holding the store alone (`exclusive`), seal the new key to every active
   slot (`slot_box`: no password needed) and write them into the key file as
   its *pending* slots, beside the current ones. The store still has the old key.
2. Show the new recovery key (before anything depends on it).
3. `PRAGMA rekey` re-encrypts every page in one transaction (the rollback
   journal makes it all or nothing). From its commit on, the store has the new
   key; a sign-in tries the pending slots when the current ones do not open it.
4. Replace the key file by the pending slots alone: the old slots, sealed to
   the old key, are gone with it. Then check the store opens.

Running the command again after an interruption finishes or restarts the job
(`settle`): whichever key opens the store decides which slots are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from caseworker.domain.errors import StoreError
from caseworker.store import keyslots, recovery_key
from caseworker.store.encryption import new_data_key
from caseworker.store.exclusive import exclusive, integrity_ok
from caseworker.store.files import shred
from caseworker.store.keyslots import sidecar_path

# A test seam: the kill tests stop the process at a named step.
_step: Callable[[str], None] = lambda name: None  # noqa: E731


@dataclass(frozen=True, slots=True)
class Rekeyed:
    slots_kept: int
    slots_dropped: int  # slots made before slots could be resealed: their users need a new password


def settle(path: Path, opened_key: bytes) -> None:
    """Finish the key file of an interrupted rekey, given the key that opens the store now."""
    sidecar = sidecar_path(path)
    slots = keyslots.load(sidecar)
    if not slots.pending:
        return
    keyslots.save(sidecar, slots.promoted() if slots.pending_key_matches(opened_key) else slots.without_pending())


def rekey_in_place(path: Path, old_key: bytes, *, key_ready: Callable[[str], None]) -> tuple[bytes, Rekeyed]:
    """Give the store at `path` (now under `old_key`) a new data key; returns it and what became of the slots."""
    sidecar = sidecar_path(path)
    settle(path, old_key)
    current = keyslots.load(sidecar)
    new_key = new_data_key()
    staged, dropped = current.resealed(new_key)
    if not staged.slots:
        raise StoreError("no key slot could be resealed to a new key; nothing was changed")
    with exclusive(path, old_key) as hold:
        keyslots.save(sidecar, current.with_pending(staged.slots, new_key))
        _step("pending-written")
        key_ready(recovery_key.encode(new_key))
        _step("recovery-key-shown")
        try:
            hold.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
        except Exception as exc:  # the driver's message never holds the statement or the key
            keyslots.save(sidecar, current)
            raise StoreError(f"the store could not be re-encrypted (it is unchanged, under its old key): {exc}") from None
        _step("rekeyed")
        if not integrity_ok(hold):
            raise StoreError("the re-encrypted store failed its integrity check; restore it from a backup")
    keyslots.save(sidecar, staged)
    _step("slots-replaced")
    damaged = sidecar.with_name(sidecar.name + ".damaged")
    if damaged.exists():
        shred(damaged)  # it opens the store only under the old key
    return new_key, Rekeyed(len(staged.slots), dropped)
