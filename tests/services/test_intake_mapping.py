"""Column mapping: headings as referral sources write them, in English, Dari and Pashto, below titles,
merged and on two rows."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseworker.domain.errors import ValidationError
from caseworker.services.intake.mapping import (
    check_json,
    detect,
    find_header,
    guess_referral_source,
    heading_field,
    headings_of,
)
from caseworker.services.intake.sheet_rows import RawSheet


@pytest.mark.parametrize(("heading", "field"), [
    ("Full Name", "full_name"), ("Name (as in passport)", "full_name"), ("DOB", "date_of_birth"),
    ("Date of Birth", "date_of_birth"), ("D.O.B.", "date_of_birth"), ("Passport No.", "passport_number"),
    ("Tazkira", "tazkira_number"), ("Tazkira / e-Tazkira No", "tazkira_number"), ("Phone/WhatsApp", "phone"),
    ("WhatsApp number", "phone"), ("Relationship", "relationship"), ("Relationship to PA", "relationship"),
    ("Principal ref", "principal_ref"), ("Principal Reference No", "principal_ref"), ("Ref", "referral_ref"),
    ("Family ID", "family_group"), ("Father's Name", "father_name"), ("F/Name", "father_name"),
    ("Name (Dari)", "name_original"), ("Name in Pashto", "name_original"), ("Surname", "surname"),
    ("Given name(s)", "given_names"), ("Gender", "sex"), ("Passport expiry date", "passport_expiry"),
    ("نام پدر", "father_name"), ("تاریخ تولد", "date_of_birth"), ("شماره تذکره", "tazkira_number"),
    ("شماره تماس", "phone"), ("Comments", "notes"), ("Import errors", "ignore"), ("Current location", "current_area"),
    ("Colour of car", None),
])  # fmt: skip
def test_headings(heading: str, field: str | None) -> None:
    assert heading_field(heading) == field


def test_detect_keeps_unknown_and_repeated_columns_as_notes() -> None:
    mapping = detect(["Full Name", "Name", "Colour of car", "", "Phone", "Mobile"])
    assert mapping.columns == ("full_name", "notes", "notes", "ignore", "phone", "phone")
    assert mapping.defaults["scheme"] == "ARAP" and mapping.defaults["referral_source"] == "FCDO"


def test_saved_columns_win_over_detection() -> None:
    mapping = detect(["Name", "Extra"], {"columns": {"name": "name_original", "EXTRA": "ignore"},
                                          "defaults": {"post": "TAS"}, "jan1_is_exact": True})
    assert mapping.columns == ("name_original", "ignore") and mapping.defaults["post"] == "TAS"
    assert mapping.jan1_is_exact


def test_the_heading_row_is_found_below_titles() -> None:
    rows = [(1, ("MP referrals — August 2021",)), (2, ("Prepared by the office of A. Jones",)),
            (4, ("Ref", "Full Name", "DOB")), (5, ("1", "Ahmad", "1990"))]
    assert find_header(rows) == 2


def test_a_mapping_needs_a_name_and_single_fields_once() -> None:
    with pytest.raises(ValidationError, match="no column is mapped to a name"):
        detect(["DOB", "Phone"]).check(["DOB", "Phone"])
    mapping = detect(["Full Name", "DOB", "Born"]).with_column(2, "date_of_birth")
    with pytest.raises(ValidationError, match="'DOB' and 'Born' are both mapped to date of birth"):
        mapping.check(["Full Name", "DOB", "Born"])


def test_mapping_files_are_checked() -> None:
    with pytest.raises(ValidationError, match="is not a field"):
        check_json({"columns": {"A": "nonsense"}})
    with pytest.raises(ValidationError, match="is not one of"):
        check_json({"columns": {}, "defaults": {"scheme": "XYZ"}})
    with pytest.raises(ValidationError, match="must be a JSON object"):
        check_json(["not", "an", "object"])
    assert guess_referral_source("Office of A. Jones MP") == "MP" and guess_referral_source("MoD ARAP") == "MOD"


@pytest.mark.parametrize(("heading", "field"), [
    ("نام", "full_name"), ("نام پدر", "father_name"), ("تاریخ تولد", "date_of_birth"),
    ("شماره تذکره", "tazkira_number"), ("شماره پاسپورت", "passport_number"), ("شماره تلفن", "phone"),
    ("جنسیت", "sex"), ("رابطه", "relationship"), ("ولایت", "current_area"), ("نوم", "full_name"),
    ("د پلار نوم", "father_name"), ("د زیږیدو نیټه", "date_of_birth"), ("د تذکرې شمېره", "tazkira_number"),
    ("تلیفون", "phone"), ("اړیکه", "relationship"), ("تخلص", "surname"), ("محل تولد", "place_of_birth"),
    # as Windows-1256 and Arabic keyboards write them: ي and ك for ی and ک
    ("شماره تذكره", "tazkira_number"), ("تاريخ تولد", "date_of_birth"), ("جنسيت", "sex"),
    # with a zero-width non-joiner, a right-to-left mark, diacritics, or extra words
    ("نام\u200cپدر", "father_name"), ("\u200fشماره تلفن\u200f", "phone"), ("نامِ پدر", "father_name"),
    ("شماره تذکره (الکترونیکی)", "tazkira_number"), ("د زېږېدو نېټه (هجري شمسي)", "date_of_birth"),
    ("تاریخ انقضای پاسپورت", "passport_expiry"), ("پاسپورټ", "passport_number"),
])  # fmt: skip
def test_dari_and_pashto_headings(heading: str, field: str) -> None:
    assert heading_field(heading) == field


def _raw(rows: list[tuple[object, ...]], merges: tuple[tuple[int, int, int, int], ...] = ()) -> RawSheet:
    return RawSheet("f.xlsx", "", "S", ("S",), None, tuple((n, r) for n, r in enumerate(rows, start=1) if r),
                    merges)


def test_two_row_headings_merged_in_the_file() -> None:
    raw = _raw([("MoD referrals",), ("Name", "Passport", None, "Phone"), (None, "No.", "Expiry"),
                ("Ahmad", "P01234567", "2030-01-01", "0701234567")],
               merges=((1, 0, 1, 3), (2, 0, 3, 0), (2, 1, 2, 2), (2, 3, 3, 3)))
    index, headings, data = headings_of(raw, detect([]))
    assert index == 1 and headings == ("Name", "Passport No.", "Passport Expiry", "Phone")
    assert [n for n, _ in data] == [4]
    assert detect(headings).columns == ("full_name", "passport_number", "passport_expiry", "phone")


def test_two_row_headings_in_a_csv_without_merges() -> None:
    raw = _raw([("Name", "پاسپورت", None, "Phone"), (None, "شماره", "تاریخ انقضا"), ("Ahmad", "P0123", "", "07")])
    _, headings, data = headings_of(raw, detect([]))
    assert detect(headings).columns == ("full_name", "passport_number", "passport_expiry", "phone")
    assert [n for n, _ in data] == [3]


def test_merged_group_headings_above_the_heading_row() -> None:
    raw = _raw([("Personal details", None, None, "Passport", None), ("Name", "DOB", "Ref", "No.", "Expiry"),
                ("Ahmad", "1990", "R-1", "P0123", "2030-01-01")], merges=((1, 0, 1, 2), (1, 3, 1, 4)))
    _, headings, _ = headings_of(raw, detect([]))
    assert headings == ("Name", "DOB", "Ref", "Passport No.", "Passport Expiry")
    assert detect(headings).columns == ("full_name", "date_of_birth", "referral_ref", "passport_number",
                                        "passport_expiry")


def test_a_heading_merged_across_columns_heads_each_of_them() -> None:
    raw = _raw([("Name", "Phone numbers", None), ("Ahmad", "0701234567", "0799123456")], merges=((1, 1, 1, 2),))
    _, headings, data = headings_of(raw, detect([]))
    assert headings == ("Name", "Phone numbers", "Phone numbers") and len(data) == 1
    assert detect(headings).columns == ("full_name", "phone", "phone")


def test_a_row_of_data_under_a_merged_heading_stays_data() -> None:
    """A person with no name under "Passport" merged over two columns is a row to import, not sub-headings."""
    raw = _raw([("Name", "Passport", None, "Comments"), (None, "P01234567", "2030-01-01"), ("Ahmad", "P2", "", "")],
               merges=((1, 1, 1, 2),))
    _, headings, data = headings_of(raw, detect([]))
    assert [n for n, _ in data] == [2, 3] and headings[:2] == ("Name", "Passport")
    csv_like = _raw([("Name", "Father", None, "Phone"), (None, None, "some note", None)])
    assert [n for n, _ in headings_of(csv_like, detect([]))[2]] == [2]


@given(st.lists(st.lists(st.one_of(st.none(), st.text(max_size=12), st.integers(), st.floats()), max_size=5),
                min_size=1, max_size=6))
def test_rows_under_the_headings_are_data_unless_they_are_headings(rows: list[list[object]]) -> None:
    """Whatever the rows below, headings_of keeps every row after the heading row, but at most one row of
    sub-headings, and that only when each of its cells is a heading word."""
    raw = _raw([("Name", "Passport", None, "Phone"), *[tuple(r) for r in rows]], merges=((1, 1, 1, 2),))
    _, _, data = headings_of(raw, detect([]))
    kept = [n for n, _ in data]
    all_rows = [n for n, _ in raw.rows[1:]]
    assert kept == all_rows or (kept == all_rows[1:] and all_rows[0] == 2 and all(
        isinstance(c, str) and not any(ch.isdigit() for ch in c) for c in raw.rows[1][1] if c))
