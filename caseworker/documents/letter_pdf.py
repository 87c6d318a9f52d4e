"""The travel-authorisation letter as an A4 PDF (ReportLab), in English, Dari and Pashto.

Layout, top to bottom: letterhead and title in the three languages; a band
with reference, version and date; the statement of purpose; the table of
people (name as in the document with the name in original script under it,
date of birth, sex, document, relationship); validity and crossing points;
then the QR code with the verification code, the signatory and how to
verify. Every page carries "not valid if altered" in the three languages and
"reference · version · page n of m". A long family continues the table on
the next page with its header repeated.

The renderer receives a :class:`~.letter_content.LetterContent` only, and
the texts from :class:`~.letter_templates.LetterTemplates`; right-to-left
text goes through :mod:`.rtl`; where things go is decided by
:mod:`.letter_layout`, this module draws. Output is deterministic (ReportLab's
invariant mode): the same letter gives the same bytes, so a recorded file
hash identifies a printed copy.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from caseworker.documents import qr
from caseworker.documents.letter_content import LetterContent, LetterPerson
from caseworker.documents.letter_layout import (
    COLUMNS,
    CONTENT_W,
    GREY,
    HEADER_KEYS,
    LANGS,
    MARGIN,
    PAGE_H,
    PAGE_W,
    QR_SIZE,
    ROW_H,
    RULE,
    TABLE_HEADER_H,
    LetterLayout,
    document_label,
    relationship_label,
)
from caseworker.documents.letter_templates import LetterTemplates
from caseworker.documents.letter_watermark import watermark_lines
from caseworker.documents.rtl import (
    TextStyle,
    draw_line,
    draw_paragraph,
    isolate,
    layout_line,
    layout_paragraph,
)


class LetterRenderer(LetterLayout):
    """Draws letters onto a ReportLab canvas; reusable for a whole batch."""

    def _para(self, c: Canvas, text: str, style: TextStyle, x: float, y: float, width: float,
              leading: float, align: str = "start") -> float:  # fmt: skip
        return draw_paragraph(c, layout_paragraph(text, style, width), x, y, width, leading, align)

    # -- drawing ------------------------------------------------------------------------

    def draw(self, c: Canvas, content: LetterContent) -> int:
        """Draw the letter's pages (ending each with showPage). Returns the number of pages."""
        plan = self._plan(content)
        pages = len(plan)
        for number, rows in enumerate(plan, 1):
            values = {lang: self.values(content, lang, number, pages) for lang in LANGS}
            y = PAGE_H - MARGIN
            if number == 1:
                y = self._intro(c, content, values)
            if rows:
                y = self._table(c, content.people, rows, y)
            if number == pages:
                self._closing(c, content, values, y)
            self._footer(c, values)
            if content.watermark:  # on top, see-through: it cannot be hidden under a white box
                self._watermark(c, content.watermark)
            c.showPage()
        return pages

    def _watermark(self, c: Canvas, kind: str) -> None:
        """Diagonally across the page, one line per language: e.g. PREVIEW — NOT VALID."""
        c.saveState()
        c.setFillColorRGB(0.75, 0.1, 0.1)
        c.setFillAlpha(0.22)
        c.translate(PAGE_W / 2, PAGE_H / 2)
        c.rotate(50)
        for (lang, text), y in zip(watermark_lines(kind), (40, -18, -76), strict=True):
            draw_line(c, layout_line(text, self.s.watermark[lang]), 0, y, "center")
        c.restoreState()

    def _intro(self, c: Canvas, content: LetterContent, values: dict[str, dict[str, str]]) -> float:
        s = self.s
        top = PAGE_H - MARGIN - 11
        col = CONTENT_W / 3 - 6
        lowest = top
        for lang, x, align in (("en", MARGIN, "left"), ("ps", MARGIN + CONTENT_W / 3 + 3, "center"),
                               ("fa", MARGIN + 2 * CONTENT_W / 3 + 6, "right")):  # fmt: skip
            y = self._para(c, self._text(lang, "letterhead", values[lang]), s.head[lang], x, top, col, 15, align)
            y = self._para(c, self._text(lang, "title", values[lang]), s.title[lang], x, y, col, 14, align)
            lowest = min(lowest, y)
        y = lowest + 4
        c.setStrokeColorRGB(*RULE)
        c.setLineWidth(0.8)
        c.line(MARGIN, y, MARGIN + CONTENT_W, y)
        y -= 12
        band = (("reference_label", content.reference or "(assigned on approval)"),
                ("version_label", str(content.version)), ("date_label", content.issue_date.strftime("%d %b %Y").upper()))  # fmt: skip
        widths = (CONTENT_W * 0.5, CONTENT_W * 0.2, CONTENT_W * 0.3)
        x = MARGIN
        for (key, value), width in zip(band, widths, strict=True):
            label = "  ·  ".join(isolate(self._text(lang, key), None) for lang in LANGS)
            draw_line(c, layout_line(label, s.small["en"]), x, y, "left")
            draw_line(c, layout_line(value, s.value), x, y - 15, "left")
            x += width
        y -= 34
        for lang in LANGS:
            leading = 12.5 if lang == "en" else 15.5
            y = self._para(c, self._text(lang, "purpose", values[lang]), s.body[lang], MARGIN, y, CONTENT_W, leading)
            y -= 3
        return y - 4

    def _table(self, c: Canvas, people: tuple[LetterPerson, ...], rows: list[int], top: float) -> float:
        s = self.s
        c.setFillColorRGB(0.93, 0.93, 0.93)
        c.rect(MARGIN, top - TABLE_HEADER_H, CONTENT_W, TABLE_HEADER_H, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        x = MARGIN
        for width, key in zip(COLUMNS, HEADER_KEYS, strict=True):
            if key:
                draw_line(c, layout_line(self._text("en", key), s.small_bold["en"]), x + 3, top - 10, "left")
                draw_line(c, layout_line(self._text("fa", key), s.small["fa"]), x + width - 3, top - 22, "right")
                draw_line(c, layout_line(self._text("ps", key), s.small["ps"]), x + width - 3, top - 34, "right")
            x += width
        y = top - TABLE_HEADER_H
        c.setStrokeColorRGB(*RULE)
        c.setLineWidth(0.5)
        for i in rows:
            self._row(c, i + 1, people[i], y)
            y -= ROW_H
            c.line(MARGIN, y, MARGIN + CONTENT_W, y)
        c.rect(MARGIN, y, CONTENT_W, top - y, stroke=1, fill=0)
        return y - 6

    def _row(self, c: Canvas, number: int, person: LetterPerson, top: float) -> None:
        s = self.s
        first, second = top - 12, top - 25
        x = MARGIN
        draw_line(c, layout_line(str(number), s.cell), x + 3, first, "left")
        x += COLUMNS[0]
        draw_line(c, layout_line(person.name_document or "—", s.cell_bold), x + 3, first, "left")
        if person.name_original:
            draw_line(c, layout_line(person.name_original, s.cell_original), x + COLUMNS[1] - 3, second, "right")
        x += COLUMNS[1]
        draw_line(c, layout_line(person.birth_display(), s.cell_bold), x + 3, first, "left")
        if person.birth_year_only and person.birth_date is not None:
            draw_line(c, layout_line("(" + self._text("en", "year_only") + ")", s.cell), x + 3, second, "left")
        x += COLUMNS[2]
        draw_line(c, layout_line(person.sex, s.cell_bold), x + 3, first, "left")
        x += COLUMNS[3]
        draw_line(c, layout_line(document_label(person.document_type), s.cell), x + 3, first, "left")
        if person.document_number:
            draw_line(c, layout_line(person.document_number, s.cell_bold), x + 3, second, "left")
        x += COLUMNS[4]
        draw_line(c, layout_line(relationship_label(person.relationship), s.cell), x + 3, first, "left")

    def _closing(self, c: Canvas, content: LetterContent, values: dict[str, dict[str, str]], y: float) -> None:
        s = self.s
        y -= 12
        for key in ("validity", "crossings"):
            for lang in LANGS:
                leading = 12.5 if lang == "en" else 15.5
                y = self._para(c, self._text(lang, key, values[lang]), s.body[lang], MARGIN, y, CONTENT_W, leading)
            y -= 4
        qr_top = y - 4
        qr_y = qr_top - QR_SIZE
        if content.qr_text:
            qr.draw(c, qr.encode(content.qr_text), MARGIN - 8, qr_y, QR_SIZE)
        else:
            c.setStrokeColorRGB(*GREY)
            c.setDash(3, 3)
            c.rect(MARGIN, qr_y + 8, QR_SIZE - 16, QR_SIZE - 16, stroke=1, fill=0)
            c.setDash()
            placeholder = "QR code added on approval" if content.draft else "No QR code: not a valid copy"
            draw_line(c, layout_line(placeholder, s.cell), MARGIN + QR_SIZE / 2 - 8, qr_y + QR_SIZE / 2, "center")
        label = "  ·  ".join(isolate(self._text(lang, "code_label"), None) for lang in LANGS)
        draw_line(c, layout_line(label, s.small["en"]), MARGIN, qr_y - 4, "left")
        draw_line(c, layout_line(content.verification_code or "—", s.code), MARGIN, qr_y - 19, "left")
        x = MARGIN + QR_SIZE + 4
        width = MARGIN + CONTENT_W - x
        label = "  ·  ".join(isolate(self._text(lang, "signature_label"), None) for lang in LANGS)
        draw_line(c, layout_line(label, s.small["en"]), x, qr_top - 8, "left")
        draw_line(c, layout_line(content.signatory_name or "—", s.value), x, qr_top - 24, "left")
        ty = self._para(c, content.signatory_title, s.body["en"], x, qr_top - 37, width, 12.5, "left")
        ty -= 6
        for lang in LANGS:
            leading = 10 if lang == "en" else 12.5
            ty = self._para(c, self._text(lang, "verify_hint", values[lang]), s.small[lang], x, ty, width, leading)

    def _footer(self, c: Canvas, values: dict[str, dict[str, str]]) -> None:
        s = self.s
        y = MARGIN + 16
        c.setStrokeColorRGB(*RULE)
        c.setLineWidth(0.5)
        c.line(MARGIN, y + 11, MARGIN + CONTENT_W, y + 11)
        draw_line(c, layout_line(self._text("en", "not_valid_if_altered"), s.small_bold["en"]), MARGIN, y, "left")
        draw_line(c, layout_line(self._text("ps", "not_valid_if_altered"), s.small_bold["ps"]), PAGE_W / 2 + 30, y, "center")
        draw_line(c, layout_line(self._text("fa", "not_valid_if_altered"), s.small_bold["fa"]), MARGIN + CONTENT_W, y, "right")
        en = values["en"]
        tail = f"{en['reference']}  ·  v{en['version']}  ·  {self._text('en', 'page', en)}"
        c.setFillColorRGB(*GREY)
        draw_line(c, layout_line(tail, s.small["en"]), PAGE_W / 2, MARGIN, "center")
        c.setFillColorRGB(0, 0, 0)


def new_canvas(out, title: str) -> Canvas:
    c = Canvas(out, pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setAuthor("caseworker")
    c.setCreator("caseworker")
    return c


def render_pdf(content: LetterContent, templates: LetterTemplates | None = None) -> bytes:
    """One letter as PDF bytes."""
    buf = io.BytesIO()
    c = new_canvas(buf, f"Travel authorisation {content.reference or 'draft'}")
    LetterRenderer(templates).draw(c, content)
    c.save()
    return buf.getvalue()


def render_batch(
    contents: Iterable[LetterContent],
    out,
    templates_for: Callable[[str], LetterTemplates] | None = None,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Many letters into one PDF (``out``: path or binary file). Returns how many were drawn.

    Stops between letters when ``cancelled()`` is true (nothing is saved then).
    """
    c = new_canvas(out, "Travel authorisation letters")
    renderers: dict[str, LetterRenderer] = {}
    done = 0
    for content in contents:
        if cancelled and cancelled():
            return done
        renderer = renderers.get(content.post_code)
        if renderer is None:
            templates = templates_for(content.post_code) if templates_for else None
            renderer = renderers[content.post_code] = LetterRenderer(templates)
        renderer.draw(c, content)
        done += 1
        if progress:
            progress(done)
    c.save()
    return done
