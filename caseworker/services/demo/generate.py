"""Deterministic synthetic cases as plain dicts (no database here).

Families of 1–9 people with names in Dari or Pashto script and several Latin
spellings; about 30% of birth dates are 1-January placeholders; passports
(some expired) with valid MRZ lines; e-tazkiras; WhatsApp numbers; contact
histories; statuses spread over the workflow; and a few principals referred
twice under different spellings.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from caseworker.domain import mrz
from caseworker.domain.workflow import MAIN_LINE, Status
from caseworker.services.demo import pools

STATUS_WEIGHTS: dict[Status, int] = {
    Status.REFERRED: 12, Status.CONTACTING: 10, Status.CONTACTED: 8, Status.ELIGIBILITY_REVIEW: 12,
    Status.ELIGIBLE: 8, Status.DOCUMENTS_VERIFIED: 7, Status.SECURITY_CLEARED: 6, Status.AUTHORISED: 5,
    Status.LETTER_ISSUED: 4, Status.CROSSED: 3, Status.IN_THIRD_COUNTRY: 3, Status.DEPARTED: 2,
    Status.ARRIVED: 3, Status.CLOSED: 2, Status.UNREACHABLE: 4, Status.INELIGIBLE: 4,
    Status.REVIEW_REQUESTED: 1, Status.ON_HOLD: 2, Status.WITHDRAWN: 1, Status.SECURITY_REFUSED: 1,
    Status.TRANSFERRED: 1,
}  # fmt: skip
POSTS = (("ISB", 50), ("TAS", 20), ("DYU", 15), ("DOH", 15))
COUNTRIES = (("Afghanistan", 60), ("Pakistan", 25), ("Iran", 6), ("Uzbekistan", 4), ("Tajikistan", 3), ("Qatar", 2))
OUTCOMES = ("REACHED", "NO_ANSWER", "MESSAGE_SENT", "MESSAGE_RECEIVED", "LEFT_MESSAGE", "WRONG_NUMBER")
NOTES = (
    "Confirmed family is safe; moving to a relative's house.",
    "Asked for passport scans of all children.",
    "Phone off. Try again tomorrow.",
    "Sent the list of documents needed for the eligibility check.",
    "Principal says the tazkira of the youngest child is lost.",
    "Voice note received; family in Peshawar now.",
    "Called back, line busy.",
    "Agreed to bring originals to the post on Thursday.",
    "",
)
DUPLICATE_RATE = 0.006
TD3_CHECKS_OK = [
    {"field": f, "ok": True} for f in ("document_number", "birth_date", "expiry_date", "composite")
]
# About three people per case, as in DESIGN.md's 100,000 cases / 300,000 people.
FAMILY_SIZES = (1, 2, 3, 4, 5, 6, 7, 8, 9)
FAMILY_SIZE_WEIGHTS = (22, 24, 20, 14, 9, 5, 3, 2, 1)


@dataclass
class DemoPerson:
    values: dict[str, Any]
    documents: list[dict[str, Any]] = field(default_factory=list)
    contact_points: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class DemoCase:
    values: dict[str, Any]
    people: list[DemoPerson]
    contacts: list[dict[str, Any]]
    duplicate_of_index: int | None = None


def _weighted(rng: random.Random, table: Any) -> Any:
    items = list(table.items()) if isinstance(table, dict) else list(table)
    return rng.choices([k for k, _ in items], weights=[w for _, w in items])[0]


class DemoGenerator:
    def __init__(self, seed: int, now: dt.datetime, caseworker_ids: list[int]) -> None:
        self.rng = random.Random(seed)
        self.now = now
        self.caseworker_ids = caseworker_ids
        self._principals: list[tuple[int, DemoPerson, str]] = []  # for second referrals
        self._doc_serial = self.rng.randrange(1_000_000)

    # -- names and dates ---------------------------------------------------------

    def _name(self, pool: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[str, str, list[str]]:
        script, spellings = self.rng.choice(pool)
        weights = [6] + [2] * (len(spellings) - 1)
        latin = self.rng.choices(spellings, weights=weights)[0]
        return script, latin, [s for s in spellings if s != latin]

    def _birth(self, age_low: int, age_high: int) -> tuple[dt.date, str]:
        year = self.now.year - self.rng.randint(age_low, age_high)
        roll = self.rng.random()
        if roll < 0.30:
            return dt.date(year, 1, 1), "JAN1_PLACEHOLDER"
        if roll < 0.38:
            return dt.date(year, 1, 1), "YEAR_ONLY"
        if roll < 0.42:
            return dt.date(year, 7, 1), "ESTIMATED"
        return dt.date(year, self.rng.randint(1, 12), self.rng.randint(1, 28)), "EXACT"

    # -- documents -----------------------------------------------------------------

    def _passport(self, surname: str, given: str, sex: str, birth: dt.date) -> dict[str, Any]:
        self._doc_serial += 1
        number = f"P{self._doc_serial % 10_000_000:07d}"
        expiry = (self.now - dt.timedelta(days=self.rng.randint(-3000, 700))).date()
        issue = expiry.replace(year=expiry.year - 10) if not (expiry.month == 2 and expiry.day == 29) else expiry.replace(year=expiry.year - 10, day=28)
        lines = mrz.compose_td3(
            document_code="P", issuing_state="AFG", surname=surname, given_names=given,
            document_number=number, nationality="AFG", birth_date=birth, sex=sex, expiry_date=expiry,
        )  # fmt: skip
        raw = "\n".join(lines)
        return {
            "doc_type": "PASSPORT", "number": number, "number_norm": number, "issuing_state": "AFG",
            "issue_date": issue, "expiry_date": expiry, "mrz_raw": raw,
            "mrz_checks": TD3_CHECKS_OK,  # composed lines are valid by construction (tested)
        }  # fmt: skip

    def _tazkira(self, electronic: bool) -> dict[str, Any]:
        self._doc_serial += 1
        if electronic:
            number = f"{self.rng.randint(1398, 1402)}-{self.rng.randint(100, 3499):04d}-{self._doc_serial % 100_000:05d}"
        else:
            number = f"{self.rng.randint(1, 9)}{self._doc_serial % 10_000_000:07d}"
        return {
            "doc_type": "E_TAZKIRA" if electronic else "PAPER_TAZKIRA", "number": number,
            "number_norm": number.replace("-", ""), "issuing_state": "AFG", "issue_date": None,
            "expiry_date": None, "mrz_raw": "", "mrz_checks": None,
        }  # fmt: skip

    def _phone(self, country: str) -> str:
        if country == "Pakistan" and self.rng.random() < 0.6:
            return f"+923{self.rng.randint(0, 4)}{self.rng.randint(0, 9_999_999):08d}"[:13]
        return f"+937{self.rng.choice('0123456789')}{self.rng.randint(0, 9_999_999):07d}"

    # -- people -----------------------------------------------------------------

    def _person(
        self, role: str, relationship: str, sex: str, surname: tuple[str, str, list[str]] | None,
        age: tuple[int, int], father: tuple[str, str] | None,
    ) -> DemoPerson:  # fmt: skip
        given_script, given_latin, given_variants = self._name(pools.MALE if sex == "M" else pools.FEMALE)
        birth, precision = self._birth(*age)
        if surname:
            family_script, family_latin, family_variants = surname
            variants = [f"{v} {family_latin}" for v in given_variants[:2]] + [f"{given_latin} {v}" for v in family_variants[:1]]
            name_original = f"{given_script} {family_script}"
        else:  # one name only, as on many tazkiras
            family_latin, variants, name_original = "", given_variants[:2], given_script
        values = {
            "role": role, "relationship_to_principal": relationship, "name_original": name_original,
            "doc_surname": family_latin.upper() if surname else "", "doc_given_names": given_latin.upper(),
            "variants": variants, "father_name": father[1] if father else "",
            "father_name_original": father[0] if father else "", "sex": sex, "birth_date": birth,
            "birth_precision": precision, "nationality": "AFG",
            "place_of_birth": self.rng.choice(pools.PROVINCES), "person_status": None,
            "cleared_to_travel": False,
        }  # fmt: skip
        person = DemoPerson(values)
        adult = self.now.year - birth.year >= 18
        if adult and self.rng.random() < 0.7 or not adult and self.rng.random() < 0.3:
            person.documents.append(
                self._passport(values["doc_surname"] or values["doc_given_names"], values["doc_given_names"] if surname else "", sex, birth)
            )
        if self.rng.random() < 0.85:
            person.documents.append(self._tazkira(electronic=self.rng.random() < 0.6))
        return person

    def _family(self, country: str) -> list[DemoPerson]:
        sex = "M" if self.rng.random() < 0.85 else "F"
        surname = self._name(pools.FAMILY) if self.rng.random() > 0.12 else None
        father = self._name(pools.MALE)[:2]
        principal = self._person("PRINCIPAL", "SELF", sex, surname, (22, 60), father)
        principal.contact_points.append({"kind": "WHATSAPP", "value": self._phone(country), "label": "own"})
        if self.rng.random() < 0.25:
            principal.contact_points.append({"kind": "PHONE", "value": self._phone(country), "label": "relative"})
        people = [principal]
        size = self.rng.choices(FAMILY_SIZES, FAMILY_SIZE_WEIGHTS)[0]
        principal_given = (principal.values["father_name_original"], principal.values["doc_given_names"].title())
        child_father = principal_given if sex == "M" else None
        if size > 1:
            people.append(self._person("DEPENDANT", "SPOUSE", "F" if sex == "M" else "M", surname, (20, 55), None))
        for _ in range(max(0, size - 2)):
            if self.rng.random() < 0.12:
                relation, rel_sex, role = self.rng.choice((("MOTHER", "F"), ("FATHER", "M"), ("SISTER", "F"), ("BROTHER", "M"))) + ("ADDITIONAL",)
                people.append(self._person(role, relation, rel_sex, surname, (18, 80), None))
            else:
                child_sex = self.rng.choice("MF")
                people.append(self._person("DEPENDANT", "SON" if child_sex == "M" else "DAUGHTER", child_sex, surname, (0, 21), child_father))
        return people

    # -- the case ------------------------------------------------------------------

    def case(self, index: int) -> DemoCase:
        rng = self.rng
        status = _weighted(rng, STATUS_WEIGHTS)
        country = _weighted(rng, COUNTRIES)
        created = self.now - dt.timedelta(days=rng.triangular(0, 1800, 300), seconds=rng.randrange(86400))
        employer, job = rng.choice(pools.EMPLOYERS)
        duplicate_of = None
        if self._principals and rng.random() < DUPLICATE_RATE:
            duplicate_of, people = self._second_referral()
        else:
            people = self._family(country)
        values = {
            "post_code": _weighted(rng, POSTS), "scheme": rng.choices(("ARAP", "ACRS", "LOTR", "OTHER"), (55, 30, 10, 5))[0],
            "category": rng.choice(("Category 1", "Category 2", "Category 4", "")), "referral_source": rng.choice(("MOD", "FCDO", "MP", "HOME_OFFICE", "UNHCR", "NGO", "SELF")),
            "referrer": rng.choice(pools.REFERRERS), "employer": employer, "job_role": job,
            "priority": rng.choices(("URGENT", "HIGH", "NORMAL", "LOW"), (5, 20, 65, 10))[0],
            "vulnerabilities": rng.sample(pools.VULNERABILITIES, k=rng.choice((0, 0, 0, 1, 1, 2))),
            "assigned_to_id": rng.choice(self.caseworker_ids) if rng.random() < 0.8 else None,
            "current_country": country, "current_area": rng.choice(pools.PROVINCES) if country == "Afghanistan" else "",
            "status": status.value, "created_at": created, "notes": "", "eligibility_outcome": None,
            "eligibility_date": None, "eligibility_basis": "", "security_status": "NOT_STARTED",
        }  # fmt: skip
        self._advance(values, status, created)
        if status in MAIN_LINE and MAIN_LINE.index(status) >= MAIN_LINE.index(Status.SECURITY_CLEARED):
            for person in people:  # everyone in a security-cleared family may travel
                person.values["cleared_to_travel"] = True
        contacts = self._contacts(status, created, people[0])
        if duplicate_of is None and rng.random() < 0.05:
            self._principals.append((index, people[0], values["current_country"]))
        return DemoCase(values, people, contacts, duplicate_of)

    def _advance(self, values: dict[str, Any], status: Status, created: dt.datetime) -> None:
        progress = MAIN_LINE.index(status) if status in MAIN_LINE else 3
        changed = min(self.now, created + dt.timedelta(days=progress * self.rng.uniform(3, 20)))
        values["status_changed_at"] = changed
        values["updated_at"] = changed
        if progress >= MAIN_LINE.index(Status.ELIGIBLE) or status is Status.INELIGIBLE:
            values["eligibility_outcome"] = "INELIGIBLE" if status is Status.INELIGIBLE else "ELIGIBLE"
            values["eligibility_date"] = (created + (changed - created) / 2).date()
            values["eligibility_basis"] = "Employment confirmed by MoD records" if status is not Status.INELIGIBLE else "No evidence of UK employment"
        if progress >= MAIN_LINE.index(Status.SECURITY_CLEARED):
            values["security_status"] = "CLEARED"
        elif status is Status.SECURITY_REFUSED:
            values["security_status"] = "REFUSED"
        elif progress >= MAIN_LINE.index(Status.DOCUMENTS_VERIFIED):
            values["security_status"] = "PENDING"

    def _contacts(self, status: Status, created: dt.datetime, principal: DemoPerson) -> list[dict[str, Any]]:
        if status is Status.REFERRED:
            return []
        handle = principal.contact_points[0]["value"] if principal.contact_points else ""
        count = self.rng.randint(1, 8)
        span = max(1.0, (self.now - created).total_seconds())
        times = sorted(created + dt.timedelta(seconds=self.rng.uniform(0, span)) for _ in range(count))
        entries = []
        for i, when in enumerate(times):
            outcome = "NO_ANSWER" if status is Status.UNREACHABLE else self.rng.choice(OUTCOMES)
            follow_up = (when + dt.timedelta(days=self.rng.randint(2, 14))).date() if i == count - 1 and self.rng.random() < 0.7 else None
            entries.append({
                "channel": "WHATSAPP" if self.rng.random() < 0.8 else "PHONE", "handle": handle,
                "direction": "IN" if outcome == "MESSAGE_RECEIVED" else "OUT", "occurred_at": when,
                "outcome": outcome, "note": self.rng.choice(NOTES), "next_follow_up": follow_up,
            })  # fmt: skip
        return entries

    def _second_referral(self) -> tuple[int, list[DemoPerson]]:
        """The same principal referred again by someone else, spelled differently."""
        index, original, country = self.rng.choice(self._principals)
        values = dict(original.values)
        variants = values["variants"]
        if variants:
            spelled = variants[0].upper().split(" ", 1)
            values["doc_given_names"] = spelled[0]
            values["variants"] = [f"{original.values['doc_given_names'].title()} {original.values['doc_surname'].title()}".strip()]
        if values["birth_precision"] == "EXACT" and self.rng.random() < 0.5:
            values["birth_date"], values["birth_precision"] = dt.date(values["birth_date"].year, 1, 1), "JAN1_PLACEHOLDER"
        person = DemoPerson(values, [dict(d) for d in original.documents if d["doc_type"] != "PASSPORT"])
        person.contact_points.append({"kind": "WHATSAPP", "value": self._phone(country), "label": "from referral"})
        return index, [person]
