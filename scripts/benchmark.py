"""Measure the application on a 100,000-case demo store (DESIGN.md's targets).

    python scripts/benchmark.py [--suite app|letters|handoffs|intake ...] [--cases 100000]
                                [--store PATH] [--json FILE]

Suites (all by default, in this order):
  app       the window, first page, search-as-you-type, opening a case, memory
  letters   500 letters against bare ReportLab drawing the same content (scripts/bench_letters.py)
  handoffs  a 100,000-row manifest against bare openpyxl write-only (scripts/bench_handoff.py)
  intake    de-duplication of N and 2N incoming referrals against the store (scripts/bench_intake.py)

The store is generated once (about 90 s for 100,000 cases) and cached at
`--store`, else `$CASEWORKER_BENCH_STORE`, else the platform cache folder.
The application runs in a child process, as a user would start it; the
parent measures bare baselines on the same machine in the same run (a bare
Qt window, the raw SQL of the same queries), because a shared machine is
noisy and ratios travel better than absolute times.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSWORD = "benchmark-password"
# What people type, keystroke by keystroke, in Latin and Dari script, plus identifiers.
QUERIES = (
    "m", "mo", "moh", "moha", "mohammad", "muhammad", "mohd karimi", "karimi", "ahmad", "abdul rahman",
    "abdurrahman", "fatema haidari", "gul", "nasir", "م", "محمد", "محمد کریمی", "عبدالرحمن", "فاطمه",
    "ISB-2026-0004", "TAS-2026", "P01", "P0123", "0700", "+93 70", "wardak", "noori", "sultani", "zahra",
)  # fmt: skip
SUITES = {"app": "", "letters": "bench_letters.py", "handoffs": "bench_handoff.py", "intake": "bench_intake.py"}
TARGETS = {"window_shown_s": 1.5, "first_page_s": 0.3, "search_median_s": 0.05, "open_case_median_s": 0.1, "rss_mb": 300}


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def default_store() -> Path:
    import platformdirs

    given = os.environ.get("CASEWORKER_BENCH_STORE")
    return Path(given) if given else Path(platformdirs.user_cache_dir("caseworker", appauthor=False)) / "bench-100k.db"


def ensure_store(path: Path, cases: int) -> None:
    """An encrypted demo store, as every new store is (cached between runs)."""
    from caseworker.services.demo import fill_store
    from caseworker.services.demo.users import create_demo_users, demo_actor
    from caseworker.services.setup import record_creation
    from caseworker.store.encryption import creating
    from caseworker.store.keyslots import sidecar_path
    from caseworker.store.location import StoreLocation

    marker = path.with_suffix(".cases")
    wanted = f"{cases} encrypted"
    if path.exists() and marker.exists() and marker.read_text().strip() == wanted:
        return
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"), sidecar_path(path)):
        leftover.unlink(missing_ok=True)
    print(f"Generating an encrypted demo store of {cases:,} cases at {path} (once) …", file=sys.stderr)
    with creating(StoreLocation(path=path), encrypted=True) as new:
        record_creation(new.store, encrypted=True)
        create_demo_users(new.store, PASSWORD)
        actor, workers = demo_actor(new.store)
        fill_store(new.store, cases, 1, actor.actor, workers,
                   lambda done, total: print(f"\r{done:,}/{total:,}", end="", file=sys.stderr))  # fmt: skip
    print(file=sys.stderr)
    marker.write_text(wanted)


# -- the application, in a child process ---------------------------------------------------


def run_application(store_path: str, started: float) -> dict[str, float]:
    """Start the application as `caseworker` does and time what a user waits for."""
    from PySide6.QtCore import QCoreApplication, QEvent

    import caseworker.cli.main  # noqa: F401 - the real entry point loads the command modules first
    from caseworker.gui.app import create_application
    from caseworker.gui.launch import preload_main_window
    from caseworker.gui.signin import SignInDialog
    from caseworker.store.location import StoreLocation

    app = create_application()
    dialog = SignInDialog(StoreLocation(path=Path(store_path)), default_user="caseworker")
    dialog.show()
    QCoreApplication.processEvents()
    signin_shown = time.time() - started
    preload_main_window()  # what launch() does while the user types
    from caseworker.gui.main_window import MainWindow
    from caseworker.gui.settings import Settings
    from caseworker.gui.tasks import TaskRunner
    from caseworker.services.queries import CaseQuery

    dialog.password.setText(PASSWORD)
    signing_in = time.perf_counter()
    dialog.try_sign_in()
    services = dialog.services
    assert services is not None
    settings = Settings.at(str(Path(store_path).with_suffix(".bench.ini")))
    settings.backend.clear()
    built = time.perf_counter()
    window = MainWindow(services, settings, TaskRunner(synchronous=False))
    window.show()
    QCoreApplication.processEvents()
    main_shown = time.perf_counter() - signing_in
    deadline = time.perf_counter() + 30
    while window.cases.model.rowCount() == 0 and time.perf_counter() < deadline:  # the list's query is in flight
        QCoreApplication.processEvents()
        time.sleep(0.001)
    window.cases.model.index(0, 0).data()
    first_page = time.perf_counter() - built
    window.tasks.wait()  # the counts and filter choices finish in the background
    # Search as you type: the query, the new list and its first page, as the window does it.
    window.show_queue("all")
    window.tasks.synchronous = True
    panel, searches = window.cases, []
    for text in QUERIES:
        begin = time.perf_counter()
        panel.search.setText(text)
        panel.refresh()
        if panel.model.rowCount():
            panel.model.index(0, 0).data()
        searches.append(time.perf_counter() - begin)
    opens = []
    every = services.queries.ids(CaseQuery(sort="reference", descending=False))
    for case_id in every[:: max(1, len(every) // 20)][:20]:  # cases spread over the store
        begin = time.perf_counter()
        window.open_case(case_id)
        QCoreApplication.processEvents()
        opens.append(time.perf_counter() - begin)
        window.close_current_tab()
        # A closed tab is deleted once control returns to the event loop, which processEvents()
        # alone never does: without this the 20 closed tabs would all still be alive here.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    result = {
        "window_shown_s": signin_shown, "main_window_after_sign_in_s": main_shown, "first_page_s": first_page,
        "search_median_s": statistics.median(searches), "search_max_s": max(searches),
        "open_case_median_s": statistics.median(opens), "rss_mb": rss_mb(),
    }  # fmt: skip
    # Not window.close(): closing the window makes the automatic backup, a copy of the whole
    # store (500 MB at 100,000 cases) beside it at every run.
    window.tasks.wait()
    services.store.close()
    app.quit()
    return result


def bare_window(started: float) -> dict[str, float]:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.show()
    QCoreApplication.processEvents()
    shown = time.time() - started
    app.quit()
    return {"window_shown_s": shown}


def child(mode: str, store: str) -> dict[str, float]:
    command = [sys.executable, __file__, f"--{mode}", store, "--started", repr(time.time())]
    done = subprocess.run(command, capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- bare baselines, in this process -----------------------------------------------------------


def sql_baselines(store_path: Path) -> dict[str, float]:
    """The raw SQL behind the first page, a search and opening a case, through the same driver
    on the same encrypted file."""
    import sqlcipher3.dbapi2 as sqlite

    from caseworker.domain.search_terms import parse_query
    from caseworker.store import keyslots
    from caseworker.store.engine import CACHE_KIB
    from caseworker.store.search import _fts_query

    key = keyslots.load(keyslots.sidecar_path(store_path)).unwrap("caseworker", PASSWORD)
    assert key is not None, "the benchmark store's key slot does not open with the benchmark password"
    connection = sqlite.connect(str(store_path))
    cursor = connection.cursor()
    cursor.execute(f"PRAGMA key = \"x'{key.hex()}'\"")  # the same settings as the application's connections
    cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    begin = time.perf_counter()
    ids = [r[0] for r in cursor.execute("SELECT id FROM cases ORDER BY updated_at DESC, id DESC")]
    cursor.execute(f"SELECT * FROM cases WHERE id IN ({','.join(map(str, ids[:100]))})").fetchall()
    first_page = time.perf_counter() - begin
    searches = []
    for text in QUERIES:
        begin = time.perf_counter()
        fts = _fts_query(parse_query(text))
        found = [r[0] for r in cursor.execute(
            "SELECT DISTINCT case_id FROM search_rows WHERE id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)", (fts,)
        )]  # fmt: skip
        cursor.execute(f"SELECT * FROM cases WHERE id IN ({','.join(map(str, found[:100])) or '0'})").fetchall()
        searches.append(time.perf_counter() - begin)
    opens = []
    for case_id in ids[:20]:
        begin = time.perf_counter()
        cursor.execute("SELECT * FROM cases WHERE id = ?", (case_id,)).fetchall()
        people = [r[0] for r in cursor.execute("SELECT id FROM people WHERE case_id = ?", (case_id,))]
        marks = ",".join("?" * len(people)) or "0"
        cursor.execute(f"SELECT * FROM identity_documents WHERE person_id IN ({marks})", people).fetchall()
        cursor.execute("SELECT * FROM contact_entries WHERE case_id = ?", (case_id,)).fetchall()
        opens.append(time.perf_counter() - begin)
    connection.close()
    return {"first_page_s": first_page, "search_median_s": statistics.median(searches),
            "open_case_median_s": statistics.median(opens)}  # fmt: skip


def report(app: dict[str, float], bare: dict[str, float]) -> None:
    print(f"{'measure':<22}{'caseworker':>12}{'target':>10}{'baseline':>12}{'ratio':>8}")
    for key, target in TARGETS.items():
        value, base = app[key], bare.get(key)
        unit = " MB" if key == "rss_mb" else " s"
        shown = f"{value:.0f}{unit}" if key == "rss_mb" else f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f}{unit}"
        target_text = f"{target:.0f}{unit}" if key == "rss_mb" else f"{target * 1000:.0f} ms" if target < 1 else f"{target}{unit}"
        base_text = "" if base is None else f"{base * 1000:.1f} ms"
        ratio = "" if not base else f"{value / base:.1f}×"
        flag = "" if value <= target else "  (over target)"
        print(f"{key.removesuffix('_s').replace('_', ' '):<22}{shown:>12}{target_text:>10}{base_text:>12}{ratio:>8}{flag}")
    print(f"{'search slowest':<22}{app['search_max_s'] * 1000:>9.0f} ms")
    print(f"{'main window':<22}{app['main_window_after_sign_in_s'] * 1000:>9.0f} ms after the password is entered "
          "(checking it with argon2 included)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", action="append", choices=SUITES, help="run only these suites (repeatable)")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    parser.add_argument("--application", metavar="STORE", help=argparse.SUPPRESS)
    parser.add_argument("--bare-window", metavar="STORE", help=argparse.SUPPRESS)
    parser.add_argument("--started", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.application:
        print(json.dumps(run_application(args.application, args.started)))
        return 0
    if args.bare_window:
        print(json.dumps(bare_window(args.started)))
        return 0
    suites = args.suite or list(SUITES)
    failed = 0
    if "app" in suites:
        store = (args.store or default_store()).absolute()
        store.parent.mkdir(parents=True, exist_ok=True)
        ensure_store(store, args.cases)
        app = child("application", str(store))
        bare = {**sql_baselines(store), **child("bare-window", str(store))}
        print(f"== app: {args.cases:,} cases, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
        report(app, bare)
        if args.json:
            args.json.write_text(json.dumps({"application": app, "baseline": bare}, indent=2))
    for suite in (s for s in SUITES if s != "app" and s in suites):
        print(f"\n== {suite}", flush=True)
        failed |= subprocess.run([sys.executable, str(ROOT / "scripts" / SUITES[suite])], cwd=ROOT).returncode
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
