"""The letter windows, driven as a user would, with the system dialogs patched."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from caseworker.gui.letters import (
    BatchPrintDialog,
    CaseLettersTab,
    DraftLetterDialog,
    LetterApprovalsPanel,
    LetterPreviewDialog,
    VerifyLetterDialog,
    approvals,
    case_letters,
    pdf,
    verify_dialog,
)
from caseworker.gui.letters.model import LetterTableModel
from caseworker.services.api import Services
from caseworker.store.engine import Store
from tests.support.letters import authorised_case
from tests.support.stores import services_for

SHOTS = os.environ.get("CASEWORKER_SHOTS")  # set to a folder to keep screenshots for a look


@pytest.fixture
def users(sqlite_store: Store) -> tuple[Services, Services]:
    return services_for(sqlite_store, "caseworker"), services_for(sqlite_store, "officer")


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    return shown


def shot(widget, name: str, qtbot: QtBot | None = None) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        if qtbot is not None:
            widget.show()
            qtbot.wait(1500)  # QPdfView renders pages asynchronously
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def pdf_printer(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    def ask(parent):  # type: ignore[no-untyped-def]
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return printer

    monkeypatch.setattr(pdf, "ask_printer", ask)


def issue(caseworker: Services, officer: Services, crossing: str = "Torkham") -> int:
    case = authorised_case(caseworker, officer)
    return officer.letters.approve(caseworker.letters.draft(case.id, crossings=[crossing]).id).id


def test_draft_dialog_lists_the_family_and_drafts(qtbot: QtBot, users, no_message_boxes) -> None:  # type: ignore[no-untyped-def]
    caseworker, officer = users
    case = authorised_case(caseworker, officer)
    dialog = DraftLetterDialog(caseworker, case.id)
    qtbot.addWidget(dialog)
    people = [dialog.people.item(i) for i in range(dialog.people.count())]
    assert [p.checkState() == Qt.CheckState.Checked for p in people] == [True, True, True, False]
    assert not people[3].flags() & Qt.ItemFlag.ItemIsEnabled and "not cleared" in people[3].text()
    assert dialog.valid_days.value() == 30 and dialog.post.currentData() == "ISB"
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.letter is None and "at least one authorised crossing point" in no_message_boxes[-1]
    people[2].setCheckState(Qt.CheckState.Unchecked)
    dialog.crossings.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.valid_days.setValue(21)
    shot(dialog, "draft_dialog")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.letter is not None
    stored = caseworker.letters.get(dialog.letter.id)
    assert (stored.status, len(stored.people), stored.valid_days, stored.crossings) == ("DRAFT", 2, 21, ("Torkham",))


def test_approvals_queue_previews_then_issues(qtbot: QtBot, users) -> None:  # type: ignore[no-untyped-def]
    caseworker, officer = users
    case = authorised_case(caseworker, officer)
    draft = caseworker.letters.draft(case.id, crossings=["Chaman"])
    dialog = LetterApprovalsPanel(officer)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1 and dialog.preview.page_count() == 1
    shot(dialog, "approvals", qtbot)
    qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
    assert officer.letters.get(draft.id).status == "ISSUED"
    assert dialog.model.rowCount() == 0 and "Issued ISB/TA/" in dialog.summary.text()
    assert caseworker.cases.get(case.id).status == "LETTER_ISSUED"


def test_approvals_queue_rejects_with_a_reason(qtbot: QtBot, users, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    caseworker, officer = users
    draft = caseworker.letters.draft(authorised_case(caseworker, officer).id, crossings=["Chaman"])
    monkeypatch.setattr(approvals, "ask_reason", lambda *a: "wrong crossing")
    dialog = LetterApprovalsPanel(officer)
    qtbot.addWidget(dialog)
    dialog.reject_button.click()
    rejected = officer.letters.get(draft.id)
    assert (rejected.status, rejected.end_reason) == ("REJECTED", "wrong crossing")


def test_a_caseworker_cannot_approve_from_the_queue(qtbot: QtBot, users, no_message_boxes) -> None:  # type: ignore[no-untyped-def]
    caseworker, officer = users
    officer.letters.draft(authorised_case(caseworker, officer).id, crossings=["Chaman"])
    dialog = LetterApprovalsPanel(caseworker)
    qtbot.addWidget(dialog)
    assert dialog.approve_button.isHidden()
    dialog.approve_current()
    assert no_message_boxes and "may not approve" in no_message_boxes[0]


def printed_copy(services, letter_id: int) -> bytes:  # type: ignore[no-untyped-def]
    """The bytes of a counted print, drawn again (output is deterministic) without counting it."""
    from caseworker.documents.letter_pdf import render_pdf
    from caseworker.services.letters.content import content_for
    from caseworker.services.letters.settings import post_templates
    from caseworker.store.models import Letter

    with services.store.read() as session:
        letter = session.get(Letter, letter_id)
        return render_pdf(content_for(session, letter), post_templates(session, letter.post_code))


def test_preview_prints_and_saves_counting_each_copy(qtbot: QtBot, users, monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    caseworker, officer = users
    letter_id = issue(caseworker, officer)
    printed, saved = tmp_path / "printed.pdf", tmp_path / "saved.pdf"
    pdf_printer(monkeypatch, printed)
    monkeypatch.setattr(pdf, "ask_save_path", lambda parent, suggested: saved)
    dialog = LetterPreviewDialog(caseworker, letter_id)
    qtbot.addWidget(dialog)
    shot(dialog, "preview", qtbot)
    assert dialog.print_letter() and printed.stat().st_size > 10_000
    assert dialog.save_letter() and saved.read_bytes() == printed_copy(caseworker, letter_id)
    assert saved.read_bytes() != caseworker.letters.preview_pdf(letter_id).data  # the preview is not the letter
    assert caseworker.letters.get(letter_id).print_count == 2
    assert "printed 2 time(s)" in dialog.info.text()


def test_preview_of_a_draft_cannot_be_printed(qtbot: QtBot, users) -> None:  # type: ignore[no-untyped-def]
    caseworker, officer = users
    draft = caseworker.letters.draft(authorised_case(caseworker, officer).id, crossings=["Chaman"])
    dialog = LetterPreviewDialog(caseworker, draft.id)
    qtbot.addWidget(dialog)
    assert not dialog.print_button.isEnabled() and "cannot be printed" in dialog.info.text()


def test_batch_saves_the_live_letters_and_skips_the_rest(qtbot: QtBot, users, monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    caseworker, officer = users
    issued = [issue(caseworker, officer) for _ in range(3)]
    draft = caseworker.letters.draft(authorised_case(caseworker, officer).id, crossings=["Chaman"]).id
    target = tmp_path / "batch.pdf"
    monkeypatch.setattr(pdf, "ask_save_path", lambda parent, suggested: target)
    dialog = BatchPrintDialog(caseworker, [*issued, draft])
    qtbot.addWidget(dialog)
    dialog.start_save()
    qtbot.waitUntil(lambda: "Saved" in dialog.status.text(), timeout=30_000)
    shot(dialog, "batch")
    assert "Skipped: draft letter" in dialog.status.text()
    assert len(PdfReader(io.BytesIO(target.read_bytes())).pages) == 3
    assert [caseworker.letters.get(i).print_count for i in issued] == [1, 1, 1]


def test_batch_prints_through_the_print_dialog(qtbot: QtBot, users, monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    caseworker, officer = users
    issued = [issue(caseworker, officer) for _ in range(2)]
    printed = tmp_path / "printer.pdf"
    pdf_printer(monkeypatch, printed)
    dialog = BatchPrintDialog(caseworker, issued)
    qtbot.addWidget(dialog)
    dialog.start_print()
    qtbot.waitUntil(lambda: "to the printer." in dialog.status.text(), timeout=30_000)
    assert len(PdfReader(str(printed)).pages) == 2


def test_a_cancelled_batch_records_nothing(users) -> None:  # type: ignore[no-untyped-def]
    caseworker, officer = users
    letter_id = issue(caseworker, officer)
    result = caseworker.letters.print_batch([letter_id], io.BytesIO(), cancelled=lambda: True)
    assert result.cancelled and caseworker.letters.get(letter_id).print_count == 0


def test_verify_dialog_from_text_pdf_image_and_code(qtbot: QtBot, users, monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image

    caseworker, officer = users
    letter_id = issue(caseworker, officer)
    letter = caseworker.letters.get(letter_id)
    data = caseworker.letters.print_pdf(letter_id).data
    (tmp_path / "l.pdf").write_bytes(data)
    dialog = VerifyLetterDialog(officer)
    qtbot.addWidget(dialog)
    dialog.source.setCurrentIndex(2)
    monkeypatch.setattr(verify_dialog, "ask_open_path", lambda *a: tmp_path / "l.pdf")
    dialog.pages.currentWidget().findChildren(type(dialog.verify_button))[0].click()  # Browse…
    dialog.verify_button.click()
    assert "VALID" in dialog.verdict.text() and dialog.people.rowCount() == 3
    shot(dialog, "verify")
    from caseworker.documents import qr

    text = qr.read_pdf_file(tmp_path / "l.pdf")[0]
    Image.open(io.BytesIO(_png(tmp_path / "l.pdf"))).save(tmp_path / "photo.png")
    dialog.source.setCurrentIndex(1)
    dialog.image_path.setText(str(tmp_path / "photo.png"))
    dialog.verify_button.click()
    assert dialog.results[0].verdict == "VALID"
    dialog.source.setCurrentIndex(0)
    dialog.text.setPlainText(text[:-3] + ("AAA" if not text.endswith("AAA") else "BBB"))
    dialog.verify_button.click()
    assert dialog.results[0].verdict == "INVALID" and dialog.people.rowCount() == 0
    dialog.source.setCurrentIndex(3)
    dialog.reference.setText(letter.reference or "")
    dialog.code.setText(letter.verification_code)
    dialog.verify_button.click()
    assert dialog.results[0].verdict == "VALID"


def _png(path: Path) -> bytes:
    from caseworker.documents import qr

    buf = io.BytesIO()
    qr._pdf_pages_qt(path, 150)[0].save(buf, "PNG")
    return buf.getvalue()


def test_case_letters_tab_shows_status_and_revokes(qtbot: QtBot, users, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    caseworker, officer = users
    case = authorised_case(caseworker, officer)
    first = officer.letters.approve(caseworker.letters.draft(case.id, crossings=["Torkham"]).id)
    officer.letters.approve(caseworker.letters.reissue(first.id, valid_days=10).id)
    tab = CaseLettersTab(officer, case.id)
    qtbot.addWidget(tab)
    tab.resize(900, 300)
    shot(tab, "case_letters")
    statuses = [tab.model.index(r, 1).data() for r in range(tab.model.rowCount())]
    assert statuses == ["Issued", "Superseded"]
    tab.table.selectRow(0)
    assert tab.revoke_button.isEnabled()
    monkeypatch.setattr(case_letters, "ask_reason", lambda *a: "family withdrew")
    tab.revoke_current()
    assert tab.model.index(0, 1).data() == "Revoked"
    revoked = tab.model.letter(0)
    assert revoked is not None and officer.letters.get(revoked.id).end_reason == "family withdrew"
    caseworker_tab = CaseLettersTab(caseworker, case.id)  # caseworkers cannot revoke
    qtbot.addWidget(caseworker_tab)
    officer.letters.approve(caseworker.letters.reissue(revoked.id).id)
    caseworker_tab.refresh()
    caseworker_tab.table.selectRow(0)
    assert caseworker_tab.model.index(0, 1).data() == "Issued" and caseworker_tab.revoke_button.isHidden()


def test_letter_model_passes_the_model_tester(qtmodeltester, users) -> None:  # type: ignore[no-untyped-def]
    caseworker, officer = users
    model = LetterTableModel()
    qtmodeltester.check(model)
    issue(caseworker, officer)
    model.set_letters(caseworker.letters.list())
    qtmodeltester.check(model)
    assert model.rowCount() == 1 and model.index(0, 0).data().startswith("ISB/TA/")
