"""A printed letter verified the way a partner does it: render, scan, check offline.

pdftoppm renders the PDF at 300 dpi (the print resolution) and zbarimg, a
decoder independent of the one the application uses, reads the QR code; the
verdict then comes from the public key and revocation list files alone.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from caseworker.documents import letter_payload as lp
from caseworker.documents import letter_verify as lv
from caseworker.documents import qr
from caseworker.services.api import Services
from caseworker.store.engine import Store
from tests.support.letters import authorised_case
from tests.support.stores import services_for

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("zbarimg")), reason="needs poppler-utils and zbar-tools"
)


@pytest.fixture
def people(sqlite_store: Store) -> Iterator[tuple[Services, Services]]:
    yield services_for(sqlite_store, "caseworker"), services_for(sqlite_store, "officer")


def scan(pdf: bytes, tmp_path: Path, dpi: int = 300, page: int = 1) -> str:
    """The QR text of a printed page, as zbarimg reads it."""
    (tmp_path / "letter.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", str(page), "-l", str(page),
                    str(tmp_path / "letter.pdf"), str(tmp_path / "page")], check=True, timeout=60)  # fmt: skip
    out = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(tmp_path / "page.png")],
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def partner_files(services: Services) -> tuple[lp.Ed25519PublicKey, lv.RevocationList]:
    pem, _ = services.letters.public_key_pem()
    key = lp.load_public_key(pem)
    return key, lv.read_revocation_list(services.letters.revocation_list(), key)


def test_scanned_letter_verifies_and_any_alteration_is_invalid(people, tmp_path: Path) -> None:
    caseworker, officer = people
    case = authorised_case(caseworker, officer)
    letter = officer.letters.approve(caseworker.letters.draft(case.id, crossings=["Torkham"]).id)
    text = scan(caseworker.letters.print_pdf(letter.id).data, tmp_path)
    key, revocations = partner_files(caseworker)
    result = lv.verify_text(text, key, revocations)
    assert result.verdict == "VALID", result.reason
    assert result.verification_code == letter.verification_code
    assert [p.name for p in result.payload.people] == [p.name_document for p in letter.people]  # type: ignore[union-attr]
    # one character of the text changed
    i = len(lp.PREFIX) + 40
    altered = text[:i] + ("A" if text[i] != "A" else "B") + text[i + 1 :]
    assert lv.verify_text(altered, key, revocations).verdict == "INVALID"
    # one letter of a name changed, the record still well formed: only the signature catches it
    raw = bytearray(lp.b45decode(text[len(lp.PREFIX) :]))
    at = raw.index(b"MOHAMMAD")
    raw[at] = ord("N")
    forged = lv.verify_text(lp.PREFIX + lp.b45encode(bytes(raw)), key, revocations)
    assert forged.verdict == "INVALID" and "signature" in forged.reason
    # the application's own decoder reads the same page
    assert qr.read_image_file(tmp_path / "page.png") == [text]


def test_revoked_superseded_and_expired(people, tmp_path: Path) -> None:
    caseworker, officer = people
    first = officer.letters.approve(
        caseworker.letters.draft(authorised_case(caseworker, officer).id, crossings=["Torkham"]).id)  # fmt: skip
    old_text = scan(caseworker.letters.print_pdf(first.id).data, tmp_path)
    second = officer.letters.approve(caseworker.letters.reissue(first.id, valid_days=10).id)
    new_text = scan(caseworker.letters.print_pdf(second.id).data, tmp_path)
    key, revocations = partner_files(caseworker)
    assert lv.verify_text(old_text, key, revocations).verdict == "SUPERSEDED"
    assert lv.verify_text(new_text, key, revocations).verdict == "VALID"
    assert lv.verify_text(new_text, key, None).verdict == "VALID"  # no list: signature and dates only
    later = dt.date.today() + dt.timedelta(days=10)
    expired = lv.verify_text(new_text, key, revocations, today=later)
    assert expired.verdict == "EXPIRED" and str(second.valid_to) in expired.reason
    officer.letters.revoke(second.id, "family reported the letter stolen")
    key, revocations = partner_files(caseworker)
    assert lv.verify_text(new_text, key, revocations).verdict == "REVOKED"
    assert caseworker.letters.verify(new_text).verdict == "REVOKED"  # the store's own view agrees


def test_another_stores_key_or_a_forged_revocation_list_is_refused(people, tmp_path: Path) -> None:
    caseworker, officer = people
    letter = officer.letters.approve(
        caseworker.letters.draft(authorised_case(caseworker, officer).id, crossings=["Torkham"]).id)  # fmt: skip
    text = scan(caseworker.letters.print_pdf(letter.id).data, tmp_path)
    stranger = lp.new_private_key()
    wrong = lv.verify_text(text, stranger.public_key())
    assert wrong.verdict == "INVALID" and "not with this public key" in wrong.reason
    key, _ = partner_files(caseworker)
    forged = lv.write_revocation_list([], stranger, dt.datetime.now(dt.UTC))
    with pytest.raises(lp.PayloadError, match="signature"):
        lv.read_revocation_list(forged, key)
    genuine = bytearray(caseworker.letters.revocation_list())
    tampered = bytes(genuine).replace(b'"letters": []', b'"letters":  []')  # whitespace only: still valid
    assert lv.read_revocation_list(tampered, key).entries == ()


def test_a_family_of_twelve_still_scans(people, tmp_path: Path) -> None:
    from caseworker.services.inputs import PersonInput

    caseworker, officer = people
    case = authorised_case(caseworker, officer)
    for n in range(9):
        caseworker.people.add(case.id, None, PersonInput(
            role="DEPENDANT", relationship="SON", doc_surname="KARIMI", doc_given_names=f"CHILD {chr(65 + n)}",
            name_original="کریمی", sex="M", birth_date=f"{2005 + n}-02-0{n + 1}", cleared_to_travel=True))  # fmt: skip
    letter = officer.letters.approve(caseworker.letters.draft(case.id, crossings=["Torkham", "Chaman"]).id)
    assert len(letter.people) == 12
    pdf = caseworker.letters.print_pdf(letter.id).data
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert pages == 2  # the table continues; the QR code is on the last page
    text = scan(pdf, tmp_path, page=2)
    key, revocations = partner_files(caseworker)
    assert lv.verify_text(text, key, revocations).verdict == "VALID"
