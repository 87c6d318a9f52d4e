"""Fonts and styles of right-to-left letter text, and which face draws which character.

Part of :mod:`caseworker.documents.rtl` (read its docstring first). This module
registers the bundled faces with ReportLab, opens each as a HarfBuzz font once,
and picks the face of every character of a paragraph (step 2 of the layout):
Arabic-script characters use the Arabic face; combining marks, joiners and
bidi controls follow a neighbour; anything else uses the Latin face at an even
(left-to-right) level and the Arabic face at an odd level, falling back to the
other face when the first lacks the character.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import Literal

import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from caseworker.documents.rtl_pdf import ShapingTTFont
from caseworker.resources import asset_path

__all__ = [
    "Direction",
    "FONT_FILES",
    "LetterFonts",
    "TextStyle",
    "register_fonts",
    "default_direction",
    "fonts_reregistered",
    "Face",
    "shaping_face",
    "assign_fonts",
    "ARABIC_RE",
]

Direction = Literal["rtl", "ltr"]

#: Languages written right to left, by the language codes used in styles.
RTL_LANGUAGES = frozenset({"fa", "prs", "ps", "ar", "ur"})

FONT_FILES = {
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
        for name, relative in FONT_FILES.items():
            try:
                pdfmetrics.getFont(name)
            except KeyError:
                pdfmetrics.registerFont(ShapingTTFont(name, str(asset_path(relative))))
    return LetterFonts()


def default_direction(lang: str) -> Direction:
    """``rtl`` for Dari, Pashto and other right-to-left languages, else ``ltr``."""
    return "rtl" if lang.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


@dataclass(frozen=True)
class Face:
    """A registered ReportLab font opened once as a HarfBuzz font, with its cmap."""

    name: str
    ttf: TTFont
    font: hb.Font
    upem: int
    cmap: frozenset[int]


_faces: dict[str, Face] = {}


def shaping_face(name: str) -> Face:
    """The :class:`Face` of ReportLab font ``name``, shaping the very file ReportLab embeds."""
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
        face = Face(name, ttf, hb.Font(hb_face), hb_face.upem, frozenset(hb_face.unicodes))
        _faces[name] = face
    return face


def fonts_reregistered(style: TextStyle) -> bool:
    """Whether a style's font was re-registered under the same name since first use.

    If so, the faces and font tables cached here are dropped, and the caller
    must drop whatever it cached from them (shaping, layouts).
    """
    for name in (style.arabic_font, style.latin_font):
        cached = _faces.get(name)
        if cached is not None and pdfmetrics.getFont(name) is not cached.ttf:
            _faces.clear()
            _tables.clear()
            return True
    return False


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


ARABIC_RE = re.compile(
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
        self.arabic = shaping_face(style.arabic_font)
        self.latin = shaping_face(style.latin_font)
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


def assign_fonts(text: str, levels: tuple[int, ...], style: TextStyle) -> list[str]:
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
