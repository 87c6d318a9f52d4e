#!/usr/bin/env python3
"""Render a sample travel-authorisation letter for the README: docs/letter-sample.png.

    python scripts/render_letter_sample.py            # docs/letter-sample.png (+ .pdf in a temp folder)
    python scripts/render_letter_sample.py --out DIR  # DIR/letter-sample.png and DIR/letter-sample.pdf

A throw-away demo store (synthetic people only) gets a family case taken to
AUTHORISED; the caseworker drafts the letter, the officer approves it, and
the PDF is rendered with poppler's pdftoppm at 100 dpi. The QR code is then
read back from the PNG with zbarimg as a last check.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from caseworker.domain.roles import Role  # noqa: E402
from caseworker.services.api import Services  # noqa: E402
from caseworker.services.demo import fill_store  # noqa: E402
from caseworker.services.demo.users import create_demo_users, demo_actor  # noqa: E402
from caseworker.services.users import authenticate  # noqa: E402
from caseworker.store.location import StoreLocation  # noqa: E402
from caseworker.store.opening import open_store  # noqa: E402

PASSWORD = "sample-password-123"


def _family_case(services: Services) -> int:
    """An AUTHORISED demo case with a family of four or more, all cleared to travel."""
    from caseworker.services.queries import CaseQuery

    for case_id in services.queries.ids(CaseQuery(statuses=("AUTHORISED",), sort="reference", descending=False)):
        case = services.cases.get(case_id)
        if 4 <= len(case.people) <= 6 and any(p.birth_precision != "EXACT" for p in case.people):
            return case_id
    raise SystemExit("no suitable AUTHORISED family in the demo store")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--dpi", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(StoreLocation(path=Path(tmp) / "sample.db"), create=True)
        try:
            create_demo_users(store, PASSWORD)
            actor, workers = demo_actor(store)
            fill_store(store, 400, 11, actor.actor, workers)
            caseworker = Services(store, authenticate(store, "caseworker", PASSWORD))
            officer = Services(store, authenticate(store, "officer", PASSWORD))
            assert officer.user.role is Role.OFFICER
            case_id = _family_case(caseworker)
            draft = caseworker.letters.draft(case_id, crossings=["Torkham", "Kabul airport"])
            letter = officer.letters.approve(draft.id)
            data = caseworker.letters.print_pdf(letter.id, via="README sample").data
        finally:
            store.close()
    args.out.mkdir(parents=True, exist_ok=True)
    pdf = args.out / "letter-sample.pdf" if args.out != ROOT / "docs" else Path(tempfile.gettempdir()) / "letter-sample.pdf"
    pdf.write_bytes(data)
    png = args.out / "letter-sample"
    subprocess.run(["pdftoppm", "-r", str(args.dpi), "-png", "-singlefile", "-f", "1", "-l", "1", str(pdf), str(png)], check=True)
    print(f"{letter.label}: {png}.png (PDF: {pdf})")
    if shutil.which("zbarimg"):
        subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", str(pdf), str(Path(tempfile.gettempdir()) / "sample300")], check=True)
        read = subprocess.run(["zbarimg", "-q", "--raw", str(Path(tempfile.gettempdir()) / "sample300.png")],
                              capture_output=True, text=True).stdout.strip()  # fmt: skip
        print("zbarimg reads the QR code at 300 dpi:", "yes" if read.startswith("TA1:") else "NO")
    return 0


if __name__ == "__main__":
    sys.exit(main())
