"""The document viewer: images (zoom, rotate, fit) and PDFs (QtPdf, with page
navigation). The bytes come from the caller, who has recorded the view."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QPointF, Qt
from PySide6.QtGui import QImage, QKeySequence, QPainter, QPixmap, QShortcut, QWheelEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from caseworker.gui.case_detail.common import human_size
from caseworker.services.dto import AttachmentView

ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.05, 20.0


class ImagePane(QGraphicsView):
    """An image that fits the window until the user zooms; Ctrl+wheel zooms."""

    def __init__(self, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.item = QGraphicsPixmapItem(QPixmap.fromImage(image))
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.item.setTransformOriginPoint(self.item.boundingRect().center())
        self.scene().addItem(self.item)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.fitting = True

    @property
    def zoom(self) -> float:
        return max(abs(self.transform().m11()), abs(self.transform().m12()))

    def zoom_by(self, factor: float) -> None:
        current = self.zoom
        factor = min(max(current * factor, MIN_ZOOM), MAX_ZOOM) / current
        self.fitting = False
        self.scale(factor, factor)

    def rotate_by(self, degrees: int) -> None:
        self.item.setRotation((self.item.rotation() + degrees) % 360)
        self.scene().setSceneRect(self.item.sceneBoundingRect())
        if self.fitting:
            self.fit()

    def fit(self) -> None:
        self.fitting = True
        self.scene().setSceneRect(self.item.sceneBoundingRect())
        self.fitInView(self.item, Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self.fitting:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
            event.accept()
        else:
            super().wheelEvent(event)


def load_pdf(data: bytes, owner: QObject) -> QPdfDocument:
    """A PDF document read from memory (the bytes never touch the disk).

    `owner` must be created before the view that shows the document and outlive
    it: deleting a QPdfView after its document crashes QtPdf.
    """
    document = QPdfDocument(owner)
    buffer = QBuffer(document)  # owns a copy of the bytes, and dies with the document
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return document


class PdfPane(QPdfView):
    def __init__(self, document: QPdfDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setDocument(document)
        self.setPageMode(QPdfView.PageMode.MultiPage)
        self.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        return self.pageNavigator().currentPage()

    def go_to(self, page: int) -> None:
        page = min(max(page, 0), max(self.page_count() - 1, 0))
        self.pageNavigator().jump(page, QPointF(), self.pageNavigator().currentZoom())

    def zoom_by(self, factor: float) -> None:
        self.setZoomMode(QPdfView.ZoomMode.Custom)
        self.setZoomFactor(min(max(self.zoomFactor() * factor, MIN_ZOOM), MAX_ZOOM))

    def fit(self) -> None:
        self.setZoomMode(QPdfView.ZoomMode.FitInView)


class DocumentViewer(QDialog):
    def __init__(
        self, attachment: AttachmentView, data: bytes, export: Callable[[QWidget], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.attachment = attachment
        self.setWindowTitle(self.tr("%1 — %2").replace("%1", attachment.filename).replace("%2", human_size(attachment.size)))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.image: ImagePane | None = None
        self.pdf: PdfPane | None = None
        self.stack = QStackedWidget(self)  # panes are created inside it, so Qt alone owns them
        if attachment.media_type == "application/pdf":
            self.pdf = PdfPane(load_pdf(data, self), self.stack)
            self.pdf.setAccessibleName(self.tr("PDF document"))
            self.stack.addWidget(self.pdf)
        elif attachment.media_type.startswith("image/") and not (image := QImage.fromData(data)).isNull():
            self.image = ImagePane(image, self.stack)
            self.image.setAccessibleName(self.tr("Image"))
            self.stack.addWidget(self.image)
        elif attachment.media_type == "text/plain":
            text = QPlainTextEdit(data.decode("utf-8", errors="replace"), self.stack)
            text.setReadOnly(True)
            text.setAccessibleName(self.tr("Text of the file"))
            self.stack.addWidget(text)
        else:
            label = QLabel(self.tr("There is no preview for this kind of file. Export a copy to open it."), self.stack)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.stack.addWidget(label)
        pane = self.pdf or self.image
        bar = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}

        def button(key: str, text: str, name: str, slot: Callable[[], object], shortcut: str = "") -> None:
            widget = QPushButton(text)
            widget.setAccessibleName(name)
            widget.setToolTip(name + (f" ({shortcut})" if shortcut else ""))
            widget.clicked.connect(slot)
            bar.addWidget(widget)
            self.buttons[key] = widget

        if pane is not None:
            button("zoom_out", "−", self.tr("Zoom out"), lambda: pane.zoom_by(1 / ZOOM_STEP), "-")
            button("zoom_in", "+", self.tr("Zoom in"), lambda: pane.zoom_by(ZOOM_STEP), "+")
            button("fit", self.tr("&Fit"), self.tr("Fit to the window"), pane.fit, "0")
            for keys, slot in ((("+", "="), lambda: pane.zoom_by(ZOOM_STEP)), (("-",), lambda: pane.zoom_by(1 / ZOOM_STEP)),
                               (("0",), pane.fit)):  # fmt: skip
                for key in keys:
                    QShortcut(QKeySequence(key), self, slot)
        if self.image is not None:
            image = self.image
            button("rotate_left", "⟲", self.tr("Rotate left"), lambda: image.rotate_by(-90), "L")
            button("rotate_right", "⟳", self.tr("Rotate right"), lambda: image.rotate_by(90), "R")
            QShortcut(QKeySequence("L"), self, lambda: image.rotate_by(-90))
            QShortcut(QKeySequence("R"), self, lambda: image.rotate_by(90))
        if self.pdf is not None:
            pdf = self.pdf
            button("previous", self.tr("◀ &Previous"), self.tr("Previous page"), lambda: pdf.go_to(pdf.current_page() - 1), "PgUp")
            self.page = QSpinBox()
            self.page.setAccessibleName(self.tr("Page"))
            self.page.setRange(1, max(pdf.page_count(), 1))
            self.page.setSuffix(self.tr(" of %s") % pdf.page_count())
            self.page.valueChanged.connect(lambda n: pdf.go_to(n - 1) if n - 1 != pdf.current_page() else None)
            bar.addWidget(self.page)
            button("next", self.tr("&Next ▶"), self.tr("Next page"), lambda: pdf.go_to(pdf.current_page() + 1), "PgDown")
            pdf.pageNavigator().currentPageChanged.connect(lambda n: self.page.setValue(n + 1))
        bar.addStretch()
        button("export", self.tr("&Export a copy…"), self.tr("Export a copy of the file"), lambda: export(self))
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack)
        self.resize(900, 700)
