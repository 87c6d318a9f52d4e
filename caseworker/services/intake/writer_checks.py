"""The writer's checks and its review-queue entries.

A plan is made in a read transaction; before it is written, ``check_still_valid``
makes sure the store has not moved under it (rows imported by someone else,
people or cases merged away). ``write_candidates`` turns the planned pairs
into review-queue entries, one per pair of cases, leaving alone a pair that
was already decided (merged, or "not a duplicate").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from caseworker.domain.errors import ConflictError
from caseworker.domain.workflow import Status
from caseworker.services.intake import families as fam
from caseworker.services.intake.bulk import complete_rows
from caseworker.services.intake.plan import CREATED, LINKED, QUEUED, UPDATED, ImportPlan
from caseworker.store.models import Case, DuplicateCandidate, ImportRow, Person

if TYPE_CHECKING:
    from caseworker.services.intake.writer import BatchWriter

KEPT = (CREATED, QUEUED, LINKED, UPDATED)


def _chunks(items: list[Any], size: int = 500) -> list[list[Any]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def check_still_valid(session: Session, plan: ImportPlan) -> None:
    prints = [p.row.fingerprint for p in plan.rows if p.outcome in KEPT]
    for start in range(0, len(prints), 500):
        done = session.execute(select(ImportRow.fingerprint).where(
            ImportRow.fingerprint.in_(prints[start:start + 500])).limit(1)).scalar_one_or_none()
        if done:
            raise ConflictError("some of these rows were imported by someone else meanwhile; run the import again")
    people = {p.target().link_person for p in plan.rows if p.outcome in (LINKED, UPDATED)} - {None}
    cases = {f.case_id for f in plan.families if f.case_id} | {c.other_case for c in plan.candidates if c.other_case}
    found_people = {pid for chunk in _chunks(sorted(people)) for pid in session.execute(
        select(Person.id).where(Person.id.in_(chunk))).scalars()}
    live_cases = {cid for chunk in _chunks(sorted(cases)) for cid in session.execute(
        select(Case.id).where(Case.id.in_(chunk), Case.status != Status.DUPLICATE.value)).scalars()}
    if people - found_people or cases - live_cases:
        raise ConflictError("people or cases this import links to were merged or removed meanwhile; "
                            "run the import again")


def write_candidates(writer: BatchWriter) -> None:
    """Open a review-queue entry per new pair of cases; a pair already decided is left alone."""
    pairs: dict[tuple[int, int], tuple[int, Any, list[dict[str, Any]]]] = {}
    for candidate in writer.plan.candidates:
        left = _family_case(writer, candidate.family, [p["row"] for p in candidate.pairs])
        right = candidate.other_case if candidate.other_case is not None else _family_case(
            writer, candidate.other_family, [p["other_row"] for p in candidate.pairs])  # type: ignore[arg-type]
        if left is None or right is None or left == right:
            continue
        key = (min(left, right), max(left, right))
        people = [_pair(writer, pair) for pair in candidate.pairs]
        if key in pairs:
            _, best, known = pairs[key]
            pairs[key] = (left, best if best.score >= candidate.result.score else candidate.result, known + people)
        else:
            pairs[key] = (left, candidate.result, people)
    if not pairs:
        return
    existing: dict[tuple[int, int], DuplicateCandidate] = {}
    lows = sorted({low for low, _ in pairs})
    for chunk in _chunks(lows):
        for row in writer.session.execute(select(DuplicateCandidate).where(
                DuplicateCandidate.case_low_id.in_(chunk))).scalars():
            if (row.case_low_id, row.case_high_id) in pairs:
                existing[(row.case_low_id, row.case_high_id)] = row
    new = []
    for key, (left, result, people) in pairs.items():
        reasons = list(result.reasons) + [f"but {c}" for c in result.conflicts]
        row = existing.get(key)
        if row is not None:
            if row.status == "OPEN" and result.score > row.score:
                writer.undo.append({"batch_id": writer.batch_id, "kind": "UPDATED", "entity_type": "duplicate_candidate",
                                    "entity_id": row.id, "before": {"score": row.score, "reasons": row.reasons,
                                                                    "pairs": row.pairs}})
                row.score, row.reasons, row.pairs = result.score, reasons, people
            continue
        new.append(({"case_low_id": key[0], "case_high_id": key[1], "score": result.score, "reasons": reasons,
                     "pairs": people, "status": "OPEN", "batch_id": writer.batch_id, "note": "",
                     "created_at": writer.now}, left, result))
    if not new:
        return
    ids = writer.session.execute(insert(DuplicateCandidate).returning(DuplicateCandidate.id, sort_by_parameter_order=True),
                                 complete_rows(DuplicateCandidate.__table__, [values for values, _, _ in new])).scalars().all()
    for entry_id, (values, left, result) in zip(ids, new, strict=True):
        writer.events.append({
            "action": "duplicate.queue", "entity_type": "duplicate_candidate", "entity_id": entry_id, "case_id": left,
            "summary": f"possible duplicate (score {result.score}): {result.explanation}",
            "after": {"cases": [values["case_low_id"], values["case_high_id"]], "score": result.score,
                      "reasons": values["reasons"]},
        })  # fmt: skip


def _family_case(writer: BatchWriter, family: fam.Family, rows: list[int]) -> int | None:
    """The case a family's rows went to: its own, or (all linked) that of the people they are."""
    if family.case_id is not None or id(family) in writer.case_of:
        return writer.case_id(family)
    for number in rows:
        person_id = writer.person_of.get(id(writer.by_number[number]))
        if person_id is not None:
            return writer._case_of_person(person_id)
    return None

def _pair(writer: BatchWriter, pair: dict[str, Any]) -> dict[str, Any]:
    by_number = writer.by_number
    a = writer.person_of.get(id(by_number[pair["row"]]))
    b = pair.get("person_id") or (writer.person_of.get(id(by_number[pair["other_row"]])) if "other_row" in pair else None)
    return {"a": a, "b": b, "score": pair["score"], "reasons": pair["reasons"]}
