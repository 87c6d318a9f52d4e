"""Take the README's screenshots from a demo store, offscreen.

    python scripts/screenshots.py [--out docs] [--store PATH]

Without --store a fresh demo store of 2,000 cases is made in a temporary
folder. Writes docs/main-window.png, docs/dashboard.png, and for the
letters and handoffs sections docs/letters-approvals.png (an officer's
Letter approvals tab, a caseworker's draft previewed) and
docs/handoff-prepare.png (a manifest for a partner prepared from a
selection of cases), and for intake docs/duplicates.png (a pair the store
scan found, compared side by side in the merge dialog with the differences
highlighted). Look at them before committing them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSWORD = "screenshot-password"
SIZE = (1440, 860)


def demo_store(folder: Path) -> Path:
    from caseworker.services.demo import fill_store
    from caseworker.services.demo.users import create_demo_users, demo_actor
    from caseworker.services.handoffs.demo import add_demo_partners
    from caseworker.store.location import StoreLocation
    from caseworker.store.opening import open_store

    path = folder / "demo.db"
    store = open_store(StoreLocation(path=path), create=True)
    try:
        create_demo_users(store, PASSWORD)
        actor, workers = demo_actor(store)
        fill_store(store, 2000, 1, actor.actor, workers)
        add_demo_partners(store, actor.actor)
    finally:
        store.close()
    return path


def take(store_path: Path, out: Path, password: str) -> list[Path]:
    from PySide6.QtCore import QCoreApplication, QSettings

    from caseworker.gui.app import create_application
    from caseworker.gui.main_window import MainWindow
    from caseworker.gui.settings import Settings
    from caseworker.gui.tasks import TaskRunner
    from caseworker.services.queries import CaseQuery
    from caseworker.services.session import sign_in
    from caseworker.store.location import StoreLocation

    app = create_application()
    services = sign_in(StoreLocation(path=store_path), "caseworker", password)
    if not services.saved_searches.list():
        services.saved_searches.save("Urgent in Pakistan", CaseQuery(priorities=("URGENT",), countries=("Pakistan",)))
        services.saved_searches.save("Follow-ups at Islamabad", CaseQuery(queue="mine", posts=("ISB",), sort="next_follow_up"))
    if not services.intake.duplicates():
        services.intake.scan_store()  # the demo's second referrals, in the Possible duplicates queue
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
        window = MainWindow(services, settings, TaskRunner(synchronous=True))
        window.resize(*SIZE)
        window.show()
        window.cases.filters.set_filter("priorities", ["URGENT", "HIGH"])
        window.cases.table.selectRow(2)
        QCoreApplication.processEvents()
        out.mkdir(parents=True, exist_ok=True)
        shots = [out / "main-window.png", out / "dashboard.png"]
        window.grab().save(str(shots[0]))
        window.show_dashboard()
        QCoreApplication.processEvents()
        window.grab().save(str(shots[1]))
        shots.append(prepare_handoff_shot(window, out))
        shots.append(duplicates_shot(window, out))
        window.close()
        window.deleteLater()
        location = services.store.location
        services.store.close()
        officer = sign_in(location, "officer", password)
        shots.append(approvals_shot(officer, settings, out, password))
        officer.store.close()
    app.quit()
    return shots


def settle(milliseconds: int = 1500) -> None:
    """Let Qt lay out and render (QtPdf draws pages asynchronously)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def prepare_handoff_shot(window, out: Path) -> Path:  # type: ignore[no-untyped-def]
    """A caseworker prepares a manifest for a partner from a selection of families with letters."""
    from caseworker.gui.handoffs import PrepareHandoffDialog
    from caseworker.services.queries import CaseQuery

    services = window.services
    ids = services.queries.ids(CaseQuery(queue="letters_to_print", sort="reference", descending=False))[:6]
    window.cases.filters.set_filter("priorities", [])
    window.show_queue("all")
    window.cases.select_ids(ids)
    dialog = PrepareHandoffDialog(services, case_ids=ids, parent=window, tasks=window.tasks)
    dialog.partner.setCurrentIndex(max(0, dialog.partner.findData("uz-interior")))
    letter = next(iter(services.letters.live_for_cases(ids[:1])), None)
    dialog.crossing.setText(letter.crossings[0] if letter and letter.crossings else "Torkham")
    dialog.has_window.setChecked(True)
    dialog.run_preview()
    dialog.resize(1280, 560)
    dialog.show()
    settle(300)
    path = out / "handoff-prepare.png"
    dialog.grab().save(str(path))
    dialog.reject()
    return path


def duplicates_shot(window, out: Path) -> Path:  # type: ignore[no-untyped-def]
    """The store scan finds the demo's second referrals; the strongest pair, compared before merging."""
    from caseworker.gui.intake import MergeDialog

    services = window.services
    panel = window.intake_actions.show_duplicates()
    pair = panel.model.pairs[0]
    dialog = MergeDialog(services, pair.case_a_id, pair.case_b_id, window)
    dialog.resize(1100, 930)
    dialog.show()
    settle(300)
    path = out / "duplicates.png"
    dialog.grab().save(str(path))
    dialog.reject()
    return path


def approvals_shot(officer, settings, out: Path, password: str) -> Path:  # type: ignore[no-untyped-def]
    """An officer's Letter approvals tab: caseworkers' drafts, the first one previewed."""
    from caseworker.gui.main_window import MainWindow
    from caseworker.gui.tasks import TaskRunner
    from caseworker.services.queries import CaseQuery
    from caseworker.services.session import sign_in

    location = officer.store.location
    caseworker = sign_in(location, "caseworker", password)
    if not officer.letters.awaiting_approval():
        for case_id in caseworker.queries.ids(CaseQuery(statuses=("AUTHORISED",), sort="reference", descending=False))[:4]:
            crossings = [point.name for point in caseworker.letters.settings.crossings()][:1]
            caseworker.letters.draft(case_id, crossings=crossings)
    caseworker.store.close()
    window = MainWindow(officer, settings, TaskRunner(synchronous=True))
    window.resize(*SIZE)
    window.show()
    window.letter_actions.approvals_action.trigger()
    settle()
    path = out / "letters-approvals.png"
    window.grab().save(str(path))
    window.close()
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--store", type=Path, help="an existing demo store (password from $CASEWORKER_PASSWORD)")
    args = parser.parse_args()
    if args.store:
        shots = take(args.store, args.out, os.environ.get("CASEWORKER_PASSWORD", PASSWORD))
    else:
        with tempfile.TemporaryDirectory() as folder:
            shots = take(demo_store(Path(folder)), args.out, PASSWORD)
    for shot in shots:
        print(f"wrote {shot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
