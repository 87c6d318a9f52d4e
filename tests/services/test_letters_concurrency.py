"""Letter references stay gap-free when officers approve at the same moment (PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator

import pytest

from caseworker.domain.errors import WorkflowError
from caseworker.store.engine import Store
from caseworker.store.opening import open_store
from tests.support.letters import authorised_case
from tests.support.stores import services_for

pytestmark = pytest.mark.postgres
APPROVALS = 12


@pytest.fixture
def pg_store(postgres_templates) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    opened = open_store(postgres_templates.fresh())
    yield opened
    opened.close()


def _run_together(work: list) -> list:  # type: ignore[type-arg]
    barrier = threading.Barrier(len(work))
    results: list = [None] * len(work)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work[i]()
        except Exception as exc:  # noqa: BLE001 - collected and asserted on below
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(work))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_concurrent_approvals_number_letters_one_to_n(pg_store: Store) -> None:
    caseworker, officer = services_for(pg_store, "caseworker"), services_for(pg_store, "officer")
    drafts = [caseworker.letters.draft(authorised_case(caseworker, officer).id, crossings=["Torkham"]).id
              for _ in range(APPROVALS)]  # fmt: skip
    results = _run_together([lambda d=d: officer.letters.approve(d) for d in drafts])
    assert not [r for r in results if isinstance(r, Exception)]
    year = dt.date.today().year
    assert sorted(r.reference for r in results) == [f"ISB/TA/{year}/{n:06d}" for n in range(1, APPROVALS + 1)]


def test_the_same_draft_approved_twice_at_once_is_issued_once(pg_store: Store) -> None:
    caseworker, officer = services_for(pg_store, "caseworker"), services_for(pg_store, "officer")
    draft = caseworker.letters.draft(authorised_case(caseworker, officer).id, crossings=["Torkham"]).id
    results = _run_together([lambda: officer.letters.approve(draft) for _ in range(4)])
    issued = [r for r in results if not isinstance(r, Exception)]
    assert len(issued) == 1
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(losers) == 3 and all(isinstance(r, WorkflowError) and "not a draft" in str(r) for r in losers)
    next_draft = caseworker.letters.draft(authorised_case(caseworker, officer).id, crossings=["Torkham"]).id
    assert officer.letters.approve(next_draft).reference.endswith("/000002")  # type: ignore[union-attr]
