"""Put HarfBuzz glyphs on a ReportLab page: the drawing half of :mod:`.rtl`.

ReportLab embeds a TrueType font as subsets of up to 256 one-byte codes; each
code stands for a Unicode character, the subset's cmap maps it to a glyph
through the face's ``charToGlyph``, and the subset's ToUnicode CMap maps it
back to that character for text extraction. To draw a glyph by *id* we give it
a code:

* a glyph that is the font's own glyph for the single character it was shaped
  from (Latin letters, digits, spaces, a few Arabic letters) is drawn through
  that character, exactly as ``canvas.drawString`` would;
* any other glyph (contextual Arabic forms, the Pashto letters' joined forms,
  ligatures such as Allah, mirrored brackets) gets a Private Use Area code,
  one per (glyph, text) pair, registered in the face's ``charToGlyph`` /
  ``glyphToChar`` / ``charWidths`` as ReportLab's own ``shaping`` support does
  (``TTFont.hbAddPrivate``), skipping codes already in use.

:class:`ShapingTTFont` then writes, for those Private Use codes, the text they
were shaped from into the subset's ToUnicode CMap, so ``pdftotext`` extracts
real Dari/Pashto letters rather than Private Use characters (the reading order
of extracted right-to-left text is up to the extracting tool).

Each run becomes one ``TJ`` array whose numbers move every glyph to the pen
position HarfBuzz computed (advance plus x offset); y offsets (marks) use the
text rise ``Ts``. The internals used (``TTFont.splitString``,
``TTFont.getSubsetInternalName``, ``TTFont.addObjects``, the face's glyph
maps) are the same in ReportLab 4 and 5; pyproject pins ``reportlab<6`` and
the tests draw, re-read and render real PDFs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

__all__ = ["ShapingTTFont", "glyph_codes", "run_program", "emit_line"]

_PUA_FIRST = 0xE000
_PUA_LAST = 0xF8FF
_lock = threading.Lock()
# font name -> (the TTFont, {(glyph id, text): code})
_code_cache: dict[str, tuple[TTFont, dict[tuple[int, str], str]]] = {}


class ShapingTTFont(TTFont):
    """A ReportLab TrueType font whose Private Use codes extract as the text they show."""

    def __init__(self, name: str, filename: str, **kwargs) -> None:
        super().__init__(name, filename, **kwargs)
        #: Private Use code -> the text its glyph was shaped from ("" for the
        #: second and later glyphs of a character drawn with several glyphs).
        self.pua_text: dict[int, str] = {}
        self._next_pua = _PUA_FIRST

    def allocate_pua(self, gid: int, text: str, advance_1000: float) -> int:
        """A new Private Use code drawing glyph ``gid``; caller holds the module lock."""
        face = self.face
        code = self._next_pua
        while code in face.charToGlyph:
            code += 1
        if code > _PUA_LAST:
            raise RuntimeError(f"font {self.fontName}: out of Private Use codes")
        self._next_pua = code + 1
        face.charToGlyph[code] = gid
        face.glyphToChar.setdefault(gid, []).append(code)
        face.charWidths[code] = advance_1000
        self.pua_text[code] = text
        return code

    def addObjects(self, doc) -> None:  # noqa: N802 - ReportLab's name
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)  # creates the subsets' font objects, forgets the state
        if state is None or state.internalName is None or not self.pua_text:
            return
        fonts = doc.idToObject["BasicFonts"].dict
        for n, subset in enumerate(subsets):
            if not any(code in self.pua_text for code in subset):
                continue
            pdf_font = fonts[f"{state.internalName}+{n}"]
            stream = doc.idToObject[pdf_font.ToUnicode.name]
            stream.content = _to_unicode_cmap(str(pdf_font.BaseFont), subset, self.pua_text)


def _to_unicode_cmap(fontname: str, subset: Sequence[int], pua_text: dict[int, str]) -> str:
    entries = []
    for i, code in enumerate(subset):
        text = pua_text.get(code, None)
        if text is None:
            entries.append(f"<{i:02X}> <{code:04X}>")
        elif text:
            entries.append(f"<{i:02X}> <{text.encode('utf-16-be').hex().upper()}>")
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
    ]
    for k in range(0, len(entries), 100):  # at most 100 entries per block
        chunk = entries[k : k + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines.extend(chunk)
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


def _new_code(ttf: TTFont, gid: int, text: str, advance_1000: Callable[[int], float]) -> str:
    """Choose the code that draws ``gid`` for ``text`` (first sight of the pair)."""
    face = ttf.face
    if gid == 0:
        return "\x00"  # .notdef: ReportLab's subsets draw code 0 as the missing glyph
    if len(text) == 1 and ord(text) < 0x10000 and face.charToGlyph.get(ord(text)) == gid:
        return text
    with _lock:
        if isinstance(ttf, ShapingTTFont):
            return chr(ttf.allocate_pua(gid, text, advance_1000(gid)))
        # a plain TTFont: reuse any code of the glyph, else a bare Private Use code
        codes = [c for c in face.glyphToChar.get(gid, ()) if c < 0x10000 and c != 0xA0]
        if codes:
            return chr(codes[0])
        code = _PUA_FIRST
        while code in face.charToGlyph:
            code += 1
        face.charToGlyph[code] = gid
        face.glyphToChar.setdefault(gid, []).append(code)
        face.charWidths[code] = advance_1000(gid)
        return chr(code)


def glyph_codes(
    font_name: str,
    gids: Sequence[int],
    texts: Sequence[str],
    advance_1000: Callable[[int], float],
) -> tuple[str, tuple[float, ...]]:
    """Codes drawing ``gids`` in ReportLab font ``font_name``, and their PDF widths.

    ``texts`` is what each glyph was shaped from; ``advance_1000(gid)`` the
    glyph's nominal advance in 1/1000 em (the PDF width of a new code).
    """
    ttf = pdfmetrics.getFont(font_name)
    cache = _code_cache.get(font_name)
    if cache is None or cache[0] is not ttf:  # first use, or the font was re-registered
        cache = _code_cache[font_name] = (ttf, {})
    known = cache[1]
    char_widths = ttf.face.charWidths
    default_width = ttf.face.defaultWidth
    codes = []
    widths = []
    for gid, text in zip(gids, texts, strict=True):
        code = known.get((gid, text))
        if code is None:
            code = known[(gid, text)] = _new_code(ttf, gid, text, advance_1000)
        codes.append(code)
        widths.append(char_widths.get(ord(code), default_width))
    return "".join(codes), tuple(widths)


def run_program(
    widths: Sequence[float],
    x_advances: Sequence[float],
    x_offsets: Sequence[float],
    y_offsets: Sequence[float],
) -> tuple[tuple[tuple[int, float, float], ...], float]:
    """Where one run's glyphs need moving, all in 1/1000 em of the run's size.

    Returns (events, tail). An event (i, adjust, rise) says: before glyph i
    write the TJ number ``adjust`` (positive moves left) so that the glyph
    lands at pen + x_offset, and draw it raised by ``rise``; glyphs without
    an event follow the PDF's own advance. ``tail`` brings the text position
    to the run's shaped end. The run starts and ends with no rise.
    """
    events = []
    pen = 0.0
    tx = 0.0  # where the PDF text position is after the previous glyph
    rise = 0.0
    for i, (w, adv, xo, yo) in enumerate(
        zip(widths, x_advances, x_offsets, y_offsets, strict=True)
    ):
        delta = pen + xo - tx
        adjust = -delta if abs(delta) > 1e-6 else 0.0
        if adjust or yo != rise:
            events.append((i, adjust, float(yo)))
            rise = yo
        tx = pen + xo + w
        pen += adv
    tail = tx - pen
    return tuple(events), (tail if abs(tail) > 1e-6 else 0.0)


def _fp(value: float) -> str:
    """Compact fixed-point number for a content stream."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def emit_line(canvas, x: float, y: float, runs) -> None:
    """Write one laid-out line (runs in visual order) with its baseline origin at (x, y)."""
    doc = canvas._doc
    out = ["BT 0 Tc 0 Tw 100 Tz", f"1 0 0 1 {_fp(x)} {_fp(y)} Tm"]
    current = None
    rise = 0.0
    for run in runs:
        ttf = pdfmetrics.getFont(run.font_name)
        size = run.size
        events, tail = run.program
        n_events = len(events)
        ei = 0
        gi = 0  # index of the first glyph of the current chunk
        for subset, data in ttf.splitString(run.codes, doc):
            key = (run.font_name, subset, size)
            if key != current:
                out.append(f"{ttf.getSubsetInternalName(subset, doc)} {_fp(size)} Tf")
                current = key
            end = gi + len(data)
            parts: list[str] = []
            start = 0  # first byte of data not yet written
            while ei < n_events and events[ei][0] < end:
                g, adjust, r = events[ei]
                k = g - gi
                if k > start:
                    parts.append(f"({escapePDF(data[start:k])})")
                    start = k
                if r != rise:
                    if parts:
                        out.append(f"[{' '.join(parts)}] TJ")
                        parts = []
                    out.append(f"{_fp(r * size / 1000.0)} Ts")
                    rise = r
                if adjust:
                    parts.append(_fp(adjust))
                ei += 1
            if len(data) > start:
                parts.append(f"({escapePDF(data[start:])})")
            gi = end
            if gi == len(run.codes) and tail:
                parts.append(_fp(tail))
            if parts:
                out.append(f"[{' '.join(parts)}] TJ")
        if rise:
            out.append("0 Ts")
            rise = 0.0
    out.append("ET")
    canvas.addLiteral("\n".join(out))
