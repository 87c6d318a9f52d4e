"""The access log: who opened a case, viewed or exported its attachments, and when."""

from __future__ import annotations

import pytest

from caseworker.domain.errors import PermissionDenied
from caseworker.services.api import Services
from tests.support.factories import new_case


def test_who_saw_lists_every_view_and_export_of_the_case(
    admin: Services, officer: Services, caseworker: Services
) -> None:
    case = new_case(caseworker)
    other = new_case(caseworker, given="Someone", surname="Else")
    attachment = caseworker.attachments.add(case.id, "tazkira.pdf", b"%PDF-1.4 scan")
    officer.cases.get(case.id)
    caseworker.attachments.content(attachment.id)
    officer.attachments.content(attachment.id, purpose="export")
    admin.cases.get(other.id)  # another family: not in this case's log
    caseworker.cases.update(case.id, caseworker.cases.get(case.id).version, {"notes": "called"})  # a change, not a view

    log = admin.history.who_saw(case.id)
    assert [(e.actor, e.action) for e in log] == [
        ("officer", "view.case"),
        ("caseworker", "view.attachment"),
        ("officer", "export.attachment"),
        ("caseworker", "view.case"),
    ]
    assert all(e.case_id == case.id for e in log)
    assert [e.occurred_at for e in log] == sorted(e.occurred_at for e in log)
    assert officer.history.who_saw(case.id)  # authorising officers may read it too
    with pytest.raises(PermissionDenied):
        caseworker.history.who_saw(case.id)
