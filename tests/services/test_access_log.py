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


def test_who_saw_names_handoffs_with_the_partner_and_the_backups_that_hold_the_case(
    admin: Services, officer: Services, caseworker: Services, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """The hole: a case written to a partner showed "Nobody has viewed or exported"."""
    import datetime as dt

    from caseworker.services.handoffs import Batch, HandoffSelection
    from tests.support.handoffs import family, make_partner

    case = family(caseworker)
    bystander = family(caseworker, given="Ahmad", surname="Rahimi", passport="P07654321")
    partner = make_partner(admin)
    window = Batch("Termez–Hairatan bridge", dt.date(2026, 12, 1), dt.date(2026, 12, 8))
    mine = caseworker.handoffs.prepare(partner, HandoffSelection(case_ids=(case.id, bystander.id)), window)
    officer.handoffs.snapshot(mine.handoff.id)  # the approver looks at the rows
    officer.handoffs.approve(mine.handoff.id)
    caseworker.handoffs.write(mine.handoff.id, tmp_path / "manifest.xlsx")
    theirs = caseworker.handoffs.prepare(partner, HandoffSelection(case_ids=(bystander.id,)), window)
    if caseworker.store.is_sqlite:
        admin.backups.create(tmp_path / "backup.cwbackup")

    log = admin.history.who_saw(case.id)
    handoff_lines = [(e.actor, e.action, e.entity_id) for e in log if e.entity_type == "handoff"]
    assert handoff_lines == [("caseworker", "handoff.prepare", mine.handoff.id),
                             ("officer", "view.handoff", mine.handoff.id),
                             ("caseworker", "export.handoff", mine.handoff.id)]  # fmt: skip
    assert all(partner in e.summary for e in log if e.action in ("handoff.prepare", "export.handoff"))
    assert theirs.handoff.id not in {e.entity_id for e in log if e.entity_type == "handoff"}
    backups = [e for e in log if e.action == "backup.create"]
    assert len(backups) == (1 if caseworker.store.is_sqlite else 0)
    # a backup written before the case existed does not hold it
    if caseworker.store.is_sqlite:
        later = new_case(caseworker, given="Late", surname="Comer")
        assert [e.action for e in admin.history.who_saw(later.id)] == []
