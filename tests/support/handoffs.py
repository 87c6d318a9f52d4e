"""Builders for handoff tests: a partner profile and a family ready to hand off."""

from __future__ import annotations

import copy
from typing import Any

from caseworker.services.api import Services
from caseworker.services.dto import CaseDetail
from caseworker.services.inputs import DocumentInput, PersonInput
from tests.support.factories import new_case

PROFILE: dict[str, Any] = {
    "name": "uz-interior",
    "display_name": "Uzbekistan, Ministry of Internal Affairs",
    "format": "xlsx",
    "password": True,
    "date_format": "DD.MM.YYYY",
    "uk_contact": "Consular duty officer, +44 20 7008 5000",
    "columns": [
        {"field": "row_number", "heading": "№"},
        {"field": "group_id", "heading": "Группа"},
        "surname",
        "given_names",
        {"field": "name_original", "heading": "نام"},
        "date_of_birth",
        "birth_estimated",
        "sex",
        "nationality",
        "document_type",
        "document_number",
        "document_expiry",
        "letter_reference",
        "crossing_point",
        "expected_from",
        "expected_to",
        "uk_contact",
    ],
}


def profile(**overrides: Any) -> dict[str, Any]:
    data = copy.deepcopy(PROFILE)
    data.update(overrides)
    return data


def make_partner(admin: Services, **overrides: Any) -> str:
    return admin.handoffs.partners.save(profile(**overrides)).name


def family(services: Services, given: str = "Mohammad", surname: str = "Karimi", passport: str = "P01234567",
           children: tuple[str, ...] = ("Zahra",)) -> CaseDetail:  # fmt: skip
    """A principal with a passport, and a daughter per name in `children` (no document, birth year only)."""
    case = new_case(services, given=given, surname=surname, passport=passport)
    for child in children:
        case = services.people.add(case.id, case.version, PersonInput(
            role="DEPENDANT", relationship="DAUGHTER", doc_surname=surname.upper(), doc_given_names=child.upper(),
            name_original="زهرا", sex="F", birth_date="2015", birth_precision="YEAR_ONLY",
            documents=(DocumentInput("E_TAZKIRA", f"T-{child.upper()}-1", "AFG", None, None),),
        ))  # fmt: skip
    return case
