"""The audit trail is hash-chained: editing, deleting or inserting an event is detected and named."""

from __future__ import annotations

from sqlalchemy import text

from caseworker.services.api import Services
from caseworker.store.engine import Store
from tests.support.factories import new_case


def _make_history(caseworker: Services) -> int:
    case = new_case(caseworker)
    caseworker.cases.move(case.id, "CONTACTING", "sent WhatsApp message")
    caseworker.cases.move(case.id, "CONTACTED", "principal answered")
    return case.id


def test_untouched_chain_verifies(store: Store, caseworker: Services) -> None:
    _make_history(caseworker)
    report = caseworker.history.verify()
    assert report.ok, report.problems
    assert report.events >= 5


def test_an_edited_event_is_detected_and_named(store: Store, caseworker: Services) -> None:
    _make_history(caseworker)
    with store.write() as session:
        seq = session.execute(text("SELECT seq FROM audit_events WHERE action = 'case.transition' ORDER BY seq LIMIT 1")).scalar_one()
        session.execute(text("UPDATE audit_events SET summary = 'changed status to nothing' WHERE seq = :s"), {"s": seq})
    report = caseworker.history.verify()
    assert not report.ok
    assert any(p.seq == seq and "altered" in p.message and f"#{seq}" in p.message for p in report.problems)


def test_a_deleted_event_is_detected_and_named(store: Store, caseworker: Services) -> None:
    _make_history(caseworker)
    with store.write() as session:
        seq = session.execute(text("SELECT seq FROM audit_events WHERE action = 'person.add' ORDER BY seq LIMIT 1")).scalar_one()
        session.execute(text("DELETE FROM audit_events WHERE seq = :s"), {"s": seq})
    report = caseworker.history.verify()
    assert [p.message for p in report.problems] == [f"event #{seq} is missing (deleted from the trail)"]


def test_deleting_the_latest_events_is_detected(store: Store, caseworker: Services) -> None:
    _make_history(caseworker)
    with store.write() as session:
        last = session.execute(text("SELECT max(seq) FROM audit_events")).scalar_one()
        session.execute(text("DELETE FROM audit_events WHERE seq >= :s"), {"s": last - 1})
    report = caseworker.history.verify()
    assert not report.ok
    assert f"#{last - 1}" in report.problems[0].message


def test_a_rewritten_hash_still_breaks_the_link_to_the_next_event(store: Store, caseworker: Services) -> None:
    _make_history(caseworker)
    with store.write() as session:
        session.execute(text("UPDATE audit_events SET hash = :h WHERE seq = 2"), {"h": "f" * 64})
    messages = [p.message for p in caseworker.history.verify().problems]
    assert any("#2" in m and "altered" in m for m in messages)
    assert any("#3" in m and "does not follow" in m for m in messages)
