"""Search by name against public vectors (tests/domain/vectors, sources in docs/parsers/names.md):
each spelling finds the others, a part of a compound finds the whole, one word finds two, and a
different name typed in full does not find its neighbour."""

from __future__ import annotations

from caseworker.domain.names import is_arabic_script
from caseworker.services.api import Services
from caseworker.services.inputs import CaseInput, PersonInput
from caseworker.services.queries import CaseQuery
from tests.support.name_vectors import DISTINCT, PARTS, VARIANTS, meeting_pairs


def add(services: Services, name: str) -> int:
    """A case whose principal is known by `name` only, in the script it is written in."""
    arabic = is_arabic_script(name)
    person = PersonInput(role="PRINCIPAL", relationship="SELF", name_original=name if arabic else "",
                         doc_given_names="" if arabic else name.upper(), sex="M", birth_date="1980")
    case = services.cases.create(CaseInput(post="ISB", principal=person, scheme="ARAP", referral_source="MOD",
                                           current_country="Pakistan"))  # fmt: skip
    return case.id


def found(services: Services, text: str) -> set[int]:
    return set(services.queries.ids(CaseQuery(text=text)))


ISSUE_13 = [
    ("Rahman", "Abdul Rahman"), ("Rahman", "Abdurrahman"), ("Haq", "Zia ul Haq"), ("Wahid", "Abdul Wahid"),
    ("Popalzai", "پوپلزی"), ("Tsarandoy", "څارندوی"), ("Dzalmay", "ځلمی"), ("Mirwais", "Mir Wais"),
    ("Mir Wais", "Mirwais"), ("احمدشاه", "Ahmad Shah"), ("Ahmad Shah", "احمدشاه"), ("Abdurrahman", "Abdul Rahman"),
    ("Abdulwahid", "Abdul Wahid"), ("Ziaulhaq", "Zia ul Haq"), ("Pakhtun", "پښتون"), ("Pashtun", "پښتون"),
    ("Abdul R", "عبدالرحمن"), ("Mirwa", "Mir Wais"),  # still being typed
]  # fmt: skip


def test_names_are_found_as_the_public_vectors_say(caseworker: Services) -> None:
    """One store holding every vector (creating it is the slow part), every query against it."""
    names = [r["spelling"] for r in VARIANTS] + [whole for _, whole, _ in PARTS] + [b for _, b, _ in DISTINCT]
    held = {name: add(caseworker, name) for name in dict.fromkeys(names + [n for _, n in ISSUE_13])}
    unrelated = add(caseworker, "Karim Stanikzai")
    misses = [f"{query} → {target} ({group})" for a, b, group in meeting_pairs()
              for query, target in ((a, b), (b, a)) if held[target] not in found(caseworker, query)]  # fmt: skip
    assert not misses, "spellings that do not find each other:\n" + "\n".join(misses)
    misses = [f"{part} → {whole}" for part, whole, _ in PARTS if held[whole] not in found(caseworker, part)]
    assert not misses, "parts that do not find the whole:\n" + "\n".join(misses)
    wrong = [f"{a} → {b}" for a, b, _ in DISTINCT if held[b] in found(caseworker, a + " ")]
    assert not wrong, "different names typed in full that find each other:\n" + "\n".join(wrong)
    for query, name in ISSUE_13:  # the failures the issue names
        hits = found(caseworker, query)
        assert held[name] in hits and unrelated not in hits, (query, name)


def test_a_passport_given_name_and_surname_are_found_as_one_compound(caseworker: Services) -> None:
    person = PersonInput(role="PRINCIPAL", relationship="SELF", doc_given_names="ABDUL", doc_surname="RAHMAN", sex="M")
    case = caseworker.cases.create(CaseInput(post="ISB", principal=person, scheme="ARAP", referral_source="MOD",
                                             current_country="Pakistan"))  # fmt: skip
    assert found(caseworker, "Abdurrahman") == found(caseworker, "عبدالرحمن") == {case.id}
