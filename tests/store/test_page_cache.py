"""SQLite page caches: each connection has a large one (search reads the same pages at every
keystroke), and only POOL_SIZE connections are kept between uses, so a session's caches have
a ceiling however many jobs ran side by side."""

from __future__ import annotations

import contextlib

from sqlalchemy import text

from caseworker.store.engine import CACHE_KIB, POOL_SIZE, Store


def test_a_connection_has_the_large_page_cache(sqlite_store: Store) -> None:
    with sqlite_store.read() as session:
        assert session.execute(text("PRAGMA cache_size")).scalar() == -CACHE_KIB


def test_connections_beyond_the_pool_are_closed_after_their_job(sqlite_store: Store) -> None:
    pool = sqlite_store.engine.pool
    with contextlib.ExitStack() as jobs:  # four jobs at once: the GUI thread, two workers and one more
        for _ in range(4):
            jobs.enter_context(sqlite_store.read()).execute(text("SELECT count(*) FROM cases"))
        assert pool.checkedout() == 4
    assert pool.checkedout() == 0 and pool.checkedin() == POOL_SIZE == 2
