"""Writing the synthetic caseload in bulk: explicit ids, Core inserts, one
transaction per chunk of cases (a kill leaves whole chunks or nothing)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from caseworker.services.demo.generate import DemoCase, DemoGenerator
from caseworker.services.demo.letters import issue_demo_letters
from caseworker.services.inputs import person_name_key
from caseworker.store import audit
from caseworker.store.engine import Store
from caseworker.store.models import (
    AuditEvent,
    Case,
    ContactEntry,
    ContactPoint,
    Counter,
    IdentityDocument,
    Person,
    SearchRow,
)
from caseworker.store.search import case_row, index_row

CHUNK = 2000
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class DemoResult:
    cases: int
    people: int
    seconds: float
    letters: int = 0
    # (first case, second referral): the same principal referred twice under another spelling
    planted_duplicates: tuple[tuple[int, int], ...] = ()


class _Ids:
    """Next free primary keys, read once inside the write transaction."""

    def __init__(self, session: Session) -> None:
        self.next = {
            model: (session.execute(select(func.max(model.id))).scalar() or 0) + 1
            for model in (Case, Person, IdentityDocument, ContactPoint, ContactEntry, SearchRow)
        }

    def take(self, model: type) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


def _references(session: Session, batch: list[DemoCase]) -> list[str]:
    refs = []
    counters: dict[str, int] = {}
    for item in batch:
        post, year = item.values["post_code"], item.values["created_at"].year
        name = f"case:{post}:{year}"
        if name not in counters:
            counters[name] = session.execute(select(Counter.value).where(Counter.name == name)).scalar() or 0
        counters[name] += 1
        refs.append(f"{post}-{year}-{counters[name]:05d}")
    for name, value in counters.items():
        session.merge(Counter(name=name, value=value))
    return refs


def _write_chunk(session: Session, batch: list[DemoCase], actor: audit.Actor) -> tuple[int, list[int]]:
    """Write the cases; (the number of people, the case ids in the batch's order)."""
    ids = _Ids(session)
    rows: dict[type, list[dict]] = {m: [] for m in (Case, Person, IdentityDocument, ContactPoint, ContactEntry, SearchRow)}
    events = []
    for item, reference in zip(batch, _references(session, batch), strict=True):
        case_id = ids.take(Case)
        principal = item.people[0].values
        latin = f"{principal['doc_given_names']} {principal['doc_surname']}".strip()
        last = item.contacts[-1] if item.contacts else None
        follow = next((c["next_follow_up"] for c in reversed(item.contacts) if c["next_follow_up"]), None)
        case_values = {
            "id": case_id, "reference": reference, "principal_name": latin,
            "principal_name_original": principal["name_original"], "family_size": len(item.people),
            "last_contact_at": last["occurred_at"] if last else None, "next_follow_up": follow,
            "created_by_id": actor.id, "version": 1, **item.values,
        }  # fmt: skip
        rows[Case].append(case_values)
        rows[SearchRow].append({"id": ids.take(SearchRow), **case_row(case_id, reference)})
        for person in item.people:
            person_id = ids.take(Person)
            values = dict(person.values, name_key=person_name_key(person.values))
            rows[Person].append({"id": person_id, "case_id": case_id, **values})
            for doc in person.documents:
                rows[IdentityDocument].append({"id": ids.take(IdentityDocument), "person_id": person_id, **doc})
            for point in person.contact_points:
                rows[ContactPoint].append({"id": ids.take(ContactPoint), "person_id": person_id, **point})
            rows[SearchRow].append({
                "id": ids.take(SearchRow),
                **index_row(
                    case_id, person_id,
                    [values["doc_given_names"], values["doc_surname"], values["name_original"], *values["variants"]],
                    [d["number_norm"] for d in person.documents],
                    [(p["kind"], p["value"]) for p in person.contact_points],
                ),
            })  # fmt: skip
        for entry in item.contacts:
            rows[ContactEntry].append({"id": ids.take(ContactEntry), "case_id": case_id, **entry})
        events.append((case_id, reference, len(item.people), item.values["status"]))
    for model, values in rows.items():
        if values:
            session.execute(insert(model.__table__), values)
    _audit_chunk(session, actor, events)
    return sum(len(item.people) for item in batch), [case_id for case_id, *_ in events]


def _audit_chunk(session: Session, actor: audit.Actor, events: list[tuple[int, str, int, str]]) -> None:
    """One hash-chained event per generated case, appended in bulk."""
    audit.append_many(session, actor, [
        {"action": "case.create", "entity_type": "case", "entity_id": case_id, "case_id": case_id,
         "summary": f"demo: created {reference} with {size} people at {status}"}
        for case_id, reference, size, status in events
    ])  # fmt: skip


def fill_store(
    store: Store,
    cases: int,
    seed: int,
    actor: audit.Actor,
    caseworker_ids: list[int],
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> DemoResult:
    import time

    started = time.perf_counter()
    generator = DemoGenerator(seed, dt.datetime.now(dt.UTC).replace(microsecond=0), caseworker_ids)
    people = done = 0
    case_ids: list[int] = []  # by the generator's index
    planted: list[tuple[int, int]] = []
    while done < cases:
        if cancelled and cancelled():
            break
        batch = [generator.case(done + i) for i in range(min(CHUNK, cases - done))]
        with store.write() as session:
            written, ids = _write_chunk(session, batch, actor)
        people += written
        case_ids += ids
        planted += [(case_ids[item.duplicate_of_index], case_id) for item, case_id in zip(batch, ids, strict=True)
                    if item.duplicate_of_index is not None]
        done += len(batch)
        if progress:
            progress(done, cases)
    if store.dialect == "postgresql":
        _sync_sequences(store)
    letters = issue_demo_letters(store, actor) if not (cancelled and cancelled()) else 0
    return DemoResult(done, people, time.perf_counter() - started, letters, tuple(planted))


def _sync_sequences(store: Store) -> None:
    with store.write() as session:
        for model in (Case, Person, IdentityDocument, ContactPoint, ContactEntry, SearchRow, AuditEvent):
            table = model.__table__.name
            session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false) FROM {table}"
            ))  # fmt: skip

