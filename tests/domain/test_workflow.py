"""The workflow table: every allowed transition, every forbidden one, and roles."""

from __future__ import annotations

import pytest

from caseworker.domain.errors import PermissionDenied, ValidationError, WorkflowError
from caseworker.domain.roles import Role
from caseworker.domain.workflow import (
    MAIN_LINE,
    OFFICER_ONLY,
    SYSTEM_ONLY,
    TRANSITIONS,
    Status,
    Transition,
    allowed_targets,
    check_transition,
    system_transition,
)

ALLOWED = [(s, t) for s in Status for t in sorted(TRANSITIONS[s]) if t not in SYSTEM_ONLY]
FORBIDDEN = [(s, t) for s in Status for t in Status if t not in TRANSITIONS[s] and t not in SYSTEM_ONLY]


@pytest.mark.parametrize(("source", "target"), ALLOWED, ids=lambda s: s.value)
def test_every_allowed_transition_passes_for_an_officer(source: Status, target: Status) -> None:
    transition = check_transition(source, target, Role.OFFICER, "checked")
    assert transition == Transition(source, target, "checked")


@pytest.mark.parametrize(("source", "target"), FORBIDDEN, ids=lambda s: s.value)
def test_every_forbidden_transition_is_refused_with_both_states_named(source: Status, target: Status) -> None:
    with pytest.raises(WorkflowError) as excinfo:
        check_transition(source, target, Role.OFFICER, "because")
    assert source.value in str(excinfo.value) and target.value in str(excinfo.value)


@pytest.mark.parametrize(("source", "target"), [(s, t) for s, t in ALLOWED if t in OFFICER_ONLY])
def test_only_officers_make_officer_moves(source: Status, target: Status) -> None:
    for role in (Role.CASEWORKER, Role.ADMIN):
        with pytest.raises(PermissionDenied):
            check_transition(source, target, role, "because")
        assert target not in allowed_targets(source, role)
    assert target in allowed_targets(source, Role.OFFICER)


def test_read_only_users_cannot_move_cases() -> None:
    with pytest.raises(PermissionDenied):
        check_transition(Status.REFERRED, Status.CONTACTING, Role.READ_ONLY, "because")
    assert allowed_targets(Status.REFERRED, Role.READ_ONLY) == []


def test_the_main_line_can_be_walked_forward_except_letter_issue() -> None:
    for source, target in zip(MAIN_LINE, MAIN_LINE[1:], strict=False):
        if target is Status.LETTER_ISSUED:
            with pytest.raises(WorkflowError, match="system"):
                check_transition(source, target, Role.OFFICER, "go")
            system_transition(source, target, "letter approved")
        else:
            check_transition(source, target, Role.OFFICER, "go")


@pytest.mark.parametrize("reason", ["", "   ", "\n", None])
def test_a_reason_is_required(reason: str | None) -> None:
    with pytest.raises(ValidationError) as excinfo:
        check_transition(Status.REFERRED, Status.CONTACTING, Role.CASEWORKER, reason)  # type: ignore[arg-type]
    assert excinfo.value.field == "reason"


def test_a_letter_is_issued_only_for_an_authorised_case() -> None:
    with pytest.raises(WorkflowError, match="AUTHORISED"):
        system_transition(Status.SECURITY_CLEARED, Status.LETTER_ISSUED, "x")
    assert system_transition(Status.AUTHORISED, Status.LETTER_ISSUED, "x").target is Status.LETTER_ISSUED


def test_moving_back_from_letter_issued_revokes_letters_but_crossing_does_not() -> None:
    back = check_transition(Status.LETTER_ISSUED, Status.SECURITY_CLEARED, Role.OFFICER, "new security concern")
    assert back.revokes_letters and back.is_backwards
    hold = check_transition(Status.LETTER_ISSUED, Status.ON_HOLD, Role.CASEWORKER, "family asked to wait")
    assert hold.revokes_letters
    forward = check_transition(Status.LETTER_ISSUED, Status.CROSSED, Role.CASEWORKER, "crossed at Torkham")
    assert not forward.revokes_letters and not forward.is_backwards


def test_side_states_are_reachable_from_every_open_state_and_lead_back() -> None:
    for state in MAIN_LINE[:-1]:
        assert Status.ON_HOLD in TRANSITIONS[state]
        assert Status.WITHDRAWN in TRANSITIONS[state]
    assert Status.CONTACTING in TRANSITIONS[Status.UNREACHABLE]
    assert Status.ELIGIBILITY_REVIEW in TRANSITIONS[Status.REVIEW_REQUESTED]
    assert TRANSITIONS[Status.DUPLICATE] == frozenset()
    assert all(s.is_side_state for s in (Status.UNREACHABLE, Status.DUPLICATE, Status.ON_HOLD))
