"""Creating, reading, editing and moving cases."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.domain.errors import ConflictError, ValidationError
from caseworker.domain.roles import Action
from caseworker.domain.workflow import Status, Transition, allowed_targets, check_transition
from caseworker.services import records, views
from caseworker.services.context import Service
from caseworker.services.dto import CaseDetail
from caseworker.services.inputs import CaseInput, clean_case_fields
from caseworker.services.people import clean_person, insert_person
from caseworker.store import audit, counters
from caseworker.store.base import utcnow
from caseworker.store.models import Case, Post, User


def _post(session: Session, code: str) -> Post:
    post = session.get(Post, (code or "").strip().upper())
    if post is None:
        known = ", ".join(session.execute(select(Post.code).order_by(Post.code)).scalars()) or "none yet"
        raise ValidationError(f"unknown post {code!r} (known posts: {known})", field="post")
    return post


def _user_id(session: Session, username: str | None) -> int | None:
    if not username:
        return None
    user_id = session.execute(
        select(User.id).where(User.username == username.strip().lower(), User.active.is_(True))
    ).scalar_one_or_none()
    if user_id is None:
        raise ValidationError(f"no active user called {username!r}", field="assigned to")
    return user_id


def new_reference(session: Session, post_code: str, year: int) -> str:
    number = counters.next_value(session, f"case:{post_code}:{year}")
    return f"{post_code}-{year}-{number:05d}"


class CaseService(Service):
    # -- reading -------------------------------------------------------------

    def get(self, case_id: int) -> CaseDetail:
        """The case with its family, contact log and attachments. Recorded as a view."""
        self._ctx.require(Action.VIEW)
        with self._ctx.write() as session:
            case = records.load_case(session, case_id, people=True)
            audit.append(
                session, self.user.actor, "view.case", "case", case.id,
                case_id=case.id, summary=f"opened case {case.reference}",
            )
            return views.case_detail(session, case)

    def get_by_reference(self, reference: str) -> CaseDetail:
        with self._ctx.read() as session:
            case_id = records.case_by_reference(session, reference).id
        return self.get(case_id)

    def id_for_reference(self, reference: str) -> int:
        with self._ctx.read() as session:
            return records.case_by_reference(session, reference).id

    def allowed_moves(self, status: str) -> list[Status]:
        return allowed_targets(Status(status), self.user.role)

    # -- changing --------------------------------------------------------------

    def create(self, data: CaseInput) -> CaseDetail:
        self._ctx.require(Action.CREATE_CASE)
        fields = clean_case_fields(
            {
                "scheme": data.scheme, "category": data.category,
                "referral_source": data.referral_source, "referrer": data.referrer,
                "employer": data.employer, "job_role": data.job_role, "priority": data.priority,
                "vulnerabilities": list(data.vulnerabilities), "current_country": data.current_country,
                "current_area": data.current_area, "notes": data.notes,
            }
        )  # fmt: skip
        people = [clean_person(p) for p in (data.principal, *data.family)]
        if people[0][0]["role"] != "PRINCIPAL":
            raise ValidationError("the first person of a case must be its principal", field="role")
        with self._ctx.write() as session:
            post = _post(session, data.post)
            now = utcnow()
            case = Case(
                reference=new_reference(session, post.code, now.year),
                post_code=post.code,
                assigned_to_id=_user_id(session, data.assigned_to),
                status=Status.REFERRED.value,
                created_by_id=self.user.id,
                created_at=now,
                updated_at=now,
                status_changed_at=now,
                family_size=len(people),
                principal_name=" ".join(p for p in (people[0][0]["doc_given_names"], people[0][0]["doc_surname"]) if p),
                principal_name_original=people[0][0]["name_original"],
                **fields,
            )
            session.add(case)
            session.flush()
            audit.append(
                session, self.user.actor, "case.create", "case", case.id, case_id=case.id,
                summary=f"created case {case.reference}", after=records.snapshot(case, records.CASE_FIELDS),
            )
            for values, documents, points in people:
                insert_person(session, self.user.actor, case, values, documents, points)
            records.refresh_family(session, case)
            return views.case_detail(session, case)

    def update(self, case_id: int, expected_version: int, changes: dict[str, Any]) -> CaseDetail:
        """Edit case fields. `expected_version` is the version the user was editing."""
        self._ctx.require(Action.EDIT_CASE)
        cleaned = clean_case_fields(changes)
        try:
            with self._ctx.write() as session:
                case = records.load_case(session, case_id, expected_version)
                if "post_code" in cleaned:
                    cleaned["post_code"] = _post(session, cleaned["post_code"]).code
                before = records.snapshot(case, tuple(cleaned))
                for key, value in cleaned.items():
                    setattr(case, key, value)
                old, new = records.diff(before, cleaned)
                if not new:
                    return views.case_detail(session, case)
                records.touch(case)
                audit.append(
                    session, self.user.actor, "case.update", "case", case.id, case_id=case.id,
                    summary="edited " + ", ".join(sorted(new)), before=old, after=new,
                )
                session.flush()
                return views.case_detail(session, case)
        except Exception as exc:
            self._record_conflict(exc, case_id, expected_version, cleaned)
            raise

    def _record_conflict(self, exc: Exception, case_id: int, expected: int, attempted: dict[str, Any]) -> None:
        """Keep the losing side of a conflict in the audit trail, so nothing typed is lost."""
        if not isinstance(exc, ConflictError):
            return
        with self._ctx.write() as session:
            case = session.get(Case, case_id)
            if case is None:
                return
            audit.append(
                session, self.user.actor, "case.conflict", "case", case_id, case_id=case_id,
                summary=f"edit refused: case changed since version {expected} (now {case.version})",
                before=records.snapshot(case, tuple(attempted)), after=attempted,
            )

    def move(self, case_id: int, target: Status | str, reason: str, expected_version: int | None = None,
             expected_status: Status | str | None = None) -> CaseDetail:
        """Move a case through the workflow, with a reason.

        With `expected_version` or `expected_status` the move is refused (ConflictError) when the
        case has moved on since the caller looked at it, checked inside the write transaction.
        """
        target = Status(target)
        expected = Status(expected_status) if expected_status is not None else None
        with self._ctx.write() as session:
            case = records.load_case(session, case_id, expected_version)
            if expected is not None and case.status != expected.value:
                raise ConflictError(records.status_conflict_message(session, case, expected.value))
            transition = check_transition(Status(case.status), target, self.user.role, reason)
            apply_transition(session, self._ctx, case, transition)
            return views.case_detail(session, case)

    def move_many(self, case_ids: Sequence[int], target: Status | str, reason: str) -> list[str]:
        """Bulk status change with one reason, all or nothing. Returns the references moved."""
        target = Status(target)
        moved: list[str] = []
        with self._ctx.write() as session:
            for case_id in case_ids:
                case = records.load_case(session, case_id)
                try:
                    transition = check_transition(Status(case.status), target, self.user.role, reason)
                except Exception as exc:
                    raise type(exc)(f"{case.reference}: {exc}") from None
                apply_transition(session, self._ctx, case, transition)
                moved.append(case.reference)
        return moved

    def assign(self, case_ids: Sequence[int], username: str | None) -> int:
        """Assign cases to a caseworker (or unassign with None), in one transaction."""
        self._ctx.require(Action.EDIT_CASE)
        with self._ctx.write() as session:
            user_id = _user_id(session, username)
            changed = 0
            for case_id in case_ids:
                case = records.load_case(session, case_id)
                if case.assigned_to_id == user_id:
                    continue
                before = case.assigned_to_id
                case.assigned_to_id = user_id
                records.touch(case)
                audit.append(
                    session, self.user.actor, "case.assign", "case", case.id, case_id=case.id,
                    summary=f"assigned to {username}" if username else "unassigned",
                    before={"assigned_to_id": before}, after={"assigned_to_id": user_id},
                )
                changed += 1
            return changed


def apply_transition(session: Session, ctx: Any, case: Case, transition: Transition) -> None:
    """Set the new status with its side effects, run the hooks, and audit it."""
    now = utcnow()
    before = {"status": case.status}
    case.status = transition.target.value
    case.status_changed_at = now
    if transition.target in (Status.ELIGIBLE, Status.INELIGIBLE):
        case.eligibility_outcome = transition.target.value
        case.eligibility_date = now.date()
        case.eligibility_decided_by_id = ctx.user.id
        case.eligibility_basis = transition.reason
    elif transition.target is Status.SECURITY_CLEARED and transition.source is Status.DOCUMENTS_VERIFIED:
        case.security_status = "CLEARED"
    elif transition.target is Status.SECURITY_REFUSED:
        case.security_status = "REFUSED"
    records.touch(case)
    for hook in ctx.transition_hooks:
        hook(session, case, transition, ctx)
    audit.append(
        session, ctx.user.actor, "case.transition", "case", case.id, case_id=case.id,
        summary=f"changed status {transition.source.value} → {transition.target.value}: {transition.reason}",
        before=before, after={"status": case.status, "reason": transition.reason},
    )

