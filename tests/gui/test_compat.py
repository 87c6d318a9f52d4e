"""The PySide6 emit() reference bug must not be able to abort the application."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

import caseworker.gui  # noqa: F401 - applies the work-around


class _Emitter(QObject):
    fired = Signal(int)


def test_many_emits_and_disconnects_do_not_abort_the_interpreter() -> None:
    emitter = _Emitter()
    seen: list[int] = []
    emitter.fired.connect(seen.append)
    for value in range(20_000):  # without the work-around, Python 3.11 aborts within a few hundred
        emitter.fired.emit(value)
    for _ in range(2_000):
        emitter.fired.connect(print)
        emitter.fired.disconnect(print)
    assert len(seen) == 20_000
