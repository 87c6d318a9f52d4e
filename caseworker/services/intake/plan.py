"""What an import would do, row by row, before anything is written (the dry run).

Each data row ends up with one outcome:

- REJECTED: the row cannot become a person (no usable name, a cell beyond the
  store's limits), or its family's principal was rejected;
- UNCHANGED: the same row was imported before, or appears earlier in the file;
- LINKED: the same document number as a person already held (or an earlier
  row), with nothing contradicting it; nothing new to add;
- UPDATED: linked, and the row adds a document, a number or a spelling;
- QUEUED: a new person, with possible duplicates sent to the review queue;
- CREATED: a new person with no likely duplicate.

A value that cannot be read is a warning on its row (``ParsedRow.warnings``),
whatever the outcome. The plan is computed from the file and a read of the
store; ``writer`` then writes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.domain.dedup import MatchRecord, MatchResult, father_key, name_forms
from caseworker.services.intake import families as fam
from caseworker.services.intake.additions import Additions, link_additions
from caseworker.services.intake.mapping import Mapping, headings_of
from caseworker.services.intake.matching import HeldMatch, Matcher, load_records
from caseworker.services.intake.rows import ParsedRow, RowProblem, parse_row
from caseworker.services.intake.sheets import ImportCancelled, RawSheet
from caseworker.store.models import (
    Case,
    DuplicateCandidate,
    ImportRow,
    Person,
)

CREATED, QUEUED, LINKED, UPDATED, REJECTED, UNCHANGED = "CREATED", "QUEUED", "LINKED", "UPDATED", "REJECTED", "UNCHANGED"
SAME_CASE_LINK = 80  # within the case a family joins, a match this strong is the same person
Progress = Callable[[int, int], None]


@dataclass
class PlannedRow:
    row: ParsedRow
    outcome: str = ""
    message: str = ""
    family: fam.Family | None = None
    link_person: int | None = None  # a held person this row is
    link_row: PlannedRow | None = None  # an earlier row of this file this row is
    link_case: int | None = None
    held_case: int | None = None  # for UNCHANGED rows: where the row went last time
    record: MatchRecord | None = None
    additions: Additions | None = None  # what a linked row adds to the person

    def target(self) -> PlannedRow:
        """The row whose person this row is (itself unless linked to an earlier row)."""
        p = self
        while p.link_row is not None:
            p = p.link_row
        return p


@dataclass
class PlannedCandidate:
    family: fam.Family  # the incoming side (a new case, or the case it joins)
    other_case: int | None  # a held case
    other_family: fam.Family | None  # or another family of this file
    result: MatchResult
    pairs: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ImportPlan:
    raw: RawSheet
    source: str
    mapping: Mapping
    headings: tuple[str, ...]
    header_row: int
    rows: list[PlannedRow]
    families: list[fam.Family]
    candidates: list[PlannedCandidate]
    empty_rows: int
    case_refs: dict[int, str]  # held case id -> reference, for messages

    def planned(self, outcome: str) -> list[PlannedRow]:
        return [r for r in self.rows if r.outcome == outcome]

    def new_families(self) -> list[fam.Family]:
        creating = {id(r.family) for r in self.rows if r.outcome in (CREATED, QUEUED)}
        return [f for f in self.families if f.case_id is None and id(f) in creating]


def _record(position: int, row: ParsedRow, group: object) -> MatchRecord:
    p = row.person
    latin = " ".join(x for x in (p.get("doc_given_names"), p.get("doc_surname")) if x)
    return MatchRecord(
        ref=position, group=group, names=name_forms([latin, p.get("name_original", ""), *p.get("variants", [])]),
        father_key=father_key(p.get("father_name", ""), p.get("father_name_original", "")), sex=p.get("sex", "X"),
        birth=row.birth, documents=frozenset((d["doc_type"], d["number_norm"]) for d in row.documents if d["number_norm"]),
        phones=frozenset(c["value"] for c in row.contact_points if c["kind"] != "EMAIL"),
    )  # fmt: skip


class Planner:
    def __init__(self, session: Session, raw: RawSheet, mapping: Mapping, source: str, posts: set[str],
                 progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> None:
        self.session, self.raw, self.mapping, self.source = session, raw, mapping, source
        self.posts = posts
        self.progress, self.cancelled = progress, cancelled
        self.case_refs: dict[int, str] = {}
        self.made: dict[int, int] = {}  # person id -> case id, of the people outcomes-workbook rows name

    def _check_cancel(self) -> None:
        if self.cancelled and self.cancelled():
            raise ImportCancelled()

    def plan(self) -> ImportPlan:
        index, headings, data = headings_of(self.raw, self.mapping)
        mapping = self.mapping
        if len(mapping.columns) != len(headings):
            columns = list(mapping.columns[: len(headings)]) + ["notes"] * (len(headings) - len(mapping.columns))
            mapping = Mapping(tuple(columns), mapping.defaults, mapping.jan1_is_exact, mapping.header_row,
                              mapping.sheet, mapping.encoding)
        mapping.check(headings)
        self.mapping, self.headings = mapping, headings
        header_number = self.raw.rows[index][0] if self.raw.rows else 0
        last = data[-1][0] if data else header_number
        empty = (last - header_number) - len(data)
        parsed = []
        for done, (number, cells) in enumerate(data, 1):
            parsed.append(parse_row(number, headings, cells, mapping))
            if done % 1000 == 0:
                self._check_cancel()
                if self.progress:
                    self.progress(done, len(data) * 3)
        planned = self._unchanged(parsed)
        families = self._families(planned, parsed)
        candidates = self._match(planned, families)
        return ImportPlan(self.raw, self.source, mapping, headings, header_number, planned, families, candidates,
                          empty, self.case_refs)

    def mapping_heading(self, key: str) -> str:
        for heading, k in zip(self.headings, self.mapping.columns, strict=False):
            if k == key:
                return heading
        return key

    # -- rows seen before ---------------------------------------------------------------

    def _unchanged(self, parsed: list[ParsedRow]) -> list[PlannedRow]:
        planned = [PlannedRow(r) for r in parsed]
        known: dict[str, tuple[int | None, int | None]] = {}
        prints = [r.fingerprint for r in parsed]
        for start in range(0, len(prints), 500):
            for fp, case_id, person_id in self.session.execute(
                    select(ImportRow.fingerprint, ImportRow.case_id, ImportRow.person_id)
                    .where(ImportRow.fingerprint.in_(prints[start:start + 500]))):
                known[fp] = (case_id, person_id)
        first_seen: dict[str, int] = {}
        for p in planned:
            fp = p.row.fingerprint
            if fp in known:
                p.outcome, p.held_case = UNCHANGED, known[fp][0]
                p.message = "already imported"
            elif fp in first_seen:
                p.outcome, p.message = UNCHANGED, f"same as row {first_seen[fp]}"
            else:
                first_seen[fp] = p.row.number
        return planned

    def _held_case(self, ref: str) -> int | None:
        return self.session.execute(
            select(ImportRow.case_id).where(ImportRow.source_key == self.source.casefold()[:100],
                                            ImportRow.external_ref == ref, ImportRow.case_id.is_not(None))
            .order_by(ImportRow.id.desc()).limit(1)).scalar_one_or_none()

    def _families(self, planned: list[PlannedRow], parsed: list[ParsedRow]) -> list[fam.Family]:
        by_row = {id(p.row): p for p in planned}
        live = [p.row for p in planned if p.outcome != UNCHANGED or p.held_case is not None]
        groups = fam.group(live, by_principal_ref="principal_ref" in self.mapping.columns,
                           held_case=lambda ref: self._held_case(ref))
        default_post = (self.mapping.defaults.get("post") or "").upper()
        for family in groups:
            principal = by_row[id(family.principal)]
            if principal.outcome == UNCHANGED:
                family.case_id = principal.held_case
            post = family.principal.post or default_post
            if family.case_id is None and post not in self.posts and default_post in self.posts:
                family.principal.warnings.append(RowProblem(
                    family.principal.number, self.mapping_heading("post"),
                    f"unknown post; the case goes to {default_post}", family.principal.post))
                family.principal.notes.append(f"Post as written: {family.principal.post}")
                family.principal.post = post = default_post
            if family.case_id is None and post not in self.posts:
                known = ", ".join(sorted(self.posts))
                message = f"unknown post {post!r} (known posts: {known})" if post else f"no post given; choose one of {known}"
                family.principal.problems.append(RowProblem(family.principal.number, "Post", message))
                for row in family.rows[1:]:
                    row.problems.append(RowProblem(row.number, "", f"its principal (row {family.principal.number}) was rejected"))
            creating = [r for r in family.rows if by_row[id(r)].outcome != UNCHANGED]
            if creating:
                fam.assign_roles(fam.Family(family.key, creating if family.case_id else family.rows, family.case_id))
            for row in family.rows:
                p = by_row[id(row)]
                p.family = family
                if p.outcome != UNCHANGED and row.problems:
                    p.outcome, p.message = REJECTED, "; ".join(str(x) for x in row.problems)
        return groups

    # -- duplicates -----------------------------------------------------------------------

    def _match(self, planned: list[PlannedRow], families: list[fam.Family]) -> list[PlannedCandidate]:
        live = [p for p in planned if not p.outcome]
        for position, p in enumerate(live):
            p.record = _record(position, p.row, id(p.family))
        matcher = Matcher([p.record for p in live if p.record])
        held = matcher.held_matches(self.session, self._stream_progress(len(planned)), self.cancelled)
        self.made = self._people_made(live)
        within = matcher.pairs_within()
        cases = {m.case_id for ms in held.values() for m in ms} | {f.case_id for f in families if f.case_id}
        cases |= {p.held_case for p in planned if p.held_case}
        self._load_case_refs(cases)
        closed = self._closed_pairs(cases)
        candidates: dict[tuple[int, object], PlannedCandidate] = {}
        earlier: dict[int, list[tuple[int, MatchResult]]] = {}
        for (i, j), result in within.items():
            earlier.setdefault(j, []).append((i, result))
        positions = {id(p.row): i for i, p in enumerate(live)}
        for family in families:  # principal first, so that a family knows the case it joins
            for row in family.rows:
                position = positions.get(id(row))
                if position is not None:
                    p = live[position]
                    self._decide(p, live, held.get(position, []), earlier.get(position, []), candidates, closed)
        link_additions(self.session, live)
        return list(candidates.values())

    def _people_made(self, live: list[PlannedRow]) -> dict[int, int]:
        """person id -> case id, for the rows of an outcomes workbook that name the person they made."""
        ids = sorted({p.row.import_person for p in live if p.row.import_person})
        found: dict[int, int] = {}
        for start in range(0, len(ids), 500):
            found.update(self.session.execute(select(Person.id, Person.case_id).join(Case, Case.id == Person.case_id)
                                              .where(Person.id.in_(ids[start:start + 500]),
                                                     Case.status != "DUPLICATE")).all())
        self._load_case_refs(set(found.values()))
        return found

    def _stream_progress(self, rows: int) -> Progress | None:
        if not self.progress:
            return None
        report = self.progress
        return lambda done, total: report(rows + int(rows * done / max(total, 1)), rows * 3)

    def _load_case_refs(self, case_ids: set[int]) -> None:
        ids = sorted(i for i in case_ids if i is not None)
        for start in range(0, len(ids), 500):
            for case_id, reference in self.session.execute(
                    select(Case.id, Case.reference).where(Case.id.in_(ids[start:start + 500]))):
                self.case_refs[case_id] = reference

    def _closed_pairs(self, case_ids: set[int]) -> set[tuple[int, int]]:
        ids = sorted(i for i in case_ids if i is not None)
        closed: set[tuple[int, int]] = set()
        for start in range(0, len(ids), 500):
            closed.update(self.session.execute(
                select(DuplicateCandidate.case_low_id, DuplicateCandidate.case_high_id)
                .where(DuplicateCandidate.case_low_id.in_(ids[start:start + 500]),
                       DuplicateCandidate.status != "OPEN")).all())
        return closed

    def _decide(self, p: PlannedRow, live: list[PlannedRow], held: list[HeldMatch],
                earlier: list[tuple[int, MatchResult]], candidates: dict, closed: set[tuple[int, int]]) -> None:
        family = p.family
        assert family is not None
        joined = family.case_id
        made = p.row.import_person
        if made in self.made:  # a fixed row of an outcomes workbook: back to the person it made
            p.outcome, p.link_person, p.link_case = LINKED, made, self.made[made]
            p.message = (f"is person {made} of {self.case_refs.get(self.made[made], self.made[made])} "
                         "(the person this row made)")
            if family.principal is p.row and joined is None:
                family.case_id = self.made[made]
            return
        for match in held:  # the same person, already held
            if match.result.auto_link or (joined == match.case_id and match.result.score >= SAME_CASE_LINK):
                p.outcome, p.link_person, p.link_case = LINKED, match.person_id, match.case_id
                how = match.result.explanation
                p.message = f"is person {match.person_id} of {self.case_refs.get(match.case_id, match.case_id)} ({how})"
                if family.principal is p.row and joined is None:
                    family.case_id = match.case_id
                break
        if not p.outcome:
            for i, result in earlier:
                target = live[i]
                if result.auto_link and target.family is not family:
                    p.outcome, p.link_row = LINKED, target
                    p.message = f"is the person of row {target.row.number} ({result.explanation})"
                    break
        best: tuple[int, str, MatchResult] | None = None
        for match in held:
            if match.case_id == family.case_id:
                continue
            if (match.result.queued or match.result.same_document) and self._queue(
                    candidates, closed, family, match.case_id, None, match.result,
                    {"row": p.row.number, "person_id": match.person_id}):
                if best is None or match.result.score > best[0]:
                    best = (match.result.score, self.case_refs.get(match.case_id, str(match.case_id)), match.result)
        for i, result in earlier:
            other = live[i].family
            if other is not family and (result.queued or result.same_document) and p.link_row is not live[i]:
                if self._queue(candidates, closed, family, None, other, result,
                               {"row": p.row.number, "other_row": live[i].row.number}):
                    if best is None or result.score > best[0]:
                        best = (result.score, f"row {live[i].row.number}", result)
        if not p.outcome:
            if best is None:
                p.outcome, p.message = CREATED, "new person"
            else:
                p.outcome = QUEUED
                p.message = f"new person; possibly {best[1]} ({best[2].explanation}): sent for review"

    def _queue(self, candidates: dict, closed: set[tuple[int, int]], family: fam.Family, other_case: int | None,
               other_family: fam.Family | None, result: MatchResult, pair: dict[str, Any]) -> bool:
        if other_case is not None and family.case_id is not None:
            if other_case == family.case_id or tuple(sorted((other_case, family.case_id))) in closed:
                return False
        key = (id(family), other_case if other_case is not None else id(other_family))
        entry = candidates.get(key)
        pair = {**pair, "score": result.score, "reasons": list(result.reasons + tuple(f"but {c}" for c in result.conflicts))}
        if entry is None:
            candidates[key] = PlannedCandidate(family, other_case, other_family, result, [pair])
        else:
            entry.pairs.append(pair)
            if result.score > entry.result.score:
                entry.result = result
        return True


def plan_import(session: Session, raw: RawSheet, mapping: Mapping, source: str, posts: set[str],
                progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> ImportPlan:
    return Planner(session, raw, mapping, source, posts, progress, cancelled).plan()


__all__ = ["ImportPlan", "PlannedCandidate", "PlannedRow", "headings_of", "load_records", "plan_import"]
