"""Which column holds what: detected from the headings, editable, saved per source.

Each referral source writes its own headings ("Full Name", "Name (as in
passport)", "DOB", "Passport No.", "Tazkira", "Phone/WhatsApp", "Principal
ref", "نام پدر" …). ``detect`` maps each heading to a field by its synonyms,
then by the words it contains. A heading nobody recognises maps to ``notes``:
its values are kept in the case notes, so an unmapped column is never lost;
only a column the user maps to ``ignore`` is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from caseworker.domain.errors import ValidationError
from caseworker.domain.vocab import Priority, ReferralSource, Scheme
from caseworker.services.intake.header_rows import find_header, headings_of, recognised
from caseworker.services.intake.heading_words import FIELDS, NAME_FIELDS, REPEATABLE, heading_field
from caseworker.services.intake.heading_words import norm as _norm

__all__ = ["FIELDS", "NAME_FIELDS", "REPEATABLE", "Mapping", "check_json", "detect", "find_header",
           "guess_referral_source", "heading_field", "headings_of", "recognised"]

_SOURCE_HINTS = (("mod", ReferralSource.MOD), ("ministry of defence", ReferralSource.MOD), ("fcdo", ReferralSource.FCDO),
                 ("mp", ReferralSource.MP), ("parliament", ReferralSource.MP), ("home office", ReferralSource.HOME_OFFICE),
                 ("unhcr", ReferralSource.UNHCR), ("ngo", ReferralSource.NGO), ("charity", ReferralSource.NGO),
                 ("self", ReferralSource.SELF), ("whatsapp", ReferralSource.SELF))  # fmt: skip


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
