"""Bad input never crashes and never corrupts: empty, huge, wrong-type and hostile
values are refused with an error naming the field, or stored exactly and safely."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from caseworker.domain.errors import ValidationError
from caseworker.services.api import Services
from caseworker.services.inputs import CaseInput, ContactInput, PersonInput
from caseworker.services.queries import CaseQuery
from caseworker.store.engine import Store
from caseworker.store.models import Case, Person
from tests.support.factories import new_case, principal

TEN_MB = "x" * (10 * 1024 * 1024)


def person(**fields: object) -> PersonInput:
    base = {"role": "PRINCIPAL", "relationship": "SELF", "doc_surname": "KARIMI", "doc_given_names": "AHMAD"}
    return PersonInput(**{**base, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"doc_surname": "", "doc_given_names": "", "name_original": ""}, "name"),
        ({"doc_surname": TEN_MB}, "surname"),
        ({"name_original": "محمد" * 1000}, "name in original script"),
        ({"doc_given_names": "AHMAD\x00"}, "given names"),
        ({"doc_given_names": "AH\x1bMAD"}, "given names"),
        ({"doc_surname": "KARIMI\nWARDAK"}, "surname"),
        ({"doc_surname": "\u202eIMIRAK"}, "surname"),  # right-to-left override: displays as something else
        ({"doc_surname": "KARIMI\ud800"}, "surname"),  # a lone surrogate cannot be stored as text
        ({"doc_surname": 42}, "surname"),
        ({"doc_surname": ["KARIMI"]}, "surname"),
        ({"sex": "robot"}, "sex"),
        ({"birth_date": "31/02/1990"}, "date_of_birth"),
        ({"birth_date": "3000"}, "date_of_birth"),
        ({"nationality": "Afghanistan"}, "nationality"),
        ({"variants": ["x"] * 100}, "variants"),
    ],
)
def test_bad_person_fields_are_refused_naming_the_field(
    store: Store, caseworker: Services, fields: dict[str, object], field: str
) -> None:
    started = time.perf_counter()
    with pytest.raises(ValidationError) as excinfo:
        caseworker.cases.create(CaseInput(post="ISB", principal=person(**fields)))
    assert excinfo.value.field == field
    assert time.perf_counter() - started < 1.0  # huge input is refused before any real work
    with store.read() as session:
        assert session.execute(select(func.count()).select_from(Case)).scalar() == 0


@pytest.mark.parametrize(
    "hostile",
    [
        "Robert'); DROP TABLE cases; --",
        "\" OR 1=1 --",
        "=cmd|' /C calc'!A0",
        "<script>alert(1)</script>",
        "%s %n %x {0} ${jndi:ldap://x}",
        "نام\u200cخانوادگی",  # ZWNJ is correct Persian spelling and must be kept
    ],
)
def test_hostile_but_printable_names_are_stored_exactly_and_found(
    store: Store, caseworker: Services, hostile: str
) -> None:
    case = caseworker.cases.create(CaseInput(post="ISB", principal=person(doc_surname=hostile)))
    with store.read() as session:
        assert session.execute(select(Person.doc_surname)).scalar_one() == hostile
        assert session.execute(select(func.count()).select_from(Case)).scalar() == 1  # the table is still there
    assert case.people[0].doc_surname == hostile
    caseworker.queries.ids(CaseQuery(text=hostile))  # searching for it is safe too


def test_huge_and_binary_notes_and_contact_fields(store: Store, caseworker: Services) -> None:
    case = new_case(caseworker)
    for changes, field in (({"notes": TEN_MB}, "notes"), ({"notes": "ok\x07"}, "notes"), ({"priority": "ASAP"}, "priority"),
                           ({"version": 1}, "version"), ({"current_country": None}, None)):  # fmt: skip
        if field is None:
            caseworker.cases.update(case.id, caseworker.cases.get(case.id).version, changes)
            continue
        with pytest.raises(ValidationError) as excinfo:
            caseworker.cases.update(case.id, case.version, changes)
        assert excinfo.value.field == field
    with pytest.raises(ValidationError) as excinfo:
        caseworker.contacts.log(case.id, ContactInput(note=TEN_MB))
    assert excinfo.value.field == "note"
    with pytest.raises(ValidationError) as excinfo:
        caseworker.attachments.add(case.id, "../../etc/passwd", b"")
    assert excinfo.value.field == "file"
    attached = caseworker.attachments.add(case.id, "../../etc/passwd", b"not really")
    assert attached.filename == "passwd"  # never a path


def test_a_principal_with_only_an_original_script_name_is_fine(caseworker: Services) -> None:
    case = caseworker.cases.create(CaseInput(post="ISB", principal=principal(given="", surname="", original="ګلالۍ")))
    assert case.people[0].name_original == "ګلالۍ"
