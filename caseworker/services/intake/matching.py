"""Finding the held people (and earlier rows) each incoming record may be.

The incoming records are indexed by their blocking keys (``domain.dedup``);
the store's people are then streamed past that index once, a few columns at a
time, each probing its own keys. Document numbers and phone numbers are looked
up through their indexes. The cost is one pass over the store plus work in
proportion to the incoming records: 50,000 referrals against 300,000 people
never compare every pair. Only the candidates found are loaded in full and
scored.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from caseworker.domain.birthdates import BirthDate, Precision
from caseworker.domain.blocking import BlockIndex, name_bases
from caseworker.domain.dedup import (
    MatchRecord,
    MatchResult,
    TokenFrequencies,
    compare,
    father_key,
    name_forms,
)
from caseworker.services.intake.sheets import ImportCancelled
from caseworker.store.models import ContactPoint, IdentityDocument, Person

MAX_CANDIDATES = 15  # per incoming record, the strongest by the keys shared
STREAM_CHUNK = 5000
IN_CHUNK = 500
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class HeldMatch:
    person_id: int
    case_id: int
    result: MatchResult


def _chunks(items: Sequence[object], size: int = IN_CHUNK) -> Iterable[Sequence[object]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _birth(value: object, precision: str) -> BirthDate | None:
    return None if value is None else BirthDate(value, Precision(precision))  # type: ignore[arg-type]


def _plausible(a: BirthDate | None, year: int | None, precision: str, ordinal: int) -> bool:
    """Could these dates of birth belong to one person (cheap, before a full comparison)?"""
    if a is None or year is None:
        return True
    gap = abs(a.year - year)
    if a.precision is Precision.EXACT and precision == "EXACT":
        return a.value.toordinal() == ordinal
    if a.precision is Precision.ESTIMATED or precision == "ESTIMATED":
        return gap <= 2
    return gap <= 1  # year-level dates: a Solar Hijri year straddles two Gregorian ones


class Matcher:
    """An index of incoming records, probed by the store's people and by each other."""

    def __init__(self, incoming: Sequence[MatchRecord]) -> None:
        self.incoming = incoming
        self.index = BlockIndex()
        self.documents: dict[str, list[int]] = defaultdict(list)
        self.phones: dict[str, list[int]] = defaultdict(list)
        for position, record in enumerate(incoming):
            self.index.add_record(position, record)
            for _, number in record.documents:
                self.documents[number].append(position)
            for phone in record.phones:
                self.phones[phone].append(position)
        self.frequencies = TokenFrequencies()

    # -- within the incoming records ------------------------------------------------

    def pairs_within(self) -> dict[tuple[int, int], MatchResult]:
        """Scored pairs (earlier, later) of incoming records from different groups."""
        found: set[tuple[int, int]] = set()
        for position, record in enumerate(self.incoming):
            hits = {i for i, _ in self.index.probe_record(record)}
            hits |= {i for _, n in record.documents for i in self.documents[n]}
            hits |= {i for p in record.phones for i in self.phones[p]}
            found.update((i, position) for i in hits if i < position)
        out = {}
        frequencies = self.frequencies if self.frequencies.people else None
        for i, j in sorted(found):
            if self.incoming[i].group == self.incoming[j].group:
                continue
            result = compare(self.incoming[i], self.incoming[j], frequencies)
            if result.queued or result.same_document:
                out[(i, j)] = result
        return out

    # -- against the store -------------------------------------------------------------

    def held_matches(self, session: Session, progress: Progress | None = None,
                     cancelled: Callable[[], bool] | None = None) -> dict[int, list[HeldMatch]]:
        """For each incoming position, the held people scoring high enough to matter."""
        hits: dict[int, Counter[int]] = defaultdict(Counter)
        self._stream_names(session, hits, progress, cancelled)
        self._exact(session, hits)
        wanted = sorted({pid for counter in hits.values() for pid, _ in counter.most_common(MAX_CANDIDATES)})
        held = load_records(session, wanted)
        out: dict[int, list[HeldMatch]] = {}
        for position, counter in hits.items():
            scored = []
            for person_id, _ in counter.most_common(MAX_CANDIDATES):
                record = held.get(person_id)
                if record is None:
                    continue
                result = compare(self.incoming[position], record, self.frequencies)
                if result.queued or result.same_document:
                    scored.append(HeldMatch(person_id, int(record.group), result))  # type: ignore[call-overload]
            if scored:
                out[position] = sorted(scored, key=lambda m: -m.result.score)
        return out

    def _stream_names(self, session: Session, hits: dict[int, Counter[int]], progress: Progress | None,
                      cancelled: Callable[[], bool] | None) -> None:
        """One pass over the people held: count name keys, and probe the index with each person."""
        total = session.execute(select(func.count()).select_from(Person)).scalar_one() or 1
        fathers: dict[str, str] = {}
        bases_of: dict[tuple[str, str], tuple[tuple[int, ...], list[str]]] = {}
        query = select(Person.id, Person.name_key, Person.birth_date, Person.birth_precision, Person.father_name,
                       Person.father_name_original).execution_options(yield_per=STREAM_CHUNK)
        index, births, frequencies = self.index, [r.birth for r in self.incoming], self.frequencies
        for done, (person_id, key, born, precision, father, father_original) in enumerate(session.execute(query), 1):
            if done % STREAM_CHUNK == 0:
                if cancelled and cancelled():
                    raise ImportCancelled()
                if progress:
                    progress(done, total)
            if not key:
                continue
            fkey = ""
            if father or father_original:
                text = father or father_original
                fkey = fathers.get(text) or fathers.setdefault(text, father_key(father, father_original))
            cached = bases_of.get((key, fkey))
            if cached is None:
                tokens = key.split()
                cached = bases_of[(key, fkey)] = (tuple(hash(b) for b in name_bases([tokens], fkey)), tokens)
            base_hashes, tokens = cached
            frequencies.add(tokens)
            exact = [f"e:{t}:{born.isoformat()}" for t in tokens] if born is not None and precision == "EXACT" else []
            found = index.probe(base_hashes, exact, born.year if born is not None else None)
            if found:
                year = born.year if born is not None else None
                ordinal = born.toordinal() if born is not None else 0
                for position, weight in found:
                    if _plausible(births[position], year, precision, ordinal):
                        hits[position][person_id] += weight
        if progress:
            progress(total, total)

    def _exact(self, session: Session, hits: dict[int, Counter[int]]) -> None:
        numbers = list(self.documents)
        for chunk in _chunks(numbers):
            rows = session.execute(select(IdentityDocument.person_id, IdentityDocument.number_norm)
                                   .where(IdentityDocument.number_norm.in_(chunk)))
            for person_id, number in rows:
                for position in self.documents.get(number, ()):
                    hits[position][person_id] += 100
        phones = list(self.phones)
        for chunk in _chunks(phones):
            rows = session.execute(select(ContactPoint.person_id, ContactPoint.value)
                                   .where(ContactPoint.value.in_(chunk)))
            for person_id, value in rows:
                for position in self.phones.get(value, ()):
                    hits[position][person_id] += 50


def load_records(session: Session, person_ids: Sequence[int]) -> dict[int, MatchRecord]:
    """Full match records of held people (the group is the case id), read as plain rows."""
    records: dict[int, MatchRecord] = {}
    documents: dict[int, set[tuple[str, str]]] = defaultdict(set)
    phones: dict[int, set[str]] = defaultdict(set)
    columns = (Person.id, Person.case_id, Person.doc_given_names, Person.doc_surname, Person.name_original,
               Person.variants, Person.father_name, Person.father_name_original, Person.sex, Person.birth_date,
               Person.birth_precision)
    for chunk in _chunks(person_ids):
        for person_id, doc_type, number in session.execute(
                select(IdentityDocument.person_id, IdentityDocument.doc_type, IdentityDocument.number_norm)
                .where(IdentityDocument.person_id.in_(chunk))):
            if number:
                documents[person_id].add((doc_type, number))
        for person_id, kind, value in session.execute(
                select(ContactPoint.person_id, ContactPoint.kind, ContactPoint.value)
                .where(ContactPoint.person_id.in_(chunk))):
            if kind != "EMAIL":
                phones[person_id].add(value)
        for (pid, case_id, given, surname, original, variants, father, father_original, sex, born,
             precision) in session.execute(select(*columns).where(Person.id.in_(chunk))):
            latin = " ".join(x for x in (given, surname) if x)
            records[pid] = MatchRecord(
                ref=pid, group=case_id, names=name_forms([latin, original, *(variants or [])]),
                father_key=father_key(father, father_original), sex=sex, birth=_birth(born, precision),
                documents=frozenset(documents[pid]), phones=frozenset(phones[pid]),
            )  # fmt: skip
    return records


def person_record(p: Person, documents: set[tuple[str, str]], phones: set[str]) -> MatchRecord:
    latin = " ".join(x for x in (p.doc_given_names, p.doc_surname) if x)
    return MatchRecord(
        ref=p.id, group=p.case_id, names=name_forms([latin, p.name_original, *(p.variants or [])]),
        father_key=father_key(p.father_name, p.father_name_original), sex=p.sex,
        birth=_birth(p.birth_date, p.birth_precision), documents=frozenset(documents), phones=frozenset(phones),
    )  # fmt: skip
