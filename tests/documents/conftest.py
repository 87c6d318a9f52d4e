"""Fixtures for the documents tests.

Qt serves only as an independent reference text layout (QTextLayout runs its
own bidi algorithm, itemisation and line layout over its own bundled
HarfBuzz); the code under test never imports Qt.
"""

from __future__ import annotations

import os

# Before anything imports Qt: no display is needed (or wanted) for these tests.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def letter_fonts():
    from caseworker.documents.rtl import register_fonts

    return register_fonts()


@pytest.fixture(scope="session")
def qt_families():
    """A QApplication with the bundled TTFs loaded; maps ReportLab font name -> Qt family.

    Reuses an existing QApplication (pytest-qt's ``qapp`` makes the same kind).
    """
    widgets = pytest.importorskip("PySide6.QtWidgets")
    from PySide6.QtGui import QFontDatabase

    from caseworker.documents.rtl import FONT_FILES
    from caseworker.resources import asset_path

    app = widgets.QApplication.instance() or widgets.QApplication([])
    families = {}
    for name, relative in FONT_FILES.items():
        font_id = QFontDatabase.addApplicationFont(str(asset_path(relative)))
        assert font_id >= 0, f"Qt could not load {relative}"
        families[name] = QFontDatabase.applicationFontFamilies(font_id)[0]
    families["_app"] = app  # keep it alive for the session
    return families
