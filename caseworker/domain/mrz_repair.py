"""Undo the common OCR slips in a zone, but only where the check digits then agree.

Scanners and phone OCR read ``<<`` as ``«``, ``0`` as ``O`` and drop or add a
filler. Each slip is put right only when the result is checkable and checks:

* a letter in a position that holds only digits (dates, check digits) is read
  as the digit it resembles (O→0, I→1, S→5 …) when every check digit covering
  that position then agrees;
* a data line (one that check digits cover) one or two fillers short or long
  gets fillers added to or removed from its filler runs when exactly one way of
  doing so makes every check digit on that line agree;
* a name line, which no check digit covers, is only padded or trimmed at its
  trailing fillers, and ``«``/``‹`` become fillers (nothing else looks like them).

Every change is reported as a warning ("line 2, position 14: read O as 0"), so
the caseworker can compare it with the document. Anything else is left for the
parser to report.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterator

from caseworker.domain.mrz_layout import VALUES, CheckSpan, Layout, check_spans

TO_DIGIT = {"O": "0", "Q": "0", "D": "0", "U": "0", "I": "1", "L": "1", "Z": "2", "S": "5", "G": "6",
            "B": "8"}
FILLER_LOOKALIKES = {"«": "<<", "≪": "<<", "‹": "<", "〈": "<", "⟨": "<"}
MAX_FILLERS = 3  # a name line may be this many fillers short or long (mended at its end)
MAX_DATA_FILLERS = 2  # a data line, where every way of mending it has to be tried against the checks
_MAX_CANDIDATES = 600


def replace_lookalike_fillers(rows: list[str]) -> tuple[list[str], list[str]]:
    """``«`` → ``<<`` and ``‹`` → ``<``, with a warning for each line that had them."""
    fixed, notes = [], []
    for n, row in enumerate(rows, 1):
        new = "".join(FILLER_LOOKALIKES.get(c, c) for c in row)
        if new != row:
            found = sorted({c for c in row if c in FILLER_LOOKALIKES})
            notes.append(f"line {n}: read " + ", ".join(f"{c} as {FILLER_LOOKALIKES[c]}" for c in found))
        fixed.append(new)
    return fixed, notes


def checked_lines(layout: Layout) -> set[int]:
    return {0, 1} if layout.lines == 3 else {1}


def _runs(row: str) -> list[tuple[int, int]]:
    """(start, length) of each run of fillers."""
    return [(start, len(chars)) for start, chars in _groups(row) if chars[0] == "<"]


def _groups(row: str) -> Iterator[tuple[int, list[str]]]:
    start = 0
    for _, group in itertools.groupby(row):
        chars = list(group)
        yield start, chars
        start += len(chars)


def _refits(row: str, width: int, checked: bool) -> list[tuple[str, str]]:
    """Ways to bring ``row`` to ``width`` by changing only fillers, each with its warning."""
    short = width - len(row)
    if short == 0:
        return [(row, "")]
    if abs(short) > (MAX_DATA_FILLERS if checked else MAX_FILLERS):
        return []
    what = f"{abs(short)} filler{'s' if abs(short) > 1 else ''} {'short' if short > 0 else 'too many'}"
    if not checked:
        if short > 0 and row.endswith("<"):
            return [(row + "<" * short, f"{what}; added at the end")]
        if short < 0 and set(row[width:]) == {"<"}:
            return [(row[:width], f"{what}; removed at the end")]
        return []
    runs = _runs(row)
    found: dict[str, str] = {}
    for combo in itertools.combinations_with_replacement(range(len(runs)), abs(short)):
        counts = Counter(combo)
        if short < 0 and any(runs[i][1] < k for i, k in counts.items()):
            continue
        candidate = row
        for i in sorted(counts, reverse=True):  # from the right, so that earlier runs keep their place
            end, k = runs[i][0] + runs[i][1], counts[i]
            candidate = candidate[:end] + "<" * k + candidate[end:] if short > 0 else candidate[:end - k] + candidate[end:]
        where = ", ".join(str(runs[i][0] + runs[i][1] + (1 if short > 0 else 0)) for i in sorted(counts))
        found.setdefault(candidate, f"{what}; {'added' if short > 0 else 'removed'} at position {where}")
    return list(found.items())


def _digit_slips(rows: list[str], layout: Layout) -> list[tuple[int, int, str, str]]:
    return [(line, p, rows[line][p], TO_DIGIT[rows[line][p]]) for line, p in sorted(layout.numeric())
            if p < len(rows[line]) and rows[line][p] in TO_DIGIT]


def _apply(rows: list[str], slips: list[tuple[int, int, str, str]]) -> list[str]:
    out = [list(r) for r in rows]
    for line, p, _, digit in slips:
        out[line][p] = digit
    return ["".join(r) for r in out]


def _agrees(rows: list[str], checks: list[CheckSpan], slips: list[tuple[int, int, str, str]],
            refitted: set[int]) -> bool:
    for line, p, *_ in slips:
        covering = [c for c in checks if (line, p) in c.covers()]
        if not covering or not all(c.passes(rows) for c in covering):
            return False
    on_line = [c for c in checks if {pos[0] for pos in c.covers()} & refitted]
    return all(c.passes(rows) for c in on_line)


def repair(rows: list[str], layout: Layout) -> tuple[list[str], list[str]] | None:
    """The zone with its slips undone and the warnings, or None when a line's length cannot be
    put right. A zone with nothing to repair, or whose repair does not check out, comes back as
    it is (the parser then reports what is wrong with it)."""
    lines = checked_lines(layout)
    options = [[(fit, f"line {n + 1}: {note}" if note else "") for fit, note in
                _refits(row, layout.width, n in lines)] for n, row in enumerate(rows)]
    if any(not o for o in options) or math.prod(len(o) for o in options) > _MAX_CANDIDATES:
        return None
    if any(c not in VALUES for row in rows for c in row):
        return (rows, []) if all(note == "" for o in options for _, note in o) else None
    accepted: dict[tuple[str, ...], list[str]] = {}
    for choice in itertools.product(*options):
        candidate = [fit for fit, _ in choice]
        refitted = {n for n, (_, note) in enumerate(choice) if note} & lines
        slips = _digit_slips(candidate, layout)
        fixed = _apply(candidate, slips)
        if _agrees(fixed, check_spans(layout, fixed), slips, refitted):
            notes = [note for _, note in choice if note]
            notes += [f"line {line + 1}, position {p + 1}: read {c} as {d}" for line, p, c, d in slips]
            accepted.setdefault(tuple(fixed), notes)
        elif not refitted:
            accepted.setdefault(tuple(candidate), [note for _, note in choice if note])
    if len(accepted) == 1:
        fixed, notes = next(iter(accepted.items()))
        return list(fixed), notes
    return None
