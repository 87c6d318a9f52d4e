"""What a letter PDF says: every listed person, the letter's facts, and nothing forbidden."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from caseworker.documents import letter_pdf
from caseworker.documents.rtl import layout_paragraph
from caseworker.domain.phones import normalise_phone, phone_search_forms
from caseworker.services.api import Services
from caseworker.store.engine import Store
from tests.documents.test_rtl import assert_same_glyphs, mine, qt_layout
from tests.support.letters import EMPLOYER, JOB, PHONE, REFERRER, SPOUSE_PHONE, authorised_case
from tests.support.stores import services_for


@pytest.fixture
def issued(sqlite_store: Store):  # type: ignore[no-untyped-def]
    caseworker, officer = services_for(sqlite_store, "caseworker"), services_for(sqlite_store, "officer")
    case = authorised_case(caseworker, officer)
    letter = officer.letters.approve(caseworker.letters.draft(case.id, crossings=["Torkham", "Kabul airport"]).id)
    return caseworker, case, letter


def pdftotext(pdf: bytes, tmp_path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("needs poppler-utils")
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pypdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_pdf_lists_each_person_and_the_letters_facts(issued, tmp_path: Path) -> None:
    caseworker, case, letter = issued
    pdf = caseworker.letters.print_pdf(letter.id).data
    for text in (pdftotext(pdf, tmp_path), pypdf_text(pdf)):
        for person in letter.people:
            assert person.name_document in text
            if person.document_number:
                assert person.document_number in text
        assert "PASHTANA" not in text  # the daughter is not cleared to travel
        for fact in (letter.reference, letter.verification_code, str(letter.valid_from), str(letter.valid_to),
                     "Torkham", "Kabul airport", "Olivia Officer", "British Embassy Islamabad",
                     "Not valid if altered", "14 MAR 1985", "year only"):  # fmt: skip
            assert fact in text, fact
    dari = pdftotext(pdf, tmp_path)
    assert "محمد کریمی" in dari or "کریمی محمد" in dari  # extraction order of RTL is the reader's
    assert "تورخم" in dari and "اعتبار" in dari


def test_pdf_holds_none_of_the_forbidden_fields(issued, tmp_path: Path) -> None:
    caseworker, case, letter = issued
    pdf = caseworker.letters.print_pdf(letter.id).data
    forbidden = [REFERRER, "Smith", EMPLOYER, "Embassy Kabul", JOB, "Category 1", "ARAP", "MOD", "Pakistan"]
    for phone in (PHONE, SPOUSE_PHONE):
        forbidden += [f for f in phone_search_forms(normalise_phone(phone)) if len(f) >= 7]
    metadata = str(PdfReader(io.BytesIO(pdf)).metadata)
    for text in (pdftotext(pdf, tmp_path), pypdf_text(pdf), metadata):
        flat = text.replace(" ", "")
        for value in forbidden:
            assert value not in text and value.replace(" ", "") not in flat, value


def test_templates_cannot_reach_a_forbidden_field() -> None:
    from caseworker.documents.letter_templates import TemplateError, check_language

    for bad in ("{referrer}", "{phone}", "{case.referrer}", "{people[0]}", "{employer!r}", "stray { brace"):
        with pytest.raises(TemplateError) as exc:
            check_language("en", {"purpose": f"Hello {bad}"}, partial=True)
        assert "en/purpose" in str(exc.value)
    with pytest.raises(TemplateError, match="unknown placeholder {referrer}"):
        check_language("fa", {"validity": "تا {valid_to} {referrer}"}, partial=True)
    with pytest.raises(TemplateError, match="direction control"):
        check_language("fa", {"validity": "\u202e{valid_to}"}, partial=True)


def test_an_administrators_wording_reaches_the_letter(store: Store, admin: Services, caseworker: Services,
                                                      officer: Services, tmp_path: Path) -> None:  # fmt: skip
    from caseworker.documents.letter_templates import TemplateError

    with pytest.raises(TemplateError, match="unknown placeholder {referrer}"):
        admin.letters.settings.set_template("ISB", "en", {"purpose": "Referred by {referrer}."})
    with pytest.raises(Exception, match="may not manage settings"):
        caseworker.letters.settings.set_template("ISB", "en", {"purpose": "x"})
    admin.letters.settings.set_template("ISB", "en", {"purpose": "Special wording for {post_name} ({people_count} people)."})
    case = authorised_case(caseworker, officer)
    letter = officer.letters.approve(caseworker.letters.draft(case.id, crossings=["Torkham"]).id)
    text = pypdf_text(caseworker.letters.print_pdf(letter.id).data)
    assert "Special wording for Islamabad (3 people)." in text
    admin.letters.settings.reset_template("ISB")
    assert "Special wording" not in pypdf_text(caseworker.letters.preview_pdf(letter.id).data)


def test_draft_preview_is_watermarked_without_a_code(issued) -> None:
    caseworker, case, letter = issued
    draft = caseworker.letters.reissue(letter.id, valid_days=5)
    text = pypdf_text(caseworker.letters.preview_pdf(draft.id).data)
    assert "DRAFT — NOT VALID" in text and "QR code added on approval" in text
    assert letter.verification_code not in text


def test_letter_lines_in_dari_and_pashto_match_qt(issued, letter_fonts, qt_families) -> None:
    """The letter's own right-to-left sentences (with isolated dates, codes and names) shaped as Qt shapes them."""
    caseworker, case, letter = issued
    from caseworker.services.letters.content import content_for
    from caseworker.store.models import Letter

    with caseworker.store.read() as session:
        content = content_for(session, session.get(Letter, letter.id))
    renderer = letter_pdf.LetterRenderer()
    for lang in ("fa", "ps"):
        values = renderer.values(content, lang, 1, 1)
        style = renderer.s.body[lang]
        for key in ("letterhead", "purpose", "validity", "crossings", "verify_hint"):
            text = renderer.templates.text(lang, key, values)
            lines = layout_paragraph(text, style, letter_pdf.CONTENT_W)
            reference = qt_layout(qt_families, text, list(lines), True)
            for line, ref in zip(lines, reference, strict=True):
                assert_same_glyphs(mine(line, style.size), ref)


def test_long_families_continue_on_a_second_page_with_the_header_repeated() -> None:
    import datetime as dt

    from caseworker.documents.letter_content import CrossingPoint, LetterContent, LetterPerson

    person = LetterPerson("ALI KARIMI", "علی کریمی", dt.date(2001, 5, 6), False, "M", "PASSPORT", "P7654321", "SON")
    content = LetterContent("ISB", "Islamabad", "ISB/TA/2026/000009", 1, dt.date(2026, 1, 2), dt.date(2026, 1, 2),
                            dt.date(2026, 1, 31), (person,) * 24, (CrossingPoint("Torkham"),), "O. Officer",
                            "Authorising Officer", "TA1:EXAMPLE", "ABCDE-FGHIJ")  # fmt: skip
    reader = PdfReader(io.BytesIO(letter_pdf.render_pdf(content)))
    pages = [p.extract_text() for p in reader.pages]
    assert len(pages) == 2
    assert all("Name (as in document)" in p and "Not valid if altered" in p for p in pages)
    assert "Page 1 of 2" in pages[0] and "Page 2 of 2" in pages[1]
    assert "ABCDE-FGHIJ" in pages[1] and "ABCDE-FGHIJ" not in pages[0]
    assert sum(p.count("P7654321") for p in pages) == 24
