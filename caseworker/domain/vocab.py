"""Controlled vocabularies of the domain (stored as their string values)."""

from __future__ import annotations

from enum import StrEnum


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @classmethod
    def parse(cls, value: str, field: str) -> _Labelled:
        from caseworker.domain.errors import ValidationError

        text = (value or "").strip().upper().replace(" ", "_").replace("-", "_")
        try:
            return cls(text)
        except ValueError:
            allowed = ", ".join(m.value for m in cls)
            raise ValidationError(f"{value!r} is not one of {allowed}", field=field) from None


class Scheme(_Labelled):
    ARAP = "ARAP"
    ACRS = "ACRS"
    LOTR = "LOTR"
    OTHER = "OTHER"

    @property
    def label(self) -> str:
        return self.value if self is not Scheme.OTHER else "Other"


class ReferralSource(_Labelled):
    MOD = "MOD"
    FCDO = "FCDO"
    MP = "MP"
    HOME_OFFICE = "HOME_OFFICE"
    UNHCR = "UNHCR"
    NGO = "NGO"
    SELF = "SELF"


class Priority(_Labelled):
    URGENT = "URGENT"
    HIGH = "HIGH"
    NORMAL = "NORMAL"
    LOW = "LOW"

    @property
    def rank(self) -> int:
        """0 = most urgent; used for sorting."""
        return list(Priority).index(self)


class SecurityStatus(_Labelled):
    NOT_STARTED = "NOT_STARTED"
    PENDING = "PENDING"
    CLEARED = "CLEARED"
    REFUSED = "REFUSED"


class EligibilityOutcome(_Labelled):
    ELIGIBLE = "ELIGIBLE"
    INELIGIBLE = "INELIGIBLE"


class PersonRole(_Labelled):
    PRINCIPAL = "PRINCIPAL"
    DEPENDANT = "DEPENDANT"
    ADDITIONAL = "ADDITIONAL"  # additional family member


class Relationship(_Labelled):
    SELF = "SELF"
    SPOUSE = "SPOUSE"
    SON = "SON"
    DAUGHTER = "DAUGHTER"
    FATHER = "FATHER"
    MOTHER = "MOTHER"
    BROTHER = "BROTHER"
    SISTER = "SISTER"
    GRANDCHILD = "GRANDCHILD"
    OTHER = "OTHER"


class Sex(_Labelled):
    M = "M"
    F = "F"
    X = "X"

    @property
    def label(self) -> str:
        return {"M": "Male", "F": "Female", "X": "Unspecified"}[self.value]


class DocumentType(_Labelled):
    PASSPORT = "PASSPORT"
    E_TAZKIRA = "E_TAZKIRA"
    PAPER_TAZKIRA = "PAPER_TAZKIRA"
    SINGLE_JOURNEY = "SINGLE_JOURNEY"
    NONE = "NONE"

    @property
    def label(self) -> str:
        return {
            "PASSPORT": "Passport",
            "E_TAZKIRA": "e-Tazkira",
            "PAPER_TAZKIRA": "Paper tazkira",
            "SINGLE_JOURNEY": "Single-journey document",
            "NONE": "No document",
        }[self.value]


class Channel(_Labelled):
    WHATSAPP = "WHATSAPP"
    PHONE = "PHONE"
    EMAIL = "EMAIL"
    IN_PERSON = "IN_PERSON"
    OTHER = "OTHER"

    @property
    def label(self) -> str:
        return "WhatsApp" if self is Channel.WHATSAPP else super().label


class Outcome(_Labelled):
    REACHED = "REACHED"
    NO_ANSWER = "NO_ANSWER"
    WRONG_NUMBER = "WRONG_NUMBER"
    LEFT_MESSAGE = "LEFT_MESSAGE"
    MESSAGE_SENT = "MESSAGE_SENT"
    MESSAGE_RECEIVED = "MESSAGE_RECEIVED"
    NUMBER_UNAVAILABLE = "NUMBER_UNAVAILABLE"


class ContactKind(_Labelled):
    WHATSAPP = "WHATSAPP"
    PHONE = "PHONE"
    EMAIL = "EMAIL"


class AttachmentKind(_Labelled):
    DOCUMENT_SCAN = "DOCUMENT_SCAN"
    PHOTO = "PHOTO"
    CHAT_EXPORT = "CHAT_EXPORT"
    LETTER = "LETTER"
    OTHER = "OTHER"
