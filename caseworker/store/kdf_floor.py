"""The one switch that lets cheap key derivation through: for the test suite only.

The test suite opens thousands of stores, so it makes key slots and password
hashes with argon2 parameters a laptop could guess through millions of times a
second. Production must never accept such a slot: one that slipped out of a
test fixture (or was planted by someone who can write the key file) would make
the password it is wrapped under cheap to guess.

The switch is explicit: the environment variable `CASEWORKER_TEST_WEAK_KDF=1`,
which the test suite's conftest sets (so the `caseworker` commands it runs in
subprocesses inherit it) before calling `allow_weak_kdf_for_tests()`. Nothing
looks at which modules happen to be imported.
"""

from __future__ import annotations

import os

ENV = "CASEWORKER_TEST_WEAK_KDF"


def weak_kdf_allowed() -> bool:
    """True only inside the test suite (and the commands it starts)."""
    return os.environ.get(ENV) == "1"


def require_test_opt_in(what: str) -> None:
    if not weak_kdf_allowed():
        raise RuntimeError(f"{what} is only for the test suite (it needs {ENV}=1 in the environment)")
