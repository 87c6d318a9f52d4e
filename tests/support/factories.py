"""Small builders for test data."""

from __future__ import annotations

from caseworker.services.api import Services
from caseworker.services.dto import CaseDetail
from caseworker.services.inputs import CaseInput, ContactPointInput, DocumentInput, PersonInput


def principal(
    given: str = "Mohammad",
    surname: str = "Karimi",
    original: str = "محمد کریمی",
    *,
    passport: str | None = "P01234567",
    phone: str | None = "+93 70 123 4567",
    birth: str = "1985-03-14",
    variants: tuple[str, ...] = (),
) -> PersonInput:
    return PersonInput(
        role="PRINCIPAL",
        relationship="SELF",
        name_original=original,
        doc_surname=surname.upper(),
        doc_given_names=given.upper(),
        variants=variants,
        sex="M",
        birth_date=birth,
        documents=(DocumentInput("PASSPORT", passport, "AFG", None, "2030-01-01"),) if passport else (),
        contact_points=(ContactPointInput("WHATSAPP", phone),) if phone else (),
    )


def new_case(services: Services, post: str = "ISB", **kwargs: object) -> CaseDetail:
    person = principal(**kwargs)  # type: ignore[arg-type]
    return services.cases.create(
        CaseInput(
            post=post,
            principal=person,
            scheme="ARAP",
            referral_source="MOD",
            referrer="Maj. J. Smith",
            employer="British Embassy Kabul",
            job_role="Interpreter",
            current_country="Pakistan",
        )
    )
