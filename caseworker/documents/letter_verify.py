"""Offline verification of a letter's QR code, and the signed revocation list.

A partner at a border holds two files from the issuing team: the public key
(``letters public-key``) and a recent revocation list (``letters
revocations``). With them, :func:`verify_text` decides whether a letter is
VALID, INVALID (signature or content altered, or not ours), REVOKED,
SUPERSEDED (a newer version exists) or EXPIRED, without any network or
store. The revocation list is itself signed with the same key (with its own
context string, so it can never pass for a letter nor a letter for it), so a
forged list is refused rather than trusted.

A list only proves which letters were revoked when it was issued. It carries
its signed issue time and the issuing store's maximum age
(`letters.revocation_max_age_days`, default 7): an older list is refused with
"the revocation list is N days old; get a current one from the issuing post",
unless the verifier explicitly accepts a stale list, which the result then says.
A stale list is never needed to show that a letter IS revoked, so a letter it
names is still reported REVOKED or SUPERSEDED.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from caseworker.documents import letter_payload as lp
from caseworker.domain import signing

LIST_FORMAT = "caseworker-letter-revocations/2"
OLD_LIST_FORMAT = "caseworker-letter-revocations/1"
DEFAULT_MAX_AGE_DAYS = 7


class Verdict(StrEnum):
    VALID = "VALID"
    INVALID = "INVALID"
    REVOKED = "REVOKED"
    SUPERSEDED = "SUPERSEDED"
    EXPIRED = "EXPIRED"


@dataclass(frozen=True, slots=True)
class RevocationEntry:
    reference: str
    version: int
    status: str  # REVOKED or SUPERSEDED
    date: dt.date


@dataclass(frozen=True)
class RevocationList:
    key_id: str
    issued_at: dt.datetime
    entries: tuple[RevocationEntry, ...]
    max_age_days: int = DEFAULT_MAX_AGE_DAYS
    _index: dict[tuple[str, int], RevocationEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {(e.reference, e.version): e for e in self.entries})

    def find(self, reference: str, version: int) -> RevocationEntry | None:
        return self._index.get((reference, version))

    def age_days(self, now: dt.datetime) -> int:
        return max(0, (now - self.issued_at).days)

    def is_stale(self, now: dt.datetime) -> bool:
        return now - self.issued_at > dt.timedelta(days=self.max_age_days)


class StaleRevocationList(lp.PayloadError):
    def __init__(self, age_days: int, max_age_days: int) -> None:
        super().__init__(
            f"the revocation list is {age_days} days old; get a current one from the issuing post "
            f"(lists older than {max_age_days} days are refused; --accept-stale checks against it anyway)"
        )
        self.age_days = age_days


@dataclass(frozen=True, slots=True)
class VerifyResult:
    verdict: Verdict
    reason: str
    payload: lp.LetterPayload | None = None
    verification_code: str = ""
    revocations_stale_days: int | None = None  # set when a stale list was accepted

    def to_json(self) -> dict[str, Any]:
        p = self.payload
        return {
            "verdict": self.verdict.value,
            "reason": self.reason,
            "verification_code": self.verification_code or None,
            "reference": p.reference if p else None,
            "version": p.version if p else None,
            "valid_from": p.valid_from.isoformat() if p else None,
            "valid_to": p.valid_to.isoformat() if p else None,
            "key_id": p.key_id if p else None,
            "stale_revocation_list_days": self.revocations_stale_days,
            "people": [
                {"name": x.name, "birth": x.birth_display, "document_number": x.document_number}
                for x in (p.people if p else ())
            ],
        }


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def write_revocation_list(
    entries: Iterable[RevocationEntry],
    private_key: Ed25519PrivateKey,
    issued_at: dt.datetime,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
) -> bytes:
    """The signed JSON file partners load with ``letters verify --revocations``."""
    body = {
        "format": LIST_FORMAT,
        "key_id": lp.key_id(private_key.public_key()),
        "issued_at": issued_at.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "max_age_days": max_age_days,
        "letters": [
            {"reference": e.reference, "version": e.version, "status": e.status, "date": e.date.isoformat()}
            for e in sorted(entries, key=lambda e: (e.reference, e.version))
        ],
    }
    signature = base64.b64encode(signing.sign(private_key, signing.REVOCATION_LIST, _canonical(body))).decode()
    return json.dumps({**body, "signature": signature}, indent=1, ensure_ascii=False).encode() + b"\n"


def read_revocation_list(data: bytes, public_key: Ed25519PublicKey) -> RevocationList:
    """Load and check a revocation list; a list not signed by ``public_key`` is refused."""
    try:
        doc = json.loads(data.decode("utf-8"))
        signature = base64.b64decode(doc.pop("signature"), validate=True)
    except (ValueError, KeyError, AttributeError, TypeError):
        raise lp.PayloadError("the revocation list is not a caseworker revocation list") from None
    if isinstance(doc, dict) and doc.get("format") == OLD_LIST_FORMAT:
        raise lp.PayloadError(
            "the revocation list was written by an older version of caseworker and has no signed maximum age; "
            "get a current one from the issuing post"
        )
    if not isinstance(doc, dict) or doc.get("format") != LIST_FORMAT:
        raise lp.PayloadError("the revocation list is not a caseworker revocation list")
    if not signing.verify(public_key, signature, signing.REVOCATION_LIST, _canonical(doc)):
        raise lp.PayloadError(
            "the revocation list's signature does not match this public key: it was altered "
            "or comes from another store"
        ) from None
    try:
        entries = tuple(
            RevocationEntry(str(e["reference"]), int(e["version"]), str(e["status"]), dt.date.fromisoformat(e["date"]))
            for e in doc["letters"]
        )
        issued = dt.datetime.fromisoformat(str(doc["issued_at"]).replace("Z", "+00:00"))
        max_age = int(doc["max_age_days"])
    except (ValueError, KeyError, TypeError):
        raise lp.PayloadError("the revocation list is signed but its content is not understood") from None
    return RevocationList(str(doc["key_id"]), issued, entries, max_age)


def verify_text(
    text: str,
    public_key: Ed25519PublicKey,
    revocations: RevocationList | None = None,
    today: dt.date | None = None,
    *,
    now: dt.datetime | None = None,
    accept_stale: bool = False,
) -> VerifyResult:
    """The verdict on one QR text. Checks, in order: format, key, signature, revocation, dates.

    A stale revocation list (see the module docstring) raises `StaleRevocationList`
    unless `accept_stale`, once the signature is known good and the letter is not on it.
    """
    now = now or dt.datetime.now(dt.UTC)
    today = today or dt.date.today()
    try:
        signed = lp.parse(text)
    except lp.PayloadError as exc:
        return VerifyResult(Verdict.INVALID, str(exc))
    payload = signed.payload
    code = signed.verification_code
    expected_kid = lp.key_id(public_key)
    if payload.key_id != expected_kid:
        return VerifyResult(
            Verdict.INVALID,
            f"signed with key {payload.key_id}, not with this public key ({expected_kid})",
            payload, code,
        )  # fmt: skip
    if not lp.signature_valid(signed, public_key):
        return VerifyResult(Verdict.INVALID, "the signature does not match: the code was altered", payload, code)
    entry = revocations.find(payload.reference, payload.version) if revocations else None
    if entry is not None:
        if entry.status == Verdict.SUPERSEDED:
            why = f"replaced by a newer version on {entry.date.isoformat()}; ask for the current letter"
            return VerifyResult(Verdict.SUPERSEDED, why, payload, code)
        return VerifyResult(Verdict.REVOKED, f"revoked on {entry.date.isoformat()}", payload, code)
    if today > payload.valid_to:
        return VerifyResult(Verdict.EXPIRED, f"validity ended on {payload.valid_to.isoformat()}", payload, code)
    if today < payload.valid_from:
        return VerifyResult(
            Verdict.INVALID, f"not valid before {payload.valid_from.isoformat()}", payload, code
        )
    stale_days = None
    if revocations is not None and revocations.is_stale(now):
        stale_days = revocations.age_days(now)
        if not accept_stale:
            raise StaleRevocationList(stale_days, revocations.max_age_days)
    checked = (
        f"; revocation list of {revocations.issued_at:%Y-%m-%d %H:%M} UTC checked"
        if revocations
        else "; no revocation list checked"
    )
    if stale_days is not None:
        checked += (
            f" (STALE: {stale_days} days old, accepted with --accept-stale; "
            "a letter revoked since it was issued would still show as valid)"
        )
    return VerifyResult(
        Verdict.VALID, f"signature good, valid until {payload.valid_to.isoformat()}{checked}", payload, code, stale_days
    )
