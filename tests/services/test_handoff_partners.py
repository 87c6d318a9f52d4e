"""Partner profiles in the store: administrators manage them, the secret never leaves."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from caseworker.domain.errors import ConflictError, PermissionDenied, ValidationError
from caseworker.services.api import Services
from caseworker.services.handoffs import HandoffSelection
from caseworker.store.engine import Store
from caseworker.store.models import AuditEvent, Partner
from tests.support.handoffs import family, profile


def test_administrators_create_and_change_profiles_audited(store: Store, admin: Services, caseworker: Services) -> None:
    with pytest.raises(PermissionDenied):
        caseworker.handoffs.partners.save(profile())
    created = admin.handoffs.partners.save(profile())
    changed = admin.handoffs.partners.save(profile(date_format="YYYY-MM-DD"), expected_version=created.version)
    assert changed.profile["date_format"] == "YYYY-MM-DD"
    with pytest.raises(ConflictError):
        admin.handoffs.partners.save(profile(date_format="DD/MM/YYYY"), expected_version=created.version)
    assert "secret" not in json.dumps(changed.to_json())
    with store.read() as session:
        secret = session.execute(select(Partner.secret)).scalar_one()
        assert len(secret) == 32
        actions = list(session.execute(select(AuditEvent.action).where(AuditEvent.entity_type == "partner")).scalars())
        assert actions == ["partner.create", "partner.update"]
        trail = " ".join(str(e.after) + str(e.before) for e in session.execute(select(AuditEvent)).scalars())
        assert secret.hex() not in trail


def test_import_checks_every_profile_before_saving_any(admin: Services) -> None:
    text = json.dumps([profile(name="first"), profile(name="second", columns=["phone"])])
    with pytest.raises(ValidationError, match="profile 2 columns\\[0\\].field"):
        admin.handoffs.partners.import_json(text)
    assert admin.handoffs.partners.list() == []
    with pytest.raises(ValidationError, match="not valid JSON"):
        admin.handoffs.partners.import_json("{")
    saved = admin.handoffs.partners.import_json(json.dumps([profile(name="first"), profile(name="second")]))
    assert [p.name for p in saved] == ["first", "second"]


def test_a_retired_partner_gets_no_new_handoffs(admin: Services, caseworker: Services) -> None:
    admin.handoffs.partners.save(profile())
    admin.handoffs.partners.set_active("uz-interior", False)
    assert admin.handoffs.partners.list() == [] and len(admin.handoffs.partners.list(include_inactive=True)) == 1
    case = family(caseworker)
    with pytest.raises(ValidationError, match="retired"):
        caseworker.handoffs.preview("uz-interior", HandoffSelection(case_ids=(case.id,)))
