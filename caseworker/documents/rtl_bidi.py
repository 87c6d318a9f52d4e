"""Unicode bidirectional algorithm helpers for :mod:`caseworker.documents.rtl`.

Embedding levels are resolved once per paragraph with python-bidi (UAX #9 rules
X1-I2, including bracket pairs and isolates, from the Rust ``unicode-bidi``
crate it wraps); lines are then reordered one by one (rules L1 and L2), as
UAX #9 section 3.4 prescribes, after the paragraph has been broken into lines.

python-bidi's public API returns only the reordered string. Its documented
``debug=True`` option returns the resolved levels as text, which is what we
parse here; the legacy pure-Python implementation that ships in the same
package (``bidi.algorithm``, UBA without bracket pairs) is the fallback when
that text cannot be parsed, so a format change degrades quality instead of
breaking letters. ``tests/documents/test_rtl.py`` checks that the primary path
is the one in use.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import TypeVar

__all__ = ["paragraph_levels", "line_levels", "visual_order", "PARAGRAPH_SEPARATORS"]

#: Characters that end a bidi paragraph (bidi class B). Callers split on them.
PARAGRAPH_SEPARATORS = "\n\r\x1c\x1d\x1e\x85\u2029"

_DIGITS_RE = re.compile(r"\d+")
# Whitespace-like classes that rule L1 resets to the paragraph level at line end.
_L1_TRAILING = frozenset({"WS", "FSI", "LRI", "RLI", "PDI", "BN"})

T = TypeVar("T")


class BidiFormatError(RuntimeError):
    """python-bidi's debug output did not have the expected shape."""


def _levels_from_rust(text: str, base_dir: str) -> list[int]:
    from bidi import get_display

    dump = get_display(text, base_dir=base_dir, debug=True)
    start = dump.find("\n    levels: [")
    end = dump.find("\n    ],", start + 1)
    if start < 0 or end < 0:
        raise BidiFormatError("no levels in python-bidi debug output")
    block = dump[start + 14 : end]  # only "Level(\n n,\n )," entries
    byte_levels = [int(v) for v in _DIGITS_RE.findall(block)]
    encoded = text.encode("utf-8")
    if len(byte_levels) != len(encoded):
        raise BidiFormatError(
            f"python-bidi gave {len(byte_levels)} levels for {len(encoded)} UTF-8 bytes"
        )
    levels = []
    pos = 0
    for ch in text:
        levels.append(byte_levels[pos])
        pos += len(ch.encode("utf-8"))
    return levels


def _levels_from_python(text: str, base_dir: str) -> list[int]:
    """Fallback: python-bidi's legacy pure-Python implementation (UBA 5)."""
    from bidi import algorithm as legacy

    storage = legacy.get_empty_storage()
    storage["base_level"] = 1 if base_dir == "R" else 0
    storage["base_dir"] = base_dir
    legacy.get_embedding_levels(text, storage)
    for index, entry in enumerate(storage["chars"]):
        entry["index"] = index  # rule X9 drops some characters: remember who is who
    legacy.explicit_embed_and_overrides(storage)
    legacy.resolve_weak_types(storage)
    legacy.resolve_neutral_types(storage, False)
    legacy.resolve_implicit_levels(storage, False)
    levels: list[int | None] = [None] * len(text)
    for entry in storage["chars"]:
        levels[entry["index"]] = entry["level"]
    return _fill_removed(levels, storage["base_level"])


def _fill_removed(levels: list[int | None], base: int) -> list[int]:
    out: list[int] = []
    for level in levels:
        out.append(level if level is not None else (out[-1] if out else base))
    return out


_use_rust = True


_EXPLICIT = frozenset({"LRE", "LRO", "RLE", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"})
# A right-to-left paragraph without these is all level 1; a left-to-right one
# without the second set is all level 0 (rules W1-W7, N1-N2, I1-I2).
_BREAKS_PLAIN_RTL = _EXPLICIT | {"L", "EN", "AN"}
_BREAKS_PLAIN_LTR = _EXPLICIT | {"R", "AL", "AN"}


# Runs of one of these classes resolve to one level whatever their length and
# letters, so the bidi pass sees one canonical character per run. Templated
# lines ("name: X, passport: Y") then share one cached result across letters.
_CANONICAL = {"L": "a", "R": "\u05d0", "AL": "\u0627", "EN": "0", "AN": "\u0660", "WS": " "}
_classes: dict[str, str] = {}


def _bidi_class(ch: str) -> str:
    cls = _classes.get(ch)
    if cls is None:
        cls = _classes[ch] = unicodedata.bidirectional(ch)
    return cls


def _proxy(text: str) -> tuple[str, list[int]]:
    """A level-preserving stand-in for ``text``, and where each character went in it.

    Runs of equal strong, number or whitespace class collapse to one canonical
    character (rules W1-W7, N0-N2 and I1-I2 give all of a run one level);
    boundary neutrals (ZWNJ, ZWJ ...) are left out, as rule X9 ignores them,
    and take the level of the character before them; everything else
    (brackets, separators, marks, controls) is kept as it is.
    """
    out: list[str] = []
    where: list[int] = []
    previous = None
    for ch in text:
        cls = _classes.get(ch) or _bidi_class(ch)
        if cls == "BN":
            where.append(max(len(out) - 1, 0))
            continue
        canonical = _CANONICAL.get(cls)
        if canonical is None:
            out.append(ch)
        elif cls != previous:
            out.append(canonical)
        previous = cls
        where.append(len(out) - 1)
    return "".join(out), where


@lru_cache(maxsize=4096)
def _proxy_levels(proxy: str, rtl: bool) -> tuple[int, ...]:
    global _use_rust
    base_dir = "R" if rtl else "L"
    if _use_rust:
        try:
            return tuple(_levels_from_rust(proxy, base_dir))
        except BidiFormatError:
            _use_rust = False
    return tuple(_levels_from_python(proxy, base_dir))


@lru_cache(maxsize=4096)
def paragraph_levels(text: str, rtl: bool) -> tuple[int, ...]:
    """Resolved embedding level of every character of one paragraph.

    ``text`` must not contain paragraph separators. Characters removed by rule
    X9 (ZWNJ, ZWJ and other boundary neutrals) get the level of the character
    before them, so they stay in the same shaping run as their neighbours.
    """
    if not text:
        return ()
    base = 1 if rtl else 0
    classes = {_bidi_class(c) for c in set(text)}
    if not classes & (_BREAKS_PLAIN_RTL if rtl else _BREAKS_PLAIN_LTR):
        return (base,) * len(text)
    proxy, where = _proxy(text)
    if not proxy:
        return (base,) * len(text)
    levels = _proxy_levels(proxy, rtl)
    return tuple(levels[i] for i in where)


def line_levels(text: str, levels: Sequence[int], start: int, end: int, rtl: bool) -> list[int]:
    """Levels of ``text[start:end]`` after rule L1 (trailing whitespace to base level)."""
    out = list(levels[start:end])
    base = 1 if rtl else 0
    i = end - 1
    while i >= start and _bidi_class(text[i]) in _L1_TRAILING:
        out[i - start] = base
        i -= 1
    return out


def visual_order(items: Sequence[T], levels: Sequence[int]) -> list[T]:
    """Rule L2: reorder items (runs or characters) of one line from logical to visual.

    From the highest level down to the lowest odd level, reverse every maximal
    sequence of items at that level or higher.
    """
    order = list(range(len(items)))
    if not items:
        return []
    highest = max(levels)
    lowest_odd = min(levels)
    if lowest_odd % 2 == 0:
        lowest_odd += 1
    lv = list(levels)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        n = len(order)
        while i < n:
            if lv[i] >= level:
                j = i
                while j < n and lv[j] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                lv[i:j] = lv[i:j][::-1]
                i = j
            else:
                i += 1
    return [items[k] for k in order]
