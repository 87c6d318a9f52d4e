"""What the search index holds for a person or case, and what a typed query means.

Pure functions: the store turns their output into FTS5 or tsquery syntax.
Every term is made of letters and digits only, so it is safe to quote.

A query is split into parts; a record matches when every part matches one of:
  - a name key of the record (so Mohammad finds Muhammad and محمد). A record holds
    the key of each name, of each part of a compound (so Rahman finds Abdul Rahman and
    Abdurrahman, Haq finds Zia ul Haq), of each two neighbouring names written as one
    (so Mirwais finds Mir Wais, احمدشاه finds Ahmad Shah), and of the other reading of
    Pashto letters (پښتون is keyed as Pashtun and as Pakhtun);
  - a normalised name word in any script (as typed),
  - an identifier: reference, document number or phone number.
The word being typed (the last, unless a space follows it) matches as a prefix, for
search-as-you-type; the key of a word already complete matches whole, so that "Rahim "
does not find Rahman. A key of one letter (Shah → c) always matches whole, or it would
match half the store. Words and identifiers always match as prefixes.
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
    """One typed word: match any of these (keys and word and ident as prefixes, short keys whole)."""

    keys: tuple[str, ...]
    word: str | None
    ident: str | None
    exact_keys: tuple[str, ...] = ()


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


MAX_JOINED = 6  # neighbouring names joined into one key, for the first names of a long name


def _keys_of(tokens: list[str]) -> tuple[list[str], list[str]]:
    """(every key, the whole keys in order) of a name's tokens."""
    wholes = [names.token_key(t) for t in tokens]
    keys = [k for whole, token in zip(wholes, tokens, strict=True) for k in (whole, *names.token_parts(token))]
    keys += [a + b for a, b in zip(wholes[:MAX_JOINED], wholes[1:MAX_JOINED], strict=False) if a and b]
    return [k for k in keys if k], wholes


@functools.lru_cache(maxsize=65536)
def _terms(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(keys, words, whole keys in order) of one written name."""
    tokens = names.name_tokens(text)
    keys, wholes = _keys_of(tokens)
    alternate = names.pashto_alternate(text)
    if alternate:
        keys += _keys_of(names.name_tokens(alternate))[0]
    return tuple(dict.fromkeys(keys)), tuple(tokens), tuple(wholes)


def name_words(texts: Iterable[str]) -> tuple[list[str], list[str]]:
    """(keys, words) for the names of one person, deduplicated, order kept.

    The last name of one text joined to the first of the next is a key too: a
    passport's given name "ABDUL" and surname "RAHMAN" are found as Abdurrahman.
    """
    keys: dict[str, None] = {}
    words: dict[str, None] = {}
    previous: tuple[str, ...] = ()
    for text in texts:
        if text:
            text_keys, text_words, wholes = _terms(text)
            keys.update(dict.fromkeys(text_keys))
            words.update(dict.fromkeys(text_words))
            if previous and wholes and previous[-1] and wholes[0]:
                keys[previous[-1] + wholes[0]] = None
            previous = wholes
    return list(keys), list(words)


def parse_query(text: str) -> list[QueryPart]:
    """The parts of a search box entry; empty if there is nothing to search for."""
    raw = unicodedata.normalize("NFKC", (text or "")[:MAX_QUERY])
    text = raw.strip()
    if not text:
        return []
    if _PHONEISH.match(text) and sum(ch.isdigit() for ch in text) >= 5:
        return [QueryPart((), None, ident_token(text))]
    if _REFERENCE.match(text):
        return [QueryPart((), None, ident_token(text))]
    parts: list[QueryPart] = []
    tokens = names.name_tokens(text)
    typing = len(tokens) - 1 if raw[-1:].isalnum() else -1
    for position, token in enumerate(tokens):
        ident = ident_token(token)
        if not ident:
            continue
        alternate = names.pashto_alternate(token)
        keys = list(dict.fromkeys(k for k in (ident_token(names.token_key(t)) for t in (token, alternate) if t) if k))
        prefix = [k for k in keys if len(k) >= 2] if position == typing else []
        parts.append(QueryPart(tuple(prefix), ident, ident, tuple(k for k in keys if k not in prefix)))
    return parts


def split_words(text: str) -> list[str]:
    return [w for w in _ALNUM.split(text) if w]
