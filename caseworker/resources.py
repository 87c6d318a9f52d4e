"""Where the application's files that are not Python code live, frozen or not.

In a source checkout the root is the repository; inside a PyInstaller bundle
it is the bundle's unpack folder (``sys._MEIPASS``). ``build.spec`` copies
``resources/`` (fonts, icons, letter templates, translations) and the Alembic
migrations to the same places below that root, so every lookup goes through
the two functions here and nothing else needs to know whether it is frozen.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["app_root", "asset_path", "package_path", "resources_root"]


def app_root() -> Path:
    """The bundle's unpack folder when frozen, else the repository."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def resources_root() -> Path:
    """The ``resources`` folder."""
    return app_root() / "resources"


def package_path(relative: str) -> Path:
    """A data folder kept inside the package, e.g. ``caseworker/store/migrations``."""
    path = app_root() / relative
    if not path.exists():
        raise FileNotFoundError(f"bundled data missing: {path}")
    return path


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
