"""Is this referral someone we already hold? Blocking keys and pair scores.

The same family reaches us three times under three spellings, in Dari and in
Latin script, with a real date of birth in one list and a 1-January
placeholder in another. Comparing every incoming referral with every person
held would be quadratic, so each record is given **blocking keys** and only
records sharing a key are compared:

- every pair of name-token keys (``domain.names``), and the whole sorted key
  of a one-word name — so spellings, scripts, swapped given and family names
  and a missing middle name still meet;
- each name token with the father's name, and each name token with an exact
  date of birth — so a one-name person meets the same person with a surname;
- name keys are split by birth year (a record without a date of birth meets
  every year), which keeps the blocks of common names small;
- document numbers and phone numbers (looked up exactly).

Keys are *emitted* by the records being indexed and *probed* by the records
streamed past them (``emit_keys``, ``probe_keys``); a probe spans two years
either side of its birth year, enough for estimates and for Solar Hijri years
that straddle two Gregorian ones. The score (``compare``) then weighs name,
date of birth with its precision, father's name, sex, documents and phones,
and says why in words a caseworker can check.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from rapidfuzz import fuzz

from caseworker.domain import names
from caseworker.domain.birthdates import BirthDate, Precision

QUEUE_THRESHOLD = 65  # a pair at or above this goes to the review queue
YEAR_WINDOW = 2
_DOC_LABELS = {"PASSPORT": "passport", "E_TAZKIRA": "tazkira", "PAPER_TAZKIRA": "tazkira",
               "SINGLE_JOURNEY": "travel document"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class NameForm:
    """One written form of a person's name and its token keys, in written order."""

    text: str
    keys: tuple[str, ...]
    arabic: bool

    @classmethod
    def of(cls, text: str) -> NameForm:
        return cls(text, tuple(k for k in names.name_keys(text) if k), names.is_arabic_script(text))


def name_forms(texts: Iterable[str]) -> tuple[NameForm, ...]:
    forms = [NameForm.of(t) for t in dict.fromkeys(t for t in texts if t and t.strip())]
    return tuple(f for f in forms if f.keys)


@dataclass(frozen=True, slots=True)
class MatchRecord:
    """What de-duplication knows about one person (incoming or held)."""

    ref: object
    group: object  # records of one group (a case, a family in the file) are never paired
    names: tuple[NameForm, ...]
    father_key: str = ""
    sex: str = "X"
    birth: BirthDate | None = None
    documents: frozenset[tuple[str, str]] = field(default_factory=frozenset)  # (type, number_norm)
    phones: frozenset[str] = field(default_factory=frozenset)


def father_key(*texts: str) -> str:
    for text in texts:
        if text and (key := names.sorted_name_key(text)):
            return key
    return ""


# -- blocking ------------------------------------------------------------------


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


def emit_keys(bases: set[str], exact: set[str], birth: BirthDate | None) -> set[int]:
    """Keys under which an indexed record is filed."""
    if birth is None:
        keys = {hash(b + ":none") for b in bases}
    else:
        year = birth.year
        keys = {hash(f"{b}:{year}") for b in bases} | {hash(b + ":any") for b in bases}
    keys.update(hash(e) for e in exact)
    return keys


def probe_keys(bases: set[str], exact: set[str], birth_year: int | None) -> set[int]:
    """Keys a streamed record looks up: its birth year ± YEAR_WINDOW, or any year."""
    keys: set[int] = set()
    for b in bases:
        keys.add(hash(b + ":none"))
        if birth_year is None:
            keys.add(hash(b + ":any"))
        else:
            keys.update(hash(f"{b}:{y}") for y in range(birth_year - YEAR_WINDOW, birth_year + YEAR_WINDOW + 1))
    keys.update(hash(e) for e in exact)
    return keys


def record_emit_keys(record: MatchRecord) -> set[int]:
    tokens = [f.keys for f in record.names]
    return emit_keys(name_bases(tokens, record.father_key), date_bases(tokens, record.birth), record.birth)


def record_probe_keys(record: MatchRecord) -> set[int]:
    tokens = [f.keys for f in record.names]
    year = record.birth.year if record.birth else None
    return probe_keys(name_bases(tokens, record.father_key), date_bases(tokens, record.birth), year)


# -- scoring -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MatchResult:
    score: int
    reasons: tuple[str, ...]
    same_document: str | None = None  # "passport" / "tazkira" when an identical number is held
    conflicts: tuple[str, ...] = ()

    @property
    def auto_link(self) -> bool:
        """An identical document number with nothing contradicting it."""
        return self.same_document is not None and not self.conflicts

    @property
    def queued(self) -> bool:
        return self.score >= QUEUE_THRESHOLD

    @property
    def explanation(self) -> str:
        return " + ".join(self.reasons + tuple(f"but {c}" for c in self.conflicts))


def _token_score(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if min(len(a), len(b)) >= 4 and fuzz.ratio(a, b) >= 80:
        return 0.7
    return 0.0


def _coverage(short: Sequence[str], long: Sequence[str]) -> float:
    """Sum of the best token matches of `short` in `long`, each token used once."""
    left = list(long)
    total = 0.0
    for token in short:
        best, at = 0.0, -1
        for i, other in enumerate(left):
            s = _token_score(token, other)
            if s > best:
                best, at = s, i
        if at >= 0:
            left.pop(at)
            total += best
    return total


def _name_pair(a: NameForm, b: NameForm) -> tuple[float, str]:
    """(points, reason) for two written forms."""
    short, long = (a, b) if len(set(a.keys)) <= len(set(b.keys)) else (b, a)
    ks, kl = sorted(set(short.keys)), sorted(set(long.keys))
    if ks == kl:
        if a.arabic != b.arabic:
            return 55, "same name in another script"
        if names.normalise_latin(a.text) == names.normalise_latin(b.text):
            return 55, "same name"
        if len(a.keys) > 1 and list(a.keys) != list(b.keys) and sorted(a.keys) == sorted(b.keys):
            return 55, "given and family names swapped"
        return 55, "name variant"
    covered = _coverage(ks, kl)
    if covered == len(ks):
        return (35, "one name only") if len(ks) == 1 else (42, "name variant with a name part missing")
    share = covered / len(kl)
    if share >= 0.5:
        return round(55 * share) - 5, "similar name"
    return -25, "different names"


def _names(a: MatchRecord, b: MatchRecord) -> tuple[float, str]:
    best: tuple[float, str] = (-25, "different names")
    for fa in a.names:
        for fb in b.names:
            pair = _name_pair(fa, fb)
            if pair[0] > best[0]:
                best = pair
    return best


def _births(a: BirthDate | None, b: BirthDate | None) -> tuple[float, str | None, str | None]:
    """(points, reason, conflict)."""
    if a is None or b is None:
        return 0, None, None
    kinds = {a.precision, b.precision}
    if a.compatible_with(b):
        if kinds == {Precision.EXACT}:
            return 30, "same date of birth", None
        if Precision.ESTIMATED in kinds:
            return 12, "birth year within the estimate", None
        if Precision.JAN1_PLACEHOLDER in kinds and Precision.EXACT in kinds:
            return 20, "1 January placeholder in the same year", None
        return 20, "same birth year", None
    if kinds & {Precision.YEAR_ONLY, Precision.JAN1_PLACEHOLDER} and abs(a.year - b.year) == 1:
        return 4, "birth year one apart", None
    if kinds == {Precision.EXACT} and a.year == b.year:
        return -20, None, "different dates of birth in the same year"
    return -45, None, "different dates of birth"


def compare(a: MatchRecord, b: MatchRecord) -> MatchResult:
    """How likely `a` and `b` are the same person, on 0–100, with the reasons."""
    reasons: list[str] = []
    conflicts: list[str] = []
    points, name_reason = _names(a, b)
    if points > 0:
        reasons.append(name_reason)
    else:
        conflicts.append(name_reason)
    birth_points, birth_reason, birth_conflict = _births(a.birth, b.birth)
    points += birth_points
    reasons += [birth_reason] if birth_reason else []
    conflicts += [birth_conflict] if birth_conflict else []
    if a.father_key and b.father_key:
        if a.father_key == b.father_key:
            points += 15
            reasons.append("same father's name")
        elif _coverage(a.father_key.split(), b.father_key.split()) >= 0.7 * max(
                len(a.father_key.split()), len(b.father_key.split())):
            points += 8
            reasons.append("similar father's name")
        else:
            points -= 20
            conflicts.append("different father's names")
    if a.sex in "MF" and b.sex in "MF" and a.sex != b.sex:
        points -= 60
        conflicts.append("different sex")
    if a.phones & b.phones:
        points += 25
        reasons.append("same phone number")
    same_document = None
    numbers_a = {n for _, n in a.documents}
    for doc_type, number in b.documents:
        if number in numbers_a:
            same_document = _DOC_LABELS.get(doc_type, "document")
            break
    if same_document:
        reasons.insert(0, f"same {same_document} number")
        serious = [c for c in conflicts if c != "different dates of birth in the same year"]
        score = 100 if not serious else max(QUEUE_THRESHOLD + 10, min(95, round(points) + 50))
        return MatchResult(score, tuple(reasons), same_document, tuple(serious))
    by_type_a = {t: n for t, n in a.documents}
    for doc_type, number in b.documents:
        if doc_type in by_type_a and by_type_a[doc_type] != number:
            label = _DOC_LABELS.get(doc_type, "document")
            points -= 25 if label == "tazkira" else 10
            conflicts.append(f"different {label} numbers")
            break
    return MatchResult(max(0, min(99, round(points))), tuple(reasons), None, tuple(conflicts))
