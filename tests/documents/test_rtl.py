"""Right-to-left text in letters: shaping, bidi order, wrapping, and what reaches the PDF.

The references are independent of the code under test:

* Qt's QTextLayout (its own bidi algorithm, itemisation, line layout, and its
  own bundled HarfBuzz) laying out the same text with the same TTF files; the
  font of each character is the one input we give it (the font policy is
  tested on its own below);
* python-bidi's public ``get_display`` (the Rust ``unicode-bidi`` crate's
  reordering) for the visual character order of whole lines;
* the PDF itself, parsed back: the glyph outlines of the embedded subsets,
  found through each subset's own cmap, and the positions the content stream's
  TJ arrays produce.
"""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import uharfbuzz as hb
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfgen.canvas import Canvas

from caseworker.documents import rtl, rtl_bidi
from caseworker.resources import asset_path

# --------------------------------------------------------------------------- samples

PASHTO_LETTERS = "ښځټډړګږۍې"  # no presentation forms in Unicode for any of these
# Each of the letters above appears in a joining position (see JOINED below):
# ښ ځ ټ ګ ې initial or medial, ډ ړ ږ ۍ (right-joining) joined to the letter
# before them.
PASHTO_WORDS = [
    "ښځه",
    "ټولنه",
    "ډاکټر",
    "ړومبی",
    "ګډون",
    "ږغ",
    "سړی",
    "کورنۍ",
    "ډېر",
    "تږی",
    "لېږل",
]
PASHTO_LINE = " ".join(PASHTO_WORDS)
PASHTO_SENTENCE = "دا لیک حامل ته اجازه ورکوي چې د تورخم له لارې سفر وکړي."
DARI_SENTENCE = "این نامه به دارنده اجازه می‌دهد که از گذرگاه مرزی تورخم عبور کند."
MIXED_DARI = "شماره پاسپورت P01234567 تاریخ تولد 12/03/1990"
MIXED_PASHTO = "د پاسپورت شمېره P01234567، د زېږون نېټه 1990-03-12 (کابل)"
# What the letter renderer writes: inserted values wrapped in bidi isolates.
MIXED_PASHTO_ISOLATED = (
    f"د پاسپورت شمېره {rtl.isolate('P01234567')}، د زېږون نېټه {rtl.isolate('1990-03-12')} (کابل)"
)
DIACRITICS = "مُحَمَّد رحیم‌الله"
ENGLISH_WITH_NAME = "Name in original script: محمد نبی احمدزی, passport P01234567."
LONG_DARI = (
    "این نامه به دارنده اجازه می‌دهد که از طریق گذرگاه مرزی تورخم به پاکستان سفر کند "
    "و از آنجا به بریتانیا برود. ورود دارنده و خانواده او به بریتانیا تضمین شده است. "
    "مقامات مرزی می‌توانند اعتبار این نامه را با رمز کوتاه پایین صفحه بررسی کنند. "
    "این نامه بدون امضای مقام مسئول و مهر سفارت معتبر نیست و هر گونه تغییر آن را باطل می‌کند."
)

LINES = [
    pytest.param(PASHTO_LINE, "ps", id="pashto-letters"),
    pytest.param(PASHTO_SENTENCE, "ps", id="pashto-sentence"),
    pytest.param(DARI_SENTENCE, "fa", id="dari-sentence"),
    pytest.param(MIXED_DARI, "fa", id="dari-passport-date"),
    pytest.param(MIXED_PASHTO, "ps", id="pashto-passport-date-brackets"),
    pytest.param(MIXED_PASHTO_ISOLATED, "ps", id="pashto-isolated-values"),
    pytest.param(DIACRITICS, "fa", id="dari-marks-zwnj-ligature"),
    pytest.param(ENGLISH_WITH_NAME, "en", id="english-with-dari-name"),
    # a left-to-right run ending in a raised mark, followed by another run
    pytest.param("نام Ahmad\u0302 خان", "fa", id="latin-run-ending-in-mark"),
]

QT_PIXEL_SIZE = 1000  # = the fonts' units per em, so Qt positions are in font units
SIZE = 12.0


# --------------------------------------------------------------------------- helpers


def _face(font_name: str) -> hb.Face:
    return hb.Face(hb.Blob.from_file_path(str(asset_path(rtl.FONT_FILES[font_name]))))


def _table(face: hb.Face, tag: str) -> bytes:
    return bytes(face.reference_table(tag).data)


class _Pen:
    def __init__(self) -> None:
        self.ops: list[tuple] = []

    def moveTo(self, p):  # noqa: N802 - uharfbuzz pen protocol
        self.ops.append(("M", *p))

    def lineTo(self, p):  # noqa: N802
        self.ops.append(("L", *p))

    def qCurveTo(self, *ps):  # noqa: N802
        self.ops.append(("Q", *[c for p in ps for c in p]))

    def curveTo(self, *ps):  # noqa: N802
        self.ops.append(("C", *[c for p in ps for c in p]))

    def closePath(self):  # noqa: N802
        self.ops.append(("Z",))


def _outline(font: hb.Font, gid: int) -> tuple:
    pen = _Pen()
    font.draw_glyph_with_pen(gid, pen)
    return tuple(pen.ops)


_hb_fonts: dict[str, hb.Font] = {}


def _orig_outline(font_name: str, gid: int) -> tuple:
    font = _hb_fonts.get(font_name)
    if font is None:
        font = _hb_fonts[font_name] = hb.Font(_face(font_name))
    return _outline(font, gid)


def qt_layout(families, paragraph: str, lines, rtl_base: bool):
    """Qt's glyphs for ``paragraph`` broken where ``lines`` break it.

    Returns per line a list of (font name, glyph id, x, y) in visual order, x
    and y in font units from the first glyph's origin, y up.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont, QTextCharFormat, QTextLayout, QTextOption

    def qfont(font_name: str) -> QFont:
        f = QFont(families[font_name])
        f.setPixelSize(QT_PIXEL_SIZE)
        f.setBold(font_name.endswith("-Bold"))
        f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        f.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
        return f

    by_hmtx = {_table(_face(name), "hmtx"): name for name in rtl.FONT_FILES}
    layout = QTextLayout(paragraph, qfont(lines[0].runs[0].font_name))
    option = QTextOption()
    option.setTextDirection(Qt.RightToLeft if rtl_base else Qt.LeftToRight)
    option.setUseDesignMetrics(True)
    layout.setTextOption(option)
    ranges = []
    for line in lines:
        for run in line.runs:
            fr = QTextLayout.FormatRange()
            fr.start = run.start
            fr.length = len(run.text)
            fmt = QTextCharFormat()
            fmt.setFont(qfont(run.font_name))
            fr.format = fmt
            ranges.append(fr)
    layout.setFormats(ranges)
    layout.beginLayout()
    qlines = []
    for i, line in enumerate(lines):
        qline = layout.createLine()
        next_start = lines[i + 1].start if i + 1 < len(lines) else len(paragraph)
        qline.setNumColumns(next_start - line.start)
        qlines.append(qline)
    layout.endLayout()
    out = []
    for line, qline in zip(lines, qlines, strict=True):
        assert (qline.textStart(), qline.textStart() + qline.textLength()) == (
            line.start,
            (lines[lines.index(line) + 1].start if line is not lines[-1] else len(paragraph)),
        )
        baseline = qline.y() + qline.ascent()
        runs = []
        for grun in qline.glyphRuns(line.start, line.end - line.start):
            name = by_hmtx[bytes(grun.rawFont().fontTable("hmtx"))]
            glyphs = [
                (name, gid, pos.x(), baseline - pos.y())
                for gid, pos in zip(grun.glyphIndexes(), grun.positions(), strict=True)
            ]
            if grun.isRightToLeft():
                glyphs.reverse()
            runs.append(glyphs)
        runs.sort(key=lambda g: min(x for _, _, x, _ in g))
        glyphs = [g for run in runs for g in run]
        x0 = glyphs[0][2]
        out.append([(n, gid, x - x0, y) for n, gid, x, y in glyphs])
    return out


def mine(line, size: float = SIZE):
    """Our glyphs of ``line`` as (font name, glyph id, x, y) in font units from the first glyph."""
    glyphs = line.glyph_positions()
    k = QT_PIXEL_SIZE / size
    x0 = glyphs[0][2]
    return [(n, gid, (x - x0) * k, y * k) for n, gid, x, y in glyphs]


def assert_same_glyphs(ours, reference, tol=0.05):
    assert [(n, g) for n, g, _, _ in ours] == [(n, g) for n, g, _, _ in reference]
    for (n, g, x, y), (_, _, rx, ry) in zip(ours, reference, strict=True):
        assert x == pytest.approx(rx, abs=tol), f"glyph {g} of {n}: x {x} != {rx}"
        assert y == pytest.approx(ry, abs=tol), f"glyph {g} of {n}: y {y} != {ry}"


def cmap_glyph(font_name: str, ch: str) -> int:
    """The font's own (isolated, nominal) glyph for ``ch``."""
    _orig_outline(font_name, 0)  # loads the font
    return _hb_fonts[font_name].get_nominal_glyph(ord(ch))


def visual_text(line) -> str:
    """The line's characters in display order, as our runs put them (before mirroring)."""
    return "".join(run.text[::-1] if run.rtl else run.text for run in line.runs)


# ------------------------------------------------- PDF parsing (independent of our writer)


def _sfnt_tables(data: bytes) -> dict[str, bytes]:
    num = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(num):
        tag, _, off, length = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        tables[tag.decode("latin-1")] = data[off : off + length]
    return tables


def _cmap_format6(cmap: bytes) -> dict[int, int]:
    count = struct.unpack(">H", cmap[2:4])[0]
    for i in range(count):
        _, _, off = struct.unpack(">HHI", cmap[4 + 8 * i : 12 + 8 * i])
        fmt = struct.unpack(">H", cmap[off : off + 2])[0]
        if fmt == 6:
            first, n = struct.unpack(">HH", cmap[off + 6 : off + 10])
            ids = struct.unpack(f">{n}H", cmap[off + 10 : off + 10 + 2 * n])
            return {first + k: gid for k, gid in enumerate(ids)}
    raise AssertionError("no format 6 cmap in the embedded subset")


def pdf_text_objects(pdf: bytes, page: int = 0):
    """Glyphs each BT..ET of a page draws: (font name, outline, x, y) in content order.

    Glyphs are identified by their outline in the embedded subset (reached
    through the subset's own cmap), positions computed from Tm, Tf, Ts and
    TJ/Tj with the /Widths of each font.
    """
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(pdf))
    pg = reader.pages[page]
    fonts = pg["/Resources"]["/Font"]
    info = {}
    for key in fonts:
        f = fonts[key].get_object()
        if "/FontDescriptor" not in f:
            continue  # a standard font ReportLab sets up on every page; draws nothing here
        sub = f["/FontDescriptor"]["/FontFile2"].get_data()
        base = str(f["/BaseFont"]).split("+", 1)[1]
        name = {
            "NotoNaskhArabic-Regular": "NotoNaskhArabic",
            "NotoNaskhArabic-Bold": "NotoNaskhArabic-Bold",
            "NotoSans-Regular": "NotoSans",
            "NotoSans-Bold": "NotoSans-Bold",
        }.get(base, base)
        widths = [float(w) for w in f["/Widths"]]
        info[key] = (
            name,
            _cmap_format6(_sfnt_tables(sub)["cmap"]),
            hb.Font(hb.Face(hb.Blob(sub))),
            int(f["/FirstChar"]),
            widths,
        )
    objects = []
    current = None
    font = size = None
    x = y = rise = 0.0
    for operands, op in ContentStream(pg.get_contents(), reader).operations:
        op = op.decode()
        if op == "BT":
            current = []
            x = y = 0.0
        elif op == "ET":
            if current:
                objects.append(current)
            current = None
        elif op == "Tm":
            x, y = float(operands[4]), float(operands[5])
        elif op == "Tf":
            font, size = info.get(operands[0]), float(operands[1])
        elif op == "Ts":
            rise = float(operands[0])
        elif op in ("TJ", "Tj"):
            items = operands[0] if op == "TJ" else [operands[0]]
            for item in items:
                if isinstance(item, (int, float)) or hasattr(item, "as_numeric"):
                    x -= float(item) / 1000.0 * size
                    continue
                raw = (
                    item.get_original_bytes()
                    if hasattr(item, "get_original_bytes")
                    else bytes(item)
                )
                assert font is not None, "text drawn in a font that is not embedded"
                name, cmap, sub_font, first, widths = font
                for code in raw:
                    current.append((name, _outline(sub_font, cmap[code]), x, y + rise))
                    x += widths[code - first] / 1000.0 * size
    return objects


def expected_on_page(line, x_left: float, y: float):
    """What drawing ``line`` with its left end at x_left should put on the page."""
    return [
        (n, _orig_outline(n, gid), x_left + gx, y + gy) for n, gid, gx, gy in line.glyph_positions()
    ]


def assert_page_matches(drawn, expected, tol=0.01):
    assert [(n, o) for n, o, _, _ in drawn] == [(n, o) for n, o, _, _ in expected]
    for (_, _, x, y), (_, _, ex, ey) in zip(drawn, expected, strict=True):
        assert x == pytest.approx(ex, abs=tol)
        assert y == pytest.approx(ey, abs=tol)


# --------------------------------------------------------------------------- tests


def test_qt_reference_uses_the_bundled_files(letter_fonts, qt_families):
    """The Qt reference shapes with exactly our TTFs (not a system font of the same name)."""
    from PySide6.QtGui import QFont, QRawFont

    for name in rtl.FONT_FILES:
        f = QFont(qt_families[name])
        f.setBold(name.endswith("-Bold"))
        raw = QRawFont.fromFont(f)
        assert bytes(raw.fontTable("glyf")) == _table(_face(name), "glyf"), name


@pytest.mark.parametrize(("text", "lang"), LINES)
def test_line_glyphs_match_qt(letter_fonts, qt_families, text, lang):
    """(a) Whole lines: glyph ids, visual order and positions equal Qt's layout."""
    style = letter_fonts.style(lang, SIZE)
    line = rtl.layout_line(text, style)
    reference = qt_layout(qt_families, text, [line], rtl.default_direction(lang) == "rtl")[0]
    assert_same_glyphs(mine(line), reference)


@pytest.mark.parametrize("bold", [False, True])
def test_bold_lines_match_qt(letter_fonts, qt_families, bold):
    style = letter_fonts.style("ps", SIZE, bold=bold)
    line = rtl.layout_line(MIXED_PASHTO, style)
    assert {r.font_name for r in line.runs} == (
        {"NotoNaskhArabic-Bold", "NotoSans-Bold"} if bold else {"NotoNaskhArabic", "NotoSans"}
    )
    reference = qt_layout(qt_families, MIXED_PASHTO, [line], True)[0]
    assert_same_glyphs(mine(line), reference)


def test_marks_are_positioned(letter_fonts):
    """Harakat get HarfBuzz's x/y offsets (checked against Qt above, here that they exist)."""
    line = rtl.layout_line(DIACRITICS, letter_fonts.style("fa", SIZE))
    assert any(y for _, _, _, y in line.glyph_positions())


# Pashto letters that must be drawn joined (contextual form) in each word; the
# others stand where the right-joining letter before them, or the word start,
# leaves them isolated (ډ ړ ږ ۍ join only to the letter before them).
JOINED = {
    "ښځه": "ښځ",
    "ټولنه": "ټ",
    "ډاکټر": "ټ",
    "ړومبی": "",
    "ګډون": "ګډ",
    "ږغ": "",
    "سړی": "ړ",
    "کورنۍ": "ۍ",
    "ډېر": "ې",
    "تږی": "ږ",
    "لېږل": "ېږ",
}


@pytest.mark.parametrize("word", PASHTO_WORDS)
def test_letters_are_joined(letter_fonts, word):
    """(b) Joining: Pashto letters in joining positions are drawn with contextual forms.

    These letters have no presentation forms to fall back on, so anything
    short of real shaping leaves their isolated glyphs (what ReportLab's
    drawString draws). Letters in non-joining positions keep the isolated form.
    """
    line = rtl.layout_line(word, letter_fonts.style("ps", SIZE))
    (run,) = line.runs
    assert run.rtl and run.font_name == "NotoNaskhArabic"
    isolated = [cmap_glyph(run.font_name, ch) for ch in word]
    by_char = dict(zip(run.clusters, run.glyphs, strict=True))
    shaped = [by_char[i] for i in range(len(word))]
    for i, ch in enumerate(word):
        if ch in JOINED[word]:
            assert shaped[i] != isolated[i], f"{ch} in {word} is not joined"
        elif ch in PASHTO_LETTERS:
            assert shaped[i] == isolated[i], f"{ch} in {word} should stand alone"
    if JOINED[word]:  # the word as a whole is not just isolated forms laid right to left
        assert list(run.glyphs) != isolated[::-1]


def test_every_pashto_letter_is_joined_somewhere():
    assert set("".join(JOINED.values())) == set(PASHTO_LETTERS)
    assert set(JOINED) == set(PASHTO_WORDS)


def test_words_right_to_left_numbers_left_to_right(letter_fonts):
    """(c) Runs in visual order: Dari words right to left, number and date left to right."""
    line = rtl.layout_line(MIXED_DARI, letter_fonts.style("fa", SIZE))
    assert [r.text for r in line.runs] == [
        "12/03/1990",
        " تاریخ تولد ",
        "P01234567",
        "شماره پاسپورت ",
    ]
    assert [r.rtl for r in line.runs] == [False, True, False, True]
    latin = {r.text: r for r in line.runs if not r.rtl}
    for text, run in latin.items():
        assert run.font_name == "NotoSans"
        assert list(run.glyphs) == [cmap_glyph("NotoSans", ch) for ch in text]
    # the first logical word is the rightmost on the line
    positions = line.glyph_positions()
    first_word = line.runs[-1]
    assert first_word.text.startswith("شماره")
    assert max(x for *_, x, _ in positions[-len(first_word.glyphs) :]) == max(
        x for *_, x, _ in positions
    )


@pytest.mark.parametrize(("text", "lang"), LINES)
def test_visual_order_matches_python_bidi(letter_fonts, text, lang):
    """(c) Our per-line reordering agrees with python-bidi's own get_display."""
    from bidi import get_display

    line = rtl.layout_line(text, letter_fonts.style(lang, SIZE))
    base = "R" if line.rtl else "L"
    assert visual_text(line) == get_display(text, base_dir=base)


def test_brackets_are_mirrored_in_rtl(letter_fonts):
    line = rtl.layout_line(MIXED_PASHTO, letter_fonts.style("ps", SIZE))
    left = line.runs[0]  # the logical ")" ends the line, on its left
    assert left.text == ")" and left.rtl
    assert left.glyphs == (cmap_glyph("NotoSans", "("),)


def test_isolated_values_read_left_to_right(letter_fonts):
    """Without isolates UBA splits a hyphenated date after Arabic letters (digits
    become Arabic numbers, rule W2); with :func:`rtl.isolate` it is one run."""
    style = letter_fonts.style("ps", SIZE)
    plain = rtl.layout_line(MIXED_PASHTO, style)
    assert "1990-03-12" not in [r.text for r in plain.runs]
    isolated = rtl.layout_line(MIXED_PASHTO_ISOLATED, style)
    assert [(r.text, r.level, r.font_name) for r in isolated.runs] == [
        (")", 1, "NotoSans"),
        ("کابل", 1, "NotoNaskhArabic"),
        ("(", 1, "NotoSans"),
        (f"{rtl.PDI} ", 1, "NotoNaskhArabic"),
        ("1990-03-12", 2, "NotoSans"),
        (f"{rtl.PDI}، د زېږون نېټه {rtl.LRI}", 1, "NotoNaskhArabic"),
        ("P01234567", 2, "NotoSans"),
        (f"د پاسپورت شمېره {rtl.LRI}", 1, "NotoNaskhArabic"),
    ]
    # the isolate controls take no room
    controls = [
        adv
        for run in isolated.runs
        for cl, adv in zip(run.clusters, run.x_advances, strict=True)
        if run.text[cl] in (rtl.LRI, rtl.PDI)
    ]
    assert controls and all(adv == 0 for adv in controls)


def test_rule_l1_resets_trailing_whitespace():
    assert rtl_bidi.line_levels("ABC\u2003", [2, 2, 2, 2], 0, 4, True) == [2, 2, 2, 1]
    assert rtl_bidi.line_levels("ABC\u2003D", [2, 2, 2, 2, 2], 0, 5, True) == [2] * 5


def test_english_paragraph_keeps_dari_name_right_to_left(letter_fonts):
    line = rtl.layout_line(ENGLISH_WITH_NAME, letter_fonts.style("en", SIZE))
    assert not line.rtl
    assert [r.text for r in line.runs][:3] == [
        "Name in original script: ",
        "محمد نبی احمدزی",
        ", passport P01234567.",
    ]
    assert line.runs[1].rtl and line.runs[1].font_name == "NotoNaskhArabic"


def test_font_policy(letter_fonts):
    """Arabic script in Naskh; Latin, slash, hyphen, brackets and numbers in Noto Sans."""
    line = rtl.layout_line(MIXED_PASHTO, letter_fonts.style("ps", SIZE))
    fonts = {}
    for run in line.runs:
        for ch in run.text:
            fonts.setdefault(ch, set()).add(run.font_name)
    for ch in "P012345679-()":
        assert fonts[ch] == {"NotoSans"}, ch
    for ch in "پاسپورتشمېره،زږننټکبل":
        assert fonts[ch] == {"NotoNaskhArabic"}, ch


def test_wrapping_long_dari_paragraph(letter_fonts, qt_families):
    """(d) Several lines, each within the width, first words first, nothing lost."""
    style = letter_fonts.style("fa", SIZE)
    width = 250.0
    lines = rtl.layout_paragraph(LONG_DARI, style, width)
    assert len(lines) >= 4
    for line in lines:
        assert 0 < line.width <= width
        assert line.rtl
    # no word lost, duplicated or reordered (logically)
    assert " ".join(line.text for line in lines).split() == LONG_DARI.split()
    # first logical words on the first line, at its right edge
    first = lines[0]
    assert first.text.startswith("این نامه به")
    assert first.runs[-1].text.startswith("این نامه")
    # greedy: the next line's first word would not have fitted
    for line, nxt in zip(lines, lines[1:], strict=False):
        longer = rtl.layout_line(line.text + " " + nxt.text.split()[0], style)
        assert longer.width > width
    # and Qt, breaking at the same places, draws the same glyphs on every line
    reference = qt_layout(qt_families, LONG_DARI, list(lines), True)
    for line, ref in zip(lines, reference, strict=True):
        assert_same_glyphs(mine(line), ref)


def test_paragraph_layout_edge_cases(letter_fonts):
    style = letter_fonts.style("fa", SIZE)
    assert rtl.layout_paragraph("", style, 100) == (rtl.Line("", True, (), 0.0),)
    two = rtl.layout_paragraph("سلام\r\nخداحافظ", style, 100)
    assert [line.text for line in two] == ["سلام", "خداحافظ"]
    # a word longer than the width stands alone rather than being cut
    long_word = rtl.layout_paragraph("کوتاه " + "ب" * 60 + " کوتاه", style, 50)
    assert [line.text for line in long_word] == ["کوتاه", "ب" * 60, "کوتاه"]
    with pytest.raises(ValueError):
        rtl.layout_paragraph("x", style, 0)
    with pytest.raises(ValueError):
        rtl.layout_line("x", style, direction="up")  # type: ignore[arg-type]


def test_layouts_are_cached(letter_fonts):
    style = letter_fonts.style("fa", SIZE)
    assert rtl.layout_paragraph(LONG_DARI, style, 300) is rtl.layout_paragraph(
        LONG_DARI, style, 300
    )


def test_bidi_levels_come_from_python_bidi_rust():
    """The primary bidi path (python-bidi's Rust implementation) is the one in use."""
    levels = rtl_bidi._levels_from_rust(MIXED_DARI, "R")
    assert levels == [1] * 14 + [2] * 9 + [1] * 12 + [2] * 10
    assert rtl_bidi._use_rust


def test_bidi_fallback_agrees_on_letter_lines():
    for text in (MIXED_DARI, PASHTO_LINE, DIACRITICS, "نام: احمد 1990-01-01، P01234567"):
        assert rtl_bidi._levels_from_python(text, "R") == rtl_bidi._levels_from_rust(text, "R")


_BIDI_ALPHABET = (
    "بپتښځټډړګږۍېیهاو"  # Arabic letters (AL)
    "אב"  # Hebrew (R)
    "abcXYZ"  # Latin (L)
    "0123456789"  # EN
    "٠١٢۴۵"  # AN / Arabic-Indic
    " -+/,.:،%$#()[]«»!?"  # WS, ES, CS, ET, ON, brackets
    "\u064e\u0301"  # NSM
    "\u200c\u200d"  # BN
    "\u2066\u2067\u2068\u2069"  # isolates
)


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=_BIDI_ALPHABET, min_size=1, max_size=40), rtl_base=st.booleans())
def test_bidi_proxy_preserves_levels(text, rtl_base):
    """Collapsing same-class runs before the bidi pass changes no character's level."""
    direct = rtl_bidi._levels_from_rust(text, "R" if rtl_base else "L")
    known = [i for i, ch in enumerate(text) if unicodedata.bidirectional(ch) != "BN"]
    for i, ch in enumerate(text):  # BN takes the level of the character before it
        if unicodedata.bidirectional(ch) == "BN" and known:
            before = [k for k in known if k < i]
            direct[i] = direct[before[-1]] if before else direct[known[0]]
    assert list(rtl_bidi.paragraph_levels(text, rtl_base)) == direct


def _draw_sample(letter_fonts) -> tuple[bytes, list]:
    """A page with RTL lines right-aligned at x=540 and an English line at x=50."""
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(595, 842))
    placed = []
    y = 780.0
    for text, lang in [(p.values[0], p.values[1]) for p in LINES]:
        line = rtl.layout_line(text, letter_fonts.style(lang, SIZE))
        if line.rtl:
            rtl.draw_line(canvas, line, 540, y, align="right")
            placed.append((line, 540 - line.width, y))
        else:
            rtl.draw_line(canvas, line, 50, y, align="left")
            placed.append((line, 50.0, y))
        y -= 30
    lines = rtl.layout_paragraph(LONG_DARI, letter_fonts.style("fa", SIZE), 300)
    rtl.draw_paragraph(canvas, lines, 240, y, 300, leading=20)
    for line in lines:
        placed.append((line, 540 - line.width, y))
        y -= 20
    canvas.setFont("NotoSans", 10)
    canvas.drawString(50, 60, "AHMADZAI, Mohammad Nabi")  # plain ReportLab text after ours
    canvas.showPage()
    canvas.save()
    return buf.getvalue(), placed


def test_pdf_draws_the_shaped_glyphs_where_laid_out(letter_fonts):
    """(a, e) The page's glyphs, read back from the PDF, are our layout's glyphs, in place."""
    pdf, placed = _draw_sample(letter_fonts)
    drawn = pdf_text_objects(pdf)
    assert len(drawn) == len(placed) + 1
    for objects, (line, x_left, y) in zip(drawn, placed, strict=False):
        assert_page_matches(objects, expected_on_page(line, x_left, y))
    # ReportLab's own text after ours is where ReportLab put it (no text state leaked)
    plain = drawn[-1]
    assert plain[0][2] == pytest.approx(50) and {g[3] for g in plain} == {60.0}


def test_pdf_opens_and_latin_runs_extract(letter_fonts):
    """(e) pypdf reads the PDF; passport numbers, dates and Latin names extract as text."""
    from pypdf import PdfReader

    pdf, _ = _draw_sample(letter_fonts)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for needle in ("P01234567", "12/03/1990", "1990-03-12", "Name in original script", "AHMADZAI"):
        assert needle in text
    fonts = reader.pages[0]["/Resources"]["/Font"].values()
    embedded = {
        str(f["/BaseFont"]).split("+", 1)[1]
        for f in (font.get_object() for font in fonts)
        if "/FontDescriptor" in f and "/FontFile2" in f["/FontDescriptor"]
    }
    assert {"NotoNaskhArabic-Regular", "NotoSans-Regular"} <= embedded


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdftotext_extracts_latin_and_dari(letter_fonts, tmp_path):
    """(e) poppler extracts Latin runs, and Pashto/Dari words in logical order via ToUnicode."""
    pdf, _ = _draw_sample(letter_fonts)
    path = tmp_path / "sample.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for needle in ("P01234567", "12/03/1990", "1990-03-12", "AHMADZAI"):
        assert needle in out
    for word in PASHTO_WORDS + ["پاسپورت", "می‌دهد"]:
        assert word in out, word


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_pdf_renders_with_rtl_lines_at_the_right_edge(letter_fonts, tmp_path):
    """(f) pdftoppm renders the page; right-aligned RTL lines end at their anchor."""
    from PIL import Image

    pdf, placed = _draw_sample(letter_fonts)
    path = tmp_path / "sample.pdf"
    path.write_bytes(pdf)
    dpi = 144
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(path), str(tmp_path / "page")],
        check=True,
    )
    img = Image.open(tmp_path / "page.png").convert("L")
    scale = dpi / 72.0
    for line, x_left, y in placed[:3]:  # the three Arabic-only lines
        top = int((842 - y - SIZE) * scale)
        bottom = int((842 - y + SIZE * 0.6) * scale)
        ink = img.crop((0, top, img.width, bottom)).point(lambda v: 255 if v < 128 else 0)
        box = ink.getbbox()
        assert box, f"nothing drawn for {line.text}"
        assert box[2] / scale == pytest.approx(540, abs=2.5)
        assert box[0] / scale == pytest.approx(x_left, abs=2.5)


def test_asset_path_checkout_and_frozen(monkeypatch, tmp_path):
    from caseworker import resources

    assert asset_path("fonts/OFL.txt").is_file()
    bundle = tmp_path / "bundle"
    (bundle / "resources" / "fonts").mkdir(parents=True)
    (bundle / "resources" / "fonts" / "x.ttf").write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert resources.asset_path("fonts/x.ttf") == bundle / "resources" / "fonts" / "x.ttf"
    with pytest.raises(FileNotFoundError):
        resources.asset_path("fonts/OFL.txt")
    with pytest.raises(ValueError):
        resources.asset_path("../secret")


def test_fonts_are_shipped_with_licence():
    fonts = Path(asset_path("fonts/OFL.txt")).parent
    licence = (fonts / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE" in licence and "Version 1.1" in licence
    readme = (fonts / "README.md").read_text(encoding="utf-8")
    for relative in rtl.FONT_FILES.values():
        name = Path(relative).name
        assert (fonts / name).is_file()
        assert name in readme


def test_register_fonts_is_idempotent(letter_fonts):
    from reportlab.pdfbase import pdfmetrics

    first = pdfmetrics.getFont(letter_fonts.arabic)
    assert rtl.register_fonts() == letter_fonts
    assert pdfmetrics.getFont(letter_fonts.arabic) is first


def test_samples_are_not_presentation_forms():
    # Guard against an editor "helpfully" turning the samples into presentation forms.
    for word in PASHTO_WORDS:
        assert all(ord(ch) < 0xFB50 for ch in word)
