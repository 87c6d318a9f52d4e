"""Paragraph layout of :mod:`caseworker.documents.rtl`: bidi levels, line breaking, runs.

A :class:`Line` holds its runs in visual order, ready to draw. Steps 1, 3 and
4 of the layout described in :mod:`.rtl` happen here; fonts come from
:mod:`.rtl_fonts` and glyphs from :mod:`.rtl_shape`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from caseworker.documents.rtl_bidi import (
    PARAGRAPH_SEPARATORS,
    line_levels,
    paragraph_levels,
    visual_order,
)
from caseworker.documents.rtl_fonts import TextStyle, assign_fonts, default_direction
from caseworker.documents.rtl_shape import GlyphRun, shape

__all__ = ["Line", "layout_cached", "resolve_direction", "clean_text"]


@dataclass(frozen=True, slots=True)
class Line:
    """One laid-out line: its logical text and its runs in visual order.

    ``start``/``end`` locate ``text`` in its paragraph (the input paragraph
    with leading and trailing spaces removed).
    """

    text: str
    rtl: bool
    runs: tuple[GlyphRun, ...]
    width: float
    start: int = 0
    end: int = 0

    def glyph_ids(self) -> list[tuple[str, int]]:
        """(font name, glyph id) of every glyph, left to right as drawn."""
        return [(run.font_name, g) for run in self.runs for g in run.glyphs]

    def glyph_positions(self) -> list[tuple[str, int, float, float]]:
        """(font name, glyph id, x, y) left to right, from the line's left end, in points."""
        out = []
        pen = 0.0
        for run in self.runs:
            for g, adv, xo, yo in zip(
                run.glyphs, run.x_advances, run.x_offsets, run.y_offsets, strict=True
            ):
                out.append((run.font_name, g, pen + xo, yo))
                pen += adv
        return out


def _segments(levels, fonts, start: int, end: int) -> list[tuple[int, int, int, str]]:
    """(start, end, level, font) of maximal equal (level, font) stretches.

    ``levels`` are indexed from ``start``, ``fonts`` from the paragraph start.
    """
    segs = []
    i = start
    while i < end:
        level = levels[i - start]
        font = fonts[i]
        j = i + 1
        while j < end and levels[j - start] == level and fonts[j] == font:
            j += 1
        segs.append((i, j, level, font))
        i = j
    return segs


class _Paragraph:
    """One bidi paragraph with its levels and fonts, measured on demand."""

    __slots__ = ("text", "rtl", "style", "levels", "fonts")

    def __init__(self, text: str, rtl: bool, style: TextStyle) -> None:
        self.text = text
        self.rtl = rtl
        self.style = style
        self.levels = paragraph_levels(text, rtl)
        self.fonts = assign_fonts(text, self.levels, style)

    def measure(self, start: int, end: int) -> float:
        """Width in points of text[start:end] shaped run by run (for line breaking)."""
        total = 0.0
        text = self.text
        lang = self.style.lang
        for a, b, level, font in _segments(self.levels[start:end], self.fonts, start, end):
            shaped = shape(text[a:b], font, bool(level & 1), lang)
            total += shaped.advance / shaped.upem
        return total * self.style.size

    def line(self, start: int, end: int) -> Line:
        levels = line_levels(self.text, self.levels, start, end, self.rtl)
        text = self.text
        style = self.style
        runs = [
            GlyphRun(
                text[a:b],
                a,
                font,
                style.size,
                level,
                shape(text[a:b], font, bool(level & 1), style.lang),
            )
            for a, b, level, font in _segments(levels, self.fonts, start, end)
        ]
        ordered = visual_order(runs, [r.level for r in runs])
        return Line(
            text=text[start:end],
            rtl=self.rtl,
            runs=tuple(ordered),
            width=sum(r.width for r in runs),
            start=start,
            end=end,
        )


def _words(text: str) -> list[tuple[int, int]]:
    words = []
    i = 0
    n = len(text)
    while i < n:
        while i < n and text[i] == " ":
            i += 1
        if i >= n:
            break
        j = i
        while j < n and text[j] != " ":
            j += 1
        words.append((i, j))
        i = j
    return words


def resolve_direction(style: TextStyle, direction: str | None) -> bool:
    if direction is None:
        direction = default_direction(style.lang)
    direction = direction.lower()
    if direction not in ("rtl", "ltr"):
        raise ValueError(f"direction must be 'rtl' or 'ltr', not {direction!r}")
    return direction == "rtl"


def clean_text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\t", " ")


def _split_paragraphs(text: str) -> list[str]:
    parts = [text]
    for sep in PARAGRAPH_SEPARATORS:
        parts = [p for part in parts for p in part.split(sep)]
    return parts


@lru_cache(maxsize=8192)
def layout_cached(text: str, style: TextStyle, width: float | None, rtl: bool) -> tuple[Line, ...]:
    lines: list[Line] = []
    for raw in _split_paragraphs(clean_text(text)):
        para_text = raw.strip(" ")
        if not para_text:
            lines.append(Line(text="", rtl=rtl, runs=(), width=0.0))
            continue
        para = _Paragraph(para_text, rtl, style)
        words = _words(para_text)
        if width is None:
            lines.append(para.line(0, len(para_text)))
            continue
        lines.extend(_break(para, words, width))
    return tuple(lines)


_EPS = 1e-6


# No font here sets a paragraph narrower than this many ems per character: a
# paragraph estimated to fit is shaped whole first (most letter fields are one
# line), saving the word-by-word measuring.
_MIN_EM_PER_CHAR = 0.2


def _break(para: _Paragraph, words: list[tuple[int, int]], width: float) -> list[Line]:
    """Greedy first-fit line breaking on shaped widths."""
    if len(para.text) * para.style.size * _MIN_EM_PER_CHAR <= width:
        line = para.line(words[0][0], words[-1][1])
        if line.width <= width + _EPS:
            return [line]
    widths = [para.measure(a, b) for a, b in words]
    out: list[Line] = []
    first = 0
    n = len(words)
    while first < n:
        last = first
        used = widths[first]
        while last + 1 < n:
            gap = para.measure(words[last][1], words[last + 1][0])
            if used + gap + widths[last + 1] > width + _EPS:
                break
            used += gap + widths[last + 1]
            last += 1
        line = para.line(words[first][0], words[last][1])
        # Whole-line shaping can differ from the sum of words (kerning across
        # spaces): give words back until the line fits.
        while line.width > width + _EPS and last > first:
            last -= 1
            line = para.line(words[first][0], words[last][1])
        out.append(line)
        first = last + 1
    return out
