"""The QApplication: names, icons, translations and error handling, set up once.

Assets are found through `asset_path()` whether caseworker runs from source
or from a PyInstaller bundle. Icons are SVG, so they stay sharp at any
screen scale.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import cache

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from caseworker import __version__
from caseworker.gui.errors import ErrorReporter, setup_logging
from caseworker.resources import asset_path

ENV_PSEUDO = "CASEWORKER_PSEUDO_LOCALE"


@cache
def icon(name: str) -> QIcon:
    return QIcon(str(asset_path(f"icons/{name}.svg")))


def window_action(window: QWidget, text: str, slot: Callable[[], object],
                  shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None, *,
                  tip: str = "", icon_name: str = "") -> QAction:
    """An action of `window` (its shortcut works wherever focus is in the window).

    `slot` is called with no argument: `triggered`'s `checked` flag would
    otherwise land in the slot's first optional parameter.
    """
    action = QAction(text, window)
    if icon_name:
        action.setIcon(icon(icon_name))
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(lambda: slot())
    window.addAction(action)
    return action


class PseudoTranslator(QTranslator):
    """Makes every string ~30% longer, with accents, so cramped layouts and
    untranslated strings show up before a real translation does."""

    _ACCENTS = str.maketrans("aeiouAEIOU", "àéîõüÀÉÎÕÜ")

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:  # type: ignore[override]
        if not source:
            return source
        padding = "·" * max(1, round(len(source) * 0.3))
        return source.translate(self._ACCENTS) + padding


def install_translations(app: QApplication) -> list[QTranslator]:
    """Qt's own strings in the user's language, plus caseworker's when a translation exists."""
    installed: list[QTranslator] = []
    locale = QLocale()
    qt_translator = QTranslator(app)
    if qt_translator.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_translator)
        installed.append(qt_translator)
    own = QTranslator(app)
    if own.load(locale, "caseworker", "_", str(asset_path("translations"))):
        app.installTranslator(own)
        installed.append(own)
    if os.environ.get(ENV_PSEUDO):
        pseudo = PseudoTranslator(app)
        app.installTranslator(pseudo)
        installed.append(pseudo)
    return installed


def create_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, configured (reused if one exists, as under pytest-qt)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("caseworker")
    app.setOrganizationName("caseworker")
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName("caseworker")
    app.setWindowIcon(icon("app"))
    app.setDesktopFileName("caseworker")
    install_translations(app)
    return app


def install_error_handling() -> ErrorReporter:
    """Route uncaught exceptions to the log file and an error dialog."""
    setup_logging()
    reporter = ErrorReporter()
    reporter.install()
    return reporter
