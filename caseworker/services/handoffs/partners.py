"""Partner profiles: kept in the store, managed by administrators.

Each partner has a random secret (created with the partner, never exported
or shown) that keys its pseudonymous group ids.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.domain.errors import ConflictError, NotFoundError, ValidationError
from caseworker.domain.partner_profile import PartnerProfile, parse_profile
from caseworker.domain.pseudonyms import new_secret
from caseworker.domain.roles import Action
from caseworker.services.context import Service
from caseworker.services.handoffs.dto import PartnerView
from caseworker.store import audit
from caseworker.store.base import utcnow
from caseworker.store.models import Partner


def partner_view(partner: Partner) -> PartnerView:
    return PartnerView(
        partner.id, partner.name, partner.display_name, partner.active, dict(partner.profile),
        partner.updated_at, partner.version,
    )  # fmt: skip


def load_partner(session: Session, name: str) -> Partner:
    key = (name or "").strip().lower()
    partner = session.execute(select(Partner).where(Partner.name == key)).scalar_one_or_none()
    if partner is None:
        known = ", ".join(session.execute(select(Partner.name).order_by(Partner.name)).scalars()) or "none yet"
        raise NotFoundError(f"no partner called {key!r} (partners: {known})")
    return partner


class PartnerService(Service):
    def list(self, *, include_inactive: bool = False) -> list[PartnerView]:
        self._ctx.require(Action.VIEW)
        stmt = select(Partner).order_by(Partner.display_name)
        if not include_inactive:
            stmt = stmt.where(Partner.active.is_(True))
        with self._ctx.read() as session:
            return [partner_view(p) for p in session.execute(stmt).scalars()]

    def get(self, name: str) -> PartnerView:
        self._ctx.require(Action.VIEW)
        with self._ctx.read() as session:
            return partner_view(load_partner(session, name))

    def profile(self, name: str) -> PartnerProfile:
        return parse_profile(self.get(name).profile)

    def save(self, data: dict[str, Any] | PartnerProfile, expected_version: int | None = None) -> PartnerView:
        """Create the partner named in `data`, or replace its profile (audited either way)."""
        self._ctx.require(Action.MANAGE_SETTINGS)
        profile = data if isinstance(data, PartnerProfile) else parse_profile(data)
        after = profile.to_json()
        with self._ctx.write() as session:
            found = session.execute(select(Partner).where(Partner.name == profile.name)).scalar_one_or_none()
            if found is None:
                partner = Partner(name=profile.name, display_name=profile.display_name, profile=after,
                                  secret=new_secret(), active=True)  # fmt: skip
                session.add(partner)
                session.flush()
                audit.append(session, self.user.actor, "partner.create", "partner", partner.id,
                             summary=f"created partner profile {profile.name}", after=after)  # fmt: skip
                return partner_view(partner)
            if expected_version is not None and found.version != expected_version:
                raise ConflictError(f"the profile of {profile.name} was changed by someone else; reload it")
            before = dict(found.profile)
            if before != after or not found.active:
                found.profile, found.display_name, found.active = after, profile.display_name, True
                found.updated_at = utcnow()
                audit.append(session, self.user.actor, "partner.update", "partner", found.id,
                             summary=f"changed partner profile {profile.name}", before=before, after=after)  # fmt: skip
                session.flush()
            return partner_view(found)

    def import_json(self, text: str) -> list[PartnerView]:
        """One profile object or a list of them; all are checked before any is saved."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
        items = data if isinstance(data, list) else [data]
        profiles = []
        for i, item in enumerate(items):
            try:
                profiles.append(parse_profile(item))
            except ValidationError as exc:
                if len(items) == 1:
                    raise
                raise ValidationError(exc.bare_message, field=f"profile {i + 1}" + (f" {exc.field}" if exc.field else "")) from None
        return [self.save(p) for p in profiles]

    def set_active(self, name: str, active: bool) -> PartnerView:
        """Retire a partner (its handoffs and ledger stay) or bring it back."""
        self._ctx.require(Action.MANAGE_SETTINGS)
        with self._ctx.write() as session:
            partner = load_partner(session, name)
            if partner.active != active:
                partner.active = active
                partner.updated_at = utcnow()
                audit.append(session, self.user.actor, "partner.update", "partner", partner.id,
                             summary=f"{'re-activated' if active else 'retired'} partner {partner.name}",
                             before={"active": not active}, after={"active": active})  # fmt: skip
                session.flush()
            return partner_view(partner)
