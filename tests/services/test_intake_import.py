"""Importing referral lists: exact outcomes, dry runs, rejects, idempotence, encodings, mappings."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from caseworker.domain.errors import PermissionDenied, ValidationError
from caseworker.services.api import Services
from caseworker.services.intake import ImportRequest
from caseworker.services.intake.mapping import detect
from caseworker.services.intake.sheets import ImportCancelled
from caseworker.services.queries import CaseQuery
from caseworker.store.models import (
    AuditEvent,
    Case,
    ContactPoint,
    DuplicateCandidate,
    IdentityDocument,
    ImportBatch,
    ImportRow,
    Person,
)
from tests.support import referrals
from tests.support.stores import services_for

SOURCE = "Office of A. Jones MP"


def _counts(services: Services) -> dict[str, int]:
    models = (Case, Person, IdentityDocument, ContactPoint, DuplicateCandidate, ImportBatch, ImportRow, AuditEvent)
    with services.store.read() as session:
        return {m.__name__: session.execute(select(func.count()).select_from(m)).scalar_one() for m in models}


def _import(services: Services, path: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    return services.intake.run_import(ImportRequest(path, source=kwargs.pop("source", SOURCE), **kwargs))  # type: ignore[arg-type]


def test_a_messy_list_gives_exact_outcomes_and_loses_no_row(caseworker: Services, tmp_path: Path) -> None:
    held = referrals.held_cases(caseworker)
    before = _counts(caseworker)
    rejects = tmp_path / "rejects.xlsx"
    report = _import(caseworker, referrals.write_xlsx(tmp_path / "mp.xlsx"), rejects_path=rejects)

    assert {r.row: r.outcome for r in report.results} == referrals.EXPECTED
    assert (report.created, report.queued, report.linked, report.updated, report.rejected, report.unchanged) == (
        8, 2, 1, 1, 3, 1)
    assert report.rows == 16 and report.empty_rows == 2 and report.cases_created == 7
    after = _counts(caseworker)
    assert after["Case"] - before["Case"] == 7
    assert after["Person"] - before["Person"] == 10  # created + queued; linked rows add no one
    assert after["DuplicateCandidate"] == 2 and after["ImportBatch"] == 1
    assert after["ImportRow"] == 12  # every kept row is fingerprinted; rejected and repeated rows are not

    # The family whose principal we hold joined that case; the principal was not duplicated.
    karimi = caseworker.cases.get(held["karimi"])
    assert [p.relationship for p in karimi.people] == ["SELF", "SPOUSE", "SON"]
    wife = karimi.people[1]
    assert (wife.birth_date, wife.birth_precision) == (dt.date(1990, 1, 1), "YEAR_ONLY")  # Solar Hijri 1369
    assert wife.documents[0].doc_type == "E_TAZKIRA" and wife.name_original == "فاطمه کریمی"
    assert "Interpreter 2008-12" in karimi.notes  # the linked row's comment is kept

    # The same man twice in the file: one person, with both numbers and both spellings.
    popal = caseworker.cases.get_by_reference(report.results[5].case)  # row 8
    assert len(popal.people) == 1
    person = popal.people[0]
    assert {c.value for c in person.contact_points} == {"+93799123456", "+93709998888"}
    assert "Abdurrahman Popal" in person.variants and person.birth_precision == "JAN1_PLACEHOLDER"

    # The review queue holds the cross-script, cross-spelling candidates with their reasons.
    pairs = caseworker.intake.duplicates()
    assert len(pairs) == 2
    stanikzai = next(p for p in pairs if held["stanikzai"] in (p.case_a_id, p.case_b_id))
    assert stanikzai.reasons == ("name variant", "same birth year") and stanikzai.score >= 65

    # A bad date and a bad phone are warnings: the people are in, the values kept in their case's notes.
    by_row = {r.row: r for r in report.results}
    assert {(w.row, w.column, w.value) for w in report.warnings} == {
        (14, "DOB", "31/02/1990"), (15, "Phone/WhatsApp", "12345")}
    assert report.warned == 2
    wardak = caseworker.cases.get_by_reference(by_row[14].case)
    assert wardak.people[0].birth_date is None and wardak.people[0].latin_name == "HAMID WARDAK"
    assert "DOB: '31/02/1990' was not kept (day 31 does not exist in February 1990)" in wardak.notes
    sultani = caseworker.cases.get_by_reference(by_row[15].case)
    assert sultani.people[0].contact_points == ()
    assert "Phone/WhatsApp: '12345' was not kept (is not a phone number" in sultani.notes

    # Every row with a warning or a rejection is in the workbook of rows to fix, as it came, with the
    # outcome, the column and the reason; imported rows name their case and person.
    sheet = openpyxl.load_workbook(rejects).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Row in original file", *referrals.HEADINGS, "Import outcome", "Import column",
                       "Import reason", "Import case", "Import person")
    assert [r[0] for r in rows[1:]] == [14, 15, 16, 17, 19]
    outcome = {r[0]: r[-5:] for r in rows[1:]}
    assert outcome[14][:3] == ("imported with a warning", "DOB",
                               "DOB '31/02/1990': day 31 does not exist in February 1990")
    assert outcome[14][3:] == (by_row[14].case, by_row[14].person_id)
    assert outcome[15][1] == "Phone/WhatsApp" and outcome[15][2].startswith("Phone/WhatsApp '12345': is not a phone")
    assert outcome[16][:2] == ("rejected", "Full Name; DOB")
    assert outcome[16][2].startswith("row 16, Full Name: no usable name in any script")
    assert "its principal (row 16) was rejected" in outcome[17][2] and outcome[17][3:] == (None, None)
    assert rows[1][3] == "Hamid Wardak"
    assert caseworker.history.verify().ok


def test_dates_in_every_form_are_stored_with_their_precision(caseworker: Services, tmp_path: Path) -> None:
    referrals.held_cases(caseworker)
    report = _import(caseworker, referrals.write_xlsx(tmp_path / "mp.xlsx"))
    by_row = {r.row: r for r in report.results}

    def person(row: int, index: int = -1):  # type: ignore[no-untyped-def]
        case = caseworker.cases.get_by_reference(by_row[row].case)
        return next(p for p in case.people if p.id == by_row[row].person_id) if by_row[row].person_id else case.people[index]

    assert (person(5).birth_date, person(5).birth_precision) == (dt.date(2010, 5, 12), "EXACT")  # Excel date
    assert (person(6).birth_date, person(6).birth_precision) == (dt.date(1990, 8, 3), "EXACT")  # 1369/05/12
    assert (person(7).birth_date, person(7).birth_precision) == (dt.date(2010, 5, 5), "EXACT")  # ۱۳۸۹/۰۲/۱۵
    assert (person(9).birth_date, person(9).birth_precision) == (dt.date(2001, 2, 3), "EXACT")  # ISO
    assert (person(10).birth_date, person(10).birth_precision) == (dt.date(1980, 1, 1), "YEAR_ONLY")  # 1980
    assert person(12).birth_precision == "ESTIMATED"  # c. 1980
    assert person(7).name_original == "ملالۍ ستانکزی" and person(7).sex == "F"


def test_a_dry_run_reports_what_an_import_would_do_and_writes_nothing(caseworker: Services, tmp_path: Path) -> None:
    referrals.held_cases(caseworker)
    path = referrals.write_xlsx(tmp_path / "mp.xlsx")
    before = _counts(caseworker)
    dry = _import(caseworker, path, dry_run=True)
    assert _counts(caseworker) == before
    assert dry.dry_run and dry.batch_id is None and dry.rejects_file is None
    assert not list(tmp_path.glob("*to-fix*"))
    real = _import(caseworker, path)
    assert [(r.row, r.outcome) for r in dry.results] == [(r.row, r.outcome) for r in real.results]
    assert (dry.created, dry.queued, dry.linked, dry.updated, dry.rejected, dry.cases_created) == (
        real.created, real.queued, real.linked, real.updated, real.rejected, real.cases_created)
    assert dry.duplicates_queued == real.duplicates_queued == 2
    assert real.rejects_file and Path(real.rejects_file).parent == tmp_path  # written next to the input


def test_importing_the_same_file_twice_creates_nothing_new(caseworker: Services, tmp_path: Path) -> None:
    referrals.held_cases(caseworker)
    path = referrals.write_xlsx(tmp_path / "mp.xlsx")
    _import(caseworker, path)
    before = _counts(caseworker)
    again = _import(caseworker, path)
    after = _counts(caseworker)
    for model in ("Case", "Person", "IdentityDocument", "ContactPoint", "DuplicateCandidate", "ImportRow"):
        assert after[model] == before[model], model
    assert again.created == again.queued == again.linked == again.updated == 0
    assert again.unchanged == 13 and again.rejected == 3  # rejected rows are rejected again, never dropped
    assert {r.outcome for r in again.results} == {"UNCHANGED", "REJECTED"}
    # the same rows under another source name, in another column order, are still the same rows
    columns = list(referrals.HEADINGS)
    reordered = [tuple(row[columns.index(h)] for h in reversed(columns)) for row in referrals.MESSY]
    other = referrals.write_xlsx(tmp_path / "again.xlsx", reordered, tuple(reversed(columns)))
    third = _import(caseworker, other, source="Someone else")
    assert third.created == third.queued == 0 and _counts(caseworker)["Person"] == before["Person"]


def test_fixed_rejects_come_back_into_their_family(caseworker: Services, tmp_path: Path) -> None:
    referrals.held_cases(caseworker)
    rejects = tmp_path / "rejects.xlsx"
    _import(caseworker, referrals.write_xlsx(tmp_path / "mp.xlsx"), rejects_path=rejects)
    book = openpyxl.load_workbook(rejects)
    sheet = book.active
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == 16:
            row[3].value = "Omar Haidari"  # the name, filled in
            row[7].value = "13/12/1980"  # the DOB column, fixed
    book.save(rejects)
    second = _import(caseworker, rejects, rejects_path=tmp_path / "still.xlsx")
    outcomes = {r.row: r.outcome for r in second.results}
    assert outcomes[2] == outcomes[3] == "UNCHANGED"  # the rows imported with a warning, not fixed
    assert list(outcomes.values()).count("CREATED") == 2 and second.cases_created == 1
    haidari = caseworker.cases.get_by_reference(next(r.case for r in second.results if r.outcome == "CREATED"))
    assert [p.latin_name for p in haidari.people] == ["OMAR HAIDARI", "SOHAILA HAIDARI"]
    assert [p.relationship for p in haidari.people] == ["SELF", "SPOUSE"]
    assert second.rejected == 1  # the junk row


def test_csv_in_every_encoding_excel_writes(caseworker: Services, tmp_path: Path) -> None:
    referrals.held_cases(caseworker)
    expected = dict(referrals.EXPECTED)
    for encoding in ("utf-8", "utf-8-sig", "utf-16"):
        path = referrals.write_csv(tmp_path / f"{encoding}.csv", encoding)
        report = _import(caseworker, path, dry_run=True)
        assert {r.row: r.outcome for r in report.results} == expected, encoding
    # Windows-1256 has the Dari letters but not the Pashto ones, and Windows writes the Persian
    # yeh as the Arabic one (ي): a Dari list as Excel on Windows saves it.
    dari = [("D-1", "", "", "ناصر احمدزي", "غلام حيدر", "M", "1360", "", "", "", "self", "گزارش از کابل"),
            ("D-2", "D-1", "", "مريم احمدزي", "", "F", "1365/03/10", "", "", "", "همسر", "")]
    path = referrals.write_csv(tmp_path / "cp1256.csv", "cp1256", dari)
    report = _import(caseworker, path)
    assert report.created == 2 and report.cases_created == 1
    case = caseworker.cases.get_by_reference(report.results[0].case)
    assert [p.name_original for p in case.people] == ["ناصر احمدزي", "مريم احمدزي"]
    assert case.people[0].father_name_original == "غلام حيدر" and case.people[1].relationship == "SPOUSE"
    assert "گزارش از کابل" in case.notes
    assert case.id in caseworker.queries.ids(CaseQuery(text="Nasir Ahmadzai"))  # ي and ی meet in search


def test_a_mapping_file_and_the_saved_mapping_per_source(caseworker: Services, tmp_path: Path) -> None:
    headings = ("Naam", "Geboren", "Paspoort", "Mobiel", "Extra")
    rows = [("Hamid Sultani", "1980-04-05", "P11112222", "0701112222", "via HALO"),
            ("Laila Noori", "1369", "", "", "")]
    path = referrals.write_xlsx(tmp_path / "ngo.xlsx", rows, headings, title=None)
    with pytest.raises(ValidationError, match="no column is mapped to a name"):
        _import(caseworker, path, source="HALO Trust")
    data = {"columns": {"Naam": "full_name", "Geboren": "date_of_birth", "Paspoort": "passport_number",
                        "Mobiel": "phone", "Extra": "ignore"},
            "defaults": {"post": "TAS", "scheme": "ACRS", "referral_source": "NGO"}}
    mapping = detect(headings, data, "HALO Trust")
    report = _import(caseworker, path, source="HALO Trust", mapping=mapping)
    assert report.created == 2
    case = caseworker.cases.get_by_reference(report.results[0].case)
    assert case.reference.startswith("TAS-") and case.scheme == "ACRS" and case.referral_source == "NGO"
    assert "via HALO" not in case.notes  # an ignored column
    preview = caseworker.intake.preview(path, source="HALO Trust")
    assert preview.saved and preview.columns == ("full_name", "date_of_birth", "passport_number", "phone", "ignore")
    assert preview.mapping["defaults"]["post"] == "TAS"
    assert caseworker.intake.sources() == ["HALO Trust"]
    assert json.dumps(preview.to_json(), ensure_ascii=False)  # plain data all the way down


def test_families_by_a_group_column_and_unmapped_columns_kept(caseworker: Services, tmp_path: Path) -> None:
    headings = ("Family ID", "Name", "Relationship", "Date of Birth", "Where now", "Tazkira")
    rows = [("F7", "Sayed Hashimi", "Head of family", "1970", "Herat", "123456"),
            ("F7", "Zainab Hashimi", "Wife", "1975", "", ""),
            ("F7", "Omid Hashimi", "nephew", "2005", "", ""),
            ("F8", "Nazanin Amiri", "", "1999-09-09", "Mazar", "")]
    report = _import(caseworker, referrals.write_xlsx(tmp_path / "g.xlsx", rows, headings, title=None))
    assert report.created == 4 and report.cases_created == 2
    family = caseworker.cases.get_by_reference(report.results[0].case)
    assert [(p.role, p.relationship) for p in family.people] == [
        ("PRINCIPAL", "SELF"), ("DEPENDANT", "SPOUSE"), ("ADDITIONAL", "OTHER")]
    assert "Relationship as written: nephew" in family.notes and "Where now: Herat" in family.notes
    assert family.people[0].documents[0].doc_type == "PAPER_TAZKIRA"
    # imported people are found by search in any script
    ids = caseworker.queries.ids(CaseQuery(text="سید هاشمی"))
    assert family.id in ids


def test_read_only_users_cannot_import_and_cancelling_leaves_nothing(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from caseworker.services.users import create_user_row
    from caseworker.store import audit

    path = referrals.write_xlsx(tmp_path / "mp.xlsx")
    with store.write() as session:
        create_user_row(session, audit.SYSTEM, "reader", "Reader", "read_only", "correct horse battery")
    with pytest.raises(PermissionDenied):
        services_for(store, "reader").intake.run_import(ImportRequest(path, source=SOURCE, dry_run=True))
    worker = services_for(store, "caseworker")
    before = _counts(worker)
    seen: list[tuple[int, int]] = []
    with pytest.raises(ImportCancelled):
        worker.intake.run_import(ImportRequest(path, source=SOURCE), progress=lambda d, t: seen.append((d, t)),
                                 cancelled=lambda: len(seen) > 3)
    after = _counts(worker)
    assert seen and all(d <= t for d, t in seen)
    if after["ImportBatch"] == before["ImportBatch"]:  # cancelled before the first chunk: nothing at all
        assert after == before
    else:  # cancelled between chunks: what they wrote was taken back, and the trail says so
        assert {k: v for k, v in after.items() if k not in ("ImportBatch", "AuditEvent")} == {
            k: v for k, v in before.items() if k not in ("ImportBatch", "AuditEvent")}
        assert [b.status for b in worker.intake.batches()] == ["UNDONE"]
    assert worker.history.verify().ok
