#!/usr/bin/env python3
"""Benchmark: 500 letters through caseworker's renderer vs bare ReportLab, side by side.

    python scripts/bench_letters.py [--letters 500] [--rounds 3]

Both sides draw the same content into one A4 PDF per batch (compressed, in
ReportLab's invariant mode): the same template texts with the same values,
every person's name, original-script name, date of birth, sex, document and
relationship, the table rules and the QR code. Every letter has fresh names,
numbers, dates and QR payload, so caches only help with the fixed wording.

* ``caseworker``: :func:`caseworker.documents.letter_pdf.render_batch`, i.e.
  HarfBuzz shaping, bidi reordering and paragraph layout of the Dari and
  Pashto text (see ``caseworker/documents/rtl.py``), QR encoded by zxing-cpp
  and drawn as one path.
* ``bare``: ReportLab's ``drawString``/``drawRightString`` with the same TTF
  files, ``simpleSplit`` for wrapping (no shaping, no bidi: the Arabic comes
  out unjoined and in the wrong order, which is why the application cannot
  use it), and the very same QR code (zxing-cpp modules drawn as one path),
  so that the comparison measures the text: shaping, bidi and layout.
* ``bare+rl-qr`` (for information): the bare side with ReportLab's own QR
  widget (pure-Python encoder), as a plain ReportLab program would do it.

The target (DESIGN.md) is caseworker within 1.5x of ``bare``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from reportlab.graphics import renderPDF  # noqa: E402
from reportlab.graphics.barcode.qr import QrCodeWidget  # noqa: E402
from reportlab.graphics.shapes import Drawing  # noqa: E402
from reportlab.lib.utils import simpleSplit  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402

from caseworker.documents import letter_payload as lp  # noqa: E402
from caseworker.documents import letter_pdf as L  # noqa: E402
from caseworker.documents import qr  # noqa: E402
from caseworker.documents.letter_content import CrossingPoint, LetterContent, LetterPerson  # noqa: E402
from caseworker.documents.rtl import FONT_FILES  # noqa: E402
from caseworker.resources import asset_path  # noqa: E402
from caseworker.services.demo import pools  # noqa: E402

CROSSINGS = (CrossingPoint("Torkham", "تورخم", "تورخم"), CrossingPoint("Kabul airport", "میدان هوایی کابل", "د کابل هوايي ډګر"))
RELATIONS = ("SELF", "SPOUSE", "SON", "DAUGHTER", "MOTHER", "SON", "DAUGHTER")


def make_letters(n: int, seed: int = 7) -> list[LetterContent]:
    rng = random.Random(seed)
    key = lp.new_private_key()
    kid = lp.key_id(key.public_key())
    letters = []
    for i in range(n):
        family_script, family_latin = rng.choice(pools.FAMILY)[0], rng.choice(pools.FAMILY)[1][0]
        people = []
        for k in range(rng.choice((1, 2, 3, 4, 5, 6))):
            script, spellings = rng.choice(pools.MALE if k != 1 else pools.FEMALE)
            year_only = rng.random() < 0.3
            birth = dt.date(rng.randint(1950, 2020), 1 if year_only else rng.randint(1, 12), 1 if year_only else rng.randint(1, 28))
            people.append(LetterPerson(f"{spellings[0]} {family_latin}".upper(), f"{script} {family_script}", birth, year_only,
                                       "MF"[k == 1], rng.choice(("PASSPORT", "E_TAZKIRA")), f"P{rng.randrange(10**7):07d}",
                                       RELATIONS[k]))  # fmt: skip
        issued = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(300))
        reference = f"ISB/TA/2026/{i + 1:06d}"
        payload = lp.LetterPayload(kid, reference, 1, issued, issued + dt.timedelta(days=29), tuple(
            lp.PayloadPerson(p.name_document, p.birth_date, p.birth_year_only, p.document_number) for p in people))  # fmt: skip
        signed = lp.sign(payload, key)
        letters.append(LetterContent("ISB", "Islamabad", reference, 1, issued, issued, issued + dt.timedelta(days=29),
                                     tuple(people), CROSSINGS, "Olivia Officer", "Authorising Officer",
                                     lp.qr_text(signed), signed.verification_code))  # fmt: skip
    return letters


def ours(letters: list[LetterContent]) -> bytes:
    out = io.BytesIO()
    L.render_batch(letters, out)
    return out.getvalue()


class Bare:
    """The same content with nothing but ReportLab: drawString, simpleSplit, rect."""

    def __init__(self, rl_qr: bool = False) -> None:
        for name, relative in FONT_FILES.items():
            try:
                pdfmetrics.getFont("Bare" + name)
            except KeyError:
                pdfmetrics.registerFont(TTFont("Bare" + name, str(asset_path(relative))))
        self.rl_qr = rl_qr
        self.texts = L.LetterRenderer().templates  # same wording and values as the real renderer
        self.values = L.LetterRenderer().values

    def font(self, lang: str, bold: bool = False) -> str:
        base = "NotoSans" if lang == "en" else "NotoNaskhArabic"
        return "Bare" + base + ("-Bold" if bold else "")

    def para(self, c, text: str, lang: str, size: float, x: float, y: float, width: float, leading: float) -> float:  # type: ignore[no-untyped-def]
        font = self.font(lang)
        c.setFont(font, size)
        for line in simpleSplit(text, font, size, width):
            if lang == "en":
                c.drawString(x, y, line)
            else:
                c.drawRightString(x + width, y, line)
            y -= leading
        return y

    def draw(self, c, content: LetterContent) -> None:  # type: ignore[no-untyped-def]
        values = {lang: self.values(content, lang, 1, 1) for lang in L.LANGS}
        t = self.texts.text
        top = L.PAGE_H - L.MARGIN - 11
        col = L.CONTENT_W / 3 - 6
        for lang, x in (("en", L.MARGIN), ("ps", L.MARGIN + L.CONTENT_W / 3), ("fa", L.MARGIN + 2 * L.CONTENT_W / 3)):
            y = self.para(c, t(lang, "letterhead", values[lang]), lang, 12, x, top, col, 15)
            self.para(c, t(lang, "title", values[lang]), lang, 11, x, y, col, 14)
        y = top - 40
        c.line(L.MARGIN, y, L.MARGIN + L.CONTENT_W, y)
        y -= 12
        x = L.MARGIN
        for key, value in (("reference_label", content.reference), ("version_label", str(content.version)),
                           ("date_label", content.issue_date.strftime("%d %b %Y").upper())):  # fmt: skip
            c.setFont(self.font("en"), 7.2)
            c.drawString(x, y, "  ·  ".join(t(lang, key) for lang in L.LANGS))
            c.setFont(self.font("en", True), 11)
            c.drawString(x, y - 15, value)
            x += L.CONTENT_W / 3
        y -= 34
        for lang in L.LANGS:
            y = self.para(c, t(lang, "purpose", values[lang]), lang, 9.5, L.MARGIN, y, L.CONTENT_W, 13) - 3
        y -= 6
        c.setFont(self.font("en", True), 7.5)
        x = L.MARGIN
        for width, key in zip(L.COLUMNS, L.HEADER_KEYS, strict=True):
            if key:
                c.setFont(self.font("en", True), 7.5)
                c.drawString(x + 3, y - 10, t("en", key))
                c.setFont(self.font("fa"), 8)
                c.drawRightString(x + width - 3, y - 22, t("fa", key))
                c.drawRightString(x + width - 3, y - 34, t("ps", key))
            x += width
        y -= L.TABLE_HEADER_H
        for n, p in enumerate(content.people, 1):
            x = L.MARGIN
            cells = ((str(n), None), (p.name_document, p.name_original), (p.birth_display(), "(year only)" if p.birth_year_only else None),
                     (p.sex, None), (p.document_type.title(), p.document_number), (p.relationship.title(), None))  # fmt: skip
            for width, (first, second) in zip(L.COLUMNS, cells, strict=True):
                c.setFont(self.font("en", True), 9.4)
                c.drawString(x + 3, y - 12, first)
                if second:
                    if second == p.name_original:
                        c.setFont(self.font("fa"), 10.5)
                        c.drawRightString(x + width - 3, y - 25, second)
                    else:
                        c.setFont(self.font("en"), 9.4)
                        c.drawString(x + 3, y - 25, second)
                x += width
            y -= L.ROW_H
            c.line(L.MARGIN, y, L.MARGIN + L.CONTENT_W, y)
        y -= 12
        for key in ("validity", "crossings"):
            for lang in L.LANGS:
                y = self.para(c, t(lang, key, values[lang]), lang, 9.5, L.MARGIN, y, L.CONTENT_W, 13)
        qr_y = y - 10 - L.QR_SIZE
        if self.rl_qr:
            widget = QrCodeWidget(content.qr_text, barLevel="M", barWidth=L.QR_SIZE, barHeight=L.QR_SIZE)
            drawing = Drawing(L.QR_SIZE, L.QR_SIZE)
            drawing.add(widget)
            renderPDF.draw(drawing, c, L.MARGIN, qr_y)
        else:  # the very same QR code as the other side: only the text differs
            qr.draw(c, qr.encode(content.qr_text), L.MARGIN, qr_y, L.QR_SIZE)
        c.setFont(self.font("en", True), 13)
        c.drawString(L.MARGIN, qr_y - 19, content.verification_code)
        x = L.MARGIN + L.QR_SIZE + 4
        c.drawString(x, y - 24, content.signatory_name)
        ty = self.para(c, content.signatory_title, "en", 9.5, x, y - 37, L.CONTENT_W - L.QR_SIZE, 12)
        for lang in L.LANGS:
            ty = self.para(c, t(lang, "verify_hint", values[lang]), lang, 7.5, x, ty, L.CONTENT_W - L.QR_SIZE - 4, 11)
        c.setFont(self.font("en", True), 7.5)
        c.drawString(L.MARGIN, L.MARGIN + 16, t("en", "not_valid_if_altered"))
        c.setFont(self.font("fa", True), 8)
        c.drawCentredString(L.PAGE_W / 2, L.MARGIN + 16, t("ps", "not_valid_if_altered"))
        c.drawRightString(L.MARGIN + L.CONTENT_W, L.MARGIN + 16, t("fa", "not_valid_if_altered"))
        c.setFont(self.font("en"), 7.2)
        c.drawCentredString(L.PAGE_W / 2, L.MARGIN, f"{content.reference}  ·  v1  ·  {t('en', 'page', values['en'])}")
        c.showPage()

    def render(self, letters: list[LetterContent]) -> bytes:
        out = io.BytesIO()
        c = L.new_canvas(out, "bare")
        for content in letters:
            self.draw(c, content)
        c.save()
        return out.getvalue()


def timed(fn, letters) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    data = fn(letters)
    return time.perf_counter() - start, len(data)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    letters = make_letters(args.letters)
    bare, bare_rl = Bare(), Bare(rl_qr=True)
    ours(letters[:5])  # fonts registered, code paths warm, as in a running application
    bare.render(letters[:5])
    times: dict[str, list[float]] = {"caseworker": [], "bare": []}
    sizes = {}
    for _ in range(args.rounds):  # alternate, so both sides see the same machine load
        for name, fn in (("caseworker", ours), ("bare", bare.render)):
            seconds, size = timed(fn, letters)
            times[name].append(seconds)
            sizes[name] = size
    rl_seconds, sizes["bare+rl-qr"] = timed(bare_rl.render, letters)
    ours_s, bare_s = statistics.median(times["caseworker"]), statistics.median(times["bare"])
    print(f"{args.letters} letters, median of {args.rounds} rounds:")
    print(f"  caseworker   {ours_s:6.2f} s  ({ours_s / args.letters * 1000:5.1f} ms/letter, PDF {sizes['caseworker'] / 1e6:.1f} MB)")
    print(f"  bare         {bare_s:6.2f} s  ({bare_s / args.letters * 1000:5.1f} ms/letter, PDF {sizes['bare'] / 1e6:.1f} MB)")
    print(f"  bare+rl-qr   {rl_seconds:6.2f} s  (one round; ReportLab's own QR encoder)")
    ratio = ours_s / bare_s
    print(f"ratio caseworker / bare = {ratio:.2f} (target <= 1.5): {'OK' if ratio <= 1.5 else 'OVER'}")
    return 0 if ratio <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
