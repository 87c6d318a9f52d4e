"""Column mapping: headings as referral sources write them, in English and Dari, above a title row."""

from __future__ import annotations

import pytest

from caseworker.domain.errors import ValidationError
from caseworker.services.intake.mapping import (
    check_json,
    detect,
    find_header,
    guess_referral_source,
    heading_field,
)


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
