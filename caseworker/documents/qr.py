"""QR codes on letters: encode, draw as vector, and read back from images or PDFs.

Encoding uses zxing-cpp (a self-contained C++ library with wheels for every
platform the application ships on): it picks the alphanumeric mode for our
Base45 text by itself and takes under a millisecond, where ReportLab's
pure-Python encoder takes about 20 ms per code, which would dominate a batch
of 500 letters. The modules are drawn as one filled path of rectangles in
module units, so the code is sharp at any print resolution.

Reading uses zxing-cpp too (the application and ``letters verify``); the
tests also read every code with ``zbarimg`` as an independent decoder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ERROR_CORRECTION = "M"  # 15% of the code can be damaged or dirty and still read
QUIET_ZONE = 4  # modules of white border required around the code


@dataclass(frozen=True, slots=True)
class QrMatrix:
    """Dark modules of a QR code, row by row from the top, without the quiet zone."""

    size: int
    runs: tuple[tuple[tuple[int, int], ...], ...]  # per row: (first column, length) of dark runs


def encode(text: str) -> QrMatrix:
    import zxingcpp

    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level=ERROR_CORRECTION)
    image = barcode.to_image(scale=1, add_quiet_zones=False)
    view = memoryview(image)
    height, width = view.shape
    data = view.tobytes()
    rows = []
    for r in range(height):
        row = data[r * width : (r + 1) * width]
        runs = []
        c = 0
        while c < width:
            if row[c] < 128:  # dark
                start = c
                while c < width and row[c] < 128:
                    c += 1
                runs.append((start, c - start))
            else:
                c += 1
        rows.append(tuple(runs))
    return QrMatrix(width, tuple(rows))


def draw(canvas, matrix: QrMatrix, x: float, y: float, size: float) -> None:
    """Draw the code (quiet zone included) in the square with lower-left corner (x, y)."""
    n = matrix.size + 2 * QUIET_ZONE
    module = size / n
    ops = [
        "q 0 g",
        f"{module:.5f} 0 0 {-module:.5f} {x + QUIET_ZONE * module:.3f} {y + size - QUIET_ZONE * module:.3f} cm",
    ]
    for r, runs in enumerate(matrix.runs):
        for c, length in runs:
            ops.append(f"{c} {r} {length} 1 re")
    ops.append("f Q")
    canvas.addLiteral("\n".join(ops))


# --------------------------------------------------------------------------- reading


class QrReadError(ValueError):
    """No letter QR code could be read from the file."""


def read_image(image) -> list[str]:
    """Texts of the QR codes in a PIL image (or anything zxing-cpp reads)."""
    import zxingcpp

    results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return [r.text for r in results if r.valid]


def read_image_file(path: Path) -> list[str]:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.load()
            return read_image(image.convert("L"))
    except (OSError, UnidentifiedImageError) as exc:
        raise QrReadError(f"{path}: not an image that can be read ({exc})") from None


def read_pdf_file(path: Path, dpi: int = 200) -> list[str]:
    """Render each page of a PDF and read the QR codes on it.

    Uses QtPdf (shipped with the application, also in the frozen bundle); if
    Qt cannot be loaded, poppler's ``pdftoppm`` when it is installed.
    """
    texts: list[str] = []
    for image in _pdf_pages(path, dpi):
        texts.extend(read_image(image))
    return texts


def _pdf_pages(path: Path, dpi: int) -> list:
    try:
        return _pdf_pages_qt(path, dpi)
    except ImportError:
        pass
    if shutil.which("pdftoppm"):
        return _pdf_pages_poppler(path, dpi)
    raise QrReadError("cannot render PDF pages here (neither QtPdf nor pdftoppm is available)")


def _pdf_pages_qt(path: Path, dpi: int) -> list:
    from PIL import Image

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QGuiApplication, QImage
    from PySide6.QtPdf import QPdfDocument

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - QtPdf needs one
    doc = QPdfDocument()
    if doc.load(str(path)) != QPdfDocument.Error.None_:
        raise QrReadError(f"{path}: not a PDF that can be read")
    pages = []
    for i in range(doc.pageCount()):
        points = doc.pagePointSize(i)
        qsize = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
        # QtPdf leaves the page transparent: put it on white paper before reading.
        qimage = doc.render(i, qsize).convertToFormat(QImage.Format.Format_RGBA8888)
        stride = qimage.bytesPerLine()
        raw = bytes(qimage.constBits())[: stride * qimage.height()]
        rgba = Image.frombuffer("RGBA", (qimage.width(), qimage.height()), raw, "raw", "RGBA", stride, 1)
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        pages.append(Image.alpha_composite(paper, rgba).convert("L"))
    doc.close()
    return pages


def _pdf_pages_poppler(path: Path, dpi: int) -> list:
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(path), str(Path(tmp) / "page")],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        if result.returncode != 0:
            raise QrReadError(f"{path}: not a PDF that can be read ({result.stderr.strip()})")
        pages = []
        for page in sorted(Path(tmp).glob("page*.png")):
            with Image.open(page) as image:
                pages.append(image.convert("L"))
        return pages
