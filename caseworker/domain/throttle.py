"""How long a user must wait after failed sign-ins: a few free tries, then a doubling delay.

The delay slows an attacker guessing passwords through the application (at
an unattended desk, or a lock screen); the key-derivation function does the
same for anyone who copies the files and guesses offline.
"""

from __future__ import annotations

import datetime as dt
import math

from caseworker.domain.errors import AuthenticationError

FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 300.0
# The fewest failures that earn the longest delay.
SATURATED = FREE_ATTEMPTS + math.ceil(math.log2(MAX_DELAY_SECONDS))


def delay_after(failures: int) -> float:
    """Seconds to wait after `failures` consecutive failed attempts."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return min(2.0 ** (failures - FREE_ATTEMPTS), MAX_DELAY_SECONDS)


def seconds_to_wait(failures: int, last_failed_at: dt.datetime | None, now: dt.datetime) -> float:
    delay = delay_after(failures)
    if last_failed_at is None or delay == 0:
        return 0.0
    # A parallel attempt may have stamped a failure a moment after this one's clock was read.
    elapsed = max(0.0, (now - last_failed_at).total_seconds())
    return max(0.0, delay - elapsed)


def check(failures: int, last_failed_at: dt.datetime | None, now: dt.datetime) -> None:
    """Refuse an attempt that comes too soon, without looking at the password at all."""
    wait = seconds_to_wait(failures, last_failed_at, now)
    if wait > 0:
        seconds = math.ceil(wait)
        raise AuthenticationError(
            f"too many failed sign-ins for this user; wait {seconds} second{'s' if seconds != 1 else ''} "
            "and try again"
        )
