"""Password hashes (argon2id) for the users table, on every kind of store.

An encrypted SQLite store also has key slots (see `store/keyslots.py`), but
the users table keeps the hash too: it is what a PostgreSQL store checks, what
the lock screen re-checks, and what says whether a user is still active.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from caseworker.domain.errors import ValidationError
from caseworker.store.kdf_floor import require_test_opt_in, weak_kdf_allowed

_STRONG = PasswordHasher()  # argon2id with the library's current recommended parameters
_WEAK = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)  # only with the test opt-in
# A process started by the test suite inherits the opt-in; anything else hashes strongly, and
# rehashes a weak hash at the next sign-in (`needs_rehash`).
_HASHER = _WEAK if weak_kdf_allowed() else _STRONG
MIN_PASSWORD = 8
MAX_PASSWORD = 1024


def weaken_hashing_for_tests() -> None:
    """TEST HOOK: cheap password hashes for the test suite. Refused without the test opt-in.

    Like `keyslots.weaken_kdf_for_tests`, production code never calls it
    (see `store/kdf_floor.py`).
    """
    require_test_opt_in("weaken_hashing_for_tests()")
    global _HASHER
    _HASHER = _WEAK
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
