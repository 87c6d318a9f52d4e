"""The files people really send: one ministry list as .xlsx, .xlsm, .ods, .xls and CSV, read the same way.

The list has what real ones have: a cover sheet first, a hidden sheet of
internal notes (with a person on it who must not be imported), two title rows,
"Name" merged down two rows and "Passport" merged over "No." / "Expiry",
dates as Excel dates and as text, phone and tazkira numbers that Excel turned
into numbers, Persian digits. Each file is written by a real writer (openpyxl,
odfpy, xlwt) and, where LibreOffice is installed, saved again by LibreOffice
Calc's own .xls and .ods filters.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from caseworker.services.api import Services
from caseworker.services.intake import ImportRequest
from caseworker.services.intake.sheets import read_sheet
from tests.support import spreadsheets
from tests.support.spreadsheets import Sheet

pytestmark = pytest.mark.usefixtures("sqlite_store")

LIST = [
    ["Ministry of Defence — ARAP referrals", None, None, None, None, None, None],
    ["Batch 7, September 2021", None, None, None, None, None, None],
    ["Name", "Father's name", "Passport", None, "Tazkira", "Phone/WhatsApp", "DOB"],
    [None, None, "No.", "Expiry", None, None, None],
    ["Ahmad Karimi", "Ghulam Nabi", "P01234567", dt.datetime(2030, 1, 2), 1400010112345, 93701234567, dt.datetime(1985, 3, 14)],
    ["Fatima Noori", "Abdul Karim", "P07654321", "02/03/2031", "۱۴۰۱-۰۲۰۲-۵۴۳۲۱", "7.99123456E+8", "12/05/1990"],
    ["Hamid Wardak", "Wali", None, None, None, "+93 70 999 8888", 1369],
]  # fmt: skip
MERGES = [(0, 0, 0, 6), (2, 0, 3, 0), (2, 1, 3, 1), (2, 2, 2, 3), (2, 4, 3, 4), (2, 5, 3, 5), (2, 6, 3, 6)]
HEADINGS = ("Name", "Father's name", "Passport No.", "Passport Expiry", "Tazkira", "Phone/WhatsApp", "DOB")
SHEETS = [
    Sheet("Cover", [["This workbook lists the people referred in batch 7."], ["Contact: the ARAP team"]]),
    Sheet("Referrals", LIST, MERGES),
    Sheet("Internal", [["Name", "DOB", "Comments"], ["Secret Person", "1970", "do not import"]], state="hidden"),
]


def _written(kind: str, folder: Path) -> Path:
    if kind in ("xlsx", "xlsm"):
        return spreadsheets.write_xlsx(folder / f"list.{kind}", SHEETS)
    if kind == "ods":
        return spreadsheets.write_ods(folder / "list.ods", SHEETS)
    if kind == "xls":
        return spreadsheets.write_xls(folder / "list.xls", SHEETS)
    raise AssertionError(kind)


@pytest.fixture(scope="module")
def libreoffice_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The .xlsx saved by LibreOffice Calc as .xls (MS Excel 97 filter) and .ods (its native format)."""
    if spreadsheets.SOFFICE is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    folder = tmp_path_factory.mktemp("libreoffice")
    source = spreadsheets.write_xlsx(folder / "ministry.xlsx", SHEETS)
    xls = spreadsheets.libreoffice_convert([source], "xls", folder)[0]
    ods = spreadsheets.libreoffice_convert([source], "ods", folder)[0]
    return {"xls": xls, "ods": ods}


@pytest.fixture
def worker(sqlite_store) -> Services:  # type: ignore[no-untyped-def]
    from tests.support.stores import services_for

    return services_for(sqlite_store, "caseworker")


def _check_import(worker: Services, path: Path) -> None:
    preview = worker.intake.preview(path)
    assert preview.sheet == "Referrals" and preview.sheets == ("Cover", "Referrals")
    assert preview.headings == HEADINGS, preview.headings
    assert preview.header_row == 3 and preview.data_rows == 3
    assert preview.columns == ("full_name", "father_name", "passport_number", "passport_expiry", "tazkira_number",
                               "phone", "date_of_birth")
    assert "hidden sheet 'Internal' was not read" in preview.notes
    assert "sheet 'Referrals' was read; other sheets: 'Cover'" in preview.notes
    report = worker.intake.run_import(ImportRequest(path, source="MoD", rejects_path=path.with_suffix(".rej.xlsx")))
    assert (report.created, report.rejected) == (3, 0), report.problems
    assert "hidden sheet 'Internal' was not read" in report.notes
    people = {}
    for result in report.results:
        for person in worker.cases.get_by_reference(result.case).people:
            people[person.doc_surname] = person
    assert set(people) == {"KARIMI", "NOORI", "WARDAK"}  # nobody from the hidden sheet
    karimi, noori, wardak = people["KARIMI"], people["NOORI"], people["WARDAK"]
    assert karimi.birth_date == dt.date(1985, 3, 14) and noori.birth_date == dt.date(1990, 5, 12)
    assert wardak.birth_date == dt.date(1990, 1, 1) and wardak.birth_precision == "YEAR_ONLY"  # 1369 SH
    documents = {(d.doc_type, d.number, d.expiry_date) for p in people.values() for d in p.documents}
    assert documents == {
        ("PASSPORT", "P01234567", dt.date(2030, 1, 2)), ("E_TAZKIRA", "1400010112345", None),
        ("PASSPORT", "P07654321", dt.date(2031, 3, 2)), ("E_TAZKIRA", "1401-0202-54321", None),
    }  # fmt: skip
    phones = {p.doc_surname: [c.value for c in p.contact_points] for p in people.values()}
    assert phones == {"KARIMI": ["+93701234567"], "NOORI": ["+93799123456"], "WARDAK": ["+93709998888"]}


@pytest.mark.parametrize("kind", ["xlsx", "xlsm", "ods", "xls"])
def test_the_ministry_list_in_each_format(worker: Services, tmp_path: Path, kind: str) -> None:
    _check_import(worker, _written(kind, tmp_path))


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_the_ministry_list_as_libreoffice_saves_it(worker: Services, libreoffice_files: dict[str, Path],
                                                   kind: str) -> None:
    _check_import(worker, libreoffice_files[kind])


@pytest.mark.parametrize("kind", ["xlsx", "ods", "xls"])
def test_a_sheet_can_be_chosen_but_not_a_hidden_one(worker: Services, tmp_path: Path, kind: str) -> None:
    from caseworker.domain.errors import ValidationError

    path = _written(kind, tmp_path)
    assert read_sheet(path, sheet="Cover").rows[0][1] == ("This workbook lists the people referred in batch 7.",)
    with pytest.raises(ValidationError, match=r"sheet 'Internal' is hidden; unhide it"):
        read_sheet(path, sheet="Internal")
    with pytest.raises(ValidationError, match=r"has no sheet called 'Nope' \(sheets: Cover, Referrals\)"):
        read_sheet(path, sheet="Nope")


def test_very_hidden_sheets_and_a_book_of_only_hidden_sheets(tmp_path: Path) -> None:
    from caseworker.domain.errors import ValidationError

    sheets = [Sheet("Macro data", [["Name", "DOB"], ["Secret", "1970"]], state="veryHidden"), SHEETS[1]]
    raw = read_sheet(spreadsheets.write_xlsx(tmp_path / "a.xlsx", sheets))
    assert raw.sheet == "Referrals" and raw.notes == ("hidden sheet 'Macro data' was not read",)
    raw = read_sheet(spreadsheets.write_xls(tmp_path / "a.xls", sheets))
    assert raw.sheet == "Referrals" and raw.notes == ("hidden sheet 'Macro data' was not read",)
    hidden = [Sheet("A", [["Name"], ["x"]], state="hidden")]
    with pytest.raises(ValidationError, match="has no visible sheet"):
        read_sheet(spreadsheets.write_ods(tmp_path / "h.ods", hidden))


def test_a_single_sheet_without_recognised_headings_is_read_from_its_top(tmp_path: Path) -> None:
    raw = read_sheet(spreadsheets.write_ods(tmp_path / "a.ods", [Sheet("Lista", [["Naam", "Geboren"], ["A", "1990"]])]))
    assert raw.sheet == "Lista" and raw.rows == ((1, ("Naam", "Geboren")), (2, ("A", "1990")))
    assert raw.notes == ()


DARI = [
    ["فهرست معرفی شدگان"],
    ["نام", "نام پدر", "تاریخ تولد", "شماره تذکره", "شماره پاسپورت", "شماره تلفن", "جنسیت", "رابطه", "ولایت"],
    ["احمد کریمی", "غلام نبی", "۱۳۶۹/۰۵/۱۲", "۱۴۰۰-۰۱۰۱-۱۲۳۴۵", "P01234567", "۰۷۰۱۲۳۴۵۶۷", "مرد", "خود", "کابل"],
]  # fmt: skip
PASHTO = [
    ["نوم", "د پلار نوم", "د زیږیدو نیټه", "د تذکرې شمېره", "تلیفون", "اړیکه"],
    ["ملالۍ ستانکزۍ", "نور احمد", "1990", "۱۴۰۰-۰۱۰۱-۵۴۳۲۱", "0799123456", "پخپله"],
]  # fmt: skip


@pytest.mark.parametrize("flavour", ["utf-8-bom", "unicode-text", "cp1256", "utf-8"])
def test_dari_headings_in_csv_as_excel_saves_it(worker: Services, tmp_path: Path, flavour: str) -> None:
    path = spreadsheets.write_excel_csv(tmp_path / "list.csv", DARI, flavour)
    preview = worker.intake.preview(path)
    assert preview.columns == ("full_name", "father_name", "date_of_birth", "tazkira_number", "passport_number",
                               "phone", "sex", "relationship", "current_area")
    assert preview.encoding == {"utf-8-bom": "utf-8-sig", "unicode-text": "utf-16", "cp1256": "cp1256",
                                "utf-8": "utf-8"}[flavour]
    report = worker.intake.run_import(ImportRequest(path, source="NGO", rejects_path=tmp_path / "r.xlsx"))
    assert report.created == 1 and report.rejected == 0, report.problems
    case = worker.cases.get_by_reference(report.results[0].case)
    person = case.people[0]
    expected_name = "احمد کریمی" if flavour != "cp1256" else "احمد كريمي"  # as the code page holds it
    assert person.name_original == expected_name and person.sex == "M"
    assert person.birth_date == dt.date(1990, 8, 3)
    assert [c.value for c in person.contact_points] == ["+93701234567"]
    assert {d.number for d in person.documents} == {"1400-0101-12345", "P01234567"}
    assert case.current_area in ("کابل", "كابل")


def test_pashto_headings_in_an_ods(worker: Services, tmp_path: Path) -> None:
    path = spreadsheets.write_ods(tmp_path / "list.ods", [Sheet("لړلیک", PASHTO)])
    preview = worker.intake.preview(path)
    assert preview.columns == ("full_name", "father_name", "date_of_birth", "tazkira_number", "phone", "relationship")
    report = worker.intake.run_import(ImportRequest(path, source="NGO", rejects_path=tmp_path / "r.xlsx"))
    assert report.created == 1 and report.rejected == 0, report.problems
    person = worker.cases.get_by_reference(report.results[0].case).people[0]
    assert person.name_original == "ملالۍ ستانکزۍ" and person.father_name_original == "نور احمد"
    assert [d.number for d in person.documents] == ["1400-0101-54321"]


def test_the_users_encoding_wins_over_detection(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes("Name,Town\r\nJosé,Zürich\r\n".encode("cp1252"))
    assert read_sheet(path, encoding="cp1252").rows[1][1] == ("José", "Zürich")
    assert read_sheet(path, encoding="cp1256").encoding == "cp1256"


def test_a_tab_separated_text_file_named_xls_is_read_as_text(tmp_path: Path) -> None:
    """Many web systems export "Excel" files that are tab-separated text."""
    path = tmp_path / "export.xls"
    path.write_bytes("Full Name\tDOB\r\nAhmad Karimi\t1990\r\n".encode("utf-16"))
    raw = read_sheet(path)
    assert raw.rows == ((1, ("Full Name", "DOB")), (2, ("Ahmad Karimi", "1990")))
    assert raw.notes == ("the file is text, not an Excel workbook: it was read as tab- or comma-separated text",)
