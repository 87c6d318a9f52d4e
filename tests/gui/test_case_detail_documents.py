"""Attaching files by drag and drop, viewing PDFs and images, exporting an audited copy."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from reportlab.pdfgen.canvas import Canvas

from caseworker.services.api import Services
from tests.gui.test_case_detail_flows import open_case
from tests.support.factories import new_case


def two_page_pdf(path: Path) -> Path:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for page in (1, 2):
        canvas.drawString(72, 720, f"Tazkira scan, page {page}")
        canvas.showPage()
    canvas.save()
    path.write_bytes(buffer.getvalue())
    return path


def photo(path: Path, width: int = 400, height: int = 300) -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366aa"))
    buffer = QBuffer()
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    path.write_bytes(bytes(buffer.data()))
    return path


def drop_files(widget: object, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(
        QPointF(widget.rect().center()), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )  # type: ignore[attr-defined]
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(widget.rect().center()), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # type: ignore[attr-defined]  # fmt: skip
    QApplication.sendEvent(widget, drop)


def test_attach_a_pdf_and_an_image_and_view_them(
    qtbot: QtBot, desk: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = new_case(desk)
    widget = open_case(qtbot, desk, case.id)
    tab = widget.documents
    tab.person.setCurrentIndex(tab.person.findData(case.people[0].id))
    with qtbot.waitSignal(widget.caseChanged):
        drop_files(widget, [two_page_pdf(tmp_path / "tazkira.pdf"), photo(tmp_path / "family.png")])
    assert widget.tabs.currentWidget() is tab
    stored = desk.cases.get(case.id).attachments
    assert [(a.filename, a.media_type, a.kind, a.person_id, a.added_by) for a in stored] == [
        ("tazkira.pdf", "application/pdf", "DOCUMENT_SCAN", case.people[0].id, "caseworker"),
        ("family.png", "image/png", "DOCUMENT_SCAN", case.people[0].id, "caseworker"),
    ]
    assert tab.model.rowCount() == 2 and tab.model.index(0, 4).data() == "MOHAMMAD KARIMI"

    tab.table.selectRow(0)
    pdf_viewer = tab.view_selected()
    assert pdf_viewer is not None and pdf_viewer.pdf is not None
    qtbot.waitUntil(lambda: pdf_viewer.pdf.document.status() == QPdfDocument.Status.Ready)
    assert pdf_viewer.pdf.page_count() == 2 and pdf_viewer.page.value() == 1
    qtbot.mouseClick(pdf_viewer.buttons["next"], Qt.MouseButton.LeftButton)
    assert pdf_viewer.pdf.current_page() == 1 and pdf_viewer.page.value() == 2
    pdf_viewer.page.setValue(1)
    assert pdf_viewer.pdf.current_page() == 0
    qtbot.mouseClick(pdf_viewer.buttons["zoom_in"], Qt.MouseButton.LeftButton)
    assert pdf_viewer.pdf.zoomFactor() > 1.0

    tab.table.selectRow(1)
    image_viewer = tab.view_selected()
    assert image_viewer is not None and image_viewer.image is not None
    pane = image_viewer.image
    assert pane.item.pixmap().size().toTuple() == (400, 300)
    fitted = pane.zoom
    qtbot.mouseClick(image_viewer.buttons["zoom_in"], Qt.MouseButton.LeftButton)
    assert pane.zoom == pytest.approx(fitted * 1.25) and not pane.fitting
    qtbot.mouseClick(image_viewer.buttons["rotate_right"], Qt.MouseButton.LeftButton)
    assert pane.item.rotation() == 90
    qtbot.mouseClick(image_viewer.buttons["fit"], Qt.MouseButton.LeftButton)
    assert pane.fitting and pane.zoom == pytest.approx(fitted, rel=0.35)

    views = [e for e in desk.history.for_case(case.id, include_views=True) if e.action == "view.attachment"]
    assert sorted(e.summary for e in views) == ["viewed family.png", "viewed tazkira.pdf"]

    target = tmp_path / "exported" / "copy.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(target), ""))
    qtbot.mouseClick(pdf_viewer.buttons["export"], Qt.MouseButton.LeftButton)
    assert target.read_bytes() == (tmp_path / "tazkira.pdf").read_bytes()
    exports = [e for e in desk.history.for_case(case.id) if e.action == "export.attachment"]
    assert [e.summary for e in exports] == ["exported tazkira.pdf"]


def test_a_file_too_large_is_refused_by_name_and_the_others_attached(
    qtbot: QtBot, desk: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *_a: warnings.append(text))
    case = new_case(desk)
    widget = open_case(qtbot, desk, case.id)
    huge = tmp_path / "video.mp4"
    with huge.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)
    chat = tmp_path / "chat.txt"
    chat.write_text("[12/03/2026, 09:14] Mohammad: salaam", encoding="utf-8")
    added = widget.documents.attach_paths([huge, chat])
    assert [a.filename for a in added] == ["chat.txt"]
    assert len(warnings) == 1 and "video.mp4 is 51.0 MB" in warnings[0]
    assert [a.filename for a in desk.cases.get(case.id).attachments] == ["chat.txt"]
    widget.documents.table.selectRow(0)
    viewer = widget.documents.view_selected()
    assert viewer is not None and viewer.pdf is None and viewer.image is None  # shown as text
