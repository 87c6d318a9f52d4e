"""The search index: rows per person and case, and matching in SQL.

SQLite matches with FTS5 (`search_fts`, external content over `search_rows`);
PostgreSQL with a weighted tsvector (`search_rows.tsv`). The same query parts
(domain.search_terms) drive both.

FTS5 answers with search-row ids. SQLite would look each one up in
`search_rows` itself (40 MB of names and numbers at 100,000 cases, to read
and, in an encrypted store, decrypt) to learn its case; the migration gives
SQLite a narrow (id, case_id) index instead, which the query names.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, TextualSelect, delete, insert, select, text
from sqlalchemy.orm import Session

from caseworker.domain import phones
from caseworker.domain.search_terms import (
    QueryPart,
    ident_token,
    name_words,
    parse_query,
    reference_terms,
)
from caseworker.store.models import Case, Person, SearchRow

ROW_CASES_INDEX = "ix_search_rows_id_case"  # SQLite only, created by migration perf_1


def index_row(
    case_id: int,
    person_id: int,
    name_texts: Sequence[str],
    document_numbers: Sequence[str],
    contact_points: Sequence[tuple[str, str]],
) -> dict[str, object]:
    """The search row of one person, from plain values."""
    keys, words = name_words(name_texts)
    ids = [number.lower() for number in document_numbers if number]
    for kind, value in contact_points:
        ids.extend([ident_token(value)] if kind == "EMAIL" else phones.phone_search_forms(value))
    return {
        "case_id": case_id,
        "person_id": person_id,
        "keys": " ".join(keys),
        "words": " ".join(words),
        "ids": " ".join(dict.fromkeys(ids)),
    }


def person_row(case_id: int, person: Person) -> dict[str, object]:
    return index_row(
        case_id,
        person.id,
        [person.doc_given_names, person.doc_surname, person.name_original, *person.variants],
        [d.number_norm for d in person.documents],
        [(p.kind, p.value) for p in person.contact_points],
    )


def case_row(case_id: int, reference: str) -> dict[str, object]:
    return {"case_id": case_id, "person_id": None, "keys": "", "words": "", "ids": " ".join(reference_terms(reference))}


def reindex_case(session: Session, case: Case, people: Sequence[Person]) -> None:
    session.execute(delete(SearchRow).where(SearchRow.case_id == case.id))
    rows = [case_row(case.id, case.reference)] + [person_row(case.id, p) for p in people]
    session.execute(insert(SearchRow), rows)


def _fts_phrase(column: str, term: str, prefix: bool = True) -> str:
    return f'{column} : "{term}"' + (" *" if prefix else "")


def _fts_query(parts: list[QueryPart]) -> str:
    clauses = []
    for part in parts:
        options = [_fts_phrase("keys", key) for key in part.keys]
        options += [_fts_phrase("keys", key, prefix=False) for key in part.exact_keys]
        if part.word:
            options.append(_fts_phrase("words", part.word))
        if part.ident:
            options.append(_fts_phrase("ids", part.ident))
        clauses.append("(" + " OR ".join(options) + ")")
    return " AND ".join(clauses)


def _ts_query(parts: list[QueryPart]) -> str:
    clauses = []
    for part in parts:
        options = [f"'{key}':*A" for key in part.keys] + [f"'{key}':A" for key in part.exact_keys]
        if part.word:
            options.append(f"'{part.word}':*B")
        if part.ident:
            options.append(f"'{part.ident}':*C")
        clauses.append("(" + " | ".join(options) + ")")
    return " & ".join(clauses)


def matching_case_ids(session: Session, query: str) -> Select[tuple[int]] | TextualSelect | None:
    """A SELECT of the ids of cases matching `query`, or None when the query is empty.

    A case matches when one of its rows (a person, or the case itself) matches
    every part of the query.
    """
    parts = parse_query(query)
    if not parts:
        return None
    if session.get_bind().dialect.name == "sqlite":
        return (
            text(
                f"SELECT DISTINCT case_id FROM search_rows INDEXED BY {ROW_CASES_INDEX} "
                "WHERE id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH :fts)"
            )
            .bindparams(fts=_fts_query(parts))
            .columns(SearchRow.case_id)
        )
    return (
        select(SearchRow.case_id)
        .where(text("search_rows.tsv @@ to_tsquery('simple', :tsq)").bindparams(tsq=_ts_query(parts)))
        .distinct()
    )
