"""Offline verification of a letter's QR code, and the signed revocation list.

A partner at a border holds two files from the issuing team: the public key
(``letters public-key``) and a recent revocation list (``letters
revocations``). With them, :func:`verify_text` decides whether a letter is
VALID, INVALID (signature or content altered, or not ours), REVOKED,
SUPERSEDED (a newer version exists) or EXPIRED, without any network or
store. The revocation list is itself signed with the same key, so a forged
list is refused rather than trusted.
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

LIST_FORMAT = "caseworker-letter-revocations/1"


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
    _index: dict[tuple[str, int], RevocationEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {(e.reference, e.version): e for e in self.entries})

    def find(self, reference: str, version: int) -> RevocationEntry | None:
        return self._index.get((reference, version))


@dataclass(frozen=True, slots=True)
class VerifyResult:
    verdict: Verdict
    reason: str
    payload: lp.LetterPayload | None = None
    verification_code: str = ""

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
            "people": [
                {"name": x.name, "birth": x.birth_display, "document_number": x.document_number}
                for x in (p.people if p else ())
            ],
        }


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def write_revocation_list(
    entries: Iterable[RevocationEntry], private_key: Ed25519PrivateKey, issued_at: dt.datetime
) -> bytes:
    """The signed JSON file partners load with ``letters verify --revocations``."""
    body = {
        "format": LIST_FORMAT,
        "key_id": lp.key_id(private_key.public_key()),
        "issued_at": issued_at.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "letters": [
            {"reference": e.reference, "version": e.version, "status": e.status, "date": e.date.isoformat()}
            for e in sorted(entries, key=lambda e: (e.reference, e.version))
        ],
    }
    signature = base64.b64encode(private_key.sign(_canonical(body))).decode()
    return json.dumps({**body, "signature": signature}, indent=1, ensure_ascii=False).encode() + b"\n"


def read_revocation_list(data: bytes, public_key: Ed25519PublicKey) -> RevocationList:
    """Load and check a revocation list; a list not signed by ``public_key`` is refused."""
    try:
        doc = json.loads(data.decode("utf-8"))
        signature = base64.b64decode(doc.pop("signature"), validate=True)
    except (ValueError, KeyError, AttributeError, TypeError):
        raise lp.PayloadError("the revocation list is not a caseworker revocation list") from None
    if not isinstance(doc, dict) or doc.get("format") != LIST_FORMAT:
        raise lp.PayloadError("the revocation list is not a caseworker revocation list")
    try:
        public_key.verify(signature, _canonical(doc))
    except Exception:
        raise lp.PayloadError(
            "the revocation list's signature does not match this public key: it was altered "
            "or comes from another store"
        ) from None
    entries = tuple(
        RevocationEntry(str(e["reference"]), int(e["version"]), str(e["status"]), dt.date.fromisoformat(e["date"]))
        for e in doc["letters"]
    )
    issued = dt.datetime.fromisoformat(str(doc["issued_at"]).replace("Z", "+00:00"))
    return RevocationList(str(doc["key_id"]), issued, entries)


def verify_text(
    text: str,
    public_key: Ed25519PublicKey,
    revocations: RevocationList | None = None,
    today: dt.date | None = None,
) -> VerifyResult:
    """The verdict on one QR text. Checks, in order: format, key, signature, revocation, dates."""
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
    checked = (
        f"; revocation list of {revocations.issued_at:%Y-%m-%d %H:%M} UTC checked"
        if revocations
        else "; no revocation list checked"
    )
    return VerifyResult(
        Verdict.VALID, f"signature good, valid until {payload.valid_to.isoformat()}{checked}", payload, code
    )
