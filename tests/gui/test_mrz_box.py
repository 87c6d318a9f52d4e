"""Issue 13 in the person dialog: OCR corrections and partial dates are shown, visas fill only the person."""

from __future__ import annotations

import datetime as dt

from mrz.base.functions import hash_string
from pytestqt.qtbot import QtBot

from caseworker.domain.mrz import compose_td3
from caseworker.gui.case_detail.person_dialog import PersonDialog

MRV_A = ("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L8988901C4XXX4009078F96121096ZE184226B<<<<<<")


def dialog(qtbot: QtBot) -> PersonDialog:
    d = PersonDialog(lambda *_: None)
    qtbot.addWidget(d)
    return d


def zahra() -> tuple[str, str]:
    return compose_td3(surname="KARIMI", given_names="ZAHRA", document_number="P0A123456", nationality="AFG",
                       birth_date=dt.date(2012, 5, 14), sex="F", expiry_date=dt.date(2031, 1, 1))


def zahra_born(birth: str) -> str:
    """Zahra's zone with ``birth`` as her date of birth, check digits from the mrz package."""
    line1, line2 = zahra()
    body = line2[:13] + birth + hash_string(birth) + line2[20:43]
    return f"{line1}\n{body}{hash_string(body[:10] + body[13:20] + body[21:43])}"


def test_an_ocr_correction_is_shown_and_the_corrected_zone_is_stored(qtbot: QtBot) -> None:
    line1, line2 = zahra()
    slipped = line2[:15] + "O" + line2[16:]  # "120514" scanned as "12O514"
    d = dialog(qtbot)
    d.documents.mrz.edit.setPlainText(f"{line1}\n{slipped}")
    box = d.documents.mrz
    assert "⚠ line 2, position 16: read O as 0" in box.checks.text()
    assert "after the corrections" in box.summary.text()
    assert d.birth_date.text() == "14/05/2012" and d.precision.currentData() == "EXACT"
    assert box.raw() == f"{line1}\n{line2}"
    stored = box.checks_for_storage()
    assert {"field": "reader", "note": "line 2, position 16: read O as 0", "ok": True} in stored
    assert all(c["ok"] for c in stored)


def test_a_year_only_birth_date_fills_the_year_with_its_precision(qtbot: QtBot) -> None:
    d = dialog(qtbot)
    d.birth_date.setText("")
    d.documents.mrz.edit.setPlainText(zahra_born("12<<<<"))
    assert d.birth_date.text() == "2012" and d.precision.currentData() == "YEAR_ONLY"
    assert "kept as 2012 (year only)" in d.documents.mrz.checks.text()
    assert "✗" not in d.documents.mrz.checks.text()


def test_an_unknown_birth_date_leaves_the_typed_one(qtbot: QtBot) -> None:
    d = dialog(qtbot)
    d.birth_date.setText("c. 2012")
    d.documents.mrz.edit.setPlainText(zahra_born("<<<<<<"))
    assert d.birth_date.text() == "c. 2012"
    assert "date of birth unknown in the zone" in d.documents.mrz.checks.text()


def test_a_visa_fills_the_person_but_not_the_document(qtbot: QtBot) -> None:
    d = dialog(qtbot)
    d.documents.mrz.edit.setPlainText("\n".join(MRV_A))
    box = d.documents.mrz
    assert "This is a visa (MRV-A)" in box.summary.text()
    assert "All check digits are correct" in box.summary.text()
    assert "composite" not in box.checks.text() and "whole zone" not in box.checks.text()
    assert (d.surname.text(), d.given_names.text()) == ("ERIKSSON", "ANNA MARIA")
    assert d.documents.number.text() == ""
    assert d.documents._current() is None  # nothing to store as an identity document
