"""Which pairs of people are worth comparing: blocking keys, so that cost stays linear.

Comparing every incoming referral with every person held would be quadratic.
Each record is given blocking keys and only records sharing a key are
compared:

- every pair of name-token keys (``domain.names``), and the whole key of a
  one-word name, so spellings, scripts, swapped given and family names and a
  missing middle name still meet;
- each name token with the father's name, and each name token with an exact
  date of birth, so a one-name person meets the same person with a surname;
- name keys split by birth year (a record without a date of birth meets
  every year), which keeps the blocks of common names small.

Document and phone numbers are looked up exactly, elsewhere. Records are
filed in a ``BlockIndex`` and probed by the records streamed past it; a probe
spans two years either side of its birth year, enough for estimates and for
Solar Hijri years that straddle two Gregorian ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations

from caseworker.domain.birthdates import BirthDate, Precision
from caseworker.domain.dedup import MatchRecord

YEAR_WINDOW = 2


def name_bases(token_sets: Iterable[Sequence[str]], father: str) -> set[str]:
    """Year-independent blocking bases of a person's names."""
    bases: set[str] = set()
    for tokens in token_sets:
        unique = sorted({t for t in tokens if t})
        if len(unique) == 1:
            bases.add("s:" + unique[0])
        elif len(unique) > 1:
            bases.update(f"p:{a}|{b}" for a, b in combinations(unique[:6], 2))
        if father:
            bases.update(f"g:{t}|{father}" for t in unique)
    return bases


def date_bases(token_sets: Iterable[Sequence[str]], birth: BirthDate | None) -> set[str]:
    if birth is None or birth.precision is not Precision.EXACT:
        return set()
    day = birth.value.isoformat()
    return {f"e:{t}:{day}" for tokens in token_sets for t in tokens if t}


def record_bases(record: MatchRecord) -> tuple[set[str], set[str]]:
    tokens = [f.keys for f in record.names]
    return name_bases(tokens, record.father_key), date_bases(tokens, record.birth)


class BlockIndex:
    """Records filed under their blocking keys; probed by other records' keys.

    A name key is filed under the record's birth year and under "any year"
    (or under "no date" when it has none); a probe looks at its own birth year
    ± YEAR_WINDOW and at "no date" (or, without a date, at every year). Keys
    that say more weigh more: a name with the father's name 2, a name with an
    exact date of birth 3, a name alone 1.
    """

    def __init__(self) -> None:
        self.names: dict[int, tuple[int, dict[object, list[int]]]] = {}
        self.dates: dict[int, list[int]] = {}

    def add(self, position: int, bases: set[str], exact: set[str], birth_year: int | None) -> None:
        for base in bases:
            _, slot = self.names.setdefault(hash(base), (2 if base.startswith("g:") else 1, {}))
            if birth_year is None:
                slot.setdefault("none", []).append(position)
            else:
                slot.setdefault(birth_year, []).append(position)
                slot.setdefault("any", []).append(position)
        for key in exact:
            self.dates.setdefault(hash(key), []).append(position)

    def add_record(self, position: int, record: MatchRecord) -> None:
        self.add(position, *record_bases(record), record.birth.year if record.birth else None)

    def probe(self, base_hashes: Iterable[int], exact: Iterable[str], birth_year: int | None) -> list[tuple[int, int]]:
        """(position, weight) for every key shared (a position once per key)."""
        found: list[tuple[int, int]] = []
        names_index = self.names
        for base in base_hashes:
            entry = names_index.get(base)
            if entry is None:
                continue
            weight, slot = entry
            positions = list(slot.get("none", ()))
            if birth_year is None:
                positions += slot.get("any", ())
            else:
                for year in range(birth_year - YEAR_WINDOW, birth_year + YEAR_WINDOW + 1):
                    positions += slot.get(year, ())
            found += [(p, weight) for p in positions]
        for key in exact:
            found += [(p, 3) for p in self.dates.get(hash(key), ())]
        return found

    def probe_record(self, record: MatchRecord) -> list[tuple[int, int]]:
        bases, exact = record_bases(record)
        return self.probe((hash(b) for b in bases), exact, record.birth.year if record.birth else None)
