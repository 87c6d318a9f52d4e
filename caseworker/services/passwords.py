"""Password hashes (argon2id) for the users table, on every kind of store.

An encrypted SQLite store also has key slots (see `store/keyslots.py`), but
the users table keeps the hash too: it is what a PostgreSQL store checks, what
the lock screen re-checks, and what says whether a user is still active.
"""

from __future__ import annotations

import sys
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from caseworker.domain.errors import ValidationError

_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
MIN_PASSWORD = 8
MAX_PASSWORD = 1024


def weaken_hashing_for_tests() -> None:
    """TEST HOOK: cheap password hashes for the test suite. Refused outside a pytest run.

    Like `keyslots.weaken_kdf_for_tests`, production code never calls it.
    """
    if "pytest" not in sys.modules:
        raise RuntimeError("weaken_hashing_for_tests() is only for the test suite")
    global _HASHER
    _HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    _dummy_hash.cache_clear()


def check_password_strength(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError(f"must be at least {MIN_PASSWORD} characters", field="password")
    if len(password) > MAX_PASSWORD:
        raise ValidationError("is too long", field="password")


def hash_password(password: str) -> str:
    check_password_strength(password)
    return _HASHER.hash(password)


def password_matches(stored_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _HASHER.check_needs_rehash(stored_hash)


@cache
def _dummy_hash() -> str:
    return _HASHER.hash("caseworker: no such user")


def spend_same_time(password: str) -> None:
    """Verify against a dummy hash, so an unknown user name takes as long as a known one."""
    password_matches(_dummy_hash(), password)
