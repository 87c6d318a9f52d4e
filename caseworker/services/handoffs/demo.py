"""Two example partner profiles for demo stores, so a manifest can be tried at once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from caseworker.domain.partner_profile import parse_profile
from caseworker.domain.pseudonyms import new_secret
from caseworker.store import audit
from caseworker.store.audit import Actor
from caseworker.store.engine import Store
from caseworker.store.models import Partner

DEMO_PARTNERS: tuple[dict[str, Any], ...] = (
    {
        "name": "uz-interior", "display_name": "Uzbekistan, Ministry of Internal Affairs (demo)",
        "date_format": "DD.MM.YYYY", "uk_contact": "British Embassy Tashkent, consular duty officer",
        "columns": [{"field": "row_number", "heading": "№"}, {"field": "group_id", "heading": "Группа"},
                    {"field": "surname", "heading": "Фамилия"}, {"field": "given_names", "heading": "Имя"},
                    {"field": "date_of_birth", "heading": "Дата рождения"}, "birth_estimated", "sex", "nationality",
                    "document_type", "document_number", "document_expiry", "letter_reference", "crossing_point",
                    "expected_from", "expected_to", "uk_contact"],
    },
    {
        "name": "airline", "display_name": "Charter airline (demo)", "date_format": "DD MMM YYYY",
        "columns": ["row_number", "surname", "given_names", "date_of_birth", "sex", "nationality",
                    "document_number", "document_expiry"],
    },
)  # fmt: skip


def add_demo_partners(store: Store, actor: Actor) -> int:
    """Add the demo partners to a store that has none; the number added."""
    with store.write() as session:
        if session.execute(select(func.count()).select_from(Partner)).scalar_one():
            return 0
        for data in DEMO_PARTNERS:
            profile = parse_profile(data)
            partner = Partner(name=profile.name, display_name=profile.display_name, profile=profile.to_json(),
                              secret=new_secret(), active=True)  # fmt: skip
            session.add(partner)
            session.flush()
            audit.append(session, actor, "partner.create", "partner", partner.id,
                         summary=f"created demo partner profile {profile.name}", after=profile.to_json())  # fmt: skip
    return len(DEMO_PARTNERS)
