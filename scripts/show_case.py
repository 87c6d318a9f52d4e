"""Show one case's detail widget alone in a window, to try it by hand.

    CASEWORKER_PASSWORD=... python scripts/show_case.py --store demo-store/caseworker.db \
        --user caseworker ISB-2026-00042

Without a reference, the store's first case is shown. The password comes from
CASEWORKER_PASSWORD or a prompt, as for the command line.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

from caseworker.gui.case_detail import CaseDetailWidget  # noqa: E402
from caseworker.services.queries import CaseQuery  # noqa: E402
from caseworker.services.session import sign_in  # noqa: E402
from caseworker.store.location import resolve_location  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference", nargs="?", help="case reference, e.g. ISB-2026-00042")
    parser.add_argument("--store", help="store path or PostgreSQL URL")
    parser.add_argument("--user", default=os.environ.get("CASEWORKER_USER", "caseworker"))
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    password = os.environ.get("CASEWORKER_PASSWORD") or getpass.getpass(f"Password for {args.user}: ")
    services = sign_in(resolve_location(args.store), args.user, password)
    if args.reference:
        case_id = services.cases.id_for_reference(args.reference)
    else:
        case_id = services.queries.ids(CaseQuery(sort="reference", descending=False))[0]
    window = QMainWindow()
    widget = CaseDetailWidget(services, case_id)
    widget.titleChanged.connect(window.setWindowTitle)
    window.setWindowTitle(widget.title())
    window.setCentralWidget(widget)
    window.resize(1200, 800)
    window.show()
    try:
        return app.exec()
    finally:
        services.store.close()


if __name__ == "__main__":
    sys.exit(main())
