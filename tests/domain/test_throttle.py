"""The sign-in throttle: free tries, a doubling wait, and clocks read a moment apart."""

from __future__ import annotations

import datetime as dt

from caseworker.domain import throttle

NOW = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)


def test_free_tries_never_wait_even_when_a_parallel_failure_was_stamped_after_this_clock() -> None:
    later = NOW + dt.timedelta(seconds=2)  # another process failed just after this attempt read the time
    for failures in range(throttle.FREE_ATTEMPTS):
        assert throttle.seconds_to_wait(failures, later, NOW) == 0


def test_past_the_free_tries_the_wait_doubles_and_a_future_stamp_waits_the_full_delay() -> None:
    first = throttle.FREE_ATTEMPTS
    assert throttle.seconds_to_wait(first, NOW, NOW) == 1
    assert throttle.seconds_to_wait(first + 2, NOW, NOW) == 4
    assert throttle.seconds_to_wait(first, NOW + dt.timedelta(seconds=5), NOW) == 1  # not 6
    assert throttle.delay_after(throttle.SATURATED) == throttle.MAX_DELAY_SECONDS
    assert throttle.delay_after(throttle.SATURATED - 1) < throttle.MAX_DELAY_SECONDS
