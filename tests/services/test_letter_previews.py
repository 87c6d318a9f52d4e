"""A preview is visibly not a letter (issue 19, point 1).

The hole: a preview of an issued letter was byte-identical to a counted print, with a
working QR code that `letters verify` called VALID, allowed to read-only users, and recorded
only as "previewed". Each test here attacks one part of that.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from caseworker.documents import letter_pdf
from caseworker.documents.letter_watermark import watermark_lines
from caseworker.domain.errors import PermissionDenied
from caseworker.domain.roles import Role
from caseworker.services.api import Services
from caseworker.services.users import authenticate
from caseworker.store.engine import Store
from caseworker.store.models import AuditEvent
from tests.documents.test_letter_pdf import pypdf_text
from tests.support.letters import authorised_case

needs_poppler = pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("zbarimg")),
                                   reason="needs poppler-utils and zbar-tools")


@pytest.fixture
def issued(caseworker: Services, officer: Services):  # type: ignore[no-untyped-def]
    case = authorised_case(caseworker, officer)
    return case, officer.letters.approve(caseworker.letters.draft(case.id, crossings=["Torkham"]).id)


def _qr_codes(pdf: bytes, tmp_path: Path) -> list[str]:
    (tmp_path / "p.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", str(tmp_path / "p.pdf"), str(tmp_path / "p")],
                   check=True, timeout=60)  # fmt: skip
    out = subprocess.run(["zbarimg", "--quiet", "--raw", str(tmp_path / "p.png")], capture_output=True, text=True,
                         timeout=60)  # fmt: skip
    return [line for line in out.stdout.splitlines() if line]


def test_a_preview_of_an_issued_letter_is_watermarked_and_carries_no_code(caseworker: Services, issued) -> None:  # type: ignore[no-untyped-def]
    _, letter = issued
    preview = caseworker.letters.preview_pdf(letter.id)
    text = pypdf_text(preview.data)
    assert "PREVIEW — NOT VALID" in text
    assert letter.verification_code not in text and "No QR code: not a valid copy" in text
    printed = caseworker.letters.print_pdf(letter.id)
    assert printed.data != preview.data and printed.sha256 != preview.sha256
    assert letter.verification_code in pypdf_text(printed.data) and "NOT VALID" not in pypdf_text(printed.data)


def test_the_watermark_is_drawn_in_english_dari_and_pashto(caseworker: Services, issued,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    _, letter = issued
    drawn: list[str] = []
    real = letter_pdf.layout_line
    monkeypatch.setattr(letter_pdf, "layout_line", lambda text, style, *a: drawn.append(text) or real(text, style, *a))
    caseworker.letters.preview_pdf(letter.id)
    lines = [text for _, text in watermark_lines("PREVIEW")]
    assert lines[0] == "PREVIEW — NOT VALID" and "پیش‌نمایش" in lines[1] and "مخکتنه" in lines[2]
    assert all(line in drawn for line in lines)


@needs_poppler
def test_a_scanned_preview_has_no_qr_code_while_the_print_has(caseworker: Services, issued, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, letter = issued
    assert _qr_codes(caseworker.letters.preview_pdf(letter.id).data, tmp_path) == []
    codes = _qr_codes(caseworker.letters.print_pdf(letter.id).data, tmp_path)
    assert len(codes) == 1 and codes[0].startswith("TA1:")


def test_previews_do_not_count_and_are_recorded_with_the_people_and_the_hash(store: Store, caseworker: Services,
                                                                            issued) -> None:  # type: ignore[no-untyped-def]
    case, letter = issued
    preview = caseworker.letters.preview_pdf(letter.id)
    assert caseworker.letters.get(letter.id).print_count == 0
    with store.read() as session:
        event = session.execute(select(AuditEvent.case_id, AuditEvent.entity_id, AuditEvent.after)
                                .where(AuditEvent.action == "view.letter")
                                .order_by(AuditEvent.seq.desc()).limit(1)).one()
    assert event.case_id == case.id and event.entity_id == letter.id
    assert event.after == {"sha256": preview.sha256, "status": "ISSUED", "person_ids": list(letter.person_ids)}


def test_a_read_only_user_may_neither_print_nor_preview(admin: Services, store: Store, issued) -> None:  # type: ignore[no-untyped-def]
    _, letter = issued
    admin.users.add("reader", "Reader", Role.READ_ONLY, "reader password")
    reader = Services(store, authenticate(store, "reader", "reader password"))
    with pytest.raises(PermissionDenied):
        reader.letters.print_pdf(letter.id)
    with pytest.raises(PermissionDenied):
        reader.letters.preview_pdf(letter.id)
