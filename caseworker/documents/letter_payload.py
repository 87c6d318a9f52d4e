"""The signed payload in a letter's QR code, and its short verification code.

The QR must stay small enough for an ordinary phone to read from paper, so
the payload is a compact binary record, Ed25519-signed, written in Base45
(RFC 9285): Base45 uses only the characters of the QR alphanumeric mode, so
the code is stored at 5.5 bits per character instead of 8. The text is

    TA1:<base45 of record + 64-byte signature>

Record (all integers big-endian; strings are one length byte + UTF-8):

    format        1 byte   (2; 1 for letters signed before issue 14)
    key id        4 bytes  first bytes of SHA-256 of the raw public key
    reference     string   ISB/TA/2026/000123
    version       1 byte
    valid from    2 bytes  days since 2000-01-01
    valid to      2 bytes  days since 2000-01-01
    people        1 byte   count, then for each person:
      name        string   as in the identity document
      birth       3 bytes  days since 1800-01-01 plus one (0: unknown);
                           the top bit set when only the year is known
      document    string   document number ("" when none)

The signature of a format-2 record is made with the context string
``caseworker/letter/2`` (see `domain/signing.py` and docs/signatures.md), so no
other signature by the same key (a revocation list) can pass for a letter's.
A format-1 record carries a bare signature and still verifies.

A family of six fits in about 320 characters: QR version 12-13 at error
correction level M. The verification code is the first 50 bits of SHA-256
of the signed bytes in Base32, grouped ``ABCDE-FGHJK``: short enough to read
over the phone and check against the issuing store.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import struct
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from caseworker.documents.base45 import PayloadError, b45decode, b45encode
from caseworker.domain import signing
from caseworker.domain.signing import key_id, new_private_key, raw_private, raw_public

__all__ = ["key_id", "new_private_key", "raw_private", "raw_public"]  # re-exported for the letter services

PREFIX = "TA1:"
FORMAT = 2
LEGACY_FORMAT = 1
SIGNATURE_BYTES = 64
_EPOCH = dt.date(2000, 1, 1)
_BIRTH_EPOCH = dt.date(1800, 1, 1)
_YEAR_ONLY = 0x800000


# --------------------------------------------------------------------------- keys


def public_key_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def load_public_key(data: bytes) -> Ed25519PublicKey:
    """A public key from PEM (as ``letters public-key`` writes it) or 32 raw bytes."""
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            key = serialization.load_pem_public_key(data)
        else:
            key = Ed25519PublicKey.from_public_bytes(data)
    except ValueError as exc:
        raise PayloadError(f"not an Ed25519 public key: {exc}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise PayloadError("the key is not an Ed25519 public key")
    return key


# --------------------------------------------------------------------------- the record


@dataclass(frozen=True, slots=True)
class PayloadPerson:
    name: str
    birth_date: dt.date | None  # 1 January of the year when only the year is known
    birth_year_only: bool
    document_number: str

    @property
    def birth_display(self) -> str:
        if self.birth_date is None:
            return "-"
        return str(self.birth_date.year) if self.birth_year_only else self.birth_date.isoformat()


@dataclass(frozen=True, slots=True)
class LetterPayload:
    key_id: str
    reference: str
    version: int
    valid_from: dt.date
    valid_to: dt.date
    people: tuple[PayloadPerson, ...]


@dataclass(frozen=True, slots=True)
class SignedPayload:
    payload: LetterPayload
    body: bytes
    signature: bytes

    @property
    def verification_code(self) -> str:
        return verification_code(self.body + self.signature)


def _string(value: str) -> bytes:
    data = value.encode("utf-8")
    if len(data) > 255:
        raise ValueError(f"{value[:30]!r}… is too long for a letter code")
    return bytes([len(data)]) + data


def _days(value: dt.date) -> bytes:
    return struct.pack(">H", (value - _EPOCH).days)


def encode(payload: LetterPayload) -> bytes:
    """The unsigned record (see the module docstring)."""
    if not 1 <= payload.version <= 255 or len(payload.people) > 255:
        raise ValueError("version and number of people must fit in one byte")
    parts = [bytes([FORMAT]), bytes.fromhex(payload.key_id), _string(payload.reference)]
    parts += [bytes([payload.version]), _days(payload.valid_from), _days(payload.valid_to)]
    parts.append(bytes([len(payload.people)]))
    for person in payload.people:
        parts += [_string(person.name), _birth_bytes(person), _string(person.document_number)]
    return b"".join(parts)


def _birth_bytes(person: PayloadPerson) -> bytes:
    birth = person.birth_date
    if birth is None:
        return bytes(3)
    if person.birth_year_only:
        birth = birth.replace(month=1, day=1)
    value = (birth - _BIRTH_EPOCH).days + 1
    if not 0 < value < _YEAR_ONLY:
        raise ValueError(f"date of birth {birth} cannot be written in a letter code")
    return (value | (_YEAR_ONLY if person.birth_year_only else 0)).to_bytes(3, "big")


def sign(payload: LetterPayload, private_key: Ed25519PrivateKey) -> SignedPayload:
    body = encode(payload)
    return SignedPayload(payload, body, signing.sign(private_key, signing.LETTER, body))


def qr_text(signed: SignedPayload) -> str:
    return PREFIX + b45encode(signed.body + signed.signature)


def verification_code(signed_bytes: bytes) -> str:
    digest = base64.b32encode(hashlib.sha256(signed_bytes).digest()).decode()[:10]
    return f"{digest[:5]}-{digest[5:]}"


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise PayloadError("the code is truncated")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def byte(self) -> int:
        return self.take(1)[0]

    def string(self) -> str:
        try:
            return self.take(self.byte()).decode("utf-8")
        except UnicodeDecodeError:
            raise PayloadError("the code is damaged (bad text)") from None

    def date(self) -> dt.date:
        return _EPOCH + dt.timedelta(days=struct.unpack(">H", self.take(2))[0])


def _birth(data: bytes) -> tuple[dt.date | None, bool]:
    value = int.from_bytes(data, "big")
    if value == 0:
        return None, False
    try:
        birth = _BIRTH_EPOCH + dt.timedelta(days=(value & ~_YEAR_ONLY) - 1)
    except OverflowError:
        raise PayloadError("the code is damaged (bad date of birth)") from None
    return birth, bool(value & _YEAR_ONLY)


def parse(text: str) -> SignedPayload:
    """Read a QR text into its record and signature; the signature is NOT checked here."""
    text = (text or "").strip()
    if text.upper().startswith("QR-CODE:"):  # pasted straight from zbarimg
        text = text[8:]
    if not text.startswith(PREFIX):
        raise PayloadError(f"not a travel-authorisation letter code (it should start with {PREFIX})")
    data = b45decode(text[len(PREFIX) :])
    if len(data) <= SIGNATURE_BYTES:
        raise PayloadError("the code is truncated")
    body, signature = data[:-SIGNATURE_BYTES], data[-SIGNATURE_BYTES:]
    r = _Reader(body)
    if r.byte() not in (FORMAT, LEGACY_FORMAT):
        raise PayloadError("the code was written by a newer version of caseworker")
    kid = r.take(4).hex()
    reference = r.string()
    version = r.byte()
    valid_from, valid_to = r.date(), r.date()
    people = []
    for _ in range(r.byte()):
        name = r.string()
        birth, year_only = _birth(r.take(3))
        people.append(PayloadPerson(name, birth, year_only, r.string()))
    if r.pos != len(body):
        raise PayloadError("the code has trailing data")
    payload = LetterPayload(kid, reference, version, valid_from, valid_to, tuple(people))
    return SignedPayload(payload, body, signature)


def signature_valid(signed: SignedPayload, public_key: Ed25519PublicKey) -> bool:
    """The letter's signature: with the letter context, or bare for a letter signed before it existed."""
    if signed.body[:1] == bytes([LEGACY_FORMAT]):
        return signing.verify_legacy(public_key, signed.signature, signed.body)
    return signing.verify(public_key, signed.signature, signing.LETTER, signed.body)
