"""Creating, editing and moving cases through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from caseworker.domain.errors import (
    ConflictError,
    NotFoundError,
    PermissionDenied,
    ValidationError,
    WorkflowError,
)
from caseworker.services.api import Services
from caseworker.services.inputs import ContactInput, PersonInput
from caseworker.store.engine import Store
from caseworker.store.models import AuditEvent, Case, Person
from tests.support.factories import new_case
from tests.support.stores import services_for


def test_create_case_gives_a_post_reference_and_stores_the_family(store: Store, caseworker: Services) -> None:
    first = new_case(caseworker)
    second = new_case(caseworker, given="Ahmad", original="احمد کریمی")
    year = dt.datetime.now(dt.UTC).year
    assert first.reference == f"ISB-{year}-00001"
    assert second.reference == f"ISB-{year}-00002"
    assert first.status == "REFERRED"
    assert [p.latin_name for p in first.people] == ["MOHAMMAD KARIMI"]
    assert first.people[0].contact_points[0].value == "+93701234567"
    with store.read() as session:
        row = session.get(Case, first.id)
        assert row is not None and row.family_size == 1 and row.principal_name == "MOHAMMAD KARIMI"
        actions = session.execute(select(AuditEvent.action).where(AuditEvent.case_id == first.id)).scalars().all()
    assert actions == ["case.create", "person.add"]


def test_unknown_post_is_refused_and_names_the_known_ones(caseworker: Services) -> None:
    with pytest.raises(ValidationError, match="known posts: DOH, DYU, ISB, TAS") as excinfo:
        new_case(caseworker, post="XXX")
    assert excinfo.value.field == "post"


def test_get_records_a_view_in_the_access_log(store: Store, caseworker: Services, officer: Services) -> None:
    case = new_case(caseworker)
    officer.cases.get(case.id)
    with store.read() as session:
        views = session.execute(
            select(AuditEvent.actor_name).where(AuditEvent.case_id == case.id, AuditEvent.action == "view.case")
        ).scalars().all()
    assert views == ["officer"]


def test_update_changes_only_what_changed_and_audits_before_and_after(store: Store, caseworker: Services) -> None:
    case = new_case(caseworker)
    updated = caseworker.cases.update(case.id, case.version, {"priority": "urgent", "current_area": "Peshawar"})
    assert (updated.priority, updated.current_area, updated.version) == ("URGENT", "Peshawar", case.version + 1)
    history = caseworker.history.for_case(case.id)
    assert history[0].action == "case.update"
    assert history[0].before == {"priority": "NORMAL", "current_area": ""}
    assert history[0].after == {"priority": "URGENT", "current_area": "Peshawar"}


def test_two_sessions_editing_one_case_the_second_gets_a_conflict(store: Store, caseworker: Services, officer: Services) -> None:
    case = new_case(caseworker)
    mine = caseworker.cases.get(case.id)
    theirs = officer.cases.get(case.id)
    officer.cases.update(theirs.id, theirs.version, {"current_area": "Quetta"})
    with pytest.raises(ConflictError, match=rf"{case.reference} was changed by officer"):
        caseworker.cases.update(mine.id, mine.version, {"current_area": "Peshawar"})
    with store.read() as session:
        assert session.get(Case, case.id).current_area == "Quetta"  # type: ignore[union-attr]
    # Both versions are in the audit trail: the winning edit and the refused one.
    events = {e.action: e for e in caseworker.history.for_case(case.id)}
    assert events["case.update"].after == {"current_area": "Quetta"}
    assert events["case.conflict"].after == {"current_area": "Peshawar"}
    assert events["case.conflict"].actor == "caseworker"


def test_move_needs_a_reason_and_records_who_and_why(caseworker: Services) -> None:
    case = new_case(caseworker)
    with pytest.raises(ValidationError, match="reason"):
        caseworker.cases.move(case.id, "CONTACTING", "  ")
    moved = caseworker.cases.move(case.id, "CONTACTING", "WhatsApp message sent")
    assert moved.status == "CONTACTING"
    event = caseworker.history.for_case(case.id)[0]
    assert (event.actor, event.action) == ("caseworker", "case.transition")
    assert event.summary == "changed status REFERRED → CONTACTING: WhatsApp message sent"


def test_forbidden_move_and_officer_only_move(caseworker: Services, officer: Services) -> None:
    case = new_case(caseworker)
    with pytest.raises(WorkflowError, match="REFERRED to AUTHORISED"):
        caseworker.cases.move(case.id, "AUTHORISED", "skip")
    for target in ("CONTACTED", "ELIGIBILITY_REVIEW", "ELIGIBLE", "DOCUMENTS_VERIFIED", "SECURITY_CLEARED"):
        caseworker.cases.move(case.id, target, "next step")
    with pytest.raises(PermissionDenied, match="authorising officer"):
        caseworker.cases.move(case.id, "AUTHORISED", "approve")
    assert officer.cases.move(case.id, "AUTHORISED", "all checks complete").status == "AUTHORISED"


def test_eligibility_decision_is_recorded_on_the_case(caseworker: Services) -> None:
    case = new_case(caseworker)
    for target in ("CONTACTED", "ELIGIBILITY_REVIEW"):
        caseworker.cases.move(case.id, target, "step")
    decided = caseworker.cases.move(case.id, "ELIGIBLE", "MoD confirmed employment 2009-2013")
    assert decided.eligibility_outcome == "ELIGIBLE"
    assert decided.eligibility_basis == "MoD confirmed employment 2009-2013"
    assert decided.eligibility_date == dt.datetime.now(dt.UTC).date()


def test_read_only_user_can_view_but_not_change(store: Store, admin: Services, caseworker: Services) -> None:
    from caseworker.domain.roles import Role
    from tests.support.stores import PASSWORD

    admin.users.add("reader", "Reader", Role.READ_ONLY, PASSWORD)
    reader = services_for(store, "reader")
    case = new_case(caseworker)
    assert reader.cases.get(case.id).reference == case.reference
    for attempt in (
        lambda: reader.cases.update(case.id, case.version, {"priority": "HIGH"}),
        lambda: reader.cases.move(case.id, "CONTACTING", "x"),
        lambda: reader.contacts.log(case.id, ContactInput()),
        lambda: new_case(reader),
        lambda: reader.attachments.add(case.id, "a.txt", b"hello"),
    ):
        with pytest.raises(PermissionDenied):
            attempt()


def test_bulk_assign_and_bulk_move_are_all_or_nothing(store: Store, caseworker: Services) -> None:
    cases = [new_case(caseworker, given=name) for name in ("Ahmad", "Hamid", "Karim")]
    assert caseworker.cases.assign([c.id for c in cases], "officer") == 3
    caseworker.cases.move(cases[0].id, "CONTACTING", "first")
    with pytest.raises(WorkflowError, match=cases[0].reference):
        caseworker.cases.move_many([c.id for c in cases], "CONTACTING", "bulk")
    with store.read() as session:
        statuses = session.execute(select(Case.status).order_by(Case.id)).scalars().all()
        assigned = session.execute(select(func.count()).where(Case.assigned_to_id.is_not(None))).scalar()
    assert statuses == ["CONTACTING", "REFERRED", "REFERRED"]
    assert assigned == 3
    assert caseworker.cases.move_many([c.id for c in cases[1:]], "CONTACTING", "bulk") == [c.reference for c in cases[1:]]


def test_people_are_added_edited_and_removed_with_the_case_version(store: Store, caseworker: Services) -> None:
    case = new_case(caseworker)
    spouse = PersonInput(role="DEPENDANT", relationship="SPOUSE", name_original="فاطمه", doc_given_names="FATIMA",
                         doc_surname="KARIMI", sex="F", birth_date="1990")  # fmt: skip
    after_add = caseworker.people.add(case.id, case.version, spouse)
    assert after_add.version == case.version + 1
    added = after_add.people[1]
    assert added.birth_precision == "YEAR_ONLY"
    with pytest.raises(ConflictError):
        caseworker.people.add(case.id, case.version, spouse)  # stale version
    edited = caseworker.people.update(added.id, after_add.version, PersonInput(
        role="DEPENDANT", relationship="SPOUSE", name_original="فاطمه", doc_given_names="FATEMA",
        doc_surname="KARIMI", sex="F", birth_date="1990",
    ))  # fmt: skip
    assert edited.people[1].doc_given_names == "FATEMA"
    removed = caseworker.people.remove(added.id, edited.version, "entered on the wrong case")
    assert len(removed.people) == 1
    with store.read() as session:
        assert session.get(Case, case.id).family_size == 1  # type: ignore[union-attr]
        assert session.execute(select(func.count()).select_from(Person)).scalar() == 1
    with pytest.raises(ValidationError, match="principal cannot be removed"):
        caseworker.people.remove(case.people[0].id, removed.version, "x")


def test_logging_contact_updates_list_columns_without_conflicting_edits(store: Store, caseworker: Services) -> None:
    case = new_case(caseworker)
    open_copy = caseworker.cases.get(case.id)
    when = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    caseworker.contacts.log(case.id, ContactInput("WHATSAPP", "REACHED", "+93701234567", "Family safe",
                                                  when, "2030-01-05"))  # fmt: skip
    # The open edit still saves: a log entry is not an edit of the case.
    caseworker.cases.update(open_copy.id, open_copy.version, {"current_area": "Peshawar"})
    detail = caseworker.cases.get(case.id)
    assert detail.last_contact_at == when.replace(microsecond=when.microsecond)
    assert detail.next_follow_up == dt.date(2030, 1, 5)
    assert detail.contacts[0].note == "Family safe"


def test_contact_in_the_future_or_with_a_bad_number_is_refused(caseworker: Services) -> None:
    case = new_case(caseworker)
    with pytest.raises(ValidationError, match="future"):
        caseworker.contacts.log(case.id, ContactInput(occurred_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=1)))
    with pytest.raises(ValidationError) as excinfo:
        caseworker.contacts.log(case.id, ContactInput(handle="12"))
    assert excinfo.value.field == "phone"


def test_missing_case_is_a_clear_not_found(caseworker: Services) -> None:
    with pytest.raises(NotFoundError, match="no case with reference 'ISB-1999-00001'"):
        caseworker.cases.get_by_reference("isb-1999-00001")
