"""The letter lifecycle through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select, update

from caseworker.documents import letter_payload as lp
from caseworker.domain.errors import (
    ConflictError,
    PermissionDenied,
    ValidationError,
    WorkflowError,
)
from caseworker.services.api import Services
from caseworker.services.inputs import PersonInput
from caseworker.store.engine import Store
from caseworker.store.models import AuditEvent, Letter, Setting
from tests.support.letters import authorise, authorised_case, family_case, second_officer

YEAR = dt.date.today().year


def _actions(store: Store, case_id: int) -> list[str]:
    with store.read() as session:
        return list(session.execute(
            select(AuditEvent.action).where(AuditEvent.case_id == case_id, AuditEvent.action.like("letter.%"))
            .order_by(AuditEvent.seq)
        ).scalars())  # fmt: skip


def test_draft_defaults_to_everyone_cleared_and_the_posts_validity(caseworker: Services, officer: Services) -> None:
    case = authorised_case(caseworker, officer)
    letter = caseworker.letters.draft(case.id, crossings=["torkham"])
    assert letter.status == "DRAFT" and letter.reference is None
    assert [p.name_document for p in letter.people] == ["MOHAMMAD KARIMI", "ZARGHONA KARIMI", "AHMAD KARIMI"]
    assert letter.valid_days == 30 and letter.crossings == ("Torkham",)
    spouse = letter.people[1]
    assert (spouse.birth_year_only, spouse.document_type, spouse.document_number) == (True, "E_TAZKIRA", "1400-0102-03456")
    assert letter.people[2].document_type == "NONE"


def test_draft_is_refused_before_authorisation_and_for_people_not_cleared(caseworker: Services, officer: Services) -> None:
    case = family_case(caseworker)
    with pytest.raises(WorkflowError, match="AUTHORISED"):
        caseworker.letters.draft(case.id, crossings=["Torkham"])
    authorise(caseworker, officer, case.id)
    daughter = next(p for p in case.people if p.relationship == "DAUGHTER")
    with pytest.raises(ValidationError, match="not cleared to travel: PASHTANA KARIMI"):
        caseworker.letters.draft(case.id, person_ids=[daughter.id], crossings=["Torkham"])
    with pytest.raises(ValidationError, match="not on the administrator's list"):
        caseworker.letters.draft(case.id, crossings=["Nowhere Pass"])
    with pytest.raises(ValidationError, match="at least one"):
        caseworker.letters.draft(case.id)
    with pytest.raises(ValidationError, match="between 1 and"):
        caseworker.letters.draft(case.id, crossings=["Torkham"], valid_days=0)


def test_two_person_rule(store: Store, admin: Services, caseworker: Services, officer: Services) -> None:
    case = authorised_case(caseworker, officer)
    by_officer = officer.letters.draft(case.id, crossings=["Torkham"])
    with pytest.raises(PermissionDenied, match="another authorising officer"):
        officer.letters.approve(by_officer.id)
    with pytest.raises(PermissionDenied):
        caseworker.letters.approve(by_officer.id)
    with pytest.raises(PermissionDenied):
        admin.letters.approve(by_officer.id)
    assert officer.letters.get(by_officer.id).status == "DRAFT"
    issued = second_officer(store, admin).letters.approve(by_officer.id)
    assert issued.status == "ISSUED" and issued.approved_by == "officer2"


def test_approval_issues_signs_and_moves_the_case(store: Store, caseworker: Services, officer: Services) -> None:
    case = authorised_case(caseworker, officer)
    draft = caseworker.letters.draft(case.id, crossings=["Torkham", "Kabul airport"], valid_days=14)
    letter = officer.letters.approve(draft.id)
    today = dt.date.today()
    assert (letter.reference, letter.version) == (f"ISB/TA/{YEAR}/000001", 1)
    assert (letter.valid_from, letter.valid_to) == (today, today + dt.timedelta(days=13))
    assert letter.signatory == "Olivia Officer" and len(letter.verification_code) == 11
    assert caseworker.cases.get(case.id).status == "LETTER_ISSUED"
    with store.read() as session:
        row = session.get(Letter, letter.id)
        assert row is not None
        qr_text = row.qr_text
    signed = lp.parse(qr_text)
    assert [p.name for p in signed.payload.people] == ["MOHAMMAD KARIMI", "ZARGHONA KARIMI", "AHMAD KARIMI"]
    assert officer.letters.verify(qr_text).verdict == "VALID"
    assert _actions(store, case.id) == ["letter.draft", "letter.issue"]
    with pytest.raises(WorkflowError, match="not a draft"):
        officer.letters.approve(draft.id)


def test_references_are_per_post_and_gap_free(caseworker: Services, officer: Services) -> None:
    refs = []
    for post in ("ISB", "TAS", "ISB"):
        case = authorised_case(caseworker, officer, post=post)
        refs.append(officer.letters.approve(caseworker.letters.draft(case.id, crossings=["Torkham"]).id).reference)
    assert refs == [f"ISB/TA/{YEAR}/000001", f"TAS/TA/{YEAR}/000001", f"ISB/TA/{YEAR}/000002"]


def test_a_failed_approval_gives_its_number_back(store: Store, caseworker: Services, officer: Services) -> None:
    case = authorised_case(caseworker, officer)
    draft = caseworker.letters.draft(case.id, crossings=["Torkham"])
    principal = case.people[0]
    caseworker.people.update(principal.id, None, PersonInput(
        role="PRINCIPAL", relationship="SELF", name_original="محمد کریمی", doc_surname="KARIMI",
        doc_given_names="MUHAMMAD", sex="M", birth_date="1985-03-14", cleared_to_travel=True))  # fmt: skip
    with pytest.raises(ConflictError, match="changed after"):
        officer.letters.approve(draft.id)
    caseworker.letters.reject(draft.id, "name corrected")
    again = officer.letters.approve(caseworker.letters.draft(case.id, crossings=["Torkham"]).id)
    assert again.reference == f"ISB/TA/{YEAR}/000001"
    assert again.people[0].name_document == "MUHAMMAD KARIMI"


def test_reissue_supersedes_and_a_second_live_letter_is_refused(store: Store, caseworker: Services, officer: Services) -> None:
    case = authorised_case(caseworker, officer)
    first = officer.letters.approve(caseworker.letters.draft(case.id, crossings=["Torkham"]).id)
    with pytest.raises(ConflictError, match="re-issue that letter"):
        officer.letters.approve(caseworker.letters.draft(case.id, crossings=["Chaman"]).id)
    draft = caseworker.letters.reissue(first.id, valid_days=60)
    second = officer.letters.approve(draft.id)
    assert (second.reference, second.version, second.valid_days) == (first.reference, 2, 60)
    assert officer.letters.get(first.id).status == "SUPERSEDED"
    with store.read() as session:
        old_qr = session.get(Letter, first.id).qr_text  # type: ignore[union-attr]
    assert officer.letters.verify(old_qr).verdict == "SUPERSEDED"
    assert caseworker.cases.get(case.id).status == "LETTER_ISSUED"


def test_revoke_needs_an_officer_and_a_reason(store: Store, caseworker: Services, officer: Services) -> None:
    case = authorised_case(caseworker, officer)
    letter = officer.letters.approve(caseworker.letters.draft(case.id, crossings=["Torkham"]).id)
    with pytest.raises(PermissionDenied):
        caseworker.letters.revoke(letter.id, "lost")
    with pytest.raises(ValidationError, match="reason"):
        officer.letters.revoke(letter.id, "  ")
    revoked = officer.letters.revoke(letter.id, "letter reported stolen")
    assert (revoked.status, revoked.end_reason, revoked.ended_by) == ("REVOKED", "letter reported stolen", "officer")
    with pytest.raises(WorkflowError, match="only a live letter"):
        caseworker.letters.print_pdf(letter.id)
    assert _actions(store, case.id)[-1] == "letter.revoke"


def test_moving_the_case_back_revokes_its_live_letters(caseworker: Services, officer: Services) -> None:
    case = authorised_case(caseworker, officer)
    letter = officer.letters.approve(caseworker.letters.draft(case.id, crossings=["Torkham"]).id)
    caseworker.cases.move(case.id, "ON_HOLD", "family asked to wait")
    revoked = officer.letters.get(letter.id)
    assert revoked.status == "REVOKED" and "LETTER_ISSUED to ON_HOLD" in revoked.end_reason


def test_moving_forward_keeps_the_letter(caseworker: Services, officer: Services) -> None:
    case = authorised_case(caseworker, officer)
    letter = officer.letters.approve(caseworker.letters.draft(case.id, crossings=["Torkham"]).id)
    caseworker.cases.move(case.id, "CROSSED", "crossed at Torkham")
    assert officer.letters.get(letter.id).status == "ISSUED"


def test_letters_expire_after_their_validity(store: Store, caseworker: Services, officer: Services) -> None:
    case = authorised_case(caseworker, officer)
    letter = officer.letters.approve(caseworker.letters.draft(case.id, crossings=["Torkham"]).id)
    with store.write() as session:
        session.execute(update(Letter).where(Letter.id == letter.id).values(
            valid_from=dt.date.today() - dt.timedelta(days=40), valid_to=dt.date.today() - dt.timedelta(days=10)))  # fmt: skip
    assert officer.letters.get(letter.id).status == "EXPIRED"  # shown so before the sweep
    assert [x.id for x in officer.letters.list(status="EXPIRED")] == [letter.id]
    assert _actions(store, case.id)[-1] == "letter.expire"


def test_prints_are_counted_and_audited_with_the_file_hash(store: Store, caseworker: Services, officer: Services) -> None:
    case = authorised_case(caseworker, officer)
    letter = officer.letters.approve(caseworker.letters.draft(case.id, crossings=["Torkham"]).id)
    preview = caseworker.letters.preview_pdf(letter.id)
    first = caseworker.letters.print_pdf(letter.id)
    second = caseworker.letters.print_pdf(letter.id, via="print dialog")
    assert (preview.copy, first.copy, second.copy) == (None, 1, 2)
    assert first.data == second.data != preview.data  # deterministic output; a preview is never the letter
    assert caseworker.letters.get(letter.id).print_count == 2
    with store.read() as session:
        events = session.execute(
            select(AuditEvent.after, AuditEvent.summary).where(AuditEvent.action == "export.letter").order_by(AuditEvent.seq)
        ).all()
    assert [(e.after["copy"], e.after["reprint"], e.after["sha256"]) for e in events] == [
        (1, False, first.sha256), (2, True, second.sha256)]  # fmt: skip
    assert "reprinted (copy 2)" in events[1].summary


def test_drafts_preview_with_a_watermark_and_no_code(caseworker: Services, officer: Services) -> None:
    case = authorised_case(caseworker, officer)
    draft = caseworker.letters.draft(case.id, crossings=["Torkham"])
    with pytest.raises(WorkflowError):
        caseworker.letters.print_pdf(draft.id)
    pdf = caseworker.letters.preview_pdf(draft.id)
    assert pdf.data.startswith(b"%PDF") and pdf.copy is None


def test_approvals_queue_hides_the_officers_own_drafts(store: Store, admin: Services, caseworker: Services, officer: Services) -> None:
    case = authorised_case(caseworker, officer)
    own = officer.letters.draft(case.id, crossings=["Torkham"])
    theirs = caseworker.letters.draft(case.id, crossings=["Chaman"])
    assert [x.id for x in officer.letters.awaiting_approval()] == [theirs.id]
    assert [x.id for x in second_officer(store, admin).letters.awaiting_approval()] == [own.id, theirs.id]


def test_find_by_reference_and_version(caseworker: Services, officer: Services) -> None:
    case = authorised_case(caseworker, officer)
    first = officer.letters.approve(caseworker.letters.draft(case.id, crossings=["Torkham"]).id)
    second = officer.letters.approve(caseworker.letters.reissue(first.id).id)
    assert officer.letters.find(first.reference or "") == second.id
    assert officer.letters.find(f"{first.reference} v1") == first.id
    assert officer.letters.find(f"#{first.id}") == first.id
    with pytest.raises(ValidationError):
        officer.letters.find("nonsense")


def test_signing_key_is_created_once_and_kept_in_the_store(store: Store, caseworker: Services, officer: Services) -> None:
    pem, key_id = caseworker.letters.public_key_pem()
    assert pem.startswith(b"-----BEGIN PUBLIC KEY") and len(key_id) == 8
    assert officer.letters.public_key_pem() == (pem, key_id)
    with store.read() as session:
        events = session.execute(select(AuditEvent.summary).where(AuditEvent.action == "letters.key_create")).scalars().all()
        stored = session.execute(select(Setting.value).where(Setting.key == "letters.signing_key")).scalar_one()
    assert events == [f"created the letter-signing key {key_id}"]
    assert stored["key_id"] == key_id and "private" in stored


def test_verify_code_against_the_store(caseworker: Services, officer: Services) -> None:
    case = authorised_case(caseworker, officer)
    letter = officer.letters.approve(caseworker.letters.draft(case.id, crossings=["Torkham"]).id)
    ok = caseworker.letters.verify_code(letter.reference or "", letter.verification_code.lower())
    assert ok.verdict == "VALID" and ok.payload is not None and len(ok.payload.people) == 3
    assert caseworker.letters.verify_code(letter.reference or "", "AAAAA-AAAAA").verdict == "INVALID"
    spoken = letter.verification_code.replace("O", "0").replace("I", "1").replace("-", " ")
    assert caseworker.letters.verify_code(letter.reference or "", spoken).verdict == "VALID"


def test_live_letters_of_a_selection_of_cases(caseworker: Services, officer: Services) -> None:
    """What "Print letters…" on a selection prints: issued, unexpired letters, in the selection's order."""
    first, second, drafted = (authorised_case(caseworker, officer) for _ in range(3))
    old = officer.letters.approve(caseworker.letters.draft(first.id, crossings=["Torkham"]).id)
    new = officer.letters.approve(caseworker.letters.reissue(old.id, valid_days=10).id)  # supersedes `old`
    other = officer.letters.approve(caseworker.letters.draft(second.id, crossings=["Chaman"]).id)
    caseworker.letters.draft(drafted.id, crossings=["Chaman"])
    live = caseworker.letters.live_for_cases([second.id, drafted.id, first.id, second.id])
    assert [letter.id for letter in live] == [other.id, new.id]
    officer.letters.revoke(other.id, "family withdrew")
    assert [letter.id for letter in caseworker.letters.live_for_cases([second.id, first.id])] == [new.id]
    assert caseworker.letters.live_for_cases([]) == []


@pytest.fixture
def far_from_utc(time_zone: Callable[[str], None]) -> dt.date:
    """A local time zone whose calendar day is not UTC's right now (UTC+14 in UTC's afternoon,
    UTC-12 in its morning); gives UTC's day."""
    now = dt.datetime.now(dt.UTC)
    time_zone("Pacific/Kiritimati" if now.hour >= 12 else "Etc/GMT+12")
    return now.date()


def test_a_letter_is_dated_by_the_posts_calendar_day_not_utcs(
    far_from_utc: dt.date, store: Store, caseworker: Services, officer: Services
) -> None:
    from caseworker.services.letters.content import content_for

    today = dt.date.today()
    assert today != far_from_utc
    case = authorised_case(caseworker, officer)
    letter = officer.letters.approve(caseworker.letters.draft(case.id, crossings=["Torkham"], valid_days=10).id)
    assert (letter.valid_from, letter.valid_to) == (today, today + dt.timedelta(days=9))
    assert letter.reference == f"ISB/TA/{today.year}/000001"
    with store.read() as session:
        assert content_for(session, session.get(Letter, letter.id)).issue_date == today
