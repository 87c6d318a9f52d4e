"""Realistic, messy referral lists for the intake tests, built in the tests themselves.

`MESSY` is one list as an MP's office might send it: a title above the
headings, families spread over rows by a principal reference, Dari and Pashto
script, spelling variants, every date form (day-first, ISO, Excel dates,
years, 1-January placeholders, Solar Hijri with Persian digits, estimates),
empty rows, a junk "total" row, duplicates within the file and against the
store, values that are warnings (a bad date, a bad phone) and rows that must
be rejected. `EXPECTED` gives each data row's outcome; the store it is
imported into is built by `held_cases`.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import openpyxl

from caseworker.services.api import Services
from caseworker.services.inputs import CaseInput, ContactPointInput, DocumentInput, PersonInput

HEADINGS = ("Ref", "Principal ref", "Full Name", "Name (Dari/Pashto)", "Father's name", "Sex", "DOB",
            "Passport No.", "Tazkira", "Phone/WhatsApp", "Relationship", "Comments")  # fmt: skip
TITLE = "Referrals from the office of A. Jones MP — August 2021"

# (ref, principal ref, full name, original, father, sex, dob, passport, tazkira, phone, relationship, comments)
MESSY: tuple[tuple[object, ...], ...] = (
    # A family whose principal we already hold (same passport): linked; the family joins that case.
    ("MP-001", "", "Mohammad Karimi", "محمد کریمی", "", "M", "14/03/1985", "P01234567", "", "", "self", "Interpreter 2008-12"),
    ("MP-002", "MP-001", "Fatima Karimi", "فاطمه کریمی", "", "F", "1369", "", "1400-0101-12345", "", "wife", ""),
    ("MP-003", "MP-001", "Ahmad Karimi", "", "Mohammad", "", dt.datetime(2010, 5, 12), "", "", "", "son", ""),
    # Someone we hold under another spelling, in Pashto script too, with a Solar Hijri date: queued.
    ("MP-010", "", "Zarghuna Stanekzai", "ځرغونه ستانکزی", "", "female", "1369/05/12", "", "", "", "Principal", ""),
    ("MP-011", "MP-010", "Malalai Stanekzai", "ملالۍ ستانکزی", "", "F", "۱۳۸۹/۰۲/۱۵", "", "", "", "daughter", ""),
    # A new principal; later in the file the same man again (same passport) with a second number: updated.
    ("MP-020", "", "Abdul Rahman Popal", "عبدالرحمن پوپل", "Ghulam Nabi", "M", "01/01/1975", "P07654321", "",
     "0799 123 456", "self", "Guard, British Embassy"),
    ("MP-021", "", "Gulalai", "", "Noor Ahmad", "F", "2001-02-03", "", "", "", "self", "one name only"),
    ("MP-022", "", "Nasir Ahmadzai", "", "Ghulam", "M", 1980, "", "", "", "self", ""),
    (None, None, None, None, None, None, None, None, None, None, None, None),
    ("MP-023", "", "ناصر احمدزی", "", "غلام", "M", "c. 1980", "", "", "", "self", "Dari only; same man as MP-022?"),
    ("MP-024", "", "Abdurrahman Popal", "", "", "M", "1975", "P 0765 4321", "", "+93 70 999 8888", "self", "second list"),
    # Imported with a warning: an impossible date; a phone that is no phone (both kept in the notes).
    ("MP-030", "", "Hamid Wardak", "", "", "M", "31/02/1990", "", "", "", "self", ""),
    ("MP-031", "", "Laila Sultani", "", "", "F", "12/07/1992", "", "", "12345", "self", ""),
    # Rejected: a principal with no name (and a bad date), so its family with it; junk.
    ("MP-040", "", "", "", "", "M", "13/13/1980", "", "", "", "self", "Omar Haidari?"),
    ("MP-041", "MP-040", "Sohaila Haidari", "", "", "F", "1985", "", "", "", "wife", ""),
    (None, None, None, None, None, None, None, None, None, None, None, None),
    ("Total: 15 people", None, None, None, None, None, None, None, None, None, None, None),
    # An exact repeat of MP-021's row: unchanged.
    ("MP-021", "", "Gulalai", "", "Noor Ahmad", "F", "2001-02-03", "", "", "", "self", "one name only"),
)

# Data row numbers in the workbook: title on row 1, headings on row 2, data from row 3.
EXPECTED = {
    3: "LINKED", 4: "CREATED", 5: "CREATED", 6: "QUEUED", 7: "CREATED", 8: "CREATED", 9: "CREATED",
    10: "CREATED", 12: "QUEUED", 13: "UPDATED", 14: "CREATED", 15: "CREATED", 16: "REJECTED",
    17: "REJECTED", 19: "REJECTED", 20: "UNCHANGED",
}  # fmt: skip
REJECTED_COLUMNS = {16: "Full Name", 17: "", 19: "Full Name"}
WARNED_COLUMNS = {14: "DOB", 15: "Phone/WhatsApp", 16: "DOB"}


def held_cases(services: Services) -> dict[str, int]:
    """The store the list is imported into: the Karimi family and Zarghona Stanikzai."""
    karimi = services.cases.create(CaseInput(
        post="ISB", scheme="ARAP", referral_source="MOD", principal=PersonInput(
            role="PRINCIPAL", relationship="SELF", name_original="محمد کریمی", doc_surname="KARIMI",
            doc_given_names="MOHAMMAD", sex="M", birth_date="1985-03-14",
            documents=(DocumentInput("PASSPORT", "P01234567", "AFG", None, "2030-01-01"),),
            contact_points=(ContactPointInput("WHATSAPP", "+93 70 123 4567"),)),
    ))  # fmt: skip
    stanikzai = services.cases.create(CaseInput(
        post="ISB", scheme="ACRS", referral_source="NGO", principal=PersonInput(
            role="PRINCIPAL", relationship="SELF", name_original="ځرغونه ستانکزی", doc_surname="STANIKZAI",
            doc_given_names="ZARGHONA", sex="F", birth_date="1990"),
    ))  # fmt: skip
    return {"karimi": karimi.id, "stanikzai": stanikzai.id}


def write_xlsx(path: Path, rows: Sequence[Sequence[object]] = MESSY, headings: Sequence[str] = HEADINGS,
               title: str | None = TITLE) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Referrals"
    if title:
        sheet.append([title])
    sheet.append(list(headings))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def _text(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


def write_csv(path: Path, encoding: str, rows: Sequence[Sequence[object]] = MESSY,
              headings: Sequence[str] = HEADINGS, title: str | None = TITLE) -> Path:
    """As Excel writes CSV: UTF-8 (with "utf-8-sig" a BOM), Windows-1256, or "utf-16" tab-separated."""
    delimiter = "\t" if encoding.startswith("utf-16") else ","
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        if title:
            writer.writerow([title])
        writer.writerow(headings)
        for row in rows:
            writer.writerow([_text(v) for v in row])
    return path


def bulk_rows(count: int, start: int = 0) -> list[tuple[object, ...]]:
    """Many plain, valid one-person families, none a likely duplicate of another (kill test, timing)."""
    given = ("Ahmad", "Hamid", "Karim", "Nasir", "Wahid", "Zahir", "Rashid", "Yusuf", "Bashir", "Qasim")
    family = ("Ahmadzai", "Popal", "Wardak", "Sultani", "Haidari", "Noori", "Amiri", "Hashimi", "Sadat", "Kakar")
    fathers = ("Ghulam", "Habib", "Jawad", "Latif", "Majid", "Najib", "Omar", "Rahim", "Sharif", "Tahir",
               "Usman", "Wali", "Yasin", "Zaman", "Daud", "Farid", "Hafiz", "Ismail", "Khalid", "Mustafa")
    rows = []
    for i in range(start, start + count):
        name = f"{given[i % 10]} {family[(i // 10) % 10]}"
        born = f"{1950 + (i // 2000) % 50}-{2 + i % 11:02d}-{2 + (i // 11) % 27:02d}"
        rows.append((f"B-{i:06d}", "", name, "", fathers[(i // 100) % 20], "M", born, f"X{i:08d}", "", "", "self", ""))
    return rows
