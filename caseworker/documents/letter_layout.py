"""Where things go on a letter page: geometry, type styles, texts with their values, page plan.

The measuring half of :mod:`.letter_pdf`: :class:`LetterLayout` knows the
wording (templates), the fonts and sizes, and decides which people go on which
page so that the closing block (validity, crossings, QR code, signatory)
always fits on the last one. Paragraph layouts are cached by :mod:`.rtl`, so
measuring before drawing costs little.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4

from caseworker.documents.letter_content import LetterContent
from caseworker.documents.letter_templates import LetterTemplates, load_templates
from caseworker.documents.rtl import TextStyle, isolate, layout_paragraph, register_fonts
from caseworker.domain.vocab import DocumentType, Relationship

PAGE_W, PAGE_H = A4
MARGIN = 40.0
CONTENT_W = PAGE_W - 2 * MARGIN
QR_SIZE = 45 * 72 / 25.4  # 45 mm: modules of about 0.5 mm, read by any phone
FOOTER_H = 34.0
# Table columns: number, name, date of birth, sex, document, relationship.
COLUMNS = (18.0, 187.0, 76.0, 34.0, 117.0, 83.0)
HEADER_KEYS = ("", "header_name", "header_birth", "header_sex", "header_document", "header_relationship")
ROW_H = 31.0
TABLE_HEADER_H = 40.0
GREY = (0.45, 0.45, 0.45)
RULE = (0.6, 0.6, 0.6)
LANGS = ("en", "fa", "ps")


@dataclass(frozen=True)
class _Styles:
    head: dict[str, TextStyle]
    title: dict[str, TextStyle]
    body: dict[str, TextStyle]
    small: dict[str, TextStyle]
    small_bold: dict[str, TextStyle]
    cell: TextStyle
    cell_bold: TextStyle
    cell_original: TextStyle
    value: TextStyle
    code: TextStyle
    watermark: dict[str, TextStyle]


def _styles() -> _Styles:
    f = register_fonts()

    def per_lang(size_en: float, size_rtl: float, bold: bool = False) -> dict[str, TextStyle]:
        return {lang: f.style(lang, size_en if lang == "en" else size_rtl, bold) for lang in LANGS}

    return _Styles(
        head=per_lang(11.5, 12, True),
        title=per_lang(10.5, 11.5),
        body=per_lang(9.2, 10.2),
        small=per_lang(7.2, 8),
        small_bold=per_lang(7.5, 8.2, True),
        cell=f.style("en", 7.4),
        cell_bold=f.style("en", 9.4, True),
        cell_original=f.style("fa", 10.5),
        value=f.style("en", 11, True),
        code=f.style("en", 13, True),
        watermark=per_lang(50, 44, True),
    )


class LetterLayout:
    """Texts, styles and the page plan of letters; :class:`~.letter_pdf.LetterRenderer` draws them."""

    def __init__(self, templates: LetterTemplates | None = None) -> None:
        self.templates = templates or load_templates()
        self.s = _styles()

    def _text(self, lang: str, key: str, values: dict[str, str] | None = None) -> str:
        return self.templates.text(lang, key, values)

    def _para_height(self, text: str, style: TextStyle, width: float, leading: float) -> float:
        return len(layout_paragraph(text, style, width)) * leading

    # -- values as each language shows them ------------------------------------------

    def values(self, content: LetterContent, lang: str, page: int, pages: int) -> dict[str, str]:
        rtl = lang != "en"

        def v(text: str) -> str:
            return isolate(text) if rtl else text

        crossings = ("، " if rtl else ", ").join(
            isolate(p.in_language(lang), None) if rtl else p.in_language(lang) for p in content.crossings
        )
        post = self.templates.post_name(lang, content.post_code, content.post_name)
        return {
            "post_name": isolate(post, None) if rtl else post,
            "reference": v(content.reference or "—"),
            "version": v(str(content.version)),
            "issue_date": v(content.issue_date.isoformat()),
            "valid_from": v(content.valid_from.isoformat()),
            "valid_to": v(content.valid_to.isoformat()),
            "crossings": crossings,
            "people_count": v(str(len(content.people))),
            "verification_code": v(content.verification_code or "—"),
            "signatory_name": isolate(content.signatory_name, None) if rtl else content.signatory_name,
            "signatory_title": isolate(content.signatory_title, None) if rtl else content.signatory_title,
            "page": v(str(page)),
            "pages": v(str(pages)),
        }

    # -- planning ---------------------------------------------------------------------

    def _intro_height(self, content: LetterContent, values: dict[str, dict[str, str]]) -> float:
        s = self.s
        height = 0.0
        for lang in LANGS:
            col = CONTENT_W / 3 - 6
            h = self._para_height(self._text(lang, "letterhead", values[lang]), s.head[lang], col, 15)
            h += self._para_height(self._text(lang, "title", values[lang]), s.title[lang], col, 14)
            height = max(height, h)
        height += 12 + 34 + 10  # rule, reference band, gap
        for lang in LANGS:
            leading = 12.5 if lang == "en" else 15.5
            height += self._para_height(self._text(lang, "purpose", values[lang]), s.body[lang], CONTENT_W, leading) + 3
        return height + 8

    def _closing_height(self, values: dict[str, dict[str, str]]) -> float:
        s = self.s
        height = 16.0
        for key in ("validity", "crossings"):
            for lang in LANGS:
                leading = 12.5 if lang == "en" else 15.5
                height += self._para_height(self._text(lang, key, values[lang]), s.body[lang], CONTENT_W, leading)
            height += 4
        return height + 12 + QR_SIZE + 26

    def _plan(self, content: LetterContent) -> list[list[int]]:
        """Which people go on which page (the closing block goes on the last one)."""
        values = {lang: self.values(content, lang, 1, 1) for lang in LANGS}
        bottom = MARGIN + FOOTER_H
        first_top = PAGE_H - MARGIN - self._intro_height(content, values)
        closing = self._closing_height(values)
        pages: list[list[int]] = [[]]
        y = first_top - TABLE_HEADER_H
        for i in range(len(content.people)):
            if y - ROW_H < bottom:
                pages.append([])
                y = PAGE_H - MARGIN - TABLE_HEADER_H
            pages[-1].append(i)
            y -= ROW_H
        if y - closing < bottom:
            pages.append([])
        return pages


def document_label(doc_type: str) -> str:
    try:
        return DocumentType(doc_type).label
    except ValueError:
        return doc_type


def relationship_label(relationship: str) -> str:
    if relationship == Relationship.SELF:
        return "Principal"
    try:
        return Relationship(relationship).label
    except ValueError:
        return relationship
