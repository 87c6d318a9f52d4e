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

Typical use::

    fonts = register_fonts()
    style = fonts.style("fa", size=11)
    text = f"شماره پاسپورت {isolate('P01234567')}"
    lines = layout_paragraph(text, style, width=400)
    y = draw_paragraph(canvas, lines, x=72, y=700, width=400, leading=16)
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from caseworker.documents.rtl_bidi import (
    PARAGRAPH_SEPARATORS,
    line_levels,
    paragraph_levels,
    visual_order,
)
from caseworker.documents.rtl_pdf import ShapingTTFont, emit_line, glyph_codes, run_program
from caseworker.resources import asset_path

__all__ = [
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
]

Direction = Literal["rtl", "ltr"]
Align = Literal["start", "end", "left", "right", "center"]

#: Languages written right to left, by the language codes used in styles.
RTL_LANGUAGES = frozenset({"fa", "prs", "ps", "ar", "ur"})

_FONT_FILES = {
    "NotoNaskhArabic": "fonts/NotoNaskhArabic-Regular.ttf",
    "NotoNaskhArabic-Bold": "fonts/NotoNaskhArabic-Bold.ttf",
    "NotoSans": "fonts/NotoSans-Regular.ttf",
    "NotoSans-Bold": "fonts/NotoSans-Bold.ttf",
}


@dataclass(frozen=True, slots=True)
class TextStyle:
    """Fonts, size and language of a piece of text.

    ``lang`` is a BCP 47 code: ``fa`` (Dari is written with the Persian
    orthography), ``ps`` (Pashto) or ``en``. It picks the default direction and
    the HarfBuzz language of Arabic-script runs.
    """

    arabic_font: str
    latin_font: str
    size: float = 11.0
    lang: str = "fa"

    def with_size(self, size: float) -> TextStyle:
        return TextStyle(self.arabic_font, self.latin_font, size, self.lang)


@dataclass(frozen=True, slots=True)
class LetterFonts:
    """ReportLab names of the bundled letter fonts, as registered by :func:`register_fonts`."""

    arabic: str = "NotoNaskhArabic"
    arabic_bold: str = "NotoNaskhArabic-Bold"
    latin: str = "NotoSans"
    latin_bold: str = "NotoSans-Bold"

    def style(self, lang: str, size: float = 11.0, bold: bool = False) -> TextStyle:
        """A :class:`TextStyle` of these fonts for ``lang`` (``fa``, ``ps``, ``en``)."""
        if bold:
            return TextStyle(self.arabic_bold, self.latin_bold, size, lang)
        return TextStyle(self.arabic, self.latin, size, lang)


_register_lock = threading.Lock()


def register_fonts() -> LetterFonts:
    """Register the bundled fonts with ReportLab (once; later calls are cheap).

    Font files are found with :func:`caseworker.resources.asset_path`, so this
    works from a checkout and from a PyInstaller bundle.
    """
    with _register_lock:
        for name, relative in _FONT_FILES.items():
            try:
                pdfmetrics.getFont(name)
            except KeyError:
                pdfmetrics.registerFont(ShapingTTFont(name, str(asset_path(relative))))
    return LetterFonts()


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


def default_direction(lang: str) -> Direction:
    """``rtl`` for Dari, Pashto and other right-to-left languages, else ``ltr``."""
    return "rtl" if lang.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


# --------------------------------------------------------------------------- fonts


@dataclass(frozen=True)
class _Face:
    name: str
    ttf: TTFont
    font: hb.Font
    upem: int
    cmap: frozenset[int]


_faces: dict[str, _Face] = {}


def _face(name: str) -> _Face:
    face = _faces.get(name)
    if face is None:
        try:
            ttf = pdfmetrics.getFont(name)
        except KeyError:
            raise KeyError(
                f"font {name!r} is not registered with ReportLab; call register_fonts() first"
            ) from None
        if not isinstance(ttf, TTFont):
            raise TypeError(f"font {name!r} is not a TrueType font; RTL text needs one")
        filename = getattr(ttf.face, "filename", None)
        if isinstance(filename, str):
            blob = hb.Blob.from_file_path(filename)
        else:
            blob = hb.Blob(ttf.face._ttf_data)
        hb_face = hb.Face(blob)
        face = _Face(name, ttf, hb.Font(hb_face), hb_face.upem, frozenset(hb_face.unicodes))
        _faces[name] = face
    return face


def _check_fonts(style: TextStyle) -> None:
    """Forget cached shaping if a style's font was re-registered under the same name."""
    for name in (style.arabic_font, style.latin_font):
        face = _faces.get(name)
        if face is not None and pdfmetrics.getFont(name) is not face.ttf:
            _faces.clear()
            _tables.clear()
            _shape.cache_clear()
            _layout_cached.cache_clear()
            return


def _is_arabic_script(cp: int) -> bool:
    return (
        0x0600 <= cp <= 0x06FF
        or 0x0750 <= cp <= 0x077F
        or 0x0870 <= cp <= 0x08FF
        or 0xFB50 <= cp <= 0xFDFF
        or 0xFE70 <= cp <= 0xFEFF
        or 0x10E60 <= cp <= 0x10E7F
        or 0x1EE00 <= cp <= 0x1EEFF
    )


_ARABIC_RE = re.compile(
    "[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
    "\U00010e60-\U00010e7f\U0001ee00-\U0001eeff]"
)
_ARABIC, _FOLLOWS, _OTHER = 0, 1, 2
# Joiners and bidi controls: no glyph of their own to choose a font for.
_INVISIBLE_BIDI = frozenset({"BN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"})
_kinds: dict[str, int] = {}


def _kind(ch: str) -> int:
    """Arabic-script character; combining mark, joiner or bidi control; or other."""
    kind = _kinds.get(ch)
    if kind is None:
        if _is_arabic_script(ord(ch)):
            kind = _ARABIC
        elif (
            unicodedata.category(ch) in ("Mn", "Me")
            or unicodedata.bidirectional(ch) in _INVISIBLE_BIDI
        ):
            kind = _FOLLOWS
        else:
            kind = _OTHER
        _kinds[ch] = kind
    return kind


_tables: dict[tuple[str, str], tuple[dict[str, str | None], dict[str, str | None]]] = {}


def _font_tables(style: TextStyle) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """Per-character font choice at even and at odd levels (None: follows its base)."""
    key = (style.arabic_font, style.latin_font)
    tables = _tables.get(key)
    if tables is None:
        tables = _tables[key] = (_FontTable(style, 0), _FontTable(style, 1))
    return tables


class _FontTable(dict):
    """char -> font name for one level parity, filled on first sight of a character."""

    def __init__(self, style: TextStyle, parity: int) -> None:
        super().__init__()
        self.arabic = _face(style.arabic_font)
        self.latin = _face(style.latin_font)
        self.parity = parity

    def __missing__(self, ch: str) -> str | None:
        kind = _kind(ch)
        if kind == _ARABIC:
            font = self.arabic.name
        elif kind == _FOLLOWS:
            font = None
        else:
            cp = ord(ch)
            first, second = (self.arabic, self.latin) if self.parity else (self.latin, self.arabic)
            font = first.name if cp in first.cmap or cp not in second.cmap else second.name
        self[ch] = font
        return font


def _assign_fonts(text: str, levels: tuple[int, ...], style: TextStyle) -> list[str]:
    """Font of every character; see the module docstring, step 2."""
    even, odd = _font_tables(style)
    first = levels[0]
    if all(level == first for level in levels):
        table = odd if first & 1 else even
        fonts = [table[c] for c in text]
    else:
        fonts = [(odd if level & 1 else even)[c] for c, level in zip(text, levels, strict=True)]
    if None in fonts:
        _fill_following(fonts, levels, style.latin_font)
    return fonts  # type: ignore[return-value]


def _fill_following(fonts: list[str | None], levels: tuple[int, ...], default: str) -> None:
    """Marks, joiners and bidi controls take the font of a neighbour at their level.

    The character before wins (a mark's base); failing that the one after, so
    an isolate's closing PDI joins the run that follows it instead of making
    a run of its own.
    """
    n = len(fonts)
    for i in range(n):
        if fonts[i] is not None:
            continue
        if i and levels[i - 1] == levels[i]:
            fonts[i] = fonts[i - 1]
            continue
        j = i + 1
        while j < n and fonts[j] is None and levels[j] == levels[i]:
            j += 1
        if j < n and levels[j] == levels[i] and fonts[j] is not None:
            fonts[i] = fonts[j]
        elif i:
            fonts[i] = fonts[i - 1]
        else:
            fonts[i] = fonts[j] if j < n and fonts[j] is not None else default


# --------------------------------------------------------------------------- shaping


@dataclass(frozen=True, slots=True)
class _Shaped:
    """One shaped run, size-independent: font units, plus its PDF codes and TJ program."""

    gids: tuple[int, ...]
    clusters: tuple[int, ...]
    x_advances: tuple[int, ...]
    x_offsets: tuple[int, ...]
    y_offsets: tuple[int, ...]
    advance: int
    upem: int
    codes: str
    program: tuple


@lru_cache(maxsize=32768)
def _shape(text: str, font_name: str, rtl: bool, lang: str) -> _Shaped:
    """HarfBuzz-shape one run; glyphs in visual (left-to-right) order."""
    face = _face(font_name)
    buf = hb.Buffer()
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    if _ARABIC_RE.search(text):
        buf.script = "Arab"
        buf.language = lang
    hb.shape(face.font, buf, {})
    gids = []
    clusters = []
    for info in buf.glyph_infos:
        gids.append(info.codepoint)
        clusters.append(info.cluster)
    x_advances = []
    x_offsets = []
    y_offsets = []
    for pos in buf.glyph_positions:
        x_advances.append(pos.x_advance)
        x_offsets.append(pos.x_offset)
        y_offsets.append(pos.y_offset)
    per_mille = 1000.0 / face.upem
    hb_font = face.font
    codes, widths = glyph_codes(
        font_name,
        gids,
        _cluster_texts(text, clusters, rtl),
        lambda gid: hb_font.get_glyph_h_advance(gid) * per_mille,
    )
    if per_mille == 1.0:
        program = run_program(widths, x_advances, x_offsets, y_offsets)
    else:
        program = run_program(
            widths,
            [v * per_mille for v in x_advances],
            [v * per_mille for v in x_offsets],
            [v * per_mille for v in y_offsets],
        )
    return _Shaped(
        tuple(gids),
        tuple(clusters),
        tuple(x_advances),
        tuple(x_offsets),
        tuple(y_offsets),
        sum(x_advances),
        face.upem,
        codes,
        program,
    )


def _cluster_texts(text: str, clusters: list[int], rtl: bool) -> list[str]:
    """The text each glyph stands for: its cluster's characters on the cluster's
    first glyph in logical order, "" on the others."""
    n = len(clusters)
    if n == len(text):  # one glyph per character, the common case
        if clusters == list(range(n)):
            return list(text)
        if rtl and clusters == list(range(n - 1, -1, -1)):
            return list(reversed(text))
    starts = sorted(set(clusters))
    end_of = {
        c: (starts[k + 1] if k + 1 < len(starts) else len(text)) for k, c in enumerate(starts)
    }
    texts = [""] * len(clusters)
    seen: set[int] = set()
    order = range(len(clusters) - 1, -1, -1) if rtl else range(len(clusters))
    for i in order:
        c = clusters[i]
        if c not in seen:
            seen.add(c)
            texts[i] = text[c : end_of[c]]
    return texts


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class GlyphRun:
    """Glyphs of one font and one direction, in visual (left-to-right) order.

    ``text`` is the run's logical text, starting at ``start`` in its
    paragraph; ``level`` its bidi embedding level (odd: right to left).
    Lengths are in points.
    """

    text: str
    start: int
    font_name: str
    size: float
    level: int
    shaped: _Shaped = field(repr=False)

    @property
    def rtl(self) -> bool:
        return bool(self.level % 2)

    @property
    def glyphs(self) -> tuple[int, ...]:
        """Glyph ids, left to right."""
        return self.shaped.gids

    @property
    def clusters(self) -> tuple[int, ...]:
        """Index in ``text`` of the character each glyph comes from."""
        return self.shaped.clusters

    @property
    def width(self) -> float:
        return self.shaped.advance * self.size / self.shaped.upem

    @property
    def x_advances(self) -> tuple[float, ...]:
        k = self.size / self.shaped.upem
        return tuple(v * k for v in self.shaped.x_advances)

    @property
    def x_offsets(self) -> tuple[float, ...]:
        k = self.size / self.shaped.upem
        return tuple(v * k for v in self.shaped.x_offsets)

    @property
    def y_offsets(self) -> tuple[float, ...]:
        k = self.size / self.shaped.upem
        return tuple(v * k for v in self.shaped.y_offsets)

    @property
    def codes(self) -> str:
        return self.shaped.codes

    @property
    def program(self) -> tuple:
        return self.shaped.program


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
        self.fonts = _assign_fonts(text, self.levels, style)

    def measure(self, start: int, end: int) -> float:
        """Width in points of text[start:end] shaped run by run (for line breaking)."""
        total = 0.0
        text = self.text
        lang = self.style.lang
        for a, b, level, font in _segments(self.levels[start:end], self.fonts, start, end):
            shaped = _shape(text[a:b], font, bool(level & 1), lang)
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
                _shape(text[a:b], font, bool(level & 1), style.lang),
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


def _resolve_direction(style: TextStyle, direction: str | None) -> bool:
    if direction is None:
        direction = default_direction(style.lang)
    direction = direction.lower()
    if direction not in ("rtl", "ltr"):
        raise ValueError(f"direction must be 'rtl' or 'ltr', not {direction!r}")
    return direction == "rtl"


def _clean(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\t", " ")


def _split_paragraphs(text: str) -> list[str]:
    parts = [text]
    for sep in PARAGRAPH_SEPARATORS:
        parts = [p for part in parts for p in part.split(sep)]
    return parts


@lru_cache(maxsize=8192)
def _layout_cached(text: str, style: TextStyle, width: float | None, rtl: bool) -> tuple[Line, ...]:
    lines: list[Line] = []
    for raw in _split_paragraphs(_clean(text)):
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
    return _layout_cached(text, style, float(width), _resolve_direction(style, direction))


def layout_line(text: str, style: TextStyle, direction: Direction | None = None) -> Line:
    """Shape and reorder ``text`` as one line, without wrapping (names, table cells)."""
    _check_fonts(style)
    one = "".join(" " if c in PARAGRAPH_SEPARATORS else c for c in _clean(text))
    lines = _layout_cached(one, style, None, _resolve_direction(style, direction))
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
