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
from caseworker.services.intake import ImportRequest, sheet_rows
from caseworker.store.models import AuditEvent, Case, ImportBatch, Person
from tests.support import referrals, spreadsheets

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


def test_macro_enabled_workbooks_are_read_and_their_macros_never_kept(worker: Services, tmp_path: Path) -> None:
    """.xlsm files are read like .xlsx: openpyxl reads cells only, the macros are neither run nor kept."""
    macros = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Attribute VB_Name = \"Module1\"\nSub Auto_Open()\n" + b"\0" * 500
    source = zipfile.ZipFile(io.BytesIO(_workbook_bytes()))
    types = source.read("[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    xlsm = _rezip(tmp_path / "list.xlsm", {"[Content_Types].xml": types}, {"xl/vbaProject.bin": macros})
    before = _state(worker)
    preview = worker.intake.preview(xlsm)
    assert preview.headings == ("Full Name", "DOB") and preview.data_rows == 1
    assert any("macros: they were not run" in note for note in preview.notes)
    rejects = tmp_path / "rejects.xlsx"
    report = worker.intake.run_import(ImportRequest(xlsm, source="t", rejects_path=rejects))
    assert report.created == 1 and any("macros" in note for note in report.notes)
    assert _state(worker)[1] == before[1] + 1
    case = worker.cases.get_by_reference(report.results[0].case)
    assert "Auto_Open" not in case.notes and "VB_Name" not in repr(case)


def _with_filepass(xls: Path) -> Path:
    """An .xls whose workbook globals carry a FilePass record ([MS-XLS] 2.4.117, XOR obfuscation), as
    Excel writes it for a workbook with a password to open. It takes the place of the WriteAccess record
    (type 0x005C, 112 bytes), so the stream keeps its size."""
    import struct

    import olefile

    with olefile.OleFileIO(str(xls)) as ole:
        stream = bytearray(ole.openstream("Workbook").read())
    at = stream.find(b"\x5c\x00\x70\x00")
    assert at > 0, "no WriteAccess record"
    filepass = struct.pack("<HHHHH", 0x002F, 6, 0x0000, 0x1234, 0xABCD)
    filler = struct.pack("<HH", 0x005C, 112 - len(filepass)) + b" " * (112 - len(filepass))
    stream[at:at + 116] = filepass + filler
    with olefile.OleFileIO(str(xls), write_mode=True) as ole:
        ole.write_stream("Workbook", bytes(stream))
    return xls


def test_password_protected_workbooks_and_broken_xls(worker: Services, tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = tmp_path / "plain.xlsx"
    plain.write_bytes(_workbook_bytes())
    locked = tmp_path / "locked.xlsx"
    with plain.open("rb") as source, locked.open("wb") as target:
        OOXMLFile(source).encrypt("secret", target)
    _refused(worker, locked, "is password-protected")
    locked_xls = _with_filepass(spreadsheets.write_xls(tmp_path / "locked.xls", [spreadsheets.Sheet(
        "Referrals", [["Full Name", "DOB"], ["Ahmad Karimi", "1990"]])]))
    _refused(worker, locked_xls, "is password-protected")
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000)
    _refused(worker, xls, "is damaged or not a valid Excel 97–2003 workbook")
    renamed_doc = tmp_path / "letter.xls"
    import olefile

    assert olefile.isOleFile(str(locked_xls))
    renamed_doc.write_bytes(locked_xls.read_bytes().replace(b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k\x00",
                                                            b"W\x00o\x00r\x00d\x00D\x00o\x00c\x00s\x00"))
    _refused(worker, renamed_doc, "not an Excel workbook")


def test_old_xls_limits(worker: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from caseworker.services.intake import legacy_xls

    many = spreadsheets.write_xls(tmp_path / "many.xls", [spreadsheets.Sheet(f"S{i}", [["Full Name"], ["A B"]])
                                                          for i in range(12)])
    monkeypatch.setattr(legacy_xls, "MAX_SHEETS", 10)
    _refused(worker, many, "has 12 sheets; at most 10 are read")
    monkeypatch.setattr(legacy_xls, "MAX_XLS", 1000)
    _refused(worker, many, "an old Excel 97–2003 (.xls) workbook is read up to 0 MB")
    monkeypatch.undo()
    monkeypatch.setattr(sheet_rows, "MAX_ROWS", 300)
    long = spreadsheets.write_xls(tmp_path / "long.xls", [spreadsheets.Sheet(
        "Referrals", [list(referrals.HEADINGS), *referrals.bulk_rows(301)])])
    _refused(worker, long, "has more than 300 rows of data")


def _ods_bytes(content: bytes, mimetype: bytes = b"application/vnd.oasis.opendocument.spreadsheet") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


_ODS_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
             b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
             b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
             b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
             b'<table:table table:name="Referrals">')
_ODS_TAIL = b"</table:table></office:spreadsheet></office:body></office:document-content>"
_ODS_HEADINGS = (b'<table:table-row><table:table-cell office:value-type="string"><text:p>Full Name</text:p>'
                 b'</table:table-cell><table:table-cell office:value-type="string"><text:p>DOB</text:p>'
                 b"</table:table-cell></table:table-row>")


def test_hostile_ods_files(worker: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An .ods is a zip of XML: the workbook limits hold, and so do limits on what repeats expand to."""
    def ods(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", _ODS_HEAD + b" " * (40 * 1024 * 1024) + _ODS_TAIL)
    _refused(worker, ods("bomb.ods", bomb.getvalue()), "(a zip bomb?); refused")
    laughs = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
              + _ODS_HEAD[_ODS_HEAD.index(b"<office:document-content"):] + _ODS_TAIL)
    _refused(worker, ods("laughs.ods", _ods_bytes(laughs)), "declares XML entities")
    _refused(worker, ods("broken.ods", _ods_bytes(_ODS_HEAD + b"<table:table-row><table:table-cell")),
             "is damaged or not a valid OpenDocument spreadsheet")
    _refused(worker, ods("letter.ods", _ods_bytes(_ODS_HEAD + _ODS_TAIL, b"application/vnd.oasis.opendocument.text")),
             "is an OpenDocument file but not a spreadsheet")
    wide = (b'<table:table-row><table:table-cell table:number-columns-repeated="2000000000" '
            b'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>')
    _refused(worker, ods("wide.ods", _ods_bytes(_ODS_HEAD + _ODS_HEADINGS + wide + _ODS_TAIL)),
             "row 2 has data in column")
    tall = (b'<table:table-row table:number-rows-repeated="2000000000"><table:table-cell office:value-type="string">'
            b"<text:p>Ahmad Karimi</text:p></table:table-cell></table:table-row>")
    _refused(worker, ods("tall.ods", _ods_bytes(_ODS_HEAD + _ODS_HEADINGS + tall + _ODS_TAIL)),
             "has more than 100,000 rows of data")
    spaces = (b'<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="2000000000"/>'
              b"</text:p></table:table-cell></table:table-row>")
    _refused(worker, ods("spaces.ods", _ods_bytes(_ODS_HEAD + _ODS_HEADINGS + spaces + _ODS_TAIL)),
             "row 2 has a cell of 32,769 characters; refused")  # "a" and the spaces, capped
    from caseworker.services.intake import ods_book

    monkeypatch.setattr(ods_book, "MAX_CONTENT", 1000)
    big = _ods_bytes(_ODS_HEAD + _ODS_HEADINGS * 20 + _ODS_TAIL)
    _refused(worker, ods("big.ods", big), "MB are read from an .ods file")


def test_an_ods_of_a_million_empty_rows_reads_only_what_is_there(worker: Services, tmp_path: Path) -> None:
    """LibreOffice writes the empty rest of a sheet as one row repeated a million times, 1,024 cells wide."""
    path = spreadsheets.write_ods(tmp_path / "list.ods", [spreadsheets.Sheet(
        "Referrals", [["Full Name", "DOB"], ["Ahmad Karimi", "1990"]])])
    assert b'number-rows-repeated="1048574"' in zipfile.ZipFile(path).read("content.xml")
    report = worker.intake.run_import(ImportRequest(path, source="t", dry_run=True))
    assert report.rows == 1 and report.created == 1


def test_enormous_sheets(worker: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheet_rows, "MAX_ROWS", 300)
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
    assert row[1] == "'=HYPERLINK(\"http://x\")" and row[10] == "'+cmd"  # inert when edited in Excel too


def test_csv_junk_empty_files_and_unknown_formats(worker: Services, tmp_path: Path) -> None:
    for name, data, message in (
        ("list.csv", b"\x00\x01\x02\xff\xfe\x00binary" * 100, "is not a text file"),
        ("empty.csv", b"", "is empty"),
        ("list.ods", b"not really", "is not an OpenDocument spreadsheet (.ods): its content is something else"),
        ("list.pdf", b"%PDF-1.4 not a list", "is not a referral list this program reads (.xlsx, .xlsm, .xls, .ods, .csv"),
        ("export.xls", b"<html><body><table><tr><td>Full Name</td></tr></table></body></html>",
         "is a web page or XML file with an .xls name"),
    ):  # fmt: skip
        (tmp_path / name).write_bytes(data)
        _refused(worker, tmp_path / name, message)
    missing = tmp_path / "nowhere.xlsx"
    _refused(worker, missing, "cannot be read")
    blank = tmp_path / "blank.xlsx"
    openpyxl.Workbook().save(blank)
    _refused(worker, blank, "has nothing in it (sheet 'Sheet' is empty)")


def test_binary_workbooks_are_refused_by_content(worker: Services, tmp_path: Path) -> None:
    xlsb = tmp_path / "list.xlsx"  # named .xlsx, but its workbook part is binary (an .xlsb)
    with zipfile.ZipFile(xlsb, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
    _refused(worker, xlsb, "is a binary workbook (.xlsb)")
