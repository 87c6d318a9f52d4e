"""Sealing the data key to a key slot's public key, so keys can be rotated without passwords.

A slot's password wraps (AES-256-GCM, under the argon2id-derived key) an X25519
private key, the slot's *box key*, whose public half is stored in the clear.
The data key is then *sealed* to that public key: an ephemeral X25519 key
agreement, HKDF-SHA256, AES-256-GCM (the ECIES construction). Opening needs the
password (to unwrap the box key); sealing needs only the public key. So
`store rekey` can give every active slot a new data key without knowing anyone's
password, and a slot that was removed (a disabled user) never receives it.
"""

from __future__ import annotations

import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_INFO = b"caseworker-keyslot-seal/1"
_RAW = serialization.Encoding.Raw


def new_box() -> tuple[bytes, bytes]:
    """(private, public) raw 32-byte X25519 keys."""
    private = X25519PrivateKey.generate()
    raw = private.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    return raw, private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)


def _key(shared: bytes, ephemeral: bytes, public: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=ephemeral + public, info=_INFO).derive(shared)


def seal(public: bytes, secret: bytes, aad: bytes) -> bytes:
    """`secret` sealed to the box `public`: ephemeral public (32) || nonce (12) || ciphertext."""
    ephemeral = X25519PrivateKey.generate()
    eph_public = ephemeral.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    key = _key(ephemeral.exchange(X25519PublicKey.from_public_bytes(public)), eph_public, public)
    nonce = secrets.token_bytes(12)
    return eph_public + nonce + AESGCM(key).encrypt(nonce, secret, aad)


def open_sealed(private: bytes, sealed: bytes, aad: bytes) -> bytes | None:
    if len(sealed) < 32 + 12 + 16 or len(private) != 32:
        return None
    box = X25519PrivateKey.from_private_bytes(private)
    public = box.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    eph_public, nonce, body = sealed[:32], sealed[32:44], sealed[44:]
    key = _key(box.exchange(X25519PublicKey.from_public_bytes(eph_public)), eph_public, public)
    try:
        return AESGCM(key).decrypt(nonce, body, aad)
    except InvalidTag:
        return None
