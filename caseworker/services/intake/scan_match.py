"""Pairing the people already held who may be one person, across different cases.

The blocking and scoring of an import (``domain.blocking``,
``domain.dedup.compare``), turned on the store itself: everyone held is filed
in one ``BlockIndex`` and then probes it, keeping only partners filed after
it (each pair is met once) in another case, with a compatible date of birth;
document and phone numbers are looked up exactly. The work grows with the
people and the size of their blocks, never with every pair. A number shared
by more than ``MAX_SHARED`` people (an NGO's office phone) says nothing about
identity and pairs nobody; a pair whose ``score_ceiling`` is below the
threshold is not compared at all.

Two cases are proposed as one family when they hold the same document
number, or when a pair scoring at least the threshold involves a principal
or several of their people match: two families who each have a son called
Ahmad Karimi, born the same year to a father called Mohammad, are not one
family.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from caseworker.domain.blocking import BlockIndex, date_bases, name_bases
from caseworker.domain.dedup import MatchResult, compare, score_ceiling
from caseworker.services.intake.matching import MAX_CANDIDATES, _plausible
from caseworker.services.intake.scan_load import Held
from caseworker.services.intake.sheets import ImportCancelled

MAX_SHARED = 20
CHECK_EVERY = 2000
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass
class CasePair:
    """The people of two cases who may be one person: the strongest result and every pair of people."""

    result: MatchResult
    people: list[dict[str, Any]] = field(default_factory=list)
    principal: bool = False  # a principal is one of a pair
    same_document: bool = False  # a pair holds an identical document number

    @property
    def family(self) -> bool:
        """Enough to propose the two cases as one family (see the module's docstring)."""
        several = len({p["a"] for p in self.people}) > 1 and len({p["b"] for p in self.people}) > 1
        return self.same_document or self.principal or several


class SelfMatcher:
    def __init__(self, held: Held, min_score: int, skip: Callable[[int, int], bool]) -> None:
        self.records, self.principals, self.frequencies = held.records, held.principals, held.frequencies
        self.min_score = min_score
        self.skip = skip  # (low case, high case) -> already queued or decided
        self.index = BlockIndex()
        self.keys: list[tuple[tuple[int, ...], tuple[str, ...]]] = []
        self.numbers: dict[str, list[int]] = defaultdict(list)
        self.compared = 0
        self.known: set[tuple[int, int]] = set()  # pairs met again that were already queued or decided
        cache: dict[tuple[object, ...], tuple[set[str], tuple[int, ...]]] = {}
        for position, record in enumerate(self.records):
            tokens = [f.keys for f in record.names]
            signature = (tuple(f.unique for f in record.names), record.father_key)
            cached = cache.get(signature)
            if cached is None:
                bases = name_bases(tokens, record.father_key)
                cached = cache[signature] = (bases, tuple(hash(b) for b in bases))
            exact = date_bases(tokens, record.birth)
            self.index.add(position, cached[0], exact, record.birth.year if record.birth else None)
            self.keys.append((cached[1], tuple(exact)))
            for _, number in record.documents:
                self.numbers["d:" + number].append(position)
            for phone in record.phones:
                self.numbers["p:" + phone].append(position)

    def pairs(self, progress: Progress | None = None, cancelled: Cancelled | None = None) -> dict[tuple[int, int], CasePair]:
        """(low case id, high case id) → the people who may be one person, for the pairs of cases to review."""
        found: dict[tuple[int, int], CasePair] = {}
        total = len(self.records)
        for position in range(total):
            if position % CHECK_EVERY == 0:
                if cancelled and cancelled():
                    raise ImportCancelled()
                if progress:
                    progress(position, total)
            for other, _ in self._candidates(position).most_common(MAX_CANDIDATES):
                self._score(position, other, found)
        if progress:
            progress(total, total)
        return {key: pair for key, pair in found.items() if pair.family}

    def _candidates(self, position: int) -> Counter[int]:
        """Partners filed after `position`, in other cases, weighted by the keys they share."""
        record, records = self.records[position], self.records
        group, birth = record.group, record.birth
        year = birth.year if birth is not None else None
        precision = birth.precision.value if birth is not None else ""
        ordinal = birth.value.toordinal() if birth is not None else 0
        hits: Counter[int] = Counter()
        base_hashes, exact = self.keys[position]
        for other, weight in self.index.probe(base_hashes, exact, year):
            if other > position:
                partner = records[other]
                if partner.group != group and _plausible(partner.birth, year, precision, ordinal):
                    hits[other] += weight
        for prefix, values, weight in (("d:", [n for _, n in record.documents], 100), ("p:", record.phones, 50)):
            for value in values:
                sharing = self.numbers.get(prefix + value, ())
                if len(sharing) <= MAX_SHARED:
                    for other in sharing:
                        if other > position and records[other].group != group:
                            hits[other] += weight
        return hits

    def _score(self, position: int, other: int, found: dict[tuple[int, int], CasePair]) -> None:
        a, b = self.records[position], self.records[other]
        low, high = (a, b) if a.group < b.group else (b, a)  # type: ignore[operator]
        key: tuple[int, int] = (low.group, high.group)  # type: ignore[assignment]
        if self.skip(*key):
            self.known.add(key)
            return
        if score_ceiling(a, b) < self.min_score:
            return
        self.compared += 1
        result = compare(a, b, self.frequencies)
        if not (result.same_document or result.score >= self.min_score):
            return
        pair = {"a": low.ref, "b": high.ref, "score": result.score,
                "reasons": list(result.reasons) + [f"but {c}" for c in result.conflicts]}  # fmt: skip
        entry = found.get(key)
        if entry is None:
            entry = found[key] = CasePair(result)
        elif result.score > entry.result.score:
            entry.result = result
        entry.people.append(pair)
        entry.principal = entry.principal or a.ref in self.principals or b.ref in self.principals
        entry.same_document = entry.same_document or bool(result.same_document)
