"""What the search index holds for a person or case, and what a typed query means.

Pure functions: the store turns their output into FTS5 or tsquery syntax.
Every term is made of letters and digits only, so it is safe to quote.

A query is split into parts; a record matches when every part matches one of:
  - a name key of the record (so Mohammad finds Muhammad and محمد),
  - a normalised name word in any script (as typed),
  - an identifier: reference, document number or phone number.
Each part matches as a prefix, for search-as-you-type.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from caseworker.domain import names

MAX_QUERY = 200
_PHONEISH = re.compile(r"^\+?[\d\s().\-/]{5,}$")
_REFERENCE = re.compile(r"^([A-Za-z]{2,4})[-/ ]?(\d{4})[-/ ]?(\d{1,6})$")
_ALNUM = re.compile(r"[^\w]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class QueryPart:
    """One typed word: match any of these prefixes (None = no such alternative)."""

    key: str | None
    word: str | None
    ident: str | None


def ident_token(text: str) -> str:
    """Letters and digits only, lower case: how identifiers are indexed."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in folded if ch.isalnum())


def reference_terms(reference: str) -> list[str]:
    """ISB-2021-00042 → isb202100042, 00042, 42 (so any of them finds it)."""
    terms = [ident_token(reference)]
    match = _REFERENCE.match(reference.strip())
    if match:
        terms += [match.group(3), str(int(match.group(3)))]
    return list(dict.fromkeys(t for t in terms if t))


@functools.lru_cache(maxsize=65536)
def _terms(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    tokens = names.name_tokens(text)
    return tuple(k for k in map(names.token_key, tokens) if k), tuple(tokens)


def name_words(texts: Iterable[str]) -> tuple[list[str], list[str]]:
    """(keys, words) for the names of one person, deduplicated, order kept."""
    keys: dict[str, None] = {}
    words: dict[str, None] = {}
    for text in texts:
        if text:
            text_keys, text_words = _terms(text)
            keys.update(dict.fromkeys(text_keys))
            words.update(dict.fromkeys(text_words))
    return list(keys), list(words)


def parse_query(text: str) -> list[QueryPart]:
    """The parts of a search box entry; empty if there is nothing to search for."""
    text = unicodedata.normalize("NFKC", (text or "")[:MAX_QUERY]).strip()
    if not text:
        return []
    if _PHONEISH.match(text) and sum(ch.isdigit() for ch in text) >= 5:
        return [QueryPart(None, None, ident_token(text))]
    if _REFERENCE.match(text):
        return [QueryPart(None, None, ident_token(text))]
    parts: list[QueryPart] = []
    for token in names.name_tokens(text):
        ident = ident_token(token)
        if not ident:
            continue
        key = ident_token(names.token_key(token)) or None
        # Very short keys of long words would match half the store; a key is
        # only a useful alternative once it has at least two letters.
        if key is not None and len(key) < 2:
            key = None
        parts.append(QueryPart(key, ident, ident))
    return parts


def split_words(text: str) -> list[str]:
    return [w for w in _ALNUM.split(text) if w]
