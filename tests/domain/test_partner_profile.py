"""Partner profiles: only catalogue fields, refused with the exact place that is wrong."""

from __future__ import annotations

import datetime as dt

import pytest

from caseworker.domain.date_formats import parse_date_format
from caseworker.domain.errors import ValidationError
from caseworker.domain.handoff_fields import FORBIDDEN
from caseworker.domain.partner_profile import parse_profile
from caseworker.domain.pseudonyms import group_id, new_passphrase, new_secret
from tests.support.handoffs import profile


def test_a_good_profile_round_trips() -> None:
    parsed = parse_profile(profile())
    assert parsed.columns[0].heading == "№" and parsed.columns[2].heading == "Surname"
    assert parse_profile(parsed.to_json()) == parsed
    assert parsed.password and parsed.file_format == "xlsx"


@pytest.mark.parametrize("name", sorted(FORBIDDEN))
def test_every_forbidden_field_is_refused_with_its_reason(name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_profile(profile(columns=["surname", {"field": name, "heading": "x"}]))
    assert caught.value.field == "columns[1].field"
    assert "may never be given to a partner" in str(caught.value)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"columns": ["surname", "shoe_size"]}, "columns[1].field", "not an exportable field"),
        ({"columns": ["surname", "SURNAME"]}, "columns[1].field", "listed twice"),
        ({"columns": []}, "columns", "non-empty"),
        ({"format": "csv"}, "password", "cannot be password-protected"),
        ({"format": "pdf"}, "format", "not a file format"),
        ({"date_format": "MM/YYYY"}, "date_format", "day, the month and the year"),
        ({"date_format": "%d/%m/%Y"}, "date_format", "not a date format"),
        ({"name": "Has Spaces"}, "name", "lower-case"),
        ({"sheet_name": "a/b"}, "sheet_name", "cannot contain"),
        ({"secret": "x"}, "secret", "unknown key"),
        ({"columns": [{"field": "surname", "heading": "\u202eemanrus"}]}, "columns[0].heading", "direction"),
        ({"password": "yes"}, "password", "true or false"),
    ],
)
def test_bad_profiles_name_the_place(change: dict, field: str, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValidationError, match=message) as caught:
        parse_profile(profile(**change))
    assert caught.value.field == field


def test_date_formats() -> None:
    day = dt.date(2026, 3, 7)
    assert parse_date_format("dd.mm.yyyy").format(day) == "07.03.2026"
    assert parse_date_format("DD.MM.YYYY").excel == "dd.mm.yyyy"
    assert parse_date_format("YYYY-MM-DD").format(day) == "2026-03-07"
    assert parse_date_format("DD MMM YYYY").format(day) == "07 Mar 2026"
    assert parse_date_format("MM/DD/YYYY").excel == "mm/dd/yyyy"


def test_group_ids_depend_on_the_secret_and_passphrases_are_strong() -> None:
    one, two = new_secret(), new_secret()
    assert group_id(one, 42) == group_id(one, 42) != group_id(two, 42)
    assert len({group_id(one, i) for i in range(20_000)}) == 20_000
    phrases = {new_passphrase() for _ in range(200)}
    assert len(phrases) == 200 and all(len(p) == 29 and p.count("-") == 5 for p in phrases)
