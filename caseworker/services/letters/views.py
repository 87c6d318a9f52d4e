"""Letters as plain data for the GUI and the CLI (never ORM objects)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.documents.letter_content import LetterPerson
from caseworker.domain.letters import effective_status
from caseworker.services.dto import JsonMixin
from caseworker.services.views import usernames
from caseworker.store.models import Case, Letter


@dataclass(frozen=True, slots=True)
class LetterView(JsonMixin):
    id: int
    case_id: int
    case_reference: str
    post: str
    status: str  # effective: an issued letter past its validity shows EXPIRED
    reference: str | None
    version: int | None
    supersedes_id: int | None
    people: tuple[LetterPerson, ...]
    person_ids: tuple[int, ...]
    valid_days: int
    valid_from: dt.date | None
    valid_to: dt.date | None
    crossings: tuple[str, ...]
    signatory: str | None
    signatory_title: str
    drafted_by: str | None
    drafted_at: dt.datetime
    approved_by: str | None
    issued_at: dt.datetime | None
    ended_by: str | None
    ended_at: dt.datetime | None
    end_reason: str
    verification_code: str
    print_count: int
    last_printed_at: dt.datetime | None

    @property
    def label(self) -> str:
        """``ISB/TA/2026/000123 v2``, or ``draft #17``."""
        return f"{self.reference} v{self.version}" if self.reference else f"draft #{self.id}"

    @property
    def names(self) -> str:
        return ", ".join(p.name_document or p.name_original for p in self.people)


def letter_views(session: Session, letters: list[Letter], today: dt.date | None = None) -> list[LetterView]:
    today = today or dt.date.today()
    ids = set()
    for letter in letters:
        ids |= {letter.drafted_by_id, letter.approved_by_id, letter.ended_by_id}
    names = usernames(session, ids)
    case_ids = {letter.case_id for letter in letters}
    refs = dict(session.execute(select(Case.id, Case.reference).where(Case.id.in_(case_ids))).all()) if case_ids else {}
    return [
        LetterView(
            id=x.id,
            case_id=x.case_id,
            case_reference=refs.get(x.case_id, ""),
            post=x.post_code,
            status=effective_status(x.status, x.valid_to, today).value,
            reference=x.reference,
            version=x.version,
            supersedes_id=x.supersedes_id,
            people=tuple(LetterPerson.from_json(p) for p in x.people),
            person_ids=tuple(x.person_ids),
            valid_days=x.valid_days,
            valid_from=x.valid_from,
            valid_to=x.valid_to,
            crossings=tuple(x.crossings),
            signatory=x.signatory_name or None,
            signatory_title=x.signatory_title,
            drafted_by=names.get(x.drafted_by_id) if x.drafted_by_id else None,
            drafted_at=x.drafted_at,
            approved_by=names.get(x.approved_by_id) if x.approved_by_id else None,
            issued_at=x.issued_at,
            ended_by=names.get(x.ended_by_id) if x.ended_by_id else None,
            ended_at=x.ended_at,
            end_reason=x.end_reason,
            verification_code=x.verification_code,
            print_count=x.print_count,
            last_printed_at=x.last_printed_at,
        )
        for x in letters
    ]


def letter_view(session: Session, letter: Letter) -> LetterView:
    return letter_views(session, [letter])[0]

