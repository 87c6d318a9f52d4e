"""Hostile and broken files: each gets a clear error naming the file, and the store is untouched."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from caseworker.domain.errors import ValidationError
from caseworker.services.api import Services
from caseworker.services.intake import ImportRequest, sheets
from caseworker.store.models import AuditEvent, Case, ImportBatch, Person
from tests.support import referrals

pytestmark = pytest.mark.usefixtures("sqlite_store")


@pytest.fixture
def worker(sqlite_store) -> Services:  # type: ignore[no-untyped-def]
    from tests.support.stores import services_for

    return services_for(sqlite_store, "caseworker")


def _state(services: Services) -> tuple[int, ...]:
    with services.store.read() as session:
        return tuple(session.execute(select(func.count()).select_from(m)).scalar_one()
                     for m in (Case, Person, ImportBatch, AuditEvent))


def _refused(services: Services, path: Path, message: str) -> None:
    before = _state(services)
    for dry_run in (True, False):
        with pytest.raises(ValidationError) as caught:
            services.intake.run_import(ImportRequest(path, source="test", dry_run=dry_run))
        assert str(caught.value).startswith(f"{path.name}: "), caught.value
        assert message in str(caught.value), caught.value
    with pytest.raises(ValidationError):
        services.intake.preview(path)
    assert _state(services) == before


def _workbook_bytes() -> bytes:
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["Full Name", "DOB"])
    book.active.append(["Ahmad Karimi", "1990"])
    book.save(buffer)
    return buffer.getvalue()


def _rezip(path: Path, replace: dict[str, bytes], add: dict[str, bytes] | None = None,
           compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """A copy of a real workbook with some parts replaced or added."""
    source = zipfile.ZipFile(io.BytesIO(_workbook_bytes()))
    with zipfile.ZipFile(path, "w", compression) as out:
        for info in source.infolist():
            out.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name, data in (add or {}).items():
            out.writestr(name, data)
    return path


def test_binary_junk_with_an_xlsx_name(worker: Services, tmp_path: Path) -> None:
    path = tmp_path / "referrals.xlsx"
    path.write_bytes(bytes(range(256)) * 40)
    _refused(worker, path, "is not an Excel workbook (.xlsx)")


def test_a_zip_that_is_not_a_workbook_and_a_truncated_zip(worker: Services, tmp_path: Path) -> None:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff" + b"0" * 100)
    _refused(worker, path, "is a zip archive but not an Excel workbook")
    truncated = tmp_path / "cut.xlsx"
    truncated.write_bytes(_workbook_bytes()[:900])
    _refused(worker, truncated, "is not a readable zip archive")


def test_a_zip_bomb_is_refused_before_anything_expands(worker: Services, tmp_path: Path) -> None:
    path = _rezip(tmp_path / "bomb.xlsx", {}, {"xl/worksheets/sheet9.xml": b"\0" * (40 * 1024 * 1024)})
    assert path.stat().st_size < 200_000
    _refused(worker, path, "(a zip bomb?); refused")


def test_a_zip_whose_headers_understate_what_it_expands_to(worker: Services, tmp_path: Path) -> None:
    """Reading stops at the declared size, so the lie shows as a damaged entry, never as memory."""
    big = b"<x/>" + b" " * (8 * 1024 * 1024)
    path = _rezip(tmp_path / "liar.xlsx", {}, {"xl/media/padding.xml": big})
    data = bytearray(path.read_bytes())
    true_size = len(big).to_bytes(4, "little")
    assert data.count(true_size) == 2  # local header and central directory
    data[:] = data.replace(true_size, (1000).to_bytes(4, "little"))
    path.write_bytes(bytes(data))
    _refused(worker, path, "is damaged: xl/media/padding.xml cannot be read (Bad CRC-32")


def test_too_many_entries(worker: Services, tmp_path: Path) -> None:
    path = _rezip(tmp_path / "many.xlsx", {}, {f"xl/extra/{i}.xml": b"<a/>" for i in range(2100)}, zipfile.ZIP_STORED)
    _refused(worker, path, "holds 2,1")


def test_malformed_xml(worker: Services, tmp_path: Path) -> None:
    path = _rezip(tmp_path / "broken.xlsx", {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row><c r="})
    _refused(worker, path, "is damaged or not a valid Excel workbook")
    path = _rezip(tmp_path / "broken2.xlsx", {"xl/workbook.xml": b"\x00\x01garbage"})
    _refused(worker, path, "is damaged or not a valid Excel workbook")


def test_xml_entities_are_refused(worker: Services, tmp_path: Path) -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + b"".join(b'<!ENTITY lol%d "&lol%s;&lol%s;&lol%s;&lol%s;">' % (i, b"" if i == 1 else b"%d" % (i - 1),
                                                                           b"" if i == 1 else b"%d" % (i - 1),
                                                                           b"" if i == 1 else b"%d" % (i - 1),
                                                                           b"" if i == 1 else b"%d" % (i - 1))
                         for i in range(1, 10))
              + b']><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
              b"</sheetData></worksheet>")
    path = _rezip(tmp_path / "laughs.xlsx", {"xl/worksheets/sheet1.xml": laughs})
    _refused(worker, path, "declares XML entities")


def test_macro_enabled_workbooks_are_refused(worker: Services, tmp_path: Path) -> None:
    xlsm = tmp_path / "list.xlsm"
    xlsm.write_bytes(_workbook_bytes())
    _refused(worker, xlsm, "macro-enabled workbook")
    hidden = _rezip(tmp_path / "innocent.xlsx", {}, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 500})
    _refused(worker, hidden, "macro-enabled workbook")
    source = zipfile.ZipFile(io.BytesIO(_workbook_bytes()))
    types = source.read("[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    relabelled = _rezip(tmp_path / "relabelled.xlsx", {"[Content_Types].xml": types})
    _refused(worker, relabelled, "macro-enabled workbook")


def test_old_xls_and_password_protected_workbooks(worker: Services, tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = tmp_path / "plain.xlsx"
    plain.write_bytes(_workbook_bytes())
    locked = tmp_path / "locked.xlsx"
    with plain.open("rb") as source, locked.open("wb") as target:
        OOXMLFile(source).encrypt("secret", target)
    _refused(worker, locked, "is password-protected")
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000)
    _refused(worker, xls, "Excel 97–2003 (.xls)")


def test_enormous_sheets(worker: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheets, "MAX_ROWS", 300)
    rows = referrals.bulk_rows(301)
    path = referrals.write_xlsx(tmp_path / "long.xlsx", rows, title=None)
    _refused(worker, path, "has more than 300 rows of data")
    wide = tmp_path / "wide.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["Full Name", "DOB"])
    sheet.append(["Ahmad", "1990", *([None] * 400), "far away"])
    book.save(wide)
    _refused(worker, wide, "row 2 has data in column 403")


def test_a_sheet_that_declares_a_million_rows_reads_only_what_is_there(worker: Services, tmp_path: Path) -> None:
    source = zipfile.ZipFile(io.BytesIO(_workbook_bytes()))
    sheet = source.read("xl/worksheets/sheet1.xml").replace(b'<dimension ref="A1:B2" />',
                                                             b'<dimension ref="A1:XFD1048576" />')
    assert b"XFD1048576" in sheet
    path = _rezip(tmp_path / "liar.xlsx", {"xl/worksheets/sheet1.xml": sheet})
    report = worker.intake.run_import(ImportRequest(path, source="t", dry_run=True))
    assert report.rows == 1 and report.created == 1


def test_formulas_are_read_as_their_cached_values_never_evaluated(worker: Services, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["Full Name", "DOB", "Comments"])
    book.active.append(["PLACEHOLDER", "1990", "=1+1"])
    book.active.append(["=cmd|' /C calc'!A0", "1991", "=HYPERLINK(\"http://evil\",\"click\")"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(buffer)
    sheet = source.read("xl/worksheets/sheet1.xml")
    # Give the first name a formula with a cached value, as Excel saves it.
    sheet = sheet.replace(b'<c r="A2" t="inlineStr"><is><t>PLACEHOLDER</t></is></c>',
                          b'<c r="A2" t="str"><f>CONCATENATE("Ahmad"," ","Karimi")</f><v>Ahmad Karimi</v></c>')
    assert b"CONCATENATE" in sheet
    path = tmp_path / "formulas.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info.filename, sheet if info.filename == "xl/worksheets/sheet1.xml" else source.read(info.filename))
    rejects = tmp_path / "rejects.xlsx"
    report = worker.intake.run_import(ImportRequest(path, source="t", rejects_path=rejects))
    assert report.created == 1 and report.rejected == 1
    case = worker.cases.get_by_reference(report.results[0].case)
    assert case.people[0].latin_name == "AHMAD KARIMI" and "=1+1" not in case.notes
    # a formula without a cached value reads as empty: that row has no name and comes back in the rejects
    assert "needs a name" in report.results[1].message
    with zipfile.ZipFile(rejects) as written:
        assert b"<f>" not in written.read("xl/worksheets/sheet1.xml")


def test_text_that_looks_like_a_formula_is_written_back_as_text(worker: Services, tmp_path: Path) -> None:
    rows = [("=HYPERLINK(\"http://x\")", "", "", "", "", "", "31/02/1990", "", "", "+cmd", "", "@SUM(A1)")]
    rejects = tmp_path / "r.xlsx"
    worker.intake.run_import(ImportRequest(referrals.write_csv(tmp_path / "f.csv", "utf-8", rows), source="t",
                                           rejects_path=rejects))
    with zipfile.ZipFile(rejects) as written:
        assert b"<f>" not in written.read("xl/worksheets/sheet1.xml")
    row = list(openpyxl.load_workbook(rejects).active.iter_rows(values_only=True))[1]
    assert row[1] == "=HYPERLINK(\"http://x\")" and row[10] == "+cmd"


def test_csv_junk_empty_files_and_unknown_formats(worker: Services, tmp_path: Path) -> None:
    junk = tmp_path / "list.csv"
    junk.write_bytes(b"\x00\x01\x02\xff\xfe\x00binary" * 100)
    _refused(worker, junk, "is not a text file")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    _refused(worker, empty, "is empty")
    ods = tmp_path / "list.ods"
    ods.write_bytes(b"not really")
    _refused(worker, ods, "is neither an Excel workbook (.xlsx) nor a CSV file")
    missing = tmp_path / "nowhere.xlsx"
    _refused(worker, missing, "cannot be read")
    blank = tmp_path / "blank.xlsx"
    openpyxl.Workbook().save(blank)
    _refused(worker, blank, "has nothing in it (sheet 'Sheet' is empty)")
