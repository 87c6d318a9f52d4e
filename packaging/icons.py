"""The application icon in every format, generated from one source:
``resources/icons/app.svg`` → PNGs → ``.ico`` (Windows) and ``.icns`` (macOS).

Run by ``build.spec``; also usable alone: ``python packaging/icons.py OUTDIR``.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "icons" / "app.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)


def render_png(size: int) -> bytes:
    """The SVG drawn by Qt at `size`×`size`, as PNG bytes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (keeps Qt's GUI state alive)
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"cannot read the icon source {SOURCE}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def build_icons(out: Path) -> dict[str, Path]:
    """Write app.png (256 px), app.ico and app.icns into `out`; return their paths."""
    from PIL import Image

    out.mkdir(parents=True, exist_ok=True)
    images = {size: Image.open(io.BytesIO(render_png(size))).convert("RGBA") for size in SIZES}
    paths = {"png": out / "app.png", "ico": out / "app.ico", "icns": out / "app.icns"}
    images[256].save(paths["png"])
    images[256].save(paths["ico"], sizes=[(s, s) for s in SIZES if s <= 256])
    images[1024].save(paths["icns"], append_images=[images[s] for s in (16, 32, 64, 128, 256, 512)])
    return paths


if __name__ == "__main__":
    for kind, path in build_icons(Path(sys.argv[1] if len(sys.argv) > 1 else "build/icons")).items():
        print(f"{kind}: {path} ({path.stat().st_size:,} bytes)")
