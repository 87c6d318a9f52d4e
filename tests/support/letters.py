"""Builders for letter tests: a family case taken to AUTHORISED, a second officer."""

from __future__ import annotations

from caseworker.domain.roles import Role
from caseworker.services.api import Services
from caseworker.services.dto import CaseDetail
from caseworker.services.inputs import (
    CaseInput,
    ContactPointInput,
    DocumentInput,
    PersonInput,
)
from caseworker.store.engine import Store
from tests.support.stores import PASSWORD, services_for

PHONE = "+93 70 123 4567"
SPOUSE_PHONE = "+92 300 1234567"
REFERRER = "Maj. J. Smith"
EMPLOYER = "British Embassy Kabul"
JOB = "Interpreter"

_PATH = ("CONTACTED", "ELIGIBILITY_REVIEW", "ELIGIBLE", "DOCUMENTS_VERIFIED", "SECURITY_CLEARED")


def family_case(caseworker: Services, post: str = "ISB", *, cleared: bool = True, passport: str = "P01234567") -> CaseDetail:
    """A principal, spouse, son and daughter (the daughter not cleared to travel)."""
    principal = PersonInput(
        role="PRINCIPAL", relationship="SELF", name_original="محمد کریمی", doc_surname="KARIMI",
        doc_given_names="MOHAMMAD", sex="M", birth_date="1985-03-14", cleared_to_travel=cleared,
        documents=(DocumentInput("PASSPORT", passport, "AFG", None, "2031-01-01"),),
        contact_points=(ContactPointInput("WHATSAPP", PHONE),),
    )  # fmt: skip
    family = (
        PersonInput(role="DEPENDANT", relationship="SPOUSE", name_original="زرغونه کریمی", doc_surname="KARIMI",
                    doc_given_names="ZARGHONA", sex="F", birth_date="1990", cleared_to_travel=cleared,
                    documents=(DocumentInput("E_TAZKIRA", "1400-0102-03456"),),
                    contact_points=(ContactPointInput("PHONE", SPOUSE_PHONE),)),
        PersonInput(role="DEPENDANT", relationship="SON", name_original="احمد کریمی", doc_surname="KARIMI",
                    doc_given_names="AHMAD", sex="M", birth_date="2015-06-02", cleared_to_travel=cleared),
        PersonInput(role="DEPENDANT", relationship="DAUGHTER", name_original="پښتنه کریمی", doc_surname="KARIMI",
                    doc_given_names="PASHTANA", sex="F", birth_date="2018", cleared_to_travel=False),
    )  # fmt: skip
    return caseworker.cases.create(
        CaseInput(post=post, principal=principal, family=family, scheme="ARAP", category="Category 1",
                  referral_source="MOD", referrer=REFERRER, employer=EMPLOYER, job_role=JOB,
                  current_country="Pakistan")
    )  # fmt: skip


def authorise(caseworker: Services, officer: Services, case_id: int) -> CaseDetail:
    for status in _PATH:
        caseworker.cases.move(case_id, status, "test step")
    return officer.cases.move(case_id, "AUTHORISED", "all checks done")


def authorised_case(caseworker: Services, officer: Services, post: str = "ISB") -> CaseDetail:
    return authorise(caseworker, officer, family_case(caseworker, post).id)


def second_officer(store: Store, admin: Services, name: str = "officer2") -> Services:
    admin.users.add(name, "Omar Second-Officer", Role.OFFICER, PASSWORD)
    return services_for(store, name)


__all__ = ["authorise", "authorised_case", "family_case", "second_officer"]
