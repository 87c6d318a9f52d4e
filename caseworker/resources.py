"""Where the application's bundled resources (fonts, icons, templates) live.

Resources sit in ``<repo>/resources`` in a source checkout and in
``<bundle>/resources`` inside a PyInstaller bundle (``sys._MEIPASS``), so
``build.spec`` must copy the folder as ``resources``. Every lookup goes through
:func:`asset_path` so there is one place that knows this.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["asset_path", "resources_root"]


def resources_root() -> Path:
    """The ``resources`` folder: bundled when frozen, else the repository's."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def asset_path(relative: str) -> Path:
    """Absolute path of a bundled resource, e.g. ``asset_path("fonts/OFL.txt")``.

    Raises FileNotFoundError naming the path when the file is missing, so a
    broken bundle fails with a clear message instead of a ReportLab traceback.
    """
    rel = Path(relative)
    if rel.is_absolute() or ".." in rel.parts:
        raise ValueError(f"asset path must be relative and inside resources/: {relative!r}")
    path = resources_root() / rel
    if not path.exists():
        raise FileNotFoundError(f"bundled resource missing: {path}")
    return path
