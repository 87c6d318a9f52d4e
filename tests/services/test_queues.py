"""The work queues that follow letters, handoffs and the duplicate review queue: "Letters to print",
"Awaiting approval" and "Possible duplicates".

Each queue is checked both ways the application asks: the ids of the list
and the count of the sidebar (one SQL pass), which must agree.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import event, update

from caseworker.domain.roles import Role
from caseworker.services.api import Services
from caseworker.services.handoffs import Batch, HandoffSelection
from caseworker.services.intake import ImportRequest, MergeRequest
from caseworker.services.queries import CaseQuery
from caseworker.store.engine import Store
from caseworker.store.models import Letter
from tests.support import referrals
from tests.support.handoffs import make_partner
from tests.support.letters import authorised_case, family_case, second_officer
from tests.support.stores import PASSWORD, services_for


def queue(services: Services, name: str) -> set[int]:
    ids = set(services.queries.ids(CaseQuery(queue=name)))
    assert services.queries.queue_counts()[name] == len(ids), name  # the sidebar agrees with the list
    return ids


def test_letters_to_print_are_issued_live_letters_never_printed(store: Store, caseworker: Services,
                                                                officer: Services) -> None:  # fmt: skip
    printed, unprinted, expired, revoked, drafted = (authorised_case(caseworker, officer) for _ in range(5))
    letters = {}
    for case in (printed, unprinted, expired, revoked):
        letters[case.id] = officer.letters.approve(caseworker.letters.draft(case.id, crossings=["Torkham"]).id).id
    caseworker.letters.draft(drafted.id, crossings=["Torkham"])
    assert queue(caseworker, "letters_to_print") == {printed.id, unprinted.id, expired.id, revoked.id}

    caseworker.letters.print_pdf(letters[printed.id])
    officer.letters.revoke(letters[revoked.id], "family withdrew")
    with store.write() as session:  # its last valid day was yesterday (not yet swept to EXPIRED)
        yesterday = dt.date.today() - dt.timedelta(days=1)
        session.execute(update(Letter).where(Letter.id == letters[expired.id]).values(valid_to=yesterday))
    assert queue(caseworker, "letters_to_print") == {unprinted.id}
    assert queue(officer, "letters_to_print") == {unprinted.id}


def test_awaiting_approval_holds_what_another_officer_may_sign(store: Store, caseworker: Services, officer: Services,
                                                               admin: Services) -> None:  # fmt: skip
    other = second_officer(store, admin)
    cleared = family_case(caseworker)
    for status in ("CONTACTED", "ELIGIBILITY_REVIEW", "ELIGIBLE", "DOCUMENTS_VERIFIED", "SECURITY_CLEARED"):
        caseworker.cases.move(cleared.id, status, "test step")
    by_caseworker, by_officer, issued = (authorised_case(caseworker, officer) for _ in range(3))
    caseworker.letters.draft(by_caseworker.id, crossings=["Torkham"])
    officer.letters.draft(by_officer.id, crossings=["Torkham"])
    officer.letters.approve(caseworker.letters.draft(issued.id, crossings=["Torkham"]).id)
    handed = family_case(caseworker, passport="P07777777")
    make_partner(admin)
    prepared = caseworker.handoffs.prepare("uz-interior", HandoffSelection(case_ids=(handed.id,)), Batch("Termez"))

    # An officer's own draft waits for someone else: it is in the other officer's queue only.
    assert queue(officer, "approval") == {cleared.id, by_caseworker.id, handed.id}
    assert queue(other, "approval") == {cleared.id, by_caseworker.id, by_officer.id, handed.id}

    officer.handoffs.approve(prepared.handoff.id)
    assert handed.id not in queue(other, "approval")
    mine = officer.handoffs.prepare("uz-interior", HandoffSelection(case_ids=(handed.id,)), Batch("Termez"))
    assert handed.id not in queue(officer, "approval") and handed.id in queue(other, "approval")
    other.handoffs.cancel(mine.handoff.id, "wrong crossing")
    assert handed.id not in queue(other, "approval")


def test_possible_duplicates_are_the_cases_of_pairs_waiting_for_review(store: Store, caseworker: Services,
                                                                      tmp_path: Path) -> None:  # fmt: skip
    held = referrals.held_cases(caseworker)
    caseworker.intake.run_import(ImportRequest(referrals.write_xlsx(tmp_path / "mp.xlsx"), source="MP"))
    pairs = caseworker.intake.duplicates()
    assert len(pairs) == 2 and held["stanikzai"] in {pairs[0].case_a_id, pairs[0].case_b_id, pairs[1].case_a_id,
                                                     pairs[1].case_b_id}  # fmt: skip
    assert queue(caseworker, "duplicates") == {i for p in pairs for i in (p.case_a_id, p.case_b_id)}
    first, second = pairs
    caseworker.intake.not_duplicate(first.case_a_id, first.case_b_id, "brothers")
    caseworker.intake.merge(MergeRequest(second.case_a_id, second.case_b_id))
    assert queue(caseworker, "duplicates") == set()
    services_for(store, "admin").users.add("reader", "Rhea Reader", Role.READ_ONLY, PASSWORD)
    assert "duplicates" not in services_for(store, "reader").queries.queue_counts()  # nothing they could do
    assert "duplicates" in services_for(store, "officer").queries.queue_counts()


def test_the_queues_are_one_statement(store: Store, caseworker: Services, officer: Services) -> None:
    """queue_counts stays one pass over the cases, whatever the queues look at."""
    authorised_case(caseworker, officer)
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        counts = services_for(store, "officer").queries.queue_counts()
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    queries = [s for s in statements if "FROM cases" in s]
    assert len(queries) == 1 and counts["letter_ready"] == 1 and counts["approval"] == 0
