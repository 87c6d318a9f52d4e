"""From store records to what a letter shows: people snapshots, content and payload.

The only bridge between the case records (which hold phone numbers, the
referrer, the employer …) and the letter: it copies the allowed fields of
:class:`~caseworker.documents.letter_content.LetterPerson` and nothing else.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from caseworker.documents import letter_payload as lp
from caseworker.documents.letter_content import CrossingPoint, LetterContent, LetterPerson
from caseworker.domain.letters import LetterStatus
from caseworker.services.letters.settings import crossings as crossing_list
from caseworker.store.models import IdentityDocument, Letter, Person, Post

# Which document a letter shows when a person has several: the one a border
# officer can check best.
_DOC_RANK = {"PASSPORT": 0, "SINGLE_JOURNEY": 1, "E_TAZKIRA": 2, "PAPER_TAZKIRA": 3}


def best_document(documents: list[IdentityDocument], today: dt.date) -> IdentityDocument | None:
    usable = [d for d in documents if d.doc_type in _DOC_RANK and d.number]
    if not usable:
        return None
    return min(
        usable,
        key=lambda d: (
            d.expiry_date is not None and d.expiry_date < today,  # unexpired first
            _DOC_RANK[d.doc_type],
            -(d.expiry_date or dt.date.max).toordinal(),
        ),
    )


def person_snapshot(person: Person, today: dt.date) -> dict[str, Any]:
    doc = best_document(list(person.documents), today)
    return LetterPerson(
        name_document=person.latin_name,
        name_original=person.name_original,
        birth_date=person.birth_date,
        birth_year_only=person.birth_date is not None and person.birth_precision != "EXACT",
        sex=person.sex,
        document_type=doc.doc_type if doc else "NONE",
        document_number=doc.number if doc else "",
        relationship=person.relationship_to_principal,
    ).to_json()


def load_people(session: Session, case_id: int, person_ids: list[int] | None = None) -> list[Person]:
    query = select(Person).where(Person.case_id == case_id).order_by(Person.id)
    if person_ids is not None:
        query = query.where(Person.id.in_(person_ids))
    return list(session.execute(query.options(selectinload(Person.documents))).scalars())


def snapshots(people: list[Person], today: dt.date) -> list[dict[str, Any]]:
    return [person_snapshot(p, today) for p in people]


def content_for(session: Session, letter: Letter, watermark: str = "") -> LetterContent:
    """What the letter shows; ``watermark`` marks copies that are not valid letters."""
    post = session.get(Post, letter.post_code)
    known = {p.name: p for p in crossing_list(session)}
    today = dt.date.today()
    valid_from = letter.valid_from or today
    return LetterContent(
        post_code=letter.post_code,
        post_name=post.name if post else letter.post_code,
        reference=letter.reference or "",
        version=letter.version or 1,
        issue_date=(letter.issued_at.astimezone().date() if letter.issued_at else today),
        valid_from=valid_from,
        valid_to=letter.valid_to or valid_from + dt.timedelta(days=letter.valid_days - 1),
        people=tuple(LetterPerson.from_json(p) for p in letter.people),
        crossings=tuple(known.get(name, CrossingPoint(name)) for name in letter.crossings),
        signatory_name=letter.signatory_name or "(the approving officer)",
        signatory_title=letter.signatory_title,
        qr_text=letter.qr_text if letter.status == LetterStatus.ISSUED and not watermark else "",
        verification_code=letter.verification_code if not watermark else "",
        draft=letter.status == LetterStatus.DRAFT,
        watermark=watermark,
    )


def payload_for(letter: Letter, key_id: str) -> lp.LetterPayload:
    assert letter.reference and letter.version and letter.valid_from and letter.valid_to
    people = tuple(
        lp.PayloadPerson(
            p.name_document or p.name_original, p.birth_date, p.birth_year_only, p.document_number
        )
        for p in (LetterPerson.from_json(x) for x in letter.people)
    )
    return lp.LetterPayload(key_id, letter.reference, letter.version, letter.valid_from, letter.valid_to, people)
