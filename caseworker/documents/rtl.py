"""Right-to-left and mixed-direction text for ReportLab letters.

Dari and Pashto lines in a travel-authorisation letter must have their letters
joined (including the Pashto letters ښ ځ ټ ډ ړ ګ ږ ۍ ې, which have no Unicode
presentation forms, so "reshaping" to presentation forms cannot join them),
words right to left, and Latin names, passport numbers and dates left to right
inside the right-to-left line. ReportLab alone cannot do that: its ``shaping``
joins letters but lays words left to right, and it does not reorder per line.

How a paragraph is laid out (:func:`layout_paragraph`):

1. **Bidi levels per paragraph.** python-bidi (UAX #9, with bracket pairs and
   isolates) resolves the embedding level of every character once for the
   whole paragraph, with the base direction given (RTL for Dari/Pashto, LTR
   for English); see :mod:`.rtl_bidi`.
2. **Fonts per character.** Arabic-script characters use the Arabic face
   (Noto Naskh Arabic); combining marks, joiners and bidi controls follow a
   neighbour; any other character uses the Latin face (Noto Sans) at an even
   (left-to-right) level and the Arabic face at an odd level, falling back to
   the other face when the first lacks it (Naskh has digits but no Latin
   letters, ``/``, ``-`` or parentheses). Passport numbers and dates are
   therefore in Noto Sans even inside Dari text.
3. **Line breaking on shaped widths.** The paragraph is broken at spaces by
   the HarfBuzz advances of its words (greedy, first fit); a word wider than
   the line stands alone on its line (it is never cut). Each line is then
   shaped as a whole and checked against the width.
4. **Per line: runs, shaping, reordering.** A line's characters are grouped
   into runs of equal (level, font), rule L1 resets trailing whitespace, each
   run is shaped by HarfBuzz (uharfbuzz) from the same TTF file ReportLab
   embeds, with direction from the level, and script ``Arab`` and language
   ``fa``/``ps`` for Arabic-script runs; then rule L2 puts the runs in visual
   order. HarfBuzz mirrors brackets in right-to-left runs.

Values inserted into a sentence (dates, numbers, Latin names) should be
wrapped with :func:`isolate`: plain UAX #9 turns digits after Arabic letters
into Arabic numbers, which splits "1990-03-12" at its hyphens.

How glyphs reach the page (:func:`draw_line`, :mod:`.rtl_pdf`): text stays
text, with the fonts embedded as subsets. Each glyph is drawn *by glyph id*
through a one-byte code of a ReportLab TrueType subset: a glyph that is the
font's own glyph for the character it came from uses that character's code
(so Latin names, passport numbers and dates extract as typed); any other glyph
(contextual Arabic forms, ligatures, mirrored brackets) gets a Private Use code
added to the font's ReportLab glyph map, as ReportLab's own ``shaping`` does,
and :class:`~.rtl_pdf.ShapingTTFont` writes the text it came from into the
subset's ToUnicode map, so ``pdftotext`` extracts real Dari/Pashto. One ``TJ``
array per run places every glyph at the HarfBuzz position (advance and x
offset; y offsets of marks by text rise).

Limits:

* Breaks only at U+0020 spaces; no hyphenation, no justification; tabs
  become spaces.
* Two faces per style (Arabic + Latin); other scripts (Noto Sans covers
  Cyrillic and Greek, nothing covers CJK) draw as missing-glyph boxes.
* Extracted right-to-left text is in logical order only where the reader
  orders it so (poppler does; multi-letter ligatures such as Allah may come out
  reversed there); the page itself is always right.
* ReportLab internals used (``TTFont.splitString``, ``getSubsetInternalName``,
  ``addObjects`` and the face's glyph maps) are pinned by ``reportlab<6`` and
  checked by the tests, which read the glyphs back out of the PDF.

Cost: shaping results are cached per (run text, font, direction, language),
bidi levels per paragraph shape, and whole layouts per (text, style, width,
direction). Measured (``scripts/rtl_sample.py --bench 500``): a new line
~50-60 us to lay out, a cached one ~3 us, drawing ~15 us (ReportLab's bare
``drawString``: ~15 us); 500 text-only letters with fresh names, numbers and
dates in every letter take ~1.4x bare ReportLab drawing the same strings.

Modules: :mod:`.rtl_fonts` (registration, styles, the face of each
character), :mod:`.rtl_bidi` (levels and reordering), :mod:`.rtl_shape`
(HarfBuzz runs), :mod:`.rtl_layout` (lines and line breaking), :mod:`.rtl_pdf`
(glyphs onto the page); this module is the public API.

Typical use::

    fonts = register_fonts()
    style = fonts.style("fa", size=11)
    text = f"شماره پاسپورت {isolate('P01234567')}"
    lines = layout_paragraph(text, style, width=400)
    y = draw_paragraph(canvas, lines, x=72, y=700, width=400, leading=16)
"""

from __future__ import annotations

from typing import Literal

from caseworker.documents.rtl_bidi import PARAGRAPH_SEPARATORS
from caseworker.documents.rtl_fonts import (
    FONT_FILES,
    Direction,
    LetterFonts,
    TextStyle,
    default_direction,
    fonts_reregistered,
    register_fonts,
)
from caseworker.documents.rtl_layout import Line, clean_text, layout_cached, resolve_direction
from caseworker.documents.rtl_pdf import emit_line
from caseworker.documents.rtl_shape import GlyphRun, shape

__all__ = [
    "FONT_FILES",
    "LetterFonts",
    "TextStyle",
    "GlyphRun",
    "Line",
    "register_fonts",
    "default_direction",
    "isolate",
    "layout_line",
    "layout_paragraph",
    "draw_line",
    "draw_paragraph",
    "LRI",
    "RLI",
    "FSI",
    "PDI",
]

Align = Literal["start", "end", "left", "right", "center"]

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"


def isolate(value: str, direction: Direction | None = "ltr") -> str:
    """Wrap a value inserted into a sentence in a bidi isolate (LRI/RLI/FSI ... PDI).

    Use it for every date, number and Latin name put into Dari/Pashto text
    (and Dari names put into English text): the value then reads in its own
    direction and cannot disturb, or be disturbed by, the words around it.
    Without it the bidi algorithm treats digits after Arabic letters as
    Arabic numbers, so "نېټه 1990-03-12" displays as 12-03-1990. ``None``
    lets the value's first strong character decide (FSI). Isolate controls
    draw nothing.
    """
    opener = {"ltr": LRI, "rtl": RLI, None: FSI}[direction]
    return f"{opener}{value}{PDI}"


def _check_fonts(style: TextStyle) -> None:
    """Forget cached shaping if a style's font was re-registered under the same name."""
    if fonts_reregistered(style):
        shape.cache_clear()
        layout_cached.cache_clear()


def layout_paragraph(
    text: str, style: TextStyle, width: float, direction: Direction | None = None
) -> tuple[Line, ...]:
    """Break ``text`` into lines no wider than ``width`` points, each shaped and reordered.

    ``direction`` is the paragraph's base direction (default: from
    ``style.lang``). Newlines start new paragraphs; a blank paragraph gives an
    empty line. Results are cached and immutable.
    """
    if width <= 0:
        raise ValueError(f"width must be positive, not {width!r}")
    _check_fonts(style)
    return layout_cached(text, style, float(width), resolve_direction(style, direction))


def layout_line(text: str, style: TextStyle, direction: Direction | None = None) -> Line:
    """Shape and reorder ``text`` as one line, without wrapping (names, table cells)."""
    _check_fonts(style)
    one = "".join(" " if c in PARAGRAPH_SEPARATORS else c for c in clean_text(text))
    lines = layout_cached(one, style, None, resolve_direction(style, direction))
    return lines[0]


# --------------------------------------------------------------------------- drawing


def draw_line(canvas, line: Line, x: float, y: float, align: Align = "left") -> None:
    """Draw ``line`` with its baseline at ``y``.

    ``x`` is the left end for ``left``, the right end for ``right`` and the
    centre for ``center`` (like ReportLab's drawString / drawRightString /
    drawCentredString); ``start``/``end`` mean right/left for a right-to-left
    line. Uses the canvas' current fill colour.
    """
    side = _side(align, line.rtl)
    if side == "right":
        x -= line.width
    elif side == "center":
        x -= line.width / 2.0
    if line.runs:
        emit_line(canvas, x, y, line.runs)


def draw_paragraph(
    canvas,
    lines: tuple[Line, ...] | list[Line],
    x: float,
    y: float,
    width: float,
    leading: float | None = None,
    align: Align = "start",
) -> float:
    """Draw laid-out lines in the box starting at ``x`` and ``width`` wide.

    The first baseline is at ``y``, each next one ``leading`` lower (default
    1.5 x the first run's size). ``start`` aligns right-to-left lines to the
    right edge and left-to-right ones to the left edge. Returns the baseline
    the next line would have.
    """
    for line in lines:
        if leading is None:
            leading = 1.5 * (line.runs[0].size if line.runs else 11.0)
        side = _side(align, line.rtl)
        anchor = x + width if side == "right" else (x + width / 2.0 if side == "center" else x)
        draw_line(canvas, line, anchor, y, side)
        y -= leading
    return y


def _side(align: str, rtl: bool) -> str:
    if align == "start":
        return "right" if rtl else "left"
    if align == "end":
        return "left" if rtl else "right"
    if align in ("left", "right", "center"):
        return align
    raise ValueError(f"align must be start, end, left, right or center, not {align!r}")
