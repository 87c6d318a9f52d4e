"""Rows of any shape reach the store: different rows fill different columns (issue 12, points 1 and 3)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from caseworker.services.api import Services
from caseworker.services.intake import ImportRequest
from caseworker.store.models import Case, Person
from tests.support import referrals

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
