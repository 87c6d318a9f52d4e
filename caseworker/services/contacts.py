"""The contact log: calls, WhatsApp messages, visits, and follow-ups."""

from __future__ import annotations

from sqlalchemy import select

from caseworker.domain.errors import NotFoundError, ValidationError
from caseworker.domain.roles import Action
from caseworker.services import records
from caseworker.services.context import Service
from caseworker.services.dto import ContactEntryView
from caseworker.services.inputs import ContactInput
from caseworker.store import audit
from caseworker.store.models import ContactEntry, Person


class ContactService(Service):
    def log(self, case_id: int, data: ContactInput) -> ContactEntryView:
        """Add an entry. Appending never conflicts with someone editing the case."""
        self._ctx.require(Action.LOG_CONTACT)
        values = data.clean()
        with self._ctx.write() as session:
            case = records.load_case(session, case_id)
            if values["person_id"] is not None:
                owner = session.execute(select(Person.case_id).where(Person.id == values["person_id"])).scalar()
                if owner != case.id:
                    raise ValidationError("is not a member of this case", field="person")
            entry = ContactEntry(case_id=case.id, created_by_id=self.user.id, **values)
            session.add(entry)
            session.flush()
            audit.append(
                session, self.user.actor, "contact.add", "contact", entry.id, case_id=case.id,
                summary=f"{values['channel'].lower()} {values['outcome'].lower().replace('_', ' ')}"
                + (f": {values['note'][:80]}" if values["note"] else ""),
                after=values,
            )
            records.refresh_contact_columns(session, case.id)
            return ContactEntryView(
                entry.id, entry.person_id, entry.channel, entry.handle, entry.direction, entry.occurred_at,
                entry.outcome, entry.note, entry.next_follow_up, self.user.username,
            )  # fmt: skip

    def delete(self, entry_id: int, reason: str) -> None:
        """Remove a mistaken entry; the audit trail keeps what it said."""
        self._ctx.require(Action.EDIT_CASE)
        if not (reason or "").strip():
            raise ValidationError("a reason is required", field="reason")
        with self._ctx.write() as session:
            entry = session.get(ContactEntry, entry_id)
            if entry is None:
                raise NotFoundError(f"no contact entry with id {entry_id}")
            before = {k: getattr(entry, k) for k in ("channel", "handle", "occurred_at", "outcome", "note")}
            case_id = entry.case_id
            session.delete(entry)
            audit.append(
                session, self.user.actor, "contact.remove", "contact", entry_id, case_id=case_id,
                summary=f"removed a contact entry: {reason.strip()}", before=before,
            )
            session.flush()
            records.refresh_contact_columns(session, case_id)
