"""Showing, printing and saving PDF bytes with QtPdf; the modal questions live here too.

``ask_printer`` and ``ask_save_path`` wrap the system dialogs so that the
letter dialogs stay testable: tests replace these two functions.

QtPdf is imported by the functions that show or print a PDF: the letter
windows that use this module are built with the main window, and a session
that never looks at a letter should not load the PDF engine.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument

PRINT_DPI = 300  # the QR code is read from paper at this resolution


def ask_printer(parent: QWidget | None) -> QPrinter | None:
    """The system print dialog; the chosen printer, or None if cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    dialog = QPrintDialog(printer, parent)
    return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None


def ask_save_path(parent: QWidget | None, suggested: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, parent.tr("Save as PDF") if parent else "Save as PDF",
                                          suggested, "PDF (*.pdf)")  # fmt: skip
    return Path(name) if name else None


def load_document(data: bytes, parent=None) -> tuple[QPdfDocument, QBuffer]:  # type: ignore[no-untyped-def]
    """A QPdfDocument over ``data``; keep the buffer alive as long as the document."""
    from PySide6.QtPdf import QPdfDocument

    buffer = QBuffer(parent)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(parent)
    document.load(buffer)
    return document, buffer


def print_document(
    document: QPdfDocument, printer: QPrinter, progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:  # fmt: skip
    """Send every page to ``printer`` as a 300 dpi image; returns the pages sent."""
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                      printer.pageLayout().margins()))  # fmt: skip
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be started")
    sent = 0
    try:
        total = document.pageCount()
        for i in range(total):
            if cancelled and cancelled():
                break
            if i:
                printer.newPage()
            points = document.pagePointSize(i)
            image = document.render(i, QSize(round(points.width() * PRINT_DPI / 72), round(points.height() * PRINT_DPI / 72)))
            target = painter.viewport()
            painter.drawImage(QRect(0, 0, target.width(), target.height()), image)
            sent += 1
            if progress:
                progress(sent, total)
    finally:
        painter.end()
    return sent


class PdfPreview(QWidget):
    """A scrolling, zoomable view of PDF bytes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        from PySide6.QtPdfWidgets import QPdfView

        super().__init__(parent)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName(self.tr("Letter preview"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.document: QPdfDocument | None = None
        self._buffer: QBuffer | None = None

    def set_pdf(self, data: bytes | None) -> None:
        old = (self.document, self._buffer)
        if data:
            self.document, self._buffer = load_document(data, self)
        else:
            self.document = self._buffer = None
        self.view.setDocument(self.document)
        for obj in old:
            if obj is not None:
                obj.deleteLater()

    def page_count(self) -> int:
        return self.document.pageCount() if self.document else 0
