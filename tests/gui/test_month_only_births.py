"""A date of birth known to the month (Solar Hijri or Gregorian) is stored, shown and edited as such."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from caseworker.domain.birthdates import Precision
from caseworker.domain.cell_values import birth_from_cell
from caseworker.gui.case_detail.family_model import BIRTH, FamilyModel
from caseworker.services.api import Services
from caseworker.services.inputs import PersonInput
from tests.support.factories import new_case


def test_typed_solar_hijri_and_month_only_dates_are_kept_with_their_precision(qtmodeltester, desk: Services) -> None:  # type: ignore[no-untyped-def]
    case = new_case(desk, birth="12 Asad 1369")  # typed the way a tazkira reads
    detail = desk.people.add(case.id, case.version, PersonInput(
        role="DEPENDANT", relationship="SON", name_original="احمد کریمی", doc_surname="KARIMI", doc_given_names="AHMAD",
        sex="M", birth_date="\u200fاسد ۱۳۹۲"))  # fmt: skip
    principal, son = detail.people
    assert (principal.birth_date, principal.birth_precision) == (dt.date(1990, 8, 3), "EXACT")
    assert (son.birth_date, son.birth_precision) == (dt.date(2013, 7, 23), "MONTH_ONLY")  # 1 Asad 1392
    model = FamilyModel()
    model.set_rows(detail.people)
    qtmodeltester.check(model)
    assert model.index(1, BIRTH).data(Qt.ItemDataRole.DisplayRole) == "Asad 1392 (month only)"


def test_referral_cells_read_the_same_forms() -> None:
    today = dt.date(2026, 11, 25)
    assert birth_from_cell("۱۲ اسد ۱۳۶۹ هجری شمسی", today=today).value == dt.date(1990, 8, 3)
    month = birth_from_cell("\u200f1369/05", today=today)
    assert month is not None and (month.value, month.precision) == (dt.date(1990, 7, 23), Precision.MONTH_ONLY)


def test_editing_a_person_keeps_a_month_only_date(qtbot, desk: Services) -> None:  # type: ignore[no-untyped-def]
    from caseworker.gui.case_detail.person_dialog import PersonDialog

    case = new_case(desk, birth="Asad 1369")
    dialog = PersonDialog(lambda *_: None, case.people[0])
    qtbot.addWidget(dialog)
    assert dialog.precision.currentData() == Precision.MONTH_ONLY.value
    values = dialog.person_input([])
    assert (values.birth_date, values.birth_precision) == ("23/07/1990", "MONTH_ONLY")
    assert values.clean()["birth_precision"] == "MONTH_ONLY"
