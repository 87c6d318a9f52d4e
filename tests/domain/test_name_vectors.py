"""Names against public vectors (tests/domain/vectors, sources in docs/parsers/names.md):
every two spellings of one name meet and are blocked together for de-duplication, a part
of a compound meets the whole, and names known to be different stay apart."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caseworker.domain import names
from caseworker.domain.blocking import BlockIndex, record_bases
from caseworker.domain.cell_values import birth_from_cell
from caseworker.domain.dedup import MatchRecord, compare, father_key, name_forms
from tests.support.name_vectors import DISTINCT, PARTS, meeting_pairs

_ids = iter(range(1_000_000))


def person(name: str, born: object = 1980, father: str = "") -> MatchRecord:
    return MatchRecord(next(_ids), next(_ids), name_forms([name]), father_key(father), "M",
                       birth_from_cell(born) if born is not None else None)  # fmt: skip


def blocked_together(a: MatchRecord, b: MatchRecord) -> bool:
    index = BlockIndex()
    index.add_record(0, a)
    return bool(index.probe_record(b))


def key_sets(name: str) -> set[str]:
    """The sorted keys of a name and of its other Pashto reading."""
    return {names.sorted_name_key(t) for t in (name, names.pashto_alternate(name)) if t}


PAIRS = meeting_pairs()


def test_the_vector_tables_are_big_enough() -> None:
    assert len(PAIRS) >= 200 and len(PARTS) >= 20 and len(DISTINCT) >= 30


@pytest.mark.parametrize(("a", "b", "group"), PAIRS, ids=[f"{g}:{a}~{b}" for a, b, g in PAIRS])
def test_every_two_spellings_of_one_name_meet(a: str, b: str, group: str) -> None:
    assert key_sets(a) & key_sets(b), (names.name_keys(a), names.name_keys(b))
    left, right = person(a), person(b)
    assert blocked_together(left, right) and blocked_together(right, left)
    result = compare(left, right)
    assert result.queued and not result.conflicts, result.explanation


@pytest.mark.parametrize(("part", "whole", "source"), PARTS, ids=[f"{p}~{w}" for p, w, _ in PARTS])
def test_a_part_of_a_compound_meets_the_whole(part: str, whole: str, source: str) -> None:
    assert set(names.name_keys(part)) <= set(names.name_keys(whole))
    # one name against the full name: blocked together when the father's name backs it
    alone, full = person(part, father="Ghulam Nabi"), person(whole, father="Ghulam Nabi")
    assert blocked_together(alone, full) and blocked_together(full, alone)
    assert compare(alone, full).queued


@pytest.mark.parametrize(("a", "b", "why"), DISTINCT, ids=[f"{a}-{b}" for a, b, _ in DISTINCT])
def test_names_known_to_be_different_do_not_meet(a: str, b: str, why: str) -> None:
    assert not key_sets(a) & key_sets(b)
    left, right = person(a), person(b)
    assert not blocked_together(left, right) and not blocked_together(right, left)
    assert not compare(left, right).queued


# -- the failures of issue 13, each from its vector ------------------------------------------


def test_a_part_of_a_compound_name_is_a_key_of_it() -> None:
    for whole in ("Abdul Rahman", "Abdurrahman", "عبدالرحمن"):
        assert names.token_key("Rahman") in names.name_keys(whole)
    assert names.token_key("Haq") in names.name_keys("Zia ul Haq")
    assert names.token_key("Wahid") in names.name_keys("Abdul Wahid")


def test_al_inside_a_word_is_kept() -> None:
    assert names.name_keys("Popalzai") == names.name_keys("پوپلزی") == ["pplz"]
    assert names.name_keys("Khalilzad") == names.name_keys("خلیلزاد")
    assert names.name_keys("Abd al-Rahman") == names.name_keys("Abdul Rahman")  # a separate article goes


def test_pashto_letters_meet_their_latin_spellings() -> None:
    assert names.name_keys("Tsarandoy") == names.name_keys("څارندوی")
    assert names.name_keys("Dzalmay") == names.name_keys("ځلمی") == names.name_keys("Zalmay")
    assert names.name_keys("Pashtun") == names.name_keys("پښتون")
    assert names.name_keys("Pakhtun") == names.name_keys(names.pashto_alternate("پښتون") or "")
    assert names.name_keys("Ahmadzai") == names.name_keys("احمدزی")  # d + z inside a word is not ځ


@pytest.mark.parametrize(("one", "two"), [
    ("Mirwais", "Mir Wais"), ("احمدشاه", "Ahmad Shah"), ("Abdurrahman", "Abdul Rahman"),
    ("Abdulwahid", "Abdul Wahid"), ("Ziaulhaq", "Zia ul Haq"),
])  # fmt: skip
def test_one_word_and_two_word_spellings_meet(one: str, two: str) -> None:
    assert names.sorted_name_key(one) == names.sorted_name_key(two)
    assert compare(person(one), person(two)).queued


def test_ullah_after_any_vowel_is_the_same_suffix() -> None:
    assert names.name_keys("Bismillah") == names.name_keys("Besmellah") == names.name_keys("بسم الله")
    assert names.name_keys("Jamilah") == names.name_keys("Jamila")  # one l: not Allah


def test_plain_names_are_not_split() -> None:
    for name in ("Mirza", "Shahid", "Gulalai", "Ahmadzai", "Nuristani", "Abdali", "Shamir", "Mansur", "Abtahi"):
        assert len(names.name_keys(name)) == 1, name


# -- properties ------------------------------------------------------------------------------

_LATIN_PIECES = ["abd", "abdul", "ul", "ur", "ud", "al-", "ullah", "noor", "mir", "wais", "shah", "haq", "din",
                 "rahman", "ts", "dz", "-", " ", "'", "mohammad", "zai", "a", "e", "kh", "sh", "x"]
_ARABIC_PIECES = ["عبد", "ال", "الله", "نور", "محمد", "شاه", "ښ", "ږ", "څ", "ځ", "ټ", "ډ", "ړ", "ڼ", "ې", "ۍ", "ئ",
                  "\u200c", " ", "ی", "ه", "ة", "ء", "\u064e"]
LATIN_NAMES = st.lists(st.sampled_from(_LATIN_PIECES) | st.text("abdehiklmnorstuwz", min_size=1, max_size=5),
                       max_size=12).map("".join)
ARABIC_NAMES = st.lists(st.sampled_from(_ARABIC_PIECES) | st.text("ابپتجحدرزسشعغفقکگلمنوهی", min_size=1, max_size=4),
                        max_size=10).map("".join)
NAMES = LATIN_NAMES | ARABIC_NAMES | st.tuples(LATIN_NAMES, ARABIC_NAMES).map(" ".join) | st.text(max_size=30)


@settings(max_examples=300)
@given(NAMES)
def test_keys_never_crash_and_are_deterministic(name: str) -> None:
    tokens = names.name_tokens(name)
    keys = names.name_keys(name)
    assert len(keys) >= len(tokens)
    assert all(k.isalnum() and k == k.casefold() for k in keys)
    bases = record_bases(person(name))
    names._analyse.cache_clear()  # built again from nothing, the keys are the same
    assert names.name_keys(name) == keys and record_bases(person(name)) == bases
    assert names.name_keys(names.normalise_latin(name)) == keys  # normalising again changes nothing
    alternate = names.pashto_alternate(name)
    assert alternate is None or names.pashto_alternate(alternate) is None
    assert [names.token_key(t) for t in tokens] == [names.token_key(names.normalise_latin(t)) for t in tokens]
