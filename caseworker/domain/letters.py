"""Travel-authorisation letters: statuses, references, validity and the two-person rule.

Pure rules, no store: the services apply them inside their transactions.

A letter is drafted by a caseworker (or officer) for an AUTHORISED case and
issued only when an authorising officer who did not draft it approves it.
Approval and issue are one step: the letter gets its reference and version
and is signed in the approving transaction, so an "approved but not issued"
letter never exists. A re-issue is a new draft of an issued letter; issuing
it gives the same reference the next version and supersedes the old one.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from caseworker.domain.errors import PermissionDenied, ValidationError, WorkflowError
from caseworker.domain.roles import Action, Role, require

DEFAULT_VALID_DAYS = 30
MAX_VALID_DAYS = 180
MAX_PEOPLE = 30
MAX_REASON = 2000


class LetterStatus(StrEnum):
    DRAFT = "DRAFT"
    ISSUED = "ISSUED"
    SUPERSEDED = "SUPERSEDED"
    REVOKED = "REVOKED"
    EXPIRED = "EXPIRED"
    REJECTED = "REJECTED"  # a draft the officer (or its drafter) turned down

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def is_final(self) -> bool:
        return self not in (LetterStatus.DRAFT, LetterStatus.ISSUED)


def letter_reference(post_code: str, year: int, number: int) -> str:
    """``ISB/TA/2026/000123``: per post and year, numbered without gaps."""
    return f"{post_code}/TA/{year}/{number:06d}"


REFERENCE_RE = re.compile(r"^[A-Z]{2,8}/TA/\d{4}/\d{6}$")


def valid_days(value: object, field: str = "valid days") -> int:
    """A validity in days, 1 to MAX_VALID_DAYS."""
    try:
        days = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(f"{value!r} is not a whole number of days", field=field) from None
    if not 1 <= days <= MAX_VALID_DAYS:
        raise ValidationError(f"must be between 1 and {MAX_VALID_DAYS} days, not {days}", field=field)
    return days


def validity(issued_on: dt.date, days: int) -> tuple[dt.date, dt.date]:
    """(valid from, valid to), both inclusive: a 30-day letter issued on 1 May ends on 30 May."""
    return issued_on, issued_on + dt.timedelta(days=days - 1)


def effective_status(status: LetterStatus | str, valid_to: dt.date | None, today: dt.date) -> LetterStatus:
    """An issued letter whose last valid day has passed is EXPIRED, whether or not it was swept yet."""
    status = LetterStatus(status)
    if status is LetterStatus.ISSUED and valid_to is not None and valid_to < today:
        return LetterStatus.EXPIRED
    return status


def check_approver(role: Role, approver_id: int, drafted_by_id: int | None) -> None:
    """The two-person rule: an authorising officer who is not the drafter."""
    require(role, Action.APPROVE_LETTER)
    if drafted_by_id is not None and approver_id == drafted_by_id:
        raise PermissionDenied("you drafted this letter; another authorising officer must approve it")


def check_case_can_issue(case_status: str) -> None:
    if case_status not in ("AUTHORISED", "LETTER_ISSUED"):
        raise WorkflowError(
            f"a letter can only be issued for an AUTHORISED case (this case is {case_status})"
        )


def clean_reason(reason: str, what: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise ValidationError(f"a reason is required to {what}", field="reason")
    if len(text) > MAX_REASON:
        raise ValidationError(f"keep the reason under {MAX_REASON} characters", field="reason")
    return text
