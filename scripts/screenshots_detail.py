"""Screenshots of the case detail and the document viewer, from a demo store.

    python scripts/screenshots_detail.py [--out docs]

Builds a throw-away demo store, picks a family case, gives it a contact whose
follow-up is overdue, a document that expires soon and a two-page referral
PDF, then writes
docs/case-detail.png and docs/document-viewer.png. Runs offscreen.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtGui import QFont  # noqa: E402
from PySide6.QtPdf import QPdfDocument  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from caseworker.gui.case_detail import CaseDetailWidget  # noqa: E402
from caseworker.services.api import Services  # noqa: E402
from caseworker.services.demo import fill_store  # noqa: E402
from caseworker.services.demo.users import create_demo_users, demo_actor  # noqa: E402
from caseworker.services.dto import CaseDetail  # noqa: E402
from caseworker.services.inputs import ContactInput, DocumentInput  # noqa: E402
from caseworker.services.queries import CaseQuery  # noqa: E402
from caseworker.services.users import authenticate  # noqa: E402
from caseworker.store.location import StoreLocation  # noqa: E402
from caseworker.store.opening import open_store  # noqa: E402

PASSWORD = "screenshots-only-password"


def referral_pdf(detail: CaseDetail) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    for page, heading in enumerate(("Referral for assistance", "Employment record"), 1):
        canvas.setFont("Helvetica-Bold", 18)
        canvas.drawString(72, 770, heading)
        canvas.setFont("Helvetica", 11)
        body = [f"Case {detail.reference}", f"Principal: {detail.principal.latin_name if detail.principal else ''}",
                f"Employer: {detail.employer}", f"Role: {detail.job_role}", "",
                "The principal worked alongside UK forces and is referred for relocation",
                "together with the family members listed in the case.", "", f"Page {page} of 2"]  # fmt: skip
        for i, text in enumerate(body):
            canvas.drawString(72, 730 - i * 18, text)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def pick_case(services: Services) -> int:
    """An open family case part-way through the workflow."""
    ids = services.queries.ids(CaseQuery(statuses=("ELIGIBLE", "DOCUMENTS_VERIFIED", "ELIGIBILITY_REVIEW"),
                                         sort="reference", descending=False))  # fmt: skip
    rows = services.queries.rows(ids)
    return max(rows, key=lambda r: (4 <= r.family_size <= 6, r.family_size)).id


def prepare(services: Services, case_id: int) -> CaseDetail:
    detail = services.cases.get(case_id)
    now = dt.datetime.now(dt.UTC)
    services.contacts.log(case_id, ContactInput(
        channel="WHATSAPP", outcome="NO_ANSWER", handle=_number(detail), occurred_at=now - dt.timedelta(days=9),
        note="Sent the list of documents to bring to the post", next_follow_up=(now - dt.timedelta(days=4)).date(),
    ))  # fmt: skip
    child = next((p for p in detail.people if p.role != "PRINCIPAL"), detail.people[0])
    services.people.add_document(child.id, detail.version, DocumentInput(
        "PASSPORT", "P0B765432", "AFG", None, (now + dt.timedelta(days=40)).date()))  # fmt: skip
    services.attachments.add(case_id, "referral-MoD.pdf", referral_pdf(detail), "OTHER")
    return services.cases.get(case_id)


def _number(detail: CaseDetail) -> str:
    return next((c.value for p in detail.people for c in p.contact_points if c.kind == "WHATSAPP"), "")


def settle(app: QApplication, seconds: float = 0.6) -> None:
    """Let Qt lay out and render (QtPdf renders pages on a thread)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "docs")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    app.setFont(QFont("DejaVu Sans", 9))
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(StoreLocation(path=Path(tmp) / "demo.db"), create=True)
        try:
            create_demo_users(store, PASSWORD)
            actor, workers = demo_actor(store)
            fill_store(store, 120, 11, actor.actor, workers, lambda _done, _total: None)
            services = Services(store, authenticate(store, "caseworker", PASSWORD))
            detail = prepare(services, pick_case(services))
            widget = CaseDetailWidget(services, detail.id)
            widget.resize(1200, 620)
            widget.show()
            settle(app)
            args.out.mkdir(parents=True, exist_ok=True)
            widget.grab().save(str(args.out / "case-detail.png"))

            documents = widget.documents
            widget.tabs.setCurrentWidget(documents)
            documents.table.selectRow(documents.model.row_for_id(detail.attachments[-1].id))
            viewer = documents.view_selected()
            assert viewer is not None and viewer.pdf is not None
            viewer.resize(900, 680)
            deadline = time.monotonic() + 10
            while viewer.pdf.document.status() != QPdfDocument.Status.Ready and time.monotonic() < deadline:
                app.processEvents()
            settle(app, 1.5)
            viewer.grab().save(str(args.out / "document-viewer.png"))
            viewer.close()
            widget.close()
            settle(app, 0.1)
        finally:
            store.close()
    print(f"wrote {args.out / 'case-detail.png'} and {args.out / 'document-viewer.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
