"""The store-wide duplicate scan: the demo's second referrals found, nothing queued twice, decisions kept.

The demo generator plants principals referred a second time under another
spelling (`DemoResult.planted_duplicates`); its rate is raised here so that a
store of a few hundred cases holds a couple of dozen of them. Precision and
recall are printed (run with -s).
"""

from __future__ import annotations

import itertools
from collections import defaultdict

import pytest
from sqlalchemy import func, select

from caseworker.domain.errors import PermissionDenied, ValidationError
from caseworker.domain.roles import Role
from caseworker.services.api import Services
from caseworker.services.demo import fill_store, generate
from caseworker.services.demo.users import demo_actor
from caseworker.services.inputs import DocumentInput, PersonInput
from caseworker.services.intake import MergeRequest, scan_match
from caseworker.services.intake.sheets import ImportCancelled
from caseworker.store import audit
from caseworker.store.models import AuditEvent, DuplicateCandidate
from tests.support.factories import new_case
from tests.support.stores import PASSWORD, services_for

CASES = 400


@pytest.fixture
def planted(caseworker: Services, monkeypatch: pytest.MonkeyPatch) -> set[tuple[int, int]]:
    """A demo store of a few hundred cases; the pairs of cases that are one family (as (low, high) ids)."""
    monkeypatch.setattr(generate, "DUPLICATE_RATE", 0.06)
    actor, workers = demo_actor(caseworker.store)
    result = fill_store(caseworker.store, CASES, 5, actor.actor, workers)
    families: dict[int, set[int]] = defaultdict(set)
    for first, second in result.planted_duplicates:
        families[first].update((first, second))
    truth = {pair for family in families.values() for pair in itertools.combinations(sorted(family), 2)}
    assert len(truth) >= 15
    return truth


def _queued(services: Services) -> set[tuple[int, int]]:
    return {(p.case_a_id, p.case_b_id) for p in services.intake.duplicates(limit=100_000)}


def test_the_scan_finds_the_second_referrals_with_few_false_pairs(caseworker: Services,
                                                                  planted: set[tuple[int, int]]) -> None:
    steps: list[tuple[int, int]] = []
    report = caseworker.intake.scan_store(lambda done, total: steps.append((done, total)), lambda: False)
    queued = _queued(caseworker)
    true_positives = len(queued & planted)
    precision, recall = true_positives / max(len(queued), 1), true_positives / len(planted)
    print(f"\nStore scan of {report.cases} cases ({report.people} people, {report.compared} pairs compared): "
          f"{len(planted)} planted pairs, {len(queued)} queued, precision {precision:.2f}, recall {recall:.2f}")
    assert recall == 1.0 and precision >= 0.9
    assert report.queued == len(queued) == report.found and report.already_known == 0
    assert steps[-1] == (1000, 1000) and all(a <= b for (a, _), (b, _) in itertools.pairwise(steps))
    strongest = caseworker.intake.duplicates()[0]
    assert strongest.score == 100 and strongest.reasons[0].startswith("same ") and strongest.pairs
    assert {caseworker.cases.get(i).status for i in (strongest.case_a_id, strongest.case_b_id)} != {"DUPLICATE"}
    with caseworker.store.read() as session:
        events = session.execute(select(func.count()).select_from(AuditEvent)
                                 .where(AuditEvent.action == "duplicate.queue")).scalar_one()  # fmt: skip
        assert events == report.queued and audit.verify_chain(session).ok


def test_a_second_scan_adds_nothing_and_decisions_are_kept(caseworker: Services,
                                                           planted: set[tuple[int, int]]) -> None:
    apart, merged = sorted(planted)[:2]
    caseworker.intake.not_duplicate(*apart, reason="two brothers")
    caseworker.intake.merge(MergeRequest(*merged, reason="same family"))

    first = caseworker.intake.scan_store()
    queued = _queued(caseworker)
    assert apart not in queued and merged not in queued
    assert first.already_known >= 1 and first.queued == len(queued)
    again = caseworker.intake.scan_store()
    assert again.queued == 0 and again.duplicates == () and again.already_known == first.queued + first.already_known
    assert _queued(caseworker) == queued
    with caseworker.store.read() as session:
        rows = session.execute(select(func.count()).select_from(DuplicateCandidate)).scalar_one()
    assert rows == len(queued) + 1  # "not a duplicate" keeps its row; the merged-away case is not scanned


def test_the_same_document_in_two_cases_is_queued_strong_and_never_merged(caseworker: Services) -> None:
    first = new_case(caseworker, passport="P11112222", phone=None)
    second = new_case(caseworker, phone=None, passport=None, given="Muhammad", surname="Kareemi",
                      birth="1985-01-01")
    caseworker.people.add_document(second.people[0].id, None,
                                   DocumentInput("PASSPORT", "P11112222", "AFG", None, "2031-01-01"))
    report = caseworker.intake.scan_store()
    assert report.queued == 1 and report.same_document == 1
    pair = caseworker.intake.duplicates()[0]
    assert (pair.case_a_id, pair.case_b_id) == (first.id, second.id)
    assert pair.reasons[0] == "same passport number" and pair.score >= 75
    assert caseworker.cases.get(second.id).status == "REFERRED"


def test_namesakes_in_other_families_and_a_shared_office_phone_pair_nobody(caseworker: Services) -> None:
    """Two families each with a son Ahmad Karimi, born 2010 to a Mohammad; referrals all giving an NGO's phone."""
    names = ("Wahid Noori", "Bashir Amiri", "Qasim Sadat", "Yusuf Kakar", "Hamid Wardak", "Rashid Popal")
    for name in names:
        given, surname = name.split()
        new_case(caseworker, passport=None, phone="+93 70 555 0000", given=given, surname=surname, original="",
                 birth="1980")
    cases = [new_case(caseworker, passport=None, phone=None, given="Mohammad", surname="Karimi", original="",
                      birth=born) for born in ("1970-01-05", "1968-07-09")]
    son = PersonInput(role="DEPENDANT", relationship="SON", doc_given_names="AHMAD", doc_surname="KARIMI",
                      father_name="Mohammad", sex="M", birth_date="2010")
    for case in cases:
        caseworker.people.add(case.id, None, son)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scan_match, "MAX_SHARED", 5)
        report = caseworker.intake.scan_store()
    assert report.queued == 0 and report.found == 0
    assert report.compared == 1  # the sons (the fathers' dates of birth differ; the phone is too common)
def test_cancelling_writes_nothing_and_roles_are_checked(caseworker: Services, planted: set[tuple[int, int]]) -> None:
    with pytest.raises(ImportCancelled):
        caseworker.intake.scan_store(None, lambda: True)
    assert _queued(caseworker) == set()
    with pytest.raises(ValidationError):
        caseworker.intake.scan_store(min_score=40)
    admin = services_for(caseworker.store, "admin")
    admin.users.add("reader", "Rhea Reader", Role.READ_ONLY, PASSWORD)
    with pytest.raises(PermissionDenied):
        services_for(caseworker.store, "reader").intake.scan_store()
