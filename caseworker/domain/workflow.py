"""The case workflow (DESIGN.md, "Case workflow") as data plus guards.

The main line runs REFERRED → … → CLOSED. Side states can be entered from
the states listed for them and left back to the states listed. Every
transition needs a reason. Only an authorising officer moves a case to
AUTHORISED; LETTER_ISSUED is reached by issuing a letter, not by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from caseworker.domain.errors import PermissionDenied, ValidationError, WorkflowError
from caseworker.domain.roles import Action, Role, require


class Status(StrEnum):
    REFERRED = "REFERRED"
    CONTACTING = "CONTACTING"
    CONTACTED = "CONTACTED"
    ELIGIBILITY_REVIEW = "ELIGIBILITY_REVIEW"
    ELIGIBLE = "ELIGIBLE"
    DOCUMENTS_VERIFIED = "DOCUMENTS_VERIFIED"
    SECURITY_CLEARED = "SECURITY_CLEARED"
    AUTHORISED = "AUTHORISED"
    LETTER_ISSUED = "LETTER_ISSUED"
    CROSSED = "CROSSED"
    IN_THIRD_COUNTRY = "IN_THIRD_COUNTRY"
    DEPARTED = "DEPARTED"
    ARRIVED = "ARRIVED"
    CLOSED = "CLOSED"
    # side states
    UNREACHABLE = "UNREACHABLE"
    INELIGIBLE = "INELIGIBLE"
    REVIEW_REQUESTED = "REVIEW_REQUESTED"
    ON_HOLD = "ON_HOLD"
    WITHDRAWN = "WITHDRAWN"
    DUPLICATE = "DUPLICATE"
    SECURITY_REFUSED = "SECURITY_REFUSED"
    TRANSFERRED = "TRANSFERRED"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def is_side_state(self) -> bool:
        return self not in MAIN_LINE


MAIN_LINE: tuple[Status, ...] = (
    Status.REFERRED,
    Status.CONTACTING,
    Status.CONTACTED,
    Status.ELIGIBILITY_REVIEW,
    Status.ELIGIBLE,
    Status.DOCUMENTS_VERIFIED,
    Status.SECURITY_CLEARED,
    Status.AUTHORISED,
    Status.LETTER_ISSUED,
    Status.CROSSED,
    Status.IN_THIRD_COUNTRY,
    Status.DEPARTED,
    Status.ARRIVED,
    Status.CLOSED,
)

S = Status
_ACTIVE = frozenset(MAIN_LINE[:-1])  # every open main-line state
_BEFORE_TRAVEL = frozenset(MAIN_LINE[: MAIN_LINE.index(S.LETTER_ISSUED) + 1])

# Each state's allowed successors. Forward steps follow the main line; the
# backward steps are the corrections caseworkers really make.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    S.REFERRED: frozenset({S.CONTACTING, S.CONTACTED}),
    S.CONTACTING: frozenset({S.CONTACTED, S.UNREACHABLE}),
    S.CONTACTED: frozenset({S.ELIGIBILITY_REVIEW}),
    S.ELIGIBILITY_REVIEW: frozenset({S.ELIGIBLE, S.INELIGIBLE}),
    S.ELIGIBLE: frozenset({S.DOCUMENTS_VERIFIED, S.ELIGIBILITY_REVIEW}),
    S.DOCUMENTS_VERIFIED: frozenset({S.SECURITY_CLEARED, S.SECURITY_REFUSED, S.ELIGIBLE}),
    S.SECURITY_CLEARED: frozenset({S.AUTHORISED, S.DOCUMENTS_VERIFIED}),
    S.AUTHORISED: frozenset({S.LETTER_ISSUED, S.SECURITY_CLEARED}),  # LETTER_ISSUED: by issuing a letter
    S.LETTER_ISSUED: frozenset({S.CROSSED, S.AUTHORISED, S.SECURITY_CLEARED}),
    S.CROSSED: frozenset({S.IN_THIRD_COUNTRY, S.DEPARTED}),
    S.IN_THIRD_COUNTRY: frozenset({S.DEPARTED}),
    S.DEPARTED: frozenset({S.ARRIVED}),
    S.ARRIVED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset({S.REVIEW_REQUESTED}),
    # side states and how to leave them
    S.UNREACHABLE: frozenset({S.CONTACTING, S.CONTACTED, S.WITHDRAWN}),
    S.INELIGIBLE: frozenset({S.REVIEW_REQUESTED, S.CLOSED}),
    S.REVIEW_REQUESTED: frozenset({S.ELIGIBILITY_REVIEW, S.CLOSED}),
    S.ON_HOLD: frozenset(_ACTIVE - {S.LETTER_ISSUED, S.AUTHORISED}),
    S.WITHDRAWN: frozenset({S.CLOSED, S.REFERRED}),
    S.DUPLICATE: frozenset(),  # only un-merging (not yet offered) leaves it
    S.SECURITY_REFUSED: frozenset({S.REVIEW_REQUESTED, S.CLOSED}),
    S.TRANSFERRED: frozenset({S.CLOSED}),
}

# Side states reachable from any open state (in addition to the table above).
_FROM_ANY_OPEN = {S.ON_HOLD, S.WITHDRAWN, S.TRANSFERRED}
for _state in _ACTIVE:
    TRANSITIONS[_state] = TRANSITIONS[_state] | _FROM_ANY_OPEN

# Moves that only an authorising officer may make.
OFFICER_ONLY: frozenset[Status] = frozenset({S.AUTHORISED, S.SECURITY_REFUSED, S.INELIGIBLE})
# Reached only through a service that does more than change the status.
SYSTEM_ONLY: frozenset[Status] = frozenset({S.LETTER_ISSUED, S.DUPLICATE})


@dataclass(frozen=True, slots=True)
class Transition:
    source: Status
    target: Status
    reason: str

    @property
    def is_backwards(self) -> bool:
        return (
            self.source in MAIN_LINE
            and self.target in MAIN_LINE
            and MAIN_LINE.index(self.target) < MAIN_LINE.index(self.source)
        )

    @property
    def revokes_letters(self) -> bool:
        """Moving a case off LETTER_ISSUED other than forward revokes its live letters."""
        return self.source is S.LETTER_ISSUED and self.target is not S.CROSSED


def allowed_targets(source: Status, role: Role) -> list[Status]:
    """The statuses `role` may move a case to from `source`, in workflow order."""
    if role is Role.READ_ONLY:
        return []
    targets = TRANSITIONS[source] - SYSTEM_ONLY
    if role is not Role.OFFICER:
        targets -= OFFICER_ONLY
    return sorted(targets, key=list(Status).index)


MAX_REASON = 2000


def check_transition(source: Status, target: Status, role: Role, reason: str) -> Transition:
    """Validate a requested transition and return it, or raise the precise error."""
    require(role, Action.MOVE_CASE)
    if target not in TRANSITIONS[source]:
        raise WorkflowError(f"a case cannot move from {source.value} to {target.value}")
    if target in SYSTEM_ONLY:
        raise WorkflowError(f"{target.value} is set by the system, not by hand")
    if target in OFFICER_ONLY and role is not Role.OFFICER:
        raise PermissionDenied(f"only an authorising officer may move a case to {target.value}")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("a reason is required for every status change", field="reason")
    if len(reason) > MAX_REASON:
        raise ValidationError(f"keep the reason under {MAX_REASON} characters", field="reason")
    return Transition(source, target, reason)


def system_transition(source: Status, target: Status, reason: str) -> Transition:
    """A transition made by a service on the system's behalf (issuing a letter, merging)."""
    if target not in SYSTEM_ONLY:
        raise WorkflowError(f"{target.value} is not a system transition")
    if target is S.LETTER_ISSUED and source not in (S.AUTHORISED, S.LETTER_ISSUED):
        raise WorkflowError("a letter can only be issued for an AUTHORISED case")
    return Transition(source, target, reason)
