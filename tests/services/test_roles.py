"""Roles are enforced in every service: a read-only user can search and view, nothing else."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from caseworker.domain.errors import PermissionDenied
from caseworker.domain.roles import Role
from caseworker.services.api import Services
from caseworker.services.auth import authenticate
from caseworker.services.inputs import ContactInput, ContactPointInput, DocumentInput
from caseworker.services.queries import CaseQuery
from tests.support.factories import new_case, principal

Call = Callable[[Services, dict[str, Any]], object]

# Everything a read-only user must be refused, one entry per service action.
CHANGES: dict[str, Call] = {
    "create a case": lambda s, c: new_case(s),
    "edit a case": lambda s, c: s.cases.update(c["case"].id, c["case"].version, {"notes": "x"}),
    "move a case": lambda s, c: s.cases.move(c["case"].id, "CONTACTING", "reason"),
    "move many cases": lambda s, c: s.cases.move_many([c["case"].id], "CONTACTING", "reason"),
    "assign cases": lambda s, c: s.cases.assign([c["case"].id], "officer"),
    "add a person": lambda s, c: s.people.add(c["case"].id, None, principal(given="Other")),
    "edit a person": lambda s, c: s.people.update(c["person"], None, principal(given="Changed")),
    "remove a person": lambda s, c: s.people.remove(c["person"], None, "reason"),
    "add a document": lambda s, c: s.people.add_document(c["person"], None, DocumentInput("PASSPORT", "P99887766")),
    "verify a document": lambda s, c: s.people.verify_document(c["document"]),
    "remove a document": lambda s, c: s.people.remove_document(c["document"], None),
    "add a phone number": lambda s, c: s.people.add_contact_point(c["person"], ContactPointInput("PHONE", "+93 70 111 2233")),
    "log contact": lambda s, c: s.contacts.log(c["case"].id, ContactInput(note="called")),
    "attach a file": lambda s, c: s.attachments.add(c["case"].id, "scan.pdf", b"%PDF-1.4 test"),
    "add a user": lambda s, c: s.users.add("newbie", "New", Role.CASEWORKER, "newbie password"),
    "disable a user": lambda s, c: s.users.set_active("officer", False),
    "change a role": lambda s, c: s.users.set_role("officer", Role.ADMIN),
    "reset a password": lambda s, c: s.users.change_password("officer", "another password"),
    "back up": lambda s, c: s.backups.create(c["tmp"] / "b.cwbackup", passphrase="a passphrase"),
    "change a setting": lambda s, c: s.settings.set("backup.keep", 3),
    "read the access log": lambda s, c: s.history.who_saw(c["case"].id),
}
READS: dict[str, Call] = {
    "search": lambda s, c: s.queries.page(CaseQuery(text="Karimi")),
    "list ids": lambda s, c: s.queries.ids(CaseQuery()),
    "queue counts": lambda s, c: s.queries.queue_counts(),
    "open a case": lambda s, c: s.cases.get(c["case"].id),
    "view an attachment": lambda s, c: s.attachments.content(c["attachment"]),
    "case history": lambda s, c: s.history.for_case(c["case"].id),
    "verify the trail": lambda s, c: s.history.verify(),
    "list users": lambda s, c: s.users.list(),
    "read settings": lambda s, c: s.settings.all(),
}


@pytest.fixture
def world(admin: Services, tmp_path: Path) -> dict[str, Any]:
    case = new_case(admin)
    attachment = admin.attachments.add(case.id, "scan.pdf", b"%PDF-1.4 test")
    case = admin.cases.get(case.id)
    admin.users.add("reader", "Reader", Role.READ_ONLY, "reader password")
    reader = Services(admin.store, authenticate(admin.store, "reader", "reader password"))
    person = case.people[0]
    return {"case": case, "person": person.id, "document": person.documents[0].id,
            "attachment": attachment.id, "tmp": tmp_path, "reader": reader}  # fmt: skip


@pytest.mark.parametrize("action", list(CHANGES))
def test_read_only_users_are_refused_every_change(world: dict[str, Any], action: str) -> None:
    with pytest.raises(PermissionDenied):
        CHANGES[action](world["reader"], world)


@pytest.mark.parametrize("action", list(READS))
def test_read_only_users_can_search_and_view(world: dict[str, Any], action: str) -> None:
    READS[action](world["reader"], world)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(Role.CASEWORKER, False), (Role.OFFICER, False), (Role.ADMIN, True)],
)
def test_only_administrators_manage_users_and_settings(admin: Services, role: Role, allowed: bool) -> None:
    admin.users.add("someone", "Someone", role, "someone's password")
    someone = Services(admin.store, authenticate(admin.store, "someone", "someone's password"))
    for change in (lambda: someone.users.add("x2", "X", Role.CASEWORKER, "xx password"),
                   lambda: someone.settings.set("security.auto_lock_minutes", 5)):  # fmt: skip
        if allowed:
            change()
        else:
            with pytest.raises(PermissionDenied):
                change()
