"""Property tests for every reader: any cells read back as written, any bytes give a ValidationError.

Cells hold any Unicode (right-to-left marks, control characters, combining
marks), whole numbers of any size, floats including NaN and infinities,
dates, date-times, booleans, and empty cells and rows. Each format must read
what its writer could write without an exception other than ValidationError,
and give back the values the format can hold: .ods holds them all (text without
the characters XML 1.0 forbids); .xls holds numbers as doubles and dates from
1 March 1900; .xlsx holds no control characters, NaN or infinities; CSV holds
text, stripped of the spaces around it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from caseworker.domain.errors import ValidationError
from caseworker.services.intake.sheets import read_sheet
from tests.support import spreadsheets
from tests.support.spreadsheets import Sheet

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# XML 1.0 section 2.2 "discouraged" characters, which odfpy's writer replaces with U+FFFD
_XML_DISCOURAGED = re.compile("[\x7f-\x84\x86-\x9f" + "".join(f"{chr(p + 0xFFFE)}{chr(p + 0xFFFF)}"
                                                          for p in range(0x10000, 0x110000, 0x10000)) + "]")
RTL = "\u200f\u200e\u202b\u202e\u2067\u2069\u200c\u061c"

texts = st.text(st.characters(codec="utf-8"), max_size=40) | st.sampled_from(
    ["نام پدر", "\u200fاحمد\u200e 1990", "ښځه\u202e", "  lead and trail  ", "a\tb\nc", "=1+1", "+93 70", "-", "0"])
numbers = (st.integers(min_value=-(10**30), max_value=10**30) | st.floats(allow_nan=True, allow_infinity=True)
           | st.sampled_from([93701234567, 93701234567.0, 7.01234567e8, 0.1, -0.0, 1e308]))
moments = st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)).map(
    lambda m: m.replace(microsecond=0))
days = st.dates(min_value=dt.date(1900, 3, 1))
cells = st.none() | texts | numbers | moments | days | st.booleans()
grids = st.lists(st.lists(cells, max_size=6), min_size=1, max_size=8)


def _grid_ok(grid: list[list[object]], kind: str = "") -> bool:
    return any(_expected(v, kind) is not None for row in grid for v in row)


def _expected(value: object, kind: str) -> object:
    """What a cell written as `value` reads back as, in a format of `kind`."""
    if value == "" or value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and kind == "xlsx" and value.startswith("=") and len(value) > 1:
        return None  # openpyxl writes it as a formula, which has no cached value to read
    if isinstance(value, int):
        if kind == "xls" or abs(value) >= 2**53:  # a number cell is a double
            number = float(value)
            return int(number) if number.is_integer() and abs(number) < 2**53 else number
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return value if kind == "ods" else dt.datetime(value.year, value.month, value.day)
    return value


def _same(got: object, want: object, kind: str = "") -> bool:
    if kind == "xlsx" and isinstance(want, float) and isinstance(got, int) and abs(want) >= 2**53:
        got = float(got)  # openpyxl reads a big whole number back as an int
    if isinstance(want, float) and isinstance(got, float):
        if kind == "xlsx":  # openpyxl writes 16 significant digits; Excel itself keeps 15
            return math.isclose(got, want, rel_tol=1e-15)
        return (math.isnan(want) and math.isnan(got)) or got == want
    return type(got) is type(want) and got == want


def _rows_of(grid: list[list[object]], kind: str) -> dict[int, tuple[object, ...]]:
    out = {}
    for number, row in enumerate(grid, start=1):
        values = [_expected(v, kind) for v in row]
        while values and values[-1] is None:
            values.pop()
        if values:
            out[number] = tuple(values)
    return out


def _check(path: Path, grid: list[list[object]], kind: str) -> None:
    raw = read_sheet(path)
    got = dict(raw.rows)
    want = _rows_of(grid, kind)
    assert got.keys() == want.keys()
    for number, values in want.items():
        assert len(got[number]) == len(values), (number, got[number], values)
        for g, w in zip(got[number], values, strict=True):
            assert _same(g, w, kind), (number, g, w)


@SETTINGS
@given(grid=grids)
def test_ods_cells_round_trip(tmp_path: Path, grid: list[list[object]]) -> None:
    grid = [[_XML_DISCOURAGED.sub("\ufffd", _XML_ILLEGAL.sub("", v).replace("\r", "")) if isinstance(v, str)
             else v for v in row] for row in grid]
    assume(_grid_ok(grid))
    path = spreadsheets.write_ods(tmp_path / "p.ods", [Sheet("Data", grid)], repeat_tail=False)
    _check(path, grid, "ods")


@SETTINGS
@given(grid=grids)
@example(grid=[["Full Name", 93701234567, float("nan"), float("inf"), True, dt.date(1990, 5, 12)]])
def test_xls_cells_round_trip(tmp_path: Path, grid: list[list[object]]) -> None:
    grid = [[v for v in row] for row in grid]
    assume(_grid_ok(grid))
    path = spreadsheets.write_xls(tmp_path / "p.xls", [Sheet("Data", grid)])
    _check(path, grid, "xls")


@SETTINGS
@given(grid=grids)
def test_xlsx_cells_round_trip(tmp_path: Path, grid: list[list[object]]) -> None:
    grid = [[_XML_ILLEGAL.sub("", v) if isinstance(v, str) else
             (None if isinstance(v, float) and not abs(v) < 1e307 else v) for v in row] for row in grid]  # Excel's range
    grid = [[v.replace("\r", "\n") if isinstance(v, str) else v for v in row] for row in grid]
    assume(_grid_ok(grid, "xlsx"))
    path = spreadsheets.write_xlsx(tmp_path / "p.xlsx", [Sheet("Data", grid)])
    _check(path, grid, "xlsx")


@SETTINGS
@given(grid=grids)
def test_xlsx_cells_the_format_cannot_hold_never_crash(tmp_path: Path, grid: list[list[object]]) -> None:
    """NaN and infinities, as openpyxl writes them: read, or a ValidationError, never another error."""
    import openpyxl

    assume(_grid_ok(grid))
    book = openpyxl.Workbook()
    for row in grid:
        book.active.append([_XML_ILLEGAL.sub("", v) if isinstance(v, str) else v for v in row])
    path = tmp_path / "p.xlsx"
    book.save(path)
    try:
        read_sheet(path)
    except ValidationError as exc:
        assert str(exc).startswith("p.xlsx: ")


_CSV_TEXT = st.text(st.characters(codec="utf-8", exclude_characters=',;\t|"\'\r\n\x00\ufeff',
                                  exclude_categories=("Cc", "Zs", "Zl", "Zp")), max_size=20)
_ARABIC = "ابپتثجچحخدذرزسشصضطظعغفقگلمنوهيكءآأؤإئة "


@SETTINGS
@given(rows=st.lists(st.lists(_CSV_TEXT, min_size=2, max_size=5), min_size=2, max_size=6),
       flavour=st.sampled_from(["utf-8-bom", "unicode-text", "utf-8"]))
def test_csv_cells_round_trip_in_each_unicode_form(tmp_path: Path, rows: list[list[str]], flavour: str) -> None:
    width = len(rows[0])
    rows = [(row + [""] * width)[:width] for row in rows]
    assume(all(any(c for c in row) for row in rows) and all(rows[0]))
    path = spreadsheets.write_excel_csv(tmp_path / "p.csv", rows, flavour)
    raw = read_sheet(path)
    got = {n: tuple(c or "" for c in cells) for n, cells in raw.rows}
    for number, row in enumerate(rows, start=1):
        values = [c.strip() for c in row]
        while values and not values[-1]:
            values.pop()
        assert got.get(number, ()) == tuple(values)


@SETTINGS
@given(rows=st.lists(st.lists(st.text(_ARABIC, min_size=1, max_size=15), min_size=2, max_size=4), min_size=2,
                     max_size=6).filter(lambda rows: sum(ch.strip() != "" for r in rows for c in r for ch in c) >= 12))
def test_arabic_script_csv_in_windows_1256_is_detected(tmp_path: Path, rows: list[list[str]]) -> None:
    width = len(rows[0])
    rows = [[c.strip() or "x" for c in (row + ["x"] * width)[:width]] for row in rows]
    path = spreadsheets.write_excel_csv(tmp_path / "p.csv", rows, "cp1256")
    raw = read_sheet(path)
    assert raw.encoding == "cp1256"
    assert [list(cells) for _, cells in raw.rows] == [[c.replace("ی", "ي").replace("ک", "ك") for c in r] for r in rows]


@SETTINGS
@given(data=st.binary(min_size=1, max_size=4096),
       suffix=st.sampled_from([".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".txt", ".xlsb", ""]))
def test_random_bytes_give_a_validation_error(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"list{suffix}"
    path.write_bytes(data)
    try:
        read_sheet(path)
    except ValidationError as exc:
        assert str(exc).startswith(f"{path.name}: ")


@pytest.fixture(scope="module")
def valid_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("valid")
    sheets = [Sheet("Referrals", [["Full Name", "DOB", "Phone"], ["Ahmad Karimi", dt.date(1990, 5, 12), 93701234567]],
                    [(0, 0, 0, 1)]), Sheet("Hidden", [["x"]], state="hidden")]
    return {".xlsx": spreadsheets.write_xlsx(folder / "a.xlsx", sheets).read_bytes(),
            ".ods": spreadsheets.write_ods(folder / "a.ods", sheets, repeat_tail=False).read_bytes(),
            ".xls": spreadsheets.write_xls(folder / "a.xls", sheets).read_bytes()}


@SETTINGS
@given(suffix=st.sampled_from([".xlsx", ".ods", ".xls"]), cuts=st.lists(st.tuples(st.integers(0, 10**6),
                                                                              st.integers(0, 255)), max_size=8),
       truncate=st.integers(0, 10**6) | st.none())
def test_damaged_workbooks_give_a_validation_error(tmp_path: Path, valid_files: dict[str, bytes], suffix: str,
                                                   cuts: list[tuple[int, int]], truncate: int | None) -> None:
    """A real file with bytes changed or cut off: read, or a ValidationError naming it, never a crash."""
    data = bytearray(valid_files[suffix])
    for at, value in cuts:
        data[at % len(data)] = value
    if truncate is not None:
        data = data[: truncate % len(data) + 1]
    path = tmp_path / f"list{suffix}"
    path.write_bytes(bytes(data))
    try:
        read_sheet(path)
    except ValidationError as exc:
        assert str(exc).startswith(f"{path.name}: ")
