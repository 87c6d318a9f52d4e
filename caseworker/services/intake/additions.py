"""What a row linked to a person already held adds to that person.

A referral that turns out to be someone we hold still brings something: a new
document, another phone number, another spelling of the name, a father's name
or place of birth where we had none. Nothing held is overwritten: only missing
values are filled in, and new spellings become variants.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.domain import names
from caseworker.services.inputs import MAX_VARIANTS
from caseworker.services.intake.rows import ParsedRow
from caseworker.store.models import ContactPoint, IdentityDocument, Person

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


def load_snapshots(session: Session, person_ids: list[int]) -> dict[int, Snapshot]:
    out: dict[int, Snapshot] = {}
    for start in range(0, len(person_ids), 500):
        chunk = person_ids[start:start + 500]
        for person in session.execute(select(Person).where(Person.id.in_(chunk))).scalars():
            out[person.id] = Snapshot({k: getattr(person, k) for k in (
                "doc_given_names", "doc_surname", "name_original", "father_name", "father_name_original",
                "place_of_birth", "birth_date", "birth_precision")} | {"variants": list(person.variants or [])})
        for person_id, number in session.execute(select(IdentityDocument.person_id, IdentityDocument.number_norm)
                                                 .where(IdentityDocument.person_id.in_(chunk))):
            out[person_id].documents.add(number)
        for person_id, value in session.execute(select(ContactPoint.person_id, ContactPoint.value)
                                                .where(ContactPoint.person_id.in_(chunk))):
            out[person_id].contacts.add(value)
    return out


def link_additions(session: Session, live: list[Any]) -> None:
    """Mark each linked row UPDATED when it adds something, comparing in file order."""
    linked = [p for p in live if p.outcome == "LINKED"]
    held = load_snapshots(session, sorted({t.link_person for p in linked if (t := p.target()).link_person}))
    in_file: dict[int, Snapshot] = {}
    for p in live:
        if p.outcome != "LINKED":
            continue
        target = p.target()
        person = target.link_person
        snapshot = held.get(person) if person else in_file.setdefault(id(target), Snapshot.of_row(target.row))
        if snapshot is None:
            continue
        p.additions = additions(snapshot, p.row)
        if p.additions:
            p.outcome = "UPDATED"
            p.message += "; " + p.additions.describe()


def merge_into_targets(rows: list[Any]) -> None:
    """A row linked to an earlier row of the file adds to that row's new person (and its notes)."""
    for p in rows:
        target = p.target()
        if p.outcome not in ("LINKED", "UPDATED") or target is p or target.link_person:
            continue
        target.row.notes += [f"(row {p.row.number}) {note}" for note in p.row.notes]
        if not p.additions:
            continue
        person = target.row.person
        person["variants"] = list(person.get("variants", [])) + p.additions.variants
        person.update(p.additions.fields)
        target.row.documents += p.additions.documents
        target.row.contact_points += p.additions.contact_points
