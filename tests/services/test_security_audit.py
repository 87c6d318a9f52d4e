"""The signed audit trail, attacked by someone who can write the store (issue 14, point 1).

The attacker here has the store open with its data key (any user of an
encrypted store, or the owner role on PostgreSQL) and edits rows directly.
Each test ends with what `audit verify` says.
"""

from __future__ import annotations

from sqlalchemy import select, text

from caseworker.domain.roles import Role
from caseworker.services.api import Services
from caseworker.services.auth import authenticate
from caseworker.store import audit
from caseworker.store.anchors import read_anchor
from caseworker.store.engine import Store
from caseworker.store.models import AuditEvent, AuditHead, User
from tests.support.factories import new_case
from tests.support.stores import services_for


def _history(caseworker: Services, officer: Services) -> int:
    case = new_case(caseworker)
    caseworker.cases.move(case.id, "CONTACTING", "sent WhatsApp message")
    officer.cases.move(case.id, "CONTACTED", "principal answered")
    caseworker.cases.move(case.id, "ELIGIBILITY_REVIEW", "papers in")
    return case.id


def _rehash_from(store: Store, seq: int) -> None:
    """What a careful attacker does after an edit: recompute every later hash and the head."""
    with store.write() as session:
        events = session.execute(select(AuditEvent).where(AuditEvent.seq >= seq).order_by(AuditEvent.seq)).scalars()
        prev = session.execute(select(AuditEvent.hash).where(AuditEvent.seq == seq - 1)).scalar_one()
        for event in events:
            event.prev_hash = prev
            prev = event.hash = audit._digest(prev, event)
        head = session.get(AuditHead, 1)
        assert head is not None
        head.hash = prev


def test_an_untouched_signed_trail_verifies(store: Store) -> None:
    caseworker, officer = services_for(store, "caseworker"), services_for(store, "officer")
    _history(caseworker, officer)
    assert caseworker.history.verify().ok
    with store.read() as session:
        signed = session.execute(
            select(AuditEvent.signature, AuditEvent.signer).where(AuditEvent.actor_id.is_not(None))).all()  # fmt: skip
    assert signed and all(signature and signer for signature, signer in signed)


def test_editing_an_event_and_recomputing_the_whole_chain_is_caught(store: Store) -> None:
    caseworker, officer = services_for(store, "caseworker"), services_for(store, "officer")
    _history(caseworker, officer)
    assert caseworker.history.verify().ok
    with store.write() as session:
        seq = session.execute(text(
            "SELECT seq FROM audit_events WHERE action = 'case.transition' AND summary LIKE '%answered%'")).scalar_one()
        session.execute(text("UPDATE audit_events SET summary = 'principal never answered' WHERE seq = :s"), {"s": seq})
    _rehash_from(store, seq)
    report = caseworker.history.verify()
    assert not report.ok
    assert not any("has been altered" in p.message or "does not follow" in p.message for p in report.problems), report.problems
    messages = {p.seq: p.message for p in report.problems}
    assert f"event #{seq}" in messages[seq] and "is not signed with officer's key" in messages[seq]
    assert all(s >= seq for s in messages)  # every later signed event is caught too, nothing before


def test_editing_an_unsigned_system_event_is_caught_by_the_next_signature(store: Store) -> None:
    caseworker, officer = services_for(store, "caseworker"), services_for(store, "officer")
    with store.write() as session:
        event = audit.append(session, audit.SYSTEM, "auth.failed", "user", None, summary="failed sign-in as officer")
        seq = event.seq
    _history(caseworker, officer)
    with store.write() as session:
        session.execute(text("UPDATE audit_events SET summary = 'nothing happened' WHERE seq = :s"), {"s": seq})
    _rehash_from(store, seq)
    report = caseworker.history.verify()
    assert not report.ok and min(p.seq for p in report.problems) == seq + 1


def test_an_event_signed_by_one_user_but_claiming_another_is_caught(store: Store) -> None:
    caseworker, officer = services_for(store, "caseworker"), services_for(store, "officer")
    _history(caseworker, officer)
    forged_by = audit.Actor(officer.user.id, "officer", caseworker.user.signer)  # caseworker's key, officer's name
    with store.write() as session:
        seq = audit.append(session, forged_by, "case.decide", "case", 1, summary="officer approved eligibility").seq
    problems = caseworker.history.verify().problems
    assert [p.seq for p in problems] == [seq] and "is not signed with officer's key" in problems[0].message


def test_an_unsigned_event_claiming_a_user_is_caught(store: Store) -> None:
    caseworker, officer = services_for(store, "caseworker"), services_for(store, "officer")
    _history(caseworker, officer)
    with store.write() as session:
        seq = audit.append(session, audit.Actor(officer.user.id, "officer"), "case.decide", "case", 1).seq
    problems = caseworker.history.verify().problems
    assert [p.seq for p in problems] == [seq] and "is not signed by its author" in problems[0].message


def test_a_disabled_users_key_can_no_longer_sign(store: Store) -> None:
    admin, caseworker = services_for(store, "admin"), services_for(store, "caseworker")
    case = new_case(caseworker)
    key = caseworker.user.signer
    assert key is not None
    admin.users.set_active("caseworker", False)
    with store.read() as session:
        user = session.execute(select(User).where(User.username == "caseworker")).scalar_one()
        assert user.signing_public is None and user.signing_key is None  # nothing left to unwrap it from
    if store.keyring is not None:
        slots = store.keyring.current()
        assert slots is not None and not slots.has("caseworker")
    # a window still open (or someone holding the unwrapped key) goes on writing
    caseworker.cases.move(case.id, "CONTACTING", "after being disabled")
    problems = admin.history.verify().problems
    assert len(problems) == 1 and "is signed with a key withdrawn at event #" in problems[0].message
    assert "caseworker was disabled" in problems[0].message


def test_a_new_password_gives_a_new_key_and_old_events_keep_verifying(store: Store) -> None:
    admin, caseworker = services_for(store, "admin"), services_for(store, "caseworker")
    new_case(caseworker)
    first = caseworker.user.signer
    admin.users.change_password("caseworker", "a password the admin chose")  # the admin knows this one
    again = Services(store, authenticate(store, "caseworker", "a password the admin chose"))
    assert again.user.signer is not None and first is not None
    assert again.user.signer.public_key() != first.public_key()
    new_case(again)
    again.users.change_password("caseworker", "only the caseworker knows", old_password="a password the admin chose")
    new_case(again)  # signed with the third key, made at the change
    assert admin.history.verify().ok


def test_a_cut_tail_passes_the_chain_but_not_an_anchor(store: Store) -> None:
    caseworker, officer = services_for(store, "caseworker"), services_for(store, "officer")
    _history(caseworker, officer)
    seq, digest = caseworker.history.head()
    printed = read_anchor(f"{seq}:{digest[:16]}")  # as `letters approve` or `handoff write` print it
    case = new_case(caseworker)
    caseworker.cases.move(case.id, "CONTACTING", "the event someone wants gone")
    with store.write() as session:
        cut = session.execute(text("SELECT max(seq) FROM audit_events WHERE seq <= :s"), {"s": seq - 2}).scalar_one()
        session.execute(text("DELETE FROM audit_events WHERE seq > :s"), {"s": cut})
        last = session.execute(text("SELECT hash FROM audit_events WHERE seq = :s"), {"s": cut}).scalar_one()
        session.execute(text("UPDATE audit_head SET seq = :s, hash = :h"), {"s": cut, "h": last})
    assert caseworker.history.verify().ok  # a shortened trail is still a consistent chain...
    report = caseworker.history.verify([printed])  # ...but not the one the anchor saw
    assert not report.ok
    assert f"the anchor records event #{seq}, but the trail ends at #{cut}: it has been cut short" in str(
        report.problems[0])


def test_a_rewritten_event_under_an_anchor_is_caught(store: Store) -> None:
    caseworker, officer = services_for(store, "caseworker"), services_for(store, "officer")
    _history(caseworker, officer)
    seq, digest = caseworker.history.head()
    with store.write() as session:
        session.execute(text("UPDATE audit_events SET summary = 'x' WHERE seq = :s"), {"s": seq})
    _rehash_from(store, seq)
    report = caseworker.history.verify([read_anchor(f"{seq}:{digest}")])
    assert any("is not the one the anchor recorded: the trail was rewritten" in p.message for p in report.problems)


def test_a_user_added_by_an_administrator_signs_once_they_sign_in(store: Store) -> None:
    admin = services_for(store, "admin")
    admin.users.add("nadia", "Nadia", Role.CASEWORKER, "nadia's first password")
    nadia = Services(store, authenticate(store, "nadia", "nadia's first password"))
    new_case(nadia)
    assert nadia.user.signer is not None and admin.history.verify().ok


def test_an_old_store_upgrades_by_starting_the_signed_chain_at_a_recorded_boundary(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from alembic import command
    from sqlalchemy.orm import Session

    from caseworker.services.passwords import hash_password
    from caseworker.store import migrate
    from caseworker.store.engine import make_engine
    from caseworker.store.location import StoreLocation
    from caseworker.store.opening import open_store

    location = StoreLocation(path=tmp_path / "old.db")
    location.path.touch()  # type: ignore[union-attr]
    engine = make_engine(location)
    migrate.upgrade(engine)
    with Session(engine) as session, session.begin():  # history written before signing existed
        session.add(User(username="amina", display_name="Amina", role="caseworker",
                         password_hash=hash_password("amina's password")))  # fmt: skip
        session.flush()
        amina = session.execute(select(User.id)).scalar_one()
        for n in range(3):
            audit.append(session, audit.Actor(amina, "amina"), "case.note", "case", n, summary=f"note {n}")
    with engine.connect() as conn:  # back to the schema of the release before this one
        config = migrate._config()
        config.attributes["connection"] = conn
        command.downgrade(config, "perf_1")
        conn.commit()
    engine.dispose()
    store = open_store(location)
    try:
        with store.read() as session:
            assert audit.signed_from(session) == 4
            assert session.execute(select(AuditEvent.action).where(AuditEvent.seq == 4)).scalar_one() == audit.SIGNING_START
        user = Services(store, authenticate(store, "amina", "amina's password"))
        with store.write() as session:
            audit.append(session, user.user.actor, "case.note", "case", 1, summary="after the upgrade")
        assert user.history.verify().ok  # events 1-3 are hash-chained only; from 4 on, signed
        # removing the boundary event (renumbering and rehashing after it) breaks the next signature
        with store.write() as session:
            session.execute(text("DELETE FROM audit_events WHERE seq = 4"))
            session.execute(text("UPDATE audit_events SET seq = seq - 1 WHERE seq > 4"))
            session.execute(text("UPDATE audit_head SET seq = seq - 1"))
        _rehash_from(store, 4)
        problems = user.history.verify().problems
        assert problems and all(p.seq >= 4 and "is not signed with amina's key" in p.message for p in problems)
    finally:
        store.close()
