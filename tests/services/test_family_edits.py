"""Saving a person's details, documents and numbers in one transaction."""

from __future__ import annotations

import dataclasses

import pytest

from caseworker.domain.errors import ConflictError, ValidationError
from caseworker.services.api import Services
from caseworker.services.inputs import ContactPointInput, DocumentInput, PersonInput
from tests.support.factories import new_case


def _as_input(person, **changes) -> PersonInput:  # type: ignore[no-untyped-def]
    base = PersonInput(
        role=person.role, relationship=person.relationship, name_original=person.name_original,
        doc_surname=person.doc_surname, doc_given_names=person.doc_given_names, sex=person.sex,
        birth_date=person.birth_date, birth_precision=person.birth_precision,
    )  # fmt: skip
    return dataclasses.replace(base, **changes)


def test_save_person_replaces_details_documents_and_numbers_at_once(caseworker: Services) -> None:
    case = new_case(caseworker)
    person = case.people[0]
    data = _as_input(
        person,
        doc_surname="KARIMY",
        documents=(DocumentInput("E_TAZKIRA", "1400-0101-12345", "AFG"),),
        contact_points=(ContactPointInput("PHONE", "0799 123 456"),),
    )
    saved = caseworker.family.save_person(
        person.id, case.version, data, keep_documents=(), keep_contact_points=[person.contact_points[0].id]
    )
    after = saved.people[0]
    assert after.doc_surname == "KARIMY"
    assert [d.number for d in after.documents] == ["1400-0101-12345"]
    assert sorted(p.value for p in after.contact_points) == ["+93701234567", "+93799123456"]
    assert saved.version == case.version + 1
    actions = [e.action for e in caseworker.history.for_case(case.id)[:4]]
    assert sorted(actions) == ["contact_point.add", "document.add", "document.remove", "person.update"]


def test_save_person_is_all_or_nothing(caseworker: Services) -> None:
    case = new_case(caseworker)
    person = case.people[0]
    bad = _as_input(
        person, doc_surname="CHANGED", contact_points=(ContactPointInput("WHATSAPP", "+93 70 123 4567"),)
    )
    with pytest.raises(ValidationError) as raised:
        caseworker.family.save_person(
            person.id, case.version, bad, keep_documents=[person.documents[0].id],
            keep_contact_points=[person.contact_points[0].id],
        )  # fmt: skip
    assert raised.value.field == "phone"
    again = caseworker.cases.get(case.id)
    assert again.people[0].doc_surname == "KARIMI" and again.version == case.version


def test_save_person_refuses_a_stale_version(caseworker: Services, officer: Services) -> None:
    case = new_case(caseworker)
    officer.cases.update(case.id, case.version, {"priority": "HIGH"})
    with pytest.raises(ConflictError):
        caseworker.family.save_person(
            case.people[0].id, case.version, _as_input(case.people[0]), keep_documents=(), keep_contact_points=()
        )


def test_directory_lists_posts_and_assignees(caseworker: Services) -> None:
    assert [p.code for p in caseworker.lookups.posts()] == ["DOH", "DYU", "ISB", "TAS"]
    names = {a.username for a in caseworker.lookups.assignable_users()}
    assert {"caseworker", "officer"} <= names
    assert caseworker.lookups.people_directory()["officer"]
