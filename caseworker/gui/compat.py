"""Work-arounds for bugs in the Qt bindings we ship with.

PySide6 6.12.0 drops a reference to `True` each time Python code calls
`SignalInstance.emit()` (and to `False` on `disconnect()`). On Python 3.12+
the booleans are immortal and nothing happens; on Python 3.11 their
reference counts fall by one per call and, after a few hundred emits, the
interpreter aborts with "bool_dealloc: deallocating True or False".

`immortalise_bools()` does what Python 3.12 does: it gives both booleans a
reference count so large that no run of the application can exhaust it.
It is applied when the GUI package is imported.
"""

from __future__ import annotations

import ctypes
import sys

HEADROOM = 1 << 40  # a trillion leaked references before anything could go wrong


def immortalise_bools() -> bool:
    """Raise the reference counts of True and False on interpreters that need it. Idempotent."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    for value in (True, False):
        refcount = ctypes.c_ssize_t.from_address(id(value))
        if refcount.value < HEADROOM // 2:
            refcount.value += HEADROOM
    return True
