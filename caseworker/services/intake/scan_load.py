"""Reading everyone held for a store-wide duplicate scan, as match records, in three streamed passes.

Only people of cases not merged away (status DUPLICATE) are read. Birth
dates and fathers' name keys repeat across hundreds of thousands of people,
so each is made once and shared: the records of 300,000 people fit in a few
hundred megabytes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from caseworker.domain.birthdates import BirthDate
from caseworker.domain.dedup import MatchRecord, TokenFrequencies, father_key, name_forms
from caseworker.domain.workflow import Status
from caseworker.services.intake.matching import STREAM_CHUNK, _birth
from caseworker.services.intake.sheets import ImportCancelled
from caseworker.store.models import Case, ContactPoint, IdentityDocument, Person

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
_UNSET: Any = object()


@dataclass
class Held:
    """Everyone held, as match records in id order (the group is the case id), and how common each name key is."""

    records: list[MatchRecord]
    principals: set[int]  # person ids
    frequencies: TokenFrequencies


def _stream(session: Session, query: Any) -> Iterator[Any]:
    yield from session.execute(query.execution_options(yield_per=STREAM_CHUNK))


def load_held(session: Session, progress: Progress | None = None, cancelled: Cancelled | None = None) -> Held:
    documents: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for person_id, doc_type, number in _stream(session, select(
            IdentityDocument.person_id, IdentityDocument.doc_type, IdentityDocument.number_norm)
            .where(IdentityDocument.number_norm != "")):  # fmt: skip
        documents[person_id].add((doc_type, number))
    phones: dict[int, set[str]] = defaultdict(set)
    for person_id, value in _stream(session, select(ContactPoint.person_id, ContactPoint.value)
                                    .where(ContactPoint.kind != "EMAIL")):  # fmt: skip
        phones[person_id].add(value)
    live = Case.status != Status.DUPLICATE.value
    total = session.execute(select(func.count()).select_from(Person).join(Case, Case.id == Person.case_id)
                            .where(live)).scalar_one() or 1  # fmt: skip
    query = (select(Person.id, Person.case_id, Person.role, Person.name_key, Person.doc_given_names,
                    Person.doc_surname, Person.name_original, Person.variants, Person.father_name,
                    Person.father_name_original, Person.sex, Person.birth_date, Person.birth_precision)
             .join(Case, Case.id == Person.case_id).where(live).order_by(Person.id))  # fmt: skip
    held = Held([], set(), TokenFrequencies())
    fathers: dict[tuple[str, str], str] = {}
    births: dict[tuple[object, str], BirthDate | None] = {}
    for done, (pid, case_id, role, key, given, surname, original, variants, father, father_original, sex, born,
               precision) in enumerate(_stream(session, query), 1):  # fmt: skip
        if done % STREAM_CHUNK == 0:
            if cancelled and cancelled():
                raise ImportCancelled()
            if progress:
                progress(done, total)
        latin = " ".join(x for x in (given, surname) if x)
        names = name_forms([latin, original, *(variants or [])])
        if not names:
            continue
        held.frequencies.add(key.split() if key else names[0].keys)
        fkey = fathers.get((father, father_original))
        if fkey is None:
            fkey = fathers[(father, father_original)] = father_key(father, father_original)
        birth = births.get((born, precision), _UNSET)
        if birth is _UNSET:
            birth = births[(born, precision)] = _birth(born, precision)
        held.records.append(MatchRecord(
            ref=pid, group=case_id, names=names, father_key=fkey, sex=sex, birth=birth,
            documents=frozenset(documents.pop(pid, ())), phones=frozenset(phones.pop(pid, ())),
        ))  # fmt: skip
        if role == "PRINCIPAL":
            held.principals.add(pid)
    return held
