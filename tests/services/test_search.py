"""Search across scripts and spellings, identifiers, and keyset paging."""

from __future__ import annotations

import pytest

from caseworker.services.api import Services
from caseworker.services.queries import CaseQuery
from caseworker.store.engine import Store
from tests.support.factories import new_case


@pytest.fixture
def three_cases(caseworker: Services) -> dict[str, int]:
    return {
        "karimi": new_case(caseworker, given="Mohammad", surname="Karimi", original="محمد کریمی",
                           passport="P01234567", phone="+93 70 123 4567").id,
        "rahman": new_case(caseworker, given="Abdul Rahman", surname="Wardak", original="عبدالرحمن وردک",
                           passport="P07654321", phone="+92 300 1234567").id,
        "fatima": new_case(caseworker, given="Fatima", surname="Haidari", original="فاطمه حیدری",
                           passport=None, phone=None).id,
    }  # fmt: skip


def found(services: Services, text: str) -> set[int]:
    return set(services.queries.ids(CaseQuery(text=text)))


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Muhammad Karimi", "karimi"),
        ("mohd", "karimi"),
        ("Mohammed", "karimi"),
        ("محمد", "karimi"),
        ("کریمی", "karimi"),
        ("Abdurrahman", "rahman"),
        ("abdulrahman wardak", "rahman"),
        ("عبد الرحمن", "rahman"),
        ("Fatema", "fatima"),
        ("فاطمه", "fatima"),
        ("haidari fatima", "fatima"),
        ("P01234567", "karimi"),
        ("p0123", "karimi"),
        ("+93 70 123 4567", "karimi"),
        ("0701234567", "karimi"),
        ("+92 300 1234567", "rahman"),
    ],
)
def test_search_finds_people_across_scripts_spellings_and_numbers(
    caseworker: Services, three_cases: dict[str, int], text: str, who: str
) -> None:
    assert found(caseworker, text) == {three_cases[who]}


def test_search_by_reference_in_several_forms(caseworker: Services, three_cases: dict[str, int]) -> None:
    reference = caseworker.cases.get(three_cases["rahman"]).reference
    assert found(caseworker, reference) == {three_cases["rahman"]}
    assert found(caseworker, reference.replace("-", "")) == {three_cases["rahman"]}
    assert found(caseworker, reference.lower()) == {three_cases["rahman"]}


def test_search_that_matches_nothing_and_hostile_queries(caseworker: Services, three_cases: dict[str, int]) -> None:
    assert found(caseworker, "Zzyzx") == set()
    for hostile in ('"', "' OR 1=1 --", "karimi\" OR \"1", "NEAR(a b)", "*", "a AND", "\x00\x01", "x" * 10_000,
                    "keys: mhm*", "{keys}: x", "محمد'); DROP TABLE cases; --"):  # fmt: skip
        caseworker.queries.ids(CaseQuery(text=hostile))  # must not raise
    assert len(found(caseworker, "")) == 3


def test_editing_a_person_reindexes_search(caseworker: Services, three_cases: dict[str, int]) -> None:
    from caseworker.services.inputs import PersonInput

    case = caseworker.cases.get(three_cases["fatima"])
    person = case.people[0]
    caseworker.people.update(person.id, case.version, PersonInput(
        role="PRINCIPAL", relationship="SELF", name_original="زینب حیدری", doc_given_names="ZAINAB",
        doc_surname="HAIDARI", sex="F",
    ))  # fmt: skip
    assert found(caseworker, "fatima") == set()
    assert found(caseworker, "Zeinab") == {three_cases["fatima"]}


def test_keyset_paging_walks_every_row_once_in_order(store: Store, caseworker: Services) -> None:
    for i in range(23):
        new_case(caseworker, given=f"Test{i:02d}", passport=None, phone=None)
    for sort, descending in (("reference", False), ("name", True), ("updated", True), ("last_contact", False)):
        query = CaseQuery(sort=sort, descending=descending)
        expected = caseworker.queries.ids(query)
        seen: list[int] = []
        cursor = None
        while True:
            page = caseworker.queries.page(query, limit=5, after=cursor)
            seen += [row.id for row in page.rows]
            cursor = page.next_cursor
            if cursor is None:
                break
        assert seen == expected, sort


def test_queue_counts_and_filters(caseworker: Services, officer: Services) -> None:
    a = new_case(caseworker, given="Ahmad")
    new_case(caseworker, given="Hamid")
    caseworker.cases.assign([a.id], "caseworker")
    counts = caseworker.queries.queue_counts()
    assert counts["all"] == 2 and counts["mine"] == 1 and counts["first_contact"] == 2
    assert "approval" not in counts  # officers only
    assert "approval" in officer.queries.queue_counts()
    assert caseworker.queries.ids(CaseQuery(queue="mine")) == [a.id]
    assert caseworker.queries.count(CaseQuery(statuses=("REFERRED",), posts=("ISB",))) == 2
    assert caseworker.queries.count(CaseQuery(posts=("TAS",))) == 0
