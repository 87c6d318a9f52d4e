"""The disclosure ledger and "changes since the last handoff to this partner"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from caseworker.domain.errors import ValidationError
from caseworker.services.api import Services
from caseworker.services.handoffs import Batch, HandoffSelection
from caseworker.services.inputs import DocumentInput, PersonInput
from tests.support.handoffs import family, make_partner

WINDOW = Batch("Torkham", dt.date(2026, 12, 1), dt.date(2026, 12, 8))


def _hand_off(caseworker: Services, officer: Services, out: Path, partner: str, **selection: object) -> str:
    prepared = caseworker.handoffs.prepare(partner, HandoffSelection(**selection), WINDOW).handoff  # type: ignore[arg-type]
    assert prepared is not None
    officer.handoffs.approve(prepared.id)
    caseworker.handoffs.write(prepared.id, out / f"{prepared.reference}.xlsx")
    return prepared.reference


def test_ledger_answers_per_person_and_per_partner(caseworker: Services, officer: Services, admin: Services,
                                                   tmp_path: Path) -> None:  # fmt: skip
    one, two = family(caseworker, given="Ahmad"), family(caseworker, given="Bashir", children=())
    make_partner(admin)
    make_partner(admin, name="airline", display_name="Kam Air", columns=["row_number", "surname", "given_names"])
    first = _hand_off(caseworker, officer, tmp_path, "uz-interior", case_ids=(one.id, two.id))
    second = _hand_off(caseworker, officer, tmp_path, "airline", case_ids=(one.id,))
    pending = caseworker.handoffs.prepare("airline", HandoffSelection(case_ids=(two.id,))).handoff

    ahmad = one.people[0].id
    entries = caseworker.handoffs.ledger.for_person(ahmad)
    assert [(e.reference, e.partner) for e in entries] == [(second, "airline"), (first, "uz-interior")]
    assert entries[0].fields == ("row_number", "surname", "given_names")
    assert "document_number" in entries[1].fields and entries[1].row_number == 1
    assert entries[0].person_name == "AHMAD KARIMI" and entries[0].written_by == "caseworker"
    assert entries[0].approved_by == "officer"

    bashir = two.people[0].id
    assert [e.reference for e in caseworker.handoffs.ledger.for_person(bashir)] == [first]
    with_pending = caseworker.handoffs.ledger.for_person(bashir, include_pending=True)
    assert [e.reference for e in with_pending] == [pending.reference, first]

    by_partner = caseworker.handoffs.ledger.for_partner("uz-interior")
    assert [h.handoff.reference for h in by_partner] == [first]
    assert {p.person_id for p in by_partner[0].people} == {p.id for p in one.people} | {bashir}
    assert len(caseworker.handoffs.ledger.for_case(one.id)) == 4  # two people, each to both partners


def test_ledger_survives_the_person_being_removed(caseworker: Services, officer: Services, admin: Services,
                                                  tmp_path: Path) -> None:  # fmt: skip
    case = family(caseworker)
    make_partner(admin)
    _hand_off(caseworker, officer, tmp_path, "uz-interior", case_ids=(case.id,))
    daughter = case.people[1].id
    caseworker.people.remove(daughter, None, "recorded in error")
    entries = caseworker.handoffs.ledger.for_person(daughter)
    assert len(entries) == 1 and entries[0].person_name == f"person {daughter} (removed)"


def test_recalled_handoffs_stay_in_the_ledger_marked(caseworker: Services, officer: Services, admin: Services,
                                                     tmp_path: Path) -> None:  # fmt: skip
    case = family(caseworker, children=())
    make_partner(admin)
    ref = _hand_off(caseworker, officer, tmp_path, "uz-interior", case_ids=(case.id,))
    caseworker.handoffs.recall(ref, "partner confirmed deletion")
    [entry] = caseworker.handoffs.ledger.for_person(case.people[0].id)
    assert entry.status == "RECALLED" and entry.close_note == "partner confirmed deletion"


def test_changes_since_the_last_handoff(caseworker: Services, officer: Services, admin: Services,
                                        tmp_path: Path) -> None:  # fmt: skip
    one = family(caseworker, given="Ahmad")  # Ahmad + Zahra
    two = family(caseworker, given="Bashir", children=())
    make_partner(admin)
    with pytest.raises(ValidationError, match="nothing has been handed"):
        caseworker.handoffs.preview_changes("uz-interior")
    first = _hand_off(caseworker, officer, tmp_path, "uz-interior", case_ids=(one.id, two.id))
    with pytest.raises(ValidationError, match="nothing has changed"):
        caseworker.handoffs.preview_changes("uz-interior")

    # a new passport for Ahmad, a son joins the family, his daughter leaves the group
    ahmad, zahra = one.people
    case = caseworker.people.add_document(ahmad.id, None, DocumentInput("PASSPORT", "P09999999", "AFG", None,
                                                                        "2031-01-01"))  # fmt: skip
    case = caseworker.people.add(case.id, case.version, PersonInput(
        role="DEPENDANT", relationship="SON", doc_surname="KARIMI", doc_given_names="YUSUF", sex="M",
        birth_date="2018-05-02"))  # fmt: skip
    caseworker.people.remove(zahra.id, None, "left the group")

    changes = caseworker.handoffs.prepare_changes("uz-interior")
    assert changes.handoff is not None and changes.handoff.kind == "CHANGES"
    assert changes.handoff.base_reference == first
    assert changes.headings[-1] == "Change"
    by_name = {row[3]: row for row in changes.rows}
    assert set(by_name) == {"AHMAD", "YUSUF", "ZAHRA"}  # Bashir did not change: not in the file
    assert by_name["AHMAD"][-1] == "Changed: Document number, Document expiry"
    assert by_name["AHMAD"][10] == "P09999999"
    assert by_name["YUSUF"][-1] == "Added"
    assert by_name["ZAHRA"][-1] == "Removed" and by_name["ZAHRA"][10] == "T-ZAHRA-1"
    assert [row[0] for row in changes.rows] == [1, 2, 3]

    officer.handoffs.approve(changes.handoff.id)
    caseworker.handoffs.write(changes.handoff.id, tmp_path / "changes.xlsx")
    # the state moved on: nothing changed since the changes handoff
    with pytest.raises(ValidationError, match="nothing has changed"):
        caseworker.handoffs.preview_changes("uz-interior")
    # the ledger: Bashir was not re-disclosed, Yusuf was
    assert len(caseworker.handoffs.ledger.for_person(two.people[0].id)) == 1
    assert [e.change for e in caseworker.handoffs.ledger.for_person(ahmad.id)] == ["CHANGED", None]
    # a later edit shows up against the changes handoff
    caseworker.people.update(two.people[0].id, None, PersonInput(doc_surname="KARIMY", doc_given_names="BASHIR",
                                                                 name_original="محمد کریمی", sex="M",
                                                                 birth_date="1985-03-14"))  # fmt: skip
    again = caseworker.handoffs.preview_changes("uz-interior")
    assert [(r[3], r[-1]) for r in again.rows] == [("BASHIR", "Changed: Surname")]
