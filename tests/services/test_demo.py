"""The synthetic caseload: realistic mix, deterministic, valid documents."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from caseworker.domain import mrz
from caseworker.services.demo.generate import DemoGenerator

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


def _cases(n: int, seed: int = 5):  # type: ignore[no-untyped-def]
    generator = DemoGenerator(seed, NOW, [1, 2])
    return [generator.case(i) for i in range(n)]


def test_same_seed_same_caseload_other_seed_differs() -> None:
    first = [(c.values["status"], c.people[0].values["doc_given_names"]) for c in _cases(200, 9)]
    again = [(c.values["status"], c.people[0].values["doc_given_names"]) for c in _cases(200, 9)]
    other = [(c.values["status"], c.people[0].values["doc_given_names"]) for c in _cases(200, 10)]
    assert first == again and first != other


def test_families_names_dates_and_statuses_look_real() -> None:
    cases = _cases(3000)
    sizes = Counter(len(c.people) for c in cases)
    assert min(sizes) == 1 and max(sizes) == 9
    people = [p for c in cases for p in c.people]
    placeholders = sum(p.values["birth_precision"] == "JAN1_PLACEHOLDER" for p in people) / len(people)
    assert 0.25 < placeholders < 0.35
    assert all(p.values["name_original"] and any("\u0600" <= ch <= "\u06ff" for ch in p.values["name_original"]) for p in people)
    assert sum(bool(p.values["variants"]) for p in people) / len(people) > 0.8
    assert sum(not p.values["doc_surname"] for p in people) > 0  # one-name people
    statuses = Counter(c.values["status"] for c in cases)
    assert len(statuses) >= 20
    assert any(c.duplicate_of_index is not None for c in cases)
    assert all(c.people[0].contact_points[0]["value"].startswith(("+93", "+92")) for c in cases)


def test_passports_have_valid_mrz_and_some_are_expired() -> None:
    passports = [d for c in _cases(500) for p in c.people for d in p.documents if d["doc_type"] == "PASSPORT"]
    assert passports
    for doc in passports:
        result = mrz.parse_mrz(doc["mrz_raw"])
        assert result.valid and result.document_number == doc["number"]
        assert doc["mrz_checks"] == [{"field": c.field, "ok": c.ok} for c in result.checks]
    expired = sum(d["expiry_date"] < NOW.date() for d in passports)
    assert 0 < expired < len(passports)


def test_contact_histories_follow_the_status() -> None:
    for case in _cases(500):
        if case.values["status"] == "REFERRED":
            assert case.contacts == []
        times = [c["occurred_at"] for c in case.contacts]
        assert times == sorted(times) and all(case.values["created_at"] <= t <= NOW for t in times)
