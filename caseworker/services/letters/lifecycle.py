"""Drafting, approving (= issuing), rejecting, revoking and expiring letters.

Each function runs inside the caller's write transaction and audits what it
does there. Approval holds a row lock on the letter (and on the letter it
supersedes) and takes the reference number from the post's gap-free counter,
so two officers approving at once get consecutive numbers, and an approval
that fails gives its number back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from caseworker.documents import letter_payload as lp
from caseworker.domain import letters as rules
from caseworker.domain.errors import ConflictError, NotFoundError, ValidationError, WorkflowError
from caseworker.domain.letters import LetterStatus
from caseworker.domain.roles import Action, Role, require
from caseworker.domain.workflow import Status, system_transition
from caseworker.services import records
from caseworker.services.cases import apply_transition
from caseworker.services.context import ServiceContext
from caseworker.services.letters import content, keys
from caseworker.services.letters.settings import crossings, post_signatory_title, post_valid_days
from caseworker.store import audit, counters
from caseworker.store.base import utcnow
from caseworker.store.models import Case, Letter, Post, User


def lock_letter(session: Session, letter_id: int) -> Letter:
    letter = session.execute(select(Letter).where(Letter.id == letter_id).with_for_update()).scalar_one_or_none()
    if letter is None:
        raise NotFoundError(f"no letter with id {letter_id}")
    return letter


def _label(letter: Letter) -> str:
    return f"{letter.reference} v{letter.version}" if letter.reference else f"draft letter #{letter.id}"


def _choose_people(session: Session, case: Case, person_ids: Sequence[int] | None, today: dt.date):
    people = content.load_people(session, case.id)
    if person_ids is not None and not person_ids:
        raise ValidationError("choose at least one person to list on the letter", field="people")
    if person_ids:
        by_id = {p.id: p for p in people}
        unknown = [str(i) for i in person_ids if i not in by_id]
        if unknown:
            raise ValidationError(f"no person {', '.join(unknown)} in case {case.reference}", field="people")
        chosen = [by_id[i] for i in dict.fromkeys(person_ids)]
    else:
        chosen = [p for p in people if p.cleared_to_travel]
        if not chosen:
            raise ValidationError(
                f"no one in case {case.reference} is cleared to travel; mark the travellers first", field="people"
            )
    blocked = [p.latin_name or p.name_original for p in chosen if not p.cleared_to_travel]
    if blocked:
        raise ValidationError(f"not cleared to travel: {', '.join(blocked)}", field="people")
    if len(chosen) > rules.MAX_PEOPLE:
        raise ValidationError(f"at most {rules.MAX_PEOPLE} people on one letter", field="people")
    return chosen


def _check_crossings(session: Session, names: Sequence[str]) -> list[str]:
    known = {p.name.casefold(): p.name for p in crossings(session)}
    if not names:
        raise ValidationError(
            "choose at least one authorised crossing point (" + ", ".join(known.values()) + ")", field="crossings"
        )
    chosen = []
    for name in names:
        match = known.get((name or "").strip().casefold())
        if match is None:
            raise ValidationError(
                f"{name!r} is not on the administrator's list (" + ", ".join(known.values()) + ")", field="crossings"
            )
        if match not in chosen:
            chosen.append(match)
    return chosen


def _signatory(session: Session, username: str | None) -> User | None:
    if not username:
        return None
    user = session.execute(select(User).where(User.username == username.strip().lower())).scalar_one_or_none()
    if user is None or not user.active or user.role != Role.OFFICER:
        raise ValidationError(f"{username!r} is not an active authorising officer", field="signatory")
    return user


def draft(
    session: Session, ctx: ServiceContext, case_id: int, *, person_ids: Sequence[int] | None = None,
    valid_days: int | None = None, crossing_names: Sequence[str] = (), post: str | None = None,
    signatory: str | None = None, supersedes: Letter | None = None,
) -> Letter:  # fmt: skip
    case = records.load_case(session, case_id)
    rules.check_case_can_issue(case.status)
    today = dt.date.today()
    post_code = (post or (supersedes.post_code if supersedes else case.post_code)).strip().upper()
    if session.get(Post, post_code) is None:
        raise ValidationError(f"unknown post {post_code!r}", field="post")
    people = _choose_people(session, case, person_ids, today)
    days = rules.valid_days(valid_days) if valid_days is not None else post_valid_days(session, post_code)
    signer = _signatory(session, signatory)
    letter = Letter(
        case_id=case.id, post_code=post_code, status=LetterStatus.DRAFT.value,
        supersedes_id=supersedes.id if supersedes else None, person_ids=[p.id for p in people],
        people=content.snapshots(people, today), valid_days=days,
        crossings=_check_crossings(session, crossing_names), signatory_id=signer.id if signer else None,
        signatory_name=signer.display_name if signer else "", signatory_title=post_signatory_title(session, post_code),
        drafted_by_id=ctx.user.id, drafted_at=utcnow(),
    )  # fmt: skip
    session.add(letter)
    session.flush()
    what = f"re-issue of {_label(supersedes)}" if supersedes else "letter"
    audit.append(
        session, ctx.user.actor, "letter.draft", "letter", letter.id, case_id=case.id,
        summary=f"drafted {what} for {len(people)} people, valid {days} days, via {', '.join(letter.crossings)}",
        after={"person_ids": letter.person_ids, "valid_days": days, "crossings": letter.crossings,
               "post": post_code, "supersedes_id": letter.supersedes_id},
    )  # fmt: skip
    return letter


def _check_unchanged(session: Session, letter: Letter, today: dt.date) -> None:
    """Refuse to sign details that changed since the officer's preview was drafted."""
    people = {p.id: p for p in content.load_people(session, letter.case_id, letter.person_ids)}
    for person_id, snapshot in zip(letter.person_ids, letter.people, strict=True):
        person = people.get(person_id)
        if person is None:
            raise ConflictError(f"a person on {_label(letter)} was removed from the case; draft the letter again")
        if not person.cleared_to_travel:
            raise ValidationError(f"{person.latin_name or person.name_original} is no longer cleared to travel",
                                  field="people")  # fmt: skip
        if content.person_snapshot(person, today) != snapshot:
            raise ConflictError(
                f"the details of {person.latin_name or person.name_original} changed after {_label(letter)} "
                "was drafted; reject it and draft it again so that the approver sees what is signed"
            )


def _check_no_other_live_letter(session: Session, letter: Letter, today: dt.date) -> None:
    live = session.execute(
        select(Letter).where(
            Letter.case_id == letter.case_id, Letter.status == LetterStatus.ISSUED.value,
            Letter.id != (letter.supersedes_id or -1), Letter.valid_to >= today,
        )
    ).scalars().all()  # fmt: skip
    for other in live:
        shared = set(other.person_ids) & set(letter.person_ids)
        if shared:
            raise ConflictError(
                f"{len(shared)} of these people are already on the live letter {_label(other)}; "
                "re-issue that letter instead of issuing a second one"
            )


def approve(session: Session, ctx: ServiceContext, letter_id: int) -> Letter:
    """The two-person rule, then reference, version, validity, signature; the case moves to LETTER_ISSUED."""
    letter = lock_letter(session, letter_id)
    rules.check_approver(ctx.user.role, ctx.user.id, letter.drafted_by_id)
    if letter.status != LetterStatus.DRAFT:
        raise WorkflowError(f"{_label(letter)} is {letter.status}, not a draft waiting for approval")
    case = records.load_case(session, letter.case_id)
    rules.check_case_can_issue(case.status)
    now = utcnow()
    today = now.astimezone().date()  # the post's calendar day, as the letter shows it, not UTC's
    _check_unchanged(session, letter, today)
    _check_no_other_live_letter(session, letter, today)
    old = lock_letter(session, letter.supersedes_id) if letter.supersedes_id else None
    if old is not None:
        if old.status in (LetterStatus.SUPERSEDED, LetterStatus.DRAFT, LetterStatus.REJECTED):
            raise ConflictError(f"{_label(old)} is {old.status}; it cannot be re-issued")
        letter.reference = old.reference
        letter.version = (session.execute(
            select(func.max(Letter.version)).where(Letter.reference == old.reference)
        ).scalar_one() or 0) + 1  # fmt: skip
        if old.status == LetterStatus.ISSUED:
            end(session, ctx.user.actor, ctx.user.id, old, LetterStatus.SUPERSEDED,
                f"replaced by version {letter.version}", now)  # fmt: skip
    else:
        number = counters.next_value(session, f"letter:{letter.post_code}:{today.year}")
        letter.reference = rules.letter_reference(letter.post_code, today.year, number)
        letter.version = 1
    if letter.version > 255:
        raise WorkflowError(f"{letter.reference} has been re-issued too often; draft a new letter")
    letter.valid_from, letter.valid_to = rules.validity(today, letter.valid_days)
    if letter.signatory_id is None:
        letter.signatory_id, letter.signatory_name = ctx.user.id, ctx.user.display_name
    key = keys.signing_key(session)
    letter.key_id = lp.key_id(key.public_key())
    signed = lp.sign(content.payload_for(letter, letter.key_id), key)
    letter.qr_text = lp.qr_text(signed)
    letter.verification_code = signed.verification_code
    letter.status, letter.approved_by_id, letter.issued_at = LetterStatus.ISSUED.value, ctx.user.id, now
    session.flush()
    audit.append(
        session, ctx.user.actor, "letter.issue", "letter", letter.id, case_id=case.id,
        summary=f"approved and issued {_label(letter)} for {len(letter.person_ids)} people, "
                f"valid {letter.valid_from} to {letter.valid_to}",
        after={"reference": letter.reference, "version": letter.version, "person_ids": letter.person_ids,
               "valid_from": letter.valid_from, "valid_to": letter.valid_to, "crossings": letter.crossings,
               "verification_code": letter.verification_code, "key_id": letter.key_id},
    )  # fmt: skip
    if case.status == Status.AUTHORISED:
        transition = system_transition(Status.AUTHORISED, Status.LETTER_ISSUED, f"letter {_label(letter)} issued")
        apply_transition(session, ctx, case, transition)
    return letter


def end(session: Session, actor: audit.Actor, user_id: int | None, letter: Letter, status: LetterStatus,
        reason: str, when: dt.datetime | None = None) -> None:  # fmt: skip
    """Move a letter to a final status (superseded, revoked, rejected, expired), audited."""
    before = letter.status
    letter.status = status.value
    letter.ended_by_id = user_id
    letter.ended_at = when or utcnow()
    letter.end_reason = reason
    action = {LetterStatus.SUPERSEDED: "letter.supersede", LetterStatus.REVOKED: "letter.revoke",
              LetterStatus.REJECTED: "letter.reject", LetterStatus.EXPIRED: "letter.expire"}[status]  # fmt: skip
    audit.append(
        session, actor, action, "letter", letter.id, case_id=letter.case_id,
        summary=f"{status.value.lower()} {_label(letter)}: {reason}",
        before={"status": before}, after={"status": status.value, "reason": reason},
    )  # fmt: skip


def reject(session: Session, ctx: ServiceContext, letter_id: int, reason: str) -> Letter:
    reason = rules.clean_reason(reason, "reject a draft")
    letter = lock_letter(session, letter_id)
    if letter.drafted_by_id != ctx.user.id:
        require(ctx.user.role, Action.APPROVE_LETTER)
    if letter.status != LetterStatus.DRAFT:
        raise WorkflowError(f"{_label(letter)} is {letter.status}; only drafts can be rejected")
    end(session, ctx.user.actor, ctx.user.id, letter, LetterStatus.REJECTED, reason)
    return letter


def revoke(session: Session, ctx: ServiceContext, letter_id: int, reason: str) -> Letter:
    require(ctx.user.role, Action.APPROVE_LETTER)
    reason = rules.clean_reason(reason, "revoke a letter")
    letter = lock_letter(session, letter_id)
    if letter.status != LetterStatus.ISSUED:
        raise WorkflowError(f"{_label(letter)} is {letter.status}; only issued letters can be revoked")
    end(session, ctx.user.actor, ctx.user.id, letter, LetterStatus.REVOKED, reason)
    return letter


def revoke_on_case_move(session: Session, case: Case, transition, ctx: ServiceContext) -> None:
    """Transition hook: moving a case back from LETTER_ISSUED revokes its live letters."""
    if not transition.revokes_letters:
        return
    live = session.execute(
        select(Letter).where(Letter.case_id == case.id, Letter.status == LetterStatus.ISSUED.value).with_for_update()
    ).scalars().all()
    reason = f"case moved from {transition.source.value} to {transition.target.value}: {transition.reason}"
    for letter in live:
        end(session, ctx.user.actor, ctx.user.id, letter, LetterStatus.REVOKED, reason)


def expire_due(session: Session, today: dt.date) -> int:
    """Mark issued letters past their last valid day EXPIRED (the system does it, audited)."""
    due = session.execute(
        select(Letter).where(Letter.status == LetterStatus.ISSUED.value, Letter.valid_to < today).with_for_update()
    ).scalars().all()
    for letter in due:
        end(session, audit.SYSTEM, None, letter, LetterStatus.EXPIRED, f"validity ended on {letter.valid_to}")
    return len(due)
