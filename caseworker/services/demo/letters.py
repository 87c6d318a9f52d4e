"""Letters for the demo's LETTER_ISSUED cases, so the letter screens have something to show.

Generated in one transaction after the cases: each letter lists the family,
is drafted by the demo caseworker and approved by the demo officer, signed
with the store's key, numbered from the post's counter (gap-free, like real
letters) and audited. Validity starts when the case reached LETTER_ISSUED,
so older ones show as expired, as they would in a real caseload.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, selectinload

from caseworker.documents import letter_payload as lp
from caseworker.domain.letters import DEFAULT_VALID_DAYS, letter_reference, validity
from caseworker.domain.roles import Role
from caseworker.services.letters import content
from caseworker.services.letters.keys import signing_key
from caseworker.services.letters.settings import crossings
from caseworker.store import audit, counters
from caseworker.store.engine import Store
from caseworker.store.models import Case, Letter, Person, User

# The crossing each post's families usually take.
ROUTES = {"ISB": ("Torkham",), "TAS": ("Hairatan–Termez",), "DYU": ("Sher Khan Bandar",), "DOH": ("Kabul airport",)}


class _Row:
    """Just enough of a Letter for content.payload_for."""

    def __init__(self, **values: object) -> None:
        self.__dict__.update(values)


def issue_demo_letters(store: Store, actor: audit.Actor | None = None) -> int:
    """Issue letters for the demo's LETTER_ISSUED cases. Their events are written by `actor`
    (who runs the demo, and signs them), or by the officer when that officer has no
    audit-signing key yet."""
    with store.write() as session:
        users = {u.role: u for u in session.execute(select(User).where(User.active.is_(True)).order_by(User.id)).scalars()}
        officer, worker = users.get(Role.OFFICER.value), users.get(Role.CASEWORKER.value)
        if officer is None or worker is None:
            return 0
        done = set(session.execute(select(Letter.case_id)).scalars())
        cases = [c for c in session.execute(
            select(Case).where(Case.status == "LETTER_ISSUED").order_by(Case.status_changed_at, Case.id)
        ).scalars() if c.id not in done]  # fmt: skip
        by = audit.Actor(officer.id, officer.username) if actor is None or officer.signing_public is None else actor
        return _issue(session, cases, officer, worker, by) if cases else 0


def _issue(session: Session, cases: list[Case], officer: User, worker: User, by: audit.Actor) -> int:
    key = signing_key(session)
    kid = lp.key_id(key.public_key())
    known = {p.name for p in crossings(session)}
    people = defaultdict(list)
    for person in session.execute(
        select(Person).where(Person.case_id.in_([c.id for c in cases])).order_by(Person.id)
        .options(selectinload(Person.documents))
    ).scalars():  # fmt: skip
        people[person.case_id].append(person)
    rows, events = [], []
    for case in cases:
        travellers = [p for p in people[case.id] if p.cleared_to_travel] or people[case.id]
        issued = case.status_changed_at
        valid_from, valid_to = validity(issued.date(), DEFAULT_VALID_DAYS)
        number = counters.next_value(session, f"letter:{case.post_code}:{issued.year}")
        route = [name for name in ROUTES.get(case.post_code, ("Torkham",)) if name in known] or sorted(known)[:1]
        row = _Row(reference=letter_reference(case.post_code, issued.year, number), version=1,
                   valid_from=valid_from, valid_to=valid_to, people=content.snapshots(travellers, issued.date()))  # fmt: skip
        signed = lp.sign(content.payload_for(row, kid), key)  # type: ignore[arg-type]
        rows.append({
            "case_id": case.id, "post_code": case.post_code, "status": "ISSUED", "reference": row.reference,
            "version": 1, "person_ids": [p.id for p in travellers], "people": row.people,
            "valid_days": DEFAULT_VALID_DAYS, "valid_from": valid_from, "valid_to": valid_to, "crossings": route,
            "signatory_id": officer.id, "signatory_name": officer.display_name,
            "signatory_title": "Authorising Officer", "drafted_by_id": worker.id, "drafted_at": issued,
            "approved_by_id": officer.id, "issued_at": issued, "key_id": kid, "qr_text": lp.qr_text(signed),
            "verification_code": signed.verification_code, "end_reason": "", "print_count": 0, "row_version": 1,
        })  # fmt: skip
        events.append({"action": "letter.issue", "entity_type": "letter", "entity_id": None, "case_id": case.id,
                       "summary": f"demo: issued {row.reference} v1 for {len(travellers)} people"})  # fmt: skip
    session.execute(insert(Letter), rows)
    audit.append_many(session, by, events)
    return len(rows)


__all__ = ["issue_demo_letters"]
