"""Handoffs read letters: each person's live letter, and batches by crossing point."""

from __future__ import annotations

import datetime as dt

import pytest

from caseworker.domain.errors import ValidationError
from caseworker.services.api import Services
from caseworker.services.handoffs.selection import Batch, HandoffSelection
from tests.support.handoffs import PROFILE, make_partner
from tests.support.letters import authorised_case

LETTER_COLUMN = [c if isinstance(c, str) else c["field"] for c in PROFILE["columns"]].index("letter_reference")


def test_manifest_rows_carry_the_live_letter_and_crossing_batches_find_its_people(
    admin: Services, caseworker: Services, officer: Services
) -> None:
    partner = make_partner(admin)
    case = authorised_case(caseworker, officer)
    cleared = [p.id for p in case.people if p.cleared_to_travel]
    letter = officer.letters.approve(caseworker.letters.draft(case.id, crossings=["Torkham"]).id)
    today = dt.datetime.now(dt.UTC).date()

    preview = caseworker.handoffs.preview(partner, HandoffSelection(case_ids=(case.id,)))
    column = LETTER_COLUMN
    references = {person: row[column] for person, row in zip(preview.person_ids, preview.rows, strict=True)}
    assert {p: r for p, r in references.items() if r} == {p: f"{letter.reference} v1" for p in cleared}
    assert len(references) == len(case.people)  # the daughter not cleared to travel has no letter

    window = Batch(crossing_point="Torkham", window_from=today, window_to=today + dt.timedelta(days=7))
    by_crossing = caseworker.handoffs.preview(partner, HandoffSelection(by_crossing=True), window)
    assert sorted(set(by_crossing.person_ids)) == sorted(cleared)
    elsewhere = Batch(crossing_point="Chaman", window_from=today, window_to=today + dt.timedelta(days=7))
    late = Batch(crossing_point="Torkham", window_from=today + dt.timedelta(days=60), window_to=today + dt.timedelta(days=70))
    for nobody in (elsewhere, late):
        with pytest.raises(ValidationError, match="no one matches"):
            caseworker.handoffs.preview(partner, HandoffSelection(by_crossing=True), nobody)

    officer.letters.revoke(letter.id, "family asked to wait")
    after = caseworker.handoffs.preview(partner, HandoffSelection(case_ids=(case.id,)))
    assert [row[column] for row in after.rows] == [None] * len(case.people)
