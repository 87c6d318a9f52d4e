"""Sign-in accounting that holds under parallel attempts and a damaged journal (issue 19, points 2-3).

Eight processes try wrong passwords at the same instant: each attempt is
counted, those beyond the free tries are refused without a password check,
and every failure reaches the audit trail exactly once. A missing or garbled
journal never resets the throttle.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from caseworker.domain import throttle
from caseworker.domain.errors import AuthenticationError
from caseworker.services.session import sign_in
from caseworker.store.engine import Store
from caseworker.store.location import StoreLocation
from caseworker.store.signin_journal import SignInJournal, journal_path
from tests.support.stores import PASSWORD, PostgresTemplates, SqliteTemplates

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 8
T0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)

# Each child imports everything first, says "ready", then waits for the word to go:
# all eight attempts start within milliseconds of each other.
CHILD = """
import json, sys
from pathlib import Path
from caseworker.domain.errors import AuthenticationError
from caseworker.services.session import sign_in
from caseworker.store.location import StoreLocation
where = json.loads(sys.argv[1])
location = StoreLocation(path=Path(where["path"]) if where["path"] else None, url=where["url"])
print("ready", flush=True)
sys.stdin.readline()
try:
    sign_in(location, "officer", sys.argv[2]).store.close()
    print("opened")
except AuthenticationError as exc:
    print("throttled" if "wait" in str(exc) else "wrong" if "wrong" in str(exc) else f"other: {exc}")
"""


def _failures(store: Store) -> list[str]:
    with store.read() as session:
        return list(session.execute(text(
            "SELECT summary FROM audit_events WHERE action = 'auth.failed' ORDER BY seq")).scalars())  # fmt: skip


def _counter(store: Store) -> int:
    with store.read() as session:
        return int(session.execute(text("SELECT failed_attempts FROM users WHERE username = 'officer'")).scalar_one())


def _race(location: StoreLocation) -> list[str]:
    where = json.dumps({"path": str(location.path) if location.path else None, "url": location.url})
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    children = [
        subprocess.Popen([sys.executable, "-c", CHILD, where, f"wrong guess {i}"], cwd=ROOT, env=env,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(PROCESSES)
    ]  # fmt: skip
    for child in children:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready", child.stderr.read()  # type: ignore[union-attr]
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    outcomes = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        outcomes.append(out.strip())
    return outcomes


def _check(outcomes: list[str]) -> int:
    assert sorted(set(outcomes)) <= ["throttled", "wrong"], outcomes
    wrong = outcomes.count("wrong")
    # The free tries and at most one more get a password check; the rest are refused unchecked.
    assert throttle.FREE_ATTEMPTS <= wrong <= throttle.FREE_ATTEMPTS + 1, outcomes
    return wrong


def test_eight_parallel_wrong_passwords_on_an_encrypted_store_each_count(
    sqlite_templates: SqliteTemplates, tmp_path: Path
) -> None:
    location = sqlite_templates.fresh(tmp_path)
    wrong = _check(_race(location))
    assert location.path is not None
    assert SignInJournal(location.path).failures("officer")[0] == wrong
    services = sign_in(location, "admin", PASSWORD)
    try:
        failed = _failures(services.store)
    finally:
        services.store.close()
    assert len(failed) == wrong and all("failed sign-in as officer" in s for s in failed)
    services = sign_in(location, "admin", PASSWORD)  # written once, not again
    try:
        assert len(_failures(services.store)) == wrong
    finally:
        services.store.close()


@pytest.mark.postgres
def test_eight_parallel_wrong_passwords_on_postgresql_each_count(postgres_templates: PostgresTemplates) -> None:
    location = postgres_templates.fresh()
    wrong = _check(_race(location))
    services = sign_in(location, "admin", PASSWORD)
    try:
        assert _counter(services.store) == wrong
        assert len(_failures(services.store)) == wrong
    finally:
        services.store.close()


def test_eight_parallel_wrong_passwords_on_a_plain_store_each_count(
    plain_templates: SqliteTemplates, tmp_path: Path
) -> None:
    location = plain_templates.fresh(tmp_path)
    wrong = _check(_race(location))
    services = sign_in(location, "admin", PASSWORD)
    try:
        assert _counter(services.store) == wrong and len(_failures(services.store)) == wrong
    finally:
        services.store.close()


@pytest.mark.parametrize("damage", ["garbled", "missing", "wrong shape"])
def test_a_damaged_or_missing_journal_does_not_reset_the_throttle(
    sqlite_templates: SqliteTemplates, tmp_path: Path, damage: str
) -> None:
    location = sqlite_templates.fresh(tmp_path)
    assert location.path is not None
    journal = journal_path(location.path)
    for attempt in range(2):
        with pytest.raises(AuthenticationError, match="wrong"):
            sign_in(location, "officer", f"guess {attempt}", now=T0 + dt.timedelta(seconds=attempt))
    garbage = {"garbled": b"\x00\xff not json", "wrong shape": b'{"format": "caseworker-signin", "salt": 5}'}
    if damage == "missing":
        journal.unlink()
    else:
        journal.write_bytes(garbage[damage])
    found = T0 + dt.timedelta(minutes=1)
    # Even the right password, for any user, waits as long as after the most failures.
    with pytest.raises(AuthenticationError, match=f"wait {int(throttle.MAX_DELAY_SECONDS)} seconds"):
        sign_in(location, "caseworker", PASSWORD, now=found)
    kept = sorted(tmp_path.glob(journal.name + ".damaged-*"))
    if damage == "missing":
        assert kept == []
    else:
        assert [p.read_bytes() for p in kept] == [garbage[damage]]  # set aside, byte for byte
    later = found + dt.timedelta(seconds=throttle.MAX_DELAY_SECONDS + 1)
    services = sign_in(location, "caseworker", PASSWORD, now=later)  # not an administrator: the floor stays
    try:
        assert services.notices == []
        with services.store.read() as session:
            events = list(session.execute(text(
                "SELECT summary FROM audit_events WHERE action = 'auth.journal_damaged'")).scalars())  # fmt: skip
        assert len(events) == 1 and ("missing" if damage == "missing" else "damaged") in events[0]
    finally:
        services.store.close()
    # Until an administrator signs in, each further failure costs the longest wait again.
    with pytest.raises(AuthenticationError, match="wrong"):
        sign_in(location, "officer", "one more guess", now=later + dt.timedelta(seconds=1))
    with pytest.raises(AuthenticationError, match=f"wait {int(throttle.MAX_DELAY_SECONDS) - 1} seconds"):
        sign_in(location, "officer", PASSWORD, now=later + dt.timedelta(seconds=2))
    admin = sign_in(location, "admin", PASSWORD, now=later + dt.timedelta(seconds=2))
    try:
        assert len(admin.notices) == 1 and "sign-in journal was" in admin.notices[0]
        if kept:
            assert kept[0].name in admin.notices[0]
    finally:
        admin.store.close()
    # The administrator's sign-in cleared the floor: one slip is a free try again.
    sign_in(location, "officer", PASSWORD, now=later + dt.timedelta(seconds=3)).store.close()
