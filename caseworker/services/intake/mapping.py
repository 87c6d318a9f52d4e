"""Which column holds what: detected from the headings, editable, saved per source.

Each referral source writes its own headings ("Full Name", "Name (as in
passport)", "DOB", "Passport No.", "Tazkira", "Phone/WhatsApp", "Principal
ref", "نام پدر" …). ``detect`` maps each heading to a field by its synonyms,
then by the words it contains. A heading nobody recognises maps to ``notes``:
its values are kept in the case notes, so an unmapped column is never lost;
only a column the user maps to ``ignore`` is left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from caseworker.domain.cell_values import cell_text
from caseworker.domain.errors import ValidationError
from caseworker.domain.vocab import Priority, ReferralSource, Scheme
from caseworker.services.intake.sheets import RawSheet

# field -> (label, synonyms). Synonyms are compared after `_norm`.
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "referral_ref": ("Referral reference", ("ref", "reference", "ref no", "referral ref", "referral reference",
                                            "referral id", "referral no", "id", "case ref", "our ref", "serial",
                                            "s no", "sno", "no", "row id", "record id", "person id")),
    "principal_ref": ("Principal reference", ("principal ref", "principal reference", "principal id", "principal",
                                              "pa ref", "main applicant ref", "linked to", "family of", "head ref",
                                              "principal ref no", "principal applicant ref")),
    "family_group": ("Family / group", ("family", "family id", "family no", "family group", "group", "group id",
                                        "household", "household id", "family ref", "family number", "group no")),
    "full_name": ("Full name", ("full name", "name", "name as in passport", "name as per passport", "applicant name",
                                "person name", "full name as in passport", "names", "نام کامل", "نام و تخلص", "نوم",
                                "اسم", "بشپړ نوم")),
    "given_names": ("Given names", ("given name", "given names", "first name", "first names", "forename",
                                    "forenames", "نام")),
    "surname": ("Surname", ("surname", "last name", "family name", "تخلص", "کورنۍ نوم", "نام خانوادگی")),
    "name_original": ("Name in original script", ("name dari", "name pashto", "name in dari", "name in pashto",
                                                  "dari name", "pashto name", "name original script",
                                                  "name in original script", "original name", "local name",
                                                  "name in local script", "نام به دری", "نوم په پښتو")),
    "variants": ("Other spellings", ("aka", "also known as", "other spellings", "alias", "aliases", "variants",
                                     "alternative spelling", "other names")),
    "father_name": ("Father's name", ("fathers name", "father name", "f name", "s o", "son of", "d o", "father",
                                      "نام پدر", "د پلار نوم", "ولد", "ولدیت")),
    "sex": ("Sex", ("sex", "gender", "m f", "جنس", "جنسیت")),
    "date_of_birth": ("Date of birth", ("dob", "d o b", "date of birth", "birth date", "birthdate", "born",
                                        "year of birth", "yob", "تاریخ تولد", "سال تولد", "د زیږیدو نیټه",
                                        "date of birth solar hijri", "dob sh")),
    "place_of_birth": ("Place of birth", ("place of birth", "pob", "birthplace", "birth place", "محل تولد")),
    "nationality": ("Nationality", ("nationality", "citizenship", "تابعیت")),
    "relationship": ("Relationship", ("relationship", "relation", "relationship to principal", "relationship to pa",
                                      "rel", "family role", "relationship to applicant", "رابطه", "نسبت", "خپلوي")),
    "passport_number": ("Passport number", ("passport", "passport no", "passport number", "ppt no", "ppt",
                                            "passport num", "شماره پاسپورت", "پاسپورت")),
    "passport_expiry": ("Passport expiry", ("passport expiry", "expiry", "expiry date", "ppt expiry",
                                            "date of expiry", "passport expiry date")),
    "tazkira_number": ("Tazkira number", ("tazkira", "tazkira no", "tazkira number", "tazkera", "taskera",
                                          "tazkira id", "national id", "nid", "e tazkira", "tazkira e tazkira",
                                          "شماره تذکره", "تذکره", "تذکره نمبر")),
    "phone": ("Phone / WhatsApp", ("phone", "phone whatsapp", "whatsapp", "mobile", "tel", "telephone",
                                   "contact number", "phone number", "whatsapp number", "cell", "phone no",
                                   "mobile number", "شماره تماس", "شماره تلفن", "تلیفون", "واتساپ", "شمیره")),
    "email": ("E-mail", ("email", "e mail", "email address")),
    "scheme": ("Scheme", ("scheme", "route", "programme")),
    "category": ("Category", ("category", "arap category", "cat")),
    "referral_source": ("Referral source", ("referral source", "source", "referred by org", "source of referral")),
    "referrer": ("Referrer", ("referrer", "referred by", "referring officer", "mp", "sponsor")),
    "employer": ("Employer", ("employer", "employed by", "organisation", "organization", "unit", "employer unit")),
    "job_role": ("Job or role", ("job", "role", "job title", "position", "occupation", "job role")),
    "priority": ("Priority", ("priority", "urgency")),
    "current_country": ("Current country", ("current country", "country", "country now", "location country")),
    "current_area": ("Current area", ("current area", "area", "province", "city", "current location",
                                      "whereabouts", "location", "current province")),
    "post": ("Post", ("post", "owning post", "embassy")),
    "notes": ("Notes (kept in the case notes)", ("notes", "comments", "remarks", "note", "additional info",
                                                 "comment", "ملاحظات")),
    "ignore": ("(ignore this column)", ("import errors", "row in original file", "errors")),
}
REPEATABLE = frozenset({"notes", "ignore", "phone", "variants"})
NAME_FIELDS = ("full_name", "given_names", "surname", "name_original")
_CONTAINS: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = (
    # (all of these words, none of these, field)
    (("passport", "expir"), (), "passport_expiry"),
    (("passport",), (), "passport_number"),
    (("tazk",), (), "tazkira_number"),
    (("taskera",), (), "tazkira_number"),
    (("father",), (), "father_name"),
    (("principal",), (), "principal_ref"),
    (("whatsapp",), (), "phone"),
    (("phone",), (), "phone"),
    (("mobile",), (), "phone"),
    (("birth",), ("place",), "date_of_birth"),
    (("dob",), (), "date_of_birth"),
    (("relation",), (), "relationship"),
    (("family", "name"), (), "surname"),
    (("name", "dari"), (), "name_original"),
    (("name", "pashto"), (), "name_original"),
    (("name", "original"), (), "name_original"),
    (("given",), (), "given_names"),
    (("first", "name"), (), "given_names"),
    (("last", "name"), (), "surname"),
    (("mother",), (), "notes"),
    (("spouse",), (), "notes"),
    (("name",), (), "full_name"),
    (("family",), (), "family_group"),
    (("household",), (), "family_group"),
    (("group",), (), "family_group"),
    (("gender",), (), "sex"),
    (("note",), (), "notes"),
    (("comment",), (), "notes"),
)
_SYNONYMS = {syn: key for key, (_, synonyms) in FIELDS.items() for syn in synonyms}
_NORM_RE = re.compile(r"[^\w]+")

_SOURCE_HINTS = (("mod", ReferralSource.MOD), ("ministry of defence", ReferralSource.MOD), ("fcdo", ReferralSource.FCDO),
                 ("mp", ReferralSource.MP), ("parliament", ReferralSource.MP), ("home office", ReferralSource.HOME_OFFICE),
                 ("unhcr", ReferralSource.UNHCR), ("ngo", ReferralSource.NGO), ("charity", ReferralSource.NGO),
                 ("self", ReferralSource.SELF), ("whatsapp", ReferralSource.SELF))  # fmt: skip


def _norm(heading: str) -> str:
    return " ".join(_NORM_RE.sub(" ", heading.lower().replace("'", "").replace("’", "")).split())


def heading_field(heading: str) -> str | None:
    """The field a heading names, or None when nothing recognises it."""
    text = _norm(heading)
    if not text:
        return None
    if text in _SYNONYMS:
        return _SYNONYMS[text]
    words = text.split()
    for wanted, unwanted, key in _CONTAINS:
        if all(any(w.startswith(x) for w in words) for x in wanted) and not any(
                any(w.startswith(x) for w in words) for x in unwanted):
            return key
    return None


def guess_referral_source(source: str) -> str:
    words = f" {_norm(source)} "
    for hint, value in _SOURCE_HINTS:
        if f" {hint} " in words:
            return value.value
    return ReferralSource.FCDO.value


@dataclass(frozen=True)
class Mapping:
    """A field for each column, defaults for the case fields, and how to read the file."""

    columns: tuple[str, ...]
    defaults: dict[str, str] = field(default_factory=dict)
    jan1_is_exact: bool = False
    header_row: int | None = None  # row number of the headings; None = detected
    sheet: str | None = None
    encoding: str | None = None

    def with_column(self, index: int, key: str) -> Mapping:
        if key not in FIELDS:
            raise ValidationError(f"{key!r} is not a field (fields: {', '.join(FIELDS)})", field="mapping")
        columns = list(self.columns)
        columns[index] = key
        return replace(self, columns=tuple(columns))

    def check(self, headings: Sequence[str]) -> None:
        """A mapping must name the people; single-valued fields may be used once."""
        if not any(k in self.columns for k in NAME_FIELDS):
            raise ValidationError("no column is mapped to a name (full name, given names, surname or name in "
                                  "original script)", field="mapping")
        seen: dict[str, int] = {}
        for index, key in enumerate(self.columns):
            if key in REPEATABLE:
                continue
            if key in seen:
                raise ValidationError(f"columns {headings[seen[key]]!r} and {headings[index]!r} are both mapped to "
                                      f"{FIELDS[key][0].lower()}", field="mapping")
            seen[key] = index

    def to_json(self, headings: Sequence[str]) -> dict[str, Any]:
        return {
            "columns": {h: k for h, k in zip(headings, self.columns, strict=True) if h},
            "defaults": dict(self.defaults), "jan1_is_exact": self.jan1_is_exact,
            "header_row": self.header_row, "sheet": self.sheet, "encoding": self.encoding,
        }  # fmt: skip


def check_json(data: object) -> dict[str, Any]:
    """A mapping file's content, checked: {"columns": {heading: field}, "defaults": {...}, ...}."""
    if not isinstance(data, dict) or not isinstance(data.get("columns", {}), dict):
        raise ValidationError('must be a JSON object with "columns": {"Heading": "field", …}', field="mapping")
    for heading, key in data.get("columns", {}).items():
        if key not in FIELDS:
            raise ValidationError(f"column {heading!r} is mapped to {key!r}, which is not a field "
                                  f"(fields: {', '.join(FIELDS)})", field="mapping")
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise ValidationError('"defaults" must be an object', field="mapping")
    parsers = {"scheme": Scheme.parse, "referral_source": ReferralSource.parse, "priority": Priority.parse}
    for key, value in defaults.items():
        if key not in ("post", *parsers):
            raise ValidationError(f"unknown default {key!r} (post, scheme, referral_source, priority)", field="mapping")
        if key in parsers and value:
            parsers[key](str(value), key)
    return data


def detect(headings: Sequence[str], saved: dict[str, Any] | None = None, source: str = "") -> Mapping:
    """A mapping for these headings: the saved one where it names a heading, detection elsewhere."""
    saved = saved or {}
    by_heading = {_norm(h): k for h, k in (saved.get("columns") or {}).items() if k in FIELDS}
    columns: list[str] = []
    for heading in headings:
        key = by_heading.get(_norm(heading)) or heading_field(heading) or ("notes" if heading else "ignore")
        if key not in REPEATABLE and key in columns:
            key = "notes"  # a second "Name" column: keep its values rather than guess
        columns.append(key)
    defaults = {"post": "", "scheme": Scheme.ARAP.value, "referral_source": guess_referral_source(source),
                "priority": Priority.NORMAL.value}  # fmt: skip
    defaults.update({k: str(v) for k, v in (saved.get("defaults") or {}).items() if k in defaults and v})
    return Mapping(
        tuple(columns), defaults, bool(saved.get("jan1_is_exact", False)), saved.get("header_row"),
        saved.get("sheet"), saved.get("encoding"),
    )  # fmt: skip


def recognised(row: Sequence[object]) -> int:
    return sum(1 for cell in row if isinstance(cell, str) and heading_field(cell) not in (None, "notes"))


def find_header(rows: Sequence[tuple[int, tuple[object, ...]]], look: int = 15) -> int:
    """Index in `rows` of the heading row: the first with two recognised headings, else the first."""
    for index, (_, cells) in enumerate(rows[:look]):
        if recognised(cells) >= 2:
            return index
    return 0


def headings_of(raw: RawSheet, mapping: Mapping) -> tuple[int, tuple[str, ...], list[tuple[int, tuple[object, ...]]]]:
    """(index of the heading row, headings, data rows)."""
    rows = list(raw.rows)
    if not rows:
        return 0, (), []
    index = next((i for i, (n, _) in enumerate(rows) if n == mapping.header_row), None) if mapping.header_row else None
    index = find_header(rows) if index is None else index
    width = max(len(cells) for _, cells in rows[index:])
    header = rows[index][1]
    headings = tuple(cell_text(header[i]) if i < len(header) and cell_text(header[i]) else f"Column {i + 1}"
                     for i in range(width))
    return index, headings, rows[index + 1:]
