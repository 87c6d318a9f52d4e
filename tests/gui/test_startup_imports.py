"""What starting the application loads: not the libraries of work most sessions never do.

A fresh interpreter (sys.modules is per process) starts as `caseworker` does: the command
line's entry point, the sign-in dialog, signing in, the main window with a case open and the
dashboard shown. None of the output libraries may be loaded by then; they load, and work,
when a letter is drawn and shown. An eager import anywhere on that path (a service, a
command module, a dialog built with the window) fails this test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from caseworker.services.api import Services
from caseworker.store.engine import Store
from tests.support.letters import authorised_case
from tests.support.stores import PASSWORD, services_for

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("reportlab", "openpyxl", "msoffcrypto", "rapidfuzz", "zxingcpp", "uharfbuzz", "bidi", "jdatetime",
         "PIL", "PySide6.QtPdf", "PySide6.QtPdfWidgets", "alembic")  # fmt: skip

SESSION = """
import json, sys
from pathlib import Path
store, settings_file, case_id, letter_id, password, heavy = sys.argv[1:7]
heavy = heavy.split(",")
loaded = lambda: sorted(m for m in heavy if m in sys.modules)
report = {}

import caseworker.cli.main  # the entry point imports every command module
report["entry point"] = sorted(m for m in ("sqlalchemy", "caseworker.services.api") if m in sys.modules)

from caseworker.gui.app import create_application
from caseworker.gui.launch import preload_main_window
from caseworker.gui.signin import SignInDialog
from caseworker.store.location import StoreLocation

app = create_application()
dialog = SignInDialog(StoreLocation(path=Path(store)), default_user="caseworker")
dialog.show()
app.processEvents()
preload_main_window()
dialog.password.setText(password)
dialog.try_sign_in()
services = dialog.services

from caseworker.gui.main_window import MainWindow
from caseworker.gui.settings import Settings
from caseworker.gui.tasks import TaskRunner

window = MainWindow(services, Settings.at(settings_file), TaskRunner(synchronous=True))
window.show()
app.processEvents()
window.open_case(int(case_id))
app.processEvents()
window.show_dashboard()
app.processEvents()
report["hooks"] = [h.__name__ for h in services.context.transition_hooks]
report["main window"] = loaded()

from caseworker.gui.letters import pdf

letter = services.letters.preview_pdf(int(letter_id))
document, _buffer = pdf.load_document(letter.data)
report["letter"] = {"pdf": letter.data[:5].decode(), "pages": document.pageCount(), "loaded": loaded()}
services.store.close()
print(json.dumps(report))
"""


def test_a_session_loads_the_output_libraries_only_when_it_draws_a_letter(
    sqlite_store: Store, tmp_path: Path
) -> None:
    caseworker = services_for(sqlite_store, "caseworker")
    case = authorised_case(caseworker, services_for(sqlite_store, "officer"))
    letter = caseworker.letters.draft(case.id, crossings=["Torkham"])
    assert sqlite_store.location.path is not None
    sqlite_store.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    args = [str(sqlite_store.location.path), str(tmp_path / "settings.ini"), str(case.id), str(letter.id), PASSWORD,
            ",".join(HEAVY)]  # fmt: skip
    done = subprocess.run([sys.executable, "-c", SESSION, *args], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])

    assert report["entry point"] == []  # the sign-in dialog appears before the store layer loads
    assert report["main window"] == []
    assert "revoke_on_case_move" in report["hooks"]  # letters are still revoked when a case moves back
    assert report["letter"]["pdf"] == "%PDF-" and report["letter"]["pages"] >= 1
    assert {"reportlab", "uharfbuzz", "PySide6.QtPdf"} <= set(report["letter"]["loaded"])


def test_the_letter_hook_is_registered_at_sign_in(caseworker: Services) -> None:
    """Built with the session, not on first use: a case moved back from LETTER_ISSUED must
    revoke its letters even if this session never looked at a letter."""
    from caseworker.services.letters.lifecycle import revoke_on_case_move

    assert revoke_on_case_move in caseworker.context.transition_hooks
