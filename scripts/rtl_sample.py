#!/usr/bin/env python3
"""Visual check of right-to-left text: our PDF next to Qt's rendering of the same lines.

    python scripts/rtl_sample.py OUTDIR            # OUTDIR/rtl_sample.pdf + rtl_sample_qt.png
    pdftoppm -r 150 -png -singlefile OUTDIR/rtl_sample.pdf OUTDIR/rtl_sample_pdf
    python scripts/rtl_sample.py --bench 500       # letters: bare ReportLab vs shaped text

The PDF is drawn by caseworker.documents.rtl; the PNG by Qt's own text layout
(QTextLayout, offscreen) with the same TTF files, at 150 dpi and the same
positions, so the two pictures can be compared glyph by glyph. Nothing here is
written into the repository unless OUTDIR points there: use a temp directory.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from caseworker.documents import rtl  # noqa: E402

PAGE_W, PAGE_H = 595.0, 842.0
LEFT, RIGHT = 50.0, 545.0
DPI = 150
SIZE = 14.0

SAMPLES = [
    ("ps", "ښځه ټولنه ډاکټر ړومبی ګډون ږغ سړی کورنۍ ډېر تږی لېږل"),
    ("ps", "دا لیک حامل ته اجازه ورکوي چې د تورخم له لارې سفر وکړي."),
    ("fa", "این نامه به دارنده اجازه می‌دهد که از گذرگاه مرزی تورخم عبور کند."),
    ("fa", "شماره پاسپورت P01234567 تاریخ تولد 12/03/1990"),
    (
        "ps",
        f"د پاسپورت شمېره {rtl.isolate('P01234567')}، د زېږون نېټه "
        f"{rtl.isolate('1990-03-12')} (کابل)",
    ),
    ("fa", "مُحَمَّد رحیم‌الله احمدزی"),
    ("en", "Name in original script: محمد نبی احمدزی, passport P01234567."),
]
PARAGRAPH = (
    "fa",
    "این نامه به دارنده اجازه می‌دهد که از طریق گذرگاه مرزی تورخم به پاکستان سفر کند "
    "و از آنجا به بریتانیا برود. ورود دارنده و خانواده او به بریتانیا تضمین شده است.",
)


def _placements(fonts: rtl.LetterFonts):
    """(paragraph text, lines, y of first baseline, bold) for everything on the page."""
    out = []
    y = 790.0
    for lang, text in SAMPLES:
        line = rtl.layout_line(text, fonts.style(lang, SIZE))
        out.append((text, [line], y))
        y -= 2.2 * SIZE
    bold = rtl.layout_line(SAMPLES[0][1], fonts.style("ps", SIZE, bold=True))
    out.append((SAMPLES[0][1], [bold], y))
    y -= 2.2 * SIZE
    lang, text = PARAGRAPH
    lines = rtl.layout_paragraph(text, fonts.style(lang, SIZE), 300)
    out.append((text, list(lines), y))
    return out


def write_pdf(path: Path, fonts: rtl.LetterFonts) -> None:
    canvas = Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    for _text, lines, y in _placements(fonts):
        for line in lines:
            if line.rtl:
                rtl.draw_line(canvas, line, RIGHT, y, align="right")
            else:
                rtl.draw_line(canvas, line, LEFT, y, align="left")
            y -= 1.6 * SIZE
    canvas.showPage()
    canvas.save()


def write_qt_png(path: Path, fonts: rtl.LetterFonts) -> None:
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import (
        QColor,
        QFont,
        QFontDatabase,
        QImage,
        QPainter,
        QTextCharFormat,
        QTextLayout,
        QTextOption,
    )
    from PySide6.QtWidgets import QApplication

    from caseworker.resources import asset_path

    app = QApplication.instance() or QApplication([])  # noqa: F841 - needed for fonts
    families = {}
    for name, relative in rtl.FONT_FILES.items():
        font_id = QFontDatabase.addApplicationFont(str(asset_path(relative)))
        families[name] = QFontDatabase.applicationFontFamilies(font_id)[0]
    scale = DPI / 72.0
    unit = 1000  # lay out at 1000 px per em (exact), then scale the painter to 150 dpi
    shrink = SIZE * scale / unit

    def qfont(name: str) -> QFont:
        f = QFont(families[name])
        f.setPixelSize(unit)
        f.setBold(name.endswith("-Bold"))
        f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        f.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
        return f

    image = QImage(round(PAGE_W * scale), round(PAGE_H * scale), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setPen(QColor("black"))
    for text, lines, y in _placements(fonts):
        layout = QTextLayout(text, qfont(lines[0].runs[0].font_name))
        option = QTextOption()
        option.setTextDirection(Qt.RightToLeft if lines[0].rtl else Qt.LeftToRight)
        option.setUseDesignMetrics(True)
        layout.setTextOption(option)
        ranges = []
        for line in lines:  # the fonts our layout chose; Qt does the rest itself
            for run in line.runs:
                fr = QTextLayout.FormatRange()
                fr.start, fr.length = run.start, len(run.text)
                fmt = QTextCharFormat()
                fmt.setFont(qfont(run.font_name))
                fr.format = fmt
                ranges.append(fr)
        layout.setFormats(ranges)
        layout.beginLayout()
        qlines = []
        for i, line in enumerate(lines):  # break where our layout broke
            qline = layout.createLine()
            nxt = lines[i + 1].start if i + 1 < len(lines) else len(text)
            qline.setNumColumns(nxt - line.start)
            qlines.append(qline)
        layout.endLayout()
        for line, qline in zip(lines, qlines, strict=True):
            runs = qline.glyphRuns(line.start, line.end - line.start)
            xs = [p.x() for r in runs for p in r.positions()]
            widths = [
                p.x() + r.rawFont().advancesForGlyphIndexes([g])[0].x()
                for r in runs
                for g, p in zip(r.glyphIndexes(), r.positions(), strict=True)
            ]
            left, right = min(xs), max(widths)
            baseline = qline.y() + qline.ascent()
            if line.rtl:
                dx = RIGHT * scale / shrink - right
            else:
                dx = LEFT * scale / shrink - left
            dy = (PAGE_H - y) * scale / shrink - baseline
            painter.save()
            painter.scale(shrink, shrink)
            for r in runs:
                painter.drawGlyphRun(QPointF(dx, dy), r)
            painter.restore()
            y -= 1.6 * SIZE
    painter.end()
    image.save(str(path))


# --------------------------------------------------------------------------- benchmark

_BOILER = [
    (
        "en",
        "This letter authorises the holder to travel through the Torkham crossing to "
        "Pakistan and onward to the United Kingdom. Entry to the United Kingdom is guaranteed.",
    ),
    (
        "fa",
        "این نامه به دارنده اجازه می‌دهد که از طریق گذرگاه مرزی تورخم به پاکستان سفر کند و از "
        "آنجا به بریتانیا برود. ورود او به بریتانیا تضمین شده است.",
    ),
    (
        "ps",
        "دا لیک حامل ته اجازه ورکوي چې د تورخم له لارې پاکستان ته سفر وکړي او له هغه ځایه "
        "بریتانیا ته ولاړ شي. بریتانیا ته د هغه ننوتل تضمین شوي دي.",
    ),
]
_NAMES = ["احمد", "محمود", "ګل", "ښکلې", "رحیم‌الله", "نجیب", "فرشته", "زرغونه", "ملالۍ", "ډیوه"]


def _letter(i: int):
    r = random.Random(i)
    items = list(_BOILER)
    for _ in range(4):
        name = " ".join(r.choice(_NAMES) for _ in range(3))
        passport = f"P{r.randrange(10**7, 10**8)}"
        born = f"{r.randrange(1950, 2020)}-0{r.randrange(1, 9)}-1{r.randrange(0, 9)}"
        items.append(
            ("fa", f"نام: {name}، پاسپورت {rtl.isolate(passport)}، تاریخ تولد {rtl.isolate(born)}")
        )
        items.append(
            ("en", f"Name: AHMAD KHAN {r.randrange(99)}, passport {passport}, born {born}")
        )
    items.append(("fa", f"شماره نامه {rtl.isolate(f'ISB-2021-{i:05d}')}"))
    items.append(("en", f"Letter reference ISB-2021-{i:05d}"))
    return items


def bench(n: int) -> None:
    from reportlab.lib.utils import simpleSplit

    fonts = rtl.register_fonts()
    width = 460.0

    def bare(first: int) -> None:
        for i in range(first, first + n):
            canvas = Canvas(io.BytesIO())
            y = 800.0
            for lang, text in _letter(i):
                font = fonts.latin if lang == "en" else fonts.arabic
                canvas.setFont(font, 11)
                for chunk in simpleSplit(text, font, 11, width):
                    canvas.drawString(72, y, chunk)
                    y -= 16
            canvas.showPage()
            canvas.save()

    def shaped(first: int) -> None:
        for i in range(first, first + n):
            canvas = Canvas(io.BytesIO())
            y = 800.0
            for lang, text in _letter(i):
                lines = rtl.layout_paragraph(text, fonts.style(lang, 11), width)
                y = rtl.draw_paragraph(canvas, lines, 72, y, width, 16)
            canvas.showPage()
            canvas.save()

    shaped(10**6)  # warm the caches of the boilerplate, as after the first letter
    for first in (0, 10**5):
        t0 = time.perf_counter()
        bare(first)
        t_bare = time.perf_counter() - t0
        t0 = time.perf_counter()
        shaped(first + 1)  # fresh names, numbers and dates: not in any cache
        t_shaped = time.perf_counter() - t0
        print(
            f"{n} letters: bare ReportLab {t_bare:.2f}s, shaped {t_shaped:.2f}s, "
            f"ratio {t_shaped / t_bare:.2f}"
        )
    style = fonts.style("fa", 11)
    texts = [f"نام: احمد ګل، پاسپورت {rtl.isolate(f'P{10**7 + k}')}" for k in range(2000)]
    t0 = time.perf_counter()
    lines = [rtl.layout_line(t, style) for t in texts]
    t1 = time.perf_counter()
    for t in texts:
        rtl.layout_line(t, style)
    t2 = time.perf_counter()
    canvas = Canvas(io.BytesIO())
    for k, line in enumerate(lines):
        rtl.draw_line(canvas, line, 540, 800 - (k % 50) * 15, align="right")
    t3 = time.perf_counter()
    canvas = Canvas(io.BytesIO())
    canvas.setFont(fonts.arabic, 11)
    for k, t in enumerate(texts):
        canvas.drawString(72, 800 - (k % 50) * 15, t)
    t4 = time.perf_counter()
    per = 1e6 / len(texts)
    print(
        f"per line: layout new {(t1 - t0) * per:.0f} us, layout cached {(t2 - t1) * per:.1f} us, "
        f"draw {(t3 - t2) * per:.0f} us; bare drawString {(t4 - t3) * per:.0f} us"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", nargs="?", type=Path, help="where to write the PDF and PNG")
    parser.add_argument("--bench", type=int, metavar="N", help="time N letters instead")
    args = parser.parse_args(argv)
    if args.bench:
        bench(args.bench)
        return 0
    if args.outdir is None:
        parser.error("give OUTDIR (or --bench N)")
    args.outdir.mkdir(parents=True, exist_ok=True)
    fonts = rtl.register_fonts()
    write_pdf(args.outdir / "rtl_sample.pdf", fonts)
    write_qt_png(args.outdir / "rtl_sample_qt.png", fonts)
    print(args.outdir / "rtl_sample.pdf")
    print(args.outdir / "rtl_sample_qt.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
