"""Is this referral someone we already hold? Scores for pairs of people.

The same family reaches us three times under three spellings, in Dari and in
Latin script, with a real date of birth in one list and a 1-January
placeholder in another. ``domain.blocking`` decides which pairs to compare;
``compare`` then weighs name (the foundation's script-independent keys),
date of birth with its precision, father's name, sex, documents and phones,
counts a common name for less (``TokenFrequencies``), and says why in words a
caseworker can check: "same tazkira number", "name variant + same birth
year", "… but different dates of birth".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from math import log10

from rapidfuzz import fuzz

from caseworker.domain import names
from caseworker.domain.birthdates import BirthDate, Precision
from caseworker.domain.dedup_scores import QUEUE_THRESHOLD

_DOC_LABELS = {"PASSPORT": "passport", "E_TAZKIRA": "tazkira", "PAPER_TAZKIRA": "tazkira",
               "SINGLE_JOURNEY": "travel document"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class NameForm:
    """One written form of a person's name and its token keys, in written order."""

    text: str
    keys: tuple[str, ...]
    arabic: bool
    unique: tuple[str, ...] = ()  # the distinct keys, sorted
    norm: str = ""  # the normalised text

    @classmethod
    def of(cls, text: str) -> NameForm:
        return _form(text)


@lru_cache(maxsize=1 << 17)
def _form(text: str) -> NameForm:
    keys = tuple(k for k in names.name_keys(text) if k)
    return NameForm(text, keys, names.is_arabic_script(text), tuple(sorted(set(keys))), names.normalise_latin(text))


def name_forms(texts: Iterable[str]) -> tuple[NameForm, ...]:
    """The written forms of a name, plus the other reading of any Pashto letters in them
    (پښتون read as Pakhtun besides Pashtun), so that either Latin spelling meets it."""
    written = list(dict.fromkeys(t for t in texts if t and t.strip()))
    alternates = [a for a in map(names.pashto_alternate, written) if a]
    forms = [NameForm.of(t) for t in dict.fromkeys(written + alternates)]
    return tuple(f for f in forms if f.keys)


class TokenFrequencies:
    """How common each name key is among the people held, to tell a common name from a rare one.

    "Mohammad Karimi, born 1990" is weak evidence when hundreds of people
    held are called Mohammad Karimi; "Zarghona Stanikzai, born 1990" is not.
    """

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.people = 0

    def add(self, tokens: Iterable[str]) -> None:
        self.counts.update(set(tokens))
        self.people += 1

    def namesakes(self, keys: Sequence[str]) -> float:
        """The expected number of people held whose name has all these keys (independence assumed)."""
        if not self.people or not keys:
            return 0.0
        expected = float(self.people)
        for key in keys:
            expected *= max(self.counts.get(key, 0), 1) / self.people
        return expected


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
    short, long = (a, b) if len(a.unique) <= len(b.unique) else (b, a)
    ks, kl = short.unique, long.unique
    if ks == kl:
        if a.arabic != b.arabic:
            return 55, "same name in another script"
        if a.norm == b.norm:
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


def _names(a: MatchRecord, b: MatchRecord) -> tuple[float, str, tuple[str, ...]]:
    """(points, reason, the keys of the name that matched best)."""
    best: tuple[float, str, tuple[str, ...]] = (-25, "different names", ())
    for fa in a.names:
        for fb in b.names:
            points, reason = _name_pair(fa, fb)
            if points > best[0]:
                best = (points, reason, fa.unique if len(fa.unique) <= len(fb.unique) else fb.unique)
                if points >= 55:
                    return best
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


def _common_name_penalty(namesakes: float, same_father: bool) -> float:
    """Points off for a name shared by many people held: 0 below 20 namesakes, up to 25."""
    if namesakes <= 20:
        return 0.0
    penalty = min(25.0, 10 * log10(namesakes / 20))
    return penalty / 2 if same_father else penalty


def compare(a: MatchRecord, b: MatchRecord, frequencies: TokenFrequencies | None = None) -> MatchResult:
    """How likely `a` and `b` are the same person, on 0–100, with the reasons.

    With `frequencies` (of the people held), a common name counts for less
    unless an exact date of birth, a phone or a document backs it.
    """
    reasons: list[str] = []
    conflicts: list[str] = []
    points, name_reason, matched_keys = _names(a, b)
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
    if frequencies is not None and matched_keys and birth_reason != "same date of birth" and not a.phones & b.phones:
        namesakes = frequencies.namesakes(matched_keys)
        penalty = _common_name_penalty(namesakes, "same father's name" in reasons)
        if penalty >= 1:
            points -= penalty
            conflicts.append(f"a common name (about {namesakes:,.0f} people held)")
    return MatchResult(max(0, min(99, round(points))), tuple(reasons), None, tuple(conflicts))


def score_ceiling(a: MatchRecord, b: MatchRecord) -> int:
    """The most ``compare(a, b)`` could give, reckoned without comparing the names (the costly part).

    A store-wide scan meets many pairs with a shared name key and nothing
    else; those that cannot reach its threshold even with the best name
    score are skipped without being compared.
    """
    if {n for _, n in a.documents} & {n for _, n in b.documents}:
        return 100
    points = 55 + _births(a.birth, b.birth)[0]
    if a.father_key and b.father_key:
        points += 15 if a.father_key == b.father_key else 8
    if a.sex in "MF" and b.sex in "MF" and a.sex != b.sex:
        points -= 60
    if a.phones & b.phones:
        points += 25
    return max(0, min(99, round(points)))
