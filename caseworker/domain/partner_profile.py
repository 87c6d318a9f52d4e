"""A partner's profile: which catalogue fields, in which order, under which headings.

Profiles arrive as JSON (from the CLI or the administrators' editor) and are
checked here field by field, so a bad profile is refused with the exact place
that is wrong (``columns[3].field: 'phone' may never be given to a partner``).

The JSON shape (``columns`` entries may also be bare field names)::

    {"name": "uz-interior", "display_name": "Uzbekistan, Ministry of Internal Affairs",
     "format": "xlsx", "password": true, "date_format": "DD.MM.YYYY",
     "uk_contact": "Consular duty officer, +44 20 7008 5000",
     "columns": [{"field": "row_number", "heading": "№"}, "surname", "given_names"]}
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from caseworker.domain.date_formats import DEFAULT, parse_date_format
from caseworker.domain.errors import ValidationError
from caseworker.domain.handoff_fields import ExportField
from caseworker.domain.handoff_fields import field as catalogue_field
from caseworker.domain.validation import clean_text

FORMATS = ("xlsx", "csv")
_NAME = re.compile(r"^[a-z][a-z0-9_-]{1,39}$")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")
_KEYS = {"name", "display_name", "format", "password", "date_format", "uk_contact", "sheet_name",
         "yes_text", "no_text", "columns"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ProfileColumn:
    field: str
    heading: str

    @property
    def spec(self) -> ExportField:
        return catalogue_field(self.field)


@dataclass(frozen=True, slots=True)
class PartnerProfile:
    name: str
    display_name: str
    columns: tuple[ProfileColumn, ...]
    file_format: str = "xlsx"
    password: bool = True
    date_format: str = DEFAULT
    uk_contact: str = ""
    sheet_name: str = "Manifest"
    yes_text: str = "Yes"
    no_text: str = "No"

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.columns)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name, "display_name": self.display_name, "format": self.file_format,
            "password": self.password, "date_format": self.date_format, "uk_contact": self.uk_contact,
            "sheet_name": self.sheet_name, "yes_text": self.yes_text, "no_text": self.no_text,
            "columns": [{"field": c.field, "heading": c.heading} for c in self.columns],
        }  # fmt: skip


def _text(data: dict[str, Any], key: str, default: str, *, max_length: int, required: bool = False) -> str:
    value = data.get(key, default)
    return clean_text(value, key, max_length=max_length, required=required)


def _columns(raw: Any) -> tuple[ProfileColumn, ...]:
    if not isinstance(raw, list) or not raw:
        raise ValidationError("must be a non-empty list of fields", field="columns")
    seen: set[str] = set()
    columns = []
    for i, item in enumerate(raw):
        where = f"columns[{i}]"
        if isinstance(item, str):
            item = {"field": item}
        if not isinstance(item, dict):
            raise ValidationError("must be a field name or {\"field\": …, \"heading\": …}", field=where)
        unknown = set(item) - {"field", "heading"}
        if unknown:
            raise ValidationError(f"unknown key {sorted(unknown)[0]!r}", field=where)
        spec = catalogue_field(str(item.get("field", "")), where=f"{where}.field")
        if spec.key in seen:
            raise ValidationError(f"{spec.key!r} is listed twice", field=f"{where}.field")
        seen.add(spec.key)
        heading = clean_text(item.get("heading") or spec.heading, f"{where}.heading", max_length=100, required=True)
        columns.append(ProfileColumn(spec.key, heading))
    return tuple(columns)


def parse_profile(data: Any) -> PartnerProfile:
    """A checked profile from its JSON form, or a ValidationError naming the bad key."""
    if not isinstance(data, dict):
        raise ValidationError("a partner profile must be a JSON object")
    unknown = set(data) - _KEYS
    if unknown:
        raise ValidationError(f"unknown key (known keys: {', '.join(sorted(_KEYS))})", field=sorted(unknown)[0])
    name = str(data.get("name", "")).strip().lower()
    if not _NAME.match(name):
        raise ValidationError("use 2–40 lower-case letters, digits, '-' or '_', starting with a letter", field="name")
    file_format = str(data.get("format", "xlsx")).strip().lower()
    if file_format not in FORMATS:
        raise ValidationError(f"{file_format!r} is not a file format (use xlsx or csv)", field="format")
    password = data.get("password", True)
    if not isinstance(password, bool):
        raise ValidationError("must be true or false", field="password")
    if file_format == "csv" and password:
        raise ValidationError("a CSV file cannot be password-protected: use xlsx, or set password to false",
                              field="password")  # fmt: skip
    date_format = parse_date_format(str(data.get("date_format", DEFAULT))).pattern
    sheet_name = _text(data, "sheet_name", "Manifest", max_length=31, required=True)
    if _SHEET_FORBIDDEN.search(sheet_name):
        raise ValidationError("a sheet name cannot contain [ ] : * ? / \\ or '", field="sheet_name")
    return PartnerProfile(
        name=name,
        display_name=_text(data, "display_name", name, max_length=200, required=True),
        columns=_columns(data.get("columns")),
        file_format=file_format,
        password=password,
        date_format=date_format,
        uk_contact=_text(data, "uk_contact", "", max_length=200),
        sheet_name=sheet_name,
        yes_text=_text(data, "yes_text", "Yes", max_length=20, required=True),
        no_text=_text(data, "no_text", "No", max_length=20, required=True),
    )
