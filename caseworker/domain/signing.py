"""Ed25519 signatures with a context string: the one place caseworker signs and checks.

Letters, revocation lists, audit events and chain anchors are all Ed25519
signatures, some by the same key (the store's letter key signs letters and
revocation lists). Without a context, bytes signed as one kind of thing could be
presented as another. So every signature is made over

    context (ASCII, no NUL) || 0x00 || body

where the context names what is signed and its version (below). A signature
made for one context never verifies for another, whatever the body. The exact
bytes of every body are in docs/signatures.md; scripts/signature_vectors.py
prints test vectors for verifiers written elsewhere.

Before issue 14, letters (format 1) and revocation lists (format /1) were signed
over their bare bytes. Old letters must keep verifying, so `verify_legacy` checks
a bare signature; it is used only for a format-1 letter, whose body starts with
the byte 0x01. No context message can start with that byte (every context starts
with "caseworker/"), and nothing signs bare bytes any more.
"""

from __future__ import annotations

import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

LETTER = "caseworker/letter/2"
REVOCATION_LIST = "caseworker/revocation-list/2"
AUDIT_EVENT = "caseworker/audit-event/1"
ANCHOR = "caseworker/anchor/1"
CONTEXTS = (LETTER, REVOCATION_LIST, AUDIT_EVENT, ANCHOR)
SIGNATURE_BYTES = 64


def message(context: str, body: bytes) -> bytes:
    """The bytes actually signed for `body` in `context`."""
    if context not in CONTEXTS:
        raise ValueError(f"unknown signature context {context!r}")
    return context.encode("ascii") + b"\x00" + body


def sign(private_key: Ed25519PrivateKey, context: str, body: bytes) -> bytes:
    return private_key.sign(message(context, body))


def verify(public_key: Ed25519PublicKey, signature: bytes, context: str, body: bytes) -> bool:
    try:
        public_key.verify(signature, message(context, body))
    except InvalidSignature:
        return False
    return True


def verify_legacy(public_key: Ed25519PublicKey, signature: bytes, body: bytes) -> bool:
    """A bare signature, as format-1 letters carry (see the module docstring)."""
    try:
        public_key.verify(signature, body)
    except InvalidSignature:
        return False
    return True


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def raw_private(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_from_raw(data: bytes) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(data)


def private_from_raw(data: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(data)


def key_id(key: Ed25519PublicKey) -> str:
    """Eight hex digits naming a public key (the first 4 bytes of SHA-256 of its raw 32 bytes)."""
    return hashlib.sha256(raw_public(key)).hexdigest()[:8]
