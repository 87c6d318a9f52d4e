"""What a row linked to a person already held adds to that person.

A referral that turns out to be someone we hold still brings something: a new
document, another phone number, another spelling of the name, a father's name
or place of birth where we had none. Nothing held is overwritten: only missing
values are filled in, and new spellings become variants.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from caseworker.domain import names
from caseworker.services.inputs import MAX_VARIANTS
from caseworker.services.intake.rows import ParsedRow

FILLABLE = ("name_original", "father_name", "father_name_original", "place_of_birth")


@dataclass
class Snapshot:
    """A person as far as linking cares: values, document numbers, contact values."""

    values: dict[str, Any]
    documents: set[str] = field(default_factory=set)
    contacts: set[str] = field(default_factory=set)

    @classmethod
    def of_row(cls, row: ParsedRow) -> Snapshot:
        return cls(dict(row.person), {d["number_norm"] for d in row.documents},
                   {c["value"] for c in row.contact_points})


@dataclass
class Additions:
    documents: list[dict[str, Any]] = field(default_factory=list)
    contact_points: list[dict[str, Any]] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.documents or self.contact_points or self.variants or self.fields)

    def describe(self) -> str:
        parts = [f"{d['doc_type'].lower().replace('_', ' ')} {d['number']}" for d in self.documents]
        parts += [c["value"] for c in self.contact_points]
        parts += [f"spelling {v!r}" for v in self.variants]
        parts += [k.replace("_", " ") for k in self.fields]
        return "adds " + ", ".join(parts)


def _latin(values: dict[str, Any]) -> str:
    return " ".join(x for x in (values.get("doc_given_names"), values.get("doc_surname")) if x)


def additions(held: Snapshot, row: ParsedRow) -> Additions:
    """What `row` adds to `held`; `held` is updated, so later rows compare with the result."""
    out = Additions()
    for doc in row.documents:
        if doc["number_norm"] and doc["number_norm"] not in held.documents:
            out.documents.append(doc)
            held.documents.add(doc["number_norm"])
    for point in row.contact_points:
        if point["value"] not in held.contacts:
            out.contact_points.append(point)
            held.contacts.add(point["value"])
    values = held.values
    known = {names.normalise_latin(t) for t in (_latin(values), values.get("name_original", ""),
                                                *values.get("variants", [])) if t}
    for text in (_latin(row.person), row.person.get("name_original", ""), *row.person.get("variants", [])):
        if text and names.normalise_latin(text) not in known:
            if names.is_arabic_script(text) and not values.get("name_original"):
                out.fields["name_original"] = values["name_original"] = text
            elif len(values.get("variants", [])) + len(out.variants) < MAX_VARIANTS:
                out.variants.append(text.title() if text.isupper() else text)
            known.add(names.normalise_latin(text))
    values["variants"] = list(values.get("variants", [])) + out.variants
    for key in FILLABLE[1:]:
        if row.person.get(key) and not values.get(key):
            out.fields[key] = values[key] = row.person[key]
    if row.birth is not None and values.get("birth_date") is None:
        out.fields["birth_date"], out.fields["birth_precision"] = row.birth.value, row.birth.precision.value
        values["birth_date"], values["birth_precision"] = row.birth.value, row.birth.precision.value
    return out
