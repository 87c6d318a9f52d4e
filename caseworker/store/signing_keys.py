"""Users' audit-signing keys: made, wrapped under their password, installed and withdrawn.

Each user has an Ed25519 key that signs their audit events (see `store/audit.py`).
Its private half is wrapped under the user's password: inside their key slot on
an encrypted SQLite store (`keyslots.Slot`, under the same derived key as the data
key), and, where there are no key slots (PostgreSQL, plain stores), in
`users.signing_key`, under its own argon2id derivation. Its public half is in
`users.signing_public` and, what the verifier trusts, in the trail itself: a
`user.signing_key` event when it is installed, `user.signing_key_revoked` when
it is withdrawn.

A key is never rewrapped under a new password: whoever set that password (an
administrator resetting it) would then hold the old key, and could sign as the
user back in time. A new password always withdraws the old key; a fresh key is
made when the user next signs in (or at once, when they change their own).
"""

from __future__ import annotations

import base64
import json
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy.orm import Session

from caseworker.domain import signing
from caseworker.domain.errors import StoreError
from caseworker.store import audit, keyslots
from caseworker.store.kdf_floor import weak_kdf_allowed
from caseworker.store.keyring import keyring_for
from caseworker.store.models import User

_AAD = b"caseworker-user-signing-key/1"


def wrap_for_column(raw: bytes, password: str) -> str:
    kdf, salt, nonce = keyslots.slot_kdf(), secrets.token_bytes(16), secrets.token_bytes(12)
    wrapped = AESGCM(keyslots.derive_key(password, salt, kdf)).encrypt(nonce, raw, _AAD)
    doc = {"kdf": kdf.to_json(), "salt": salt.hex(), "nonce": nonce.hex(), "wrapped": base64.b64encode(wrapped).decode()}
    return json.dumps(doc, sort_keys=True)


def unwrap_column(text: str | None, password: str) -> bytes | None:
    if not text:
        return None
    try:
        doc = json.loads(text)
        kdf = keyslots.KdfParams.from_json(doc["kdf"])
        salt, nonce, wrapped = bytes.fromhex(doc["salt"]), bytes.fromhex(doc["nonce"]), base64.b64decode(doc["wrapped"])
    except (ValueError, KeyError, TypeError):
        return None
    if keyslots.below_floor(kdf) and not weak_kdf_allowed():
        raise StoreError("a user's signing key is wrapped with key-derivation parameters below caseworker's minimum")
    try:
        return AESGCM(keyslots.derive_key(password, salt, kdf)).decrypt(nonce, wrapped, _AAD)
    except InvalidTag:
        return None


def matching(raw: bytes | None, user: User) -> Ed25519PrivateKey | None:
    """The private key from `raw` if it is the one registered for `user`, else None."""
    if raw is None or user.signing_public is None or len(raw) != 32:
        return None
    key = signing.private_from_raw(raw)
    return key if signing.raw_public(key.public_key()).hex() == user.signing_public else None


def install(session: Session, user: User, password: str, actor: audit.Actor) -> Ed25519PrivateKey:
    """Make `user` a new key, wrap it under `password` and register it in the trail.

    The registering event is authored by `actor`; when the user registers their own
    key, pass an actor whose signer is None and it is signed with the new key itself.
    """
    key = signing.new_private_key()
    raw, public = signing.raw_private(key), signing.raw_public(key.public_key()).hex()
    withdraw(session, user, actor)
    keyring = keyring_for(session)
    if keyring is not None:
        keyring.set_password(session, user.username, password, raw)
        user.signing_key = None
    else:
        user.signing_key = wrap_for_column(raw, password)
    user.signing_public = public
    own = actor.id == user.id
    by = audit.Actor(actor.id, actor.username, key if own else actor.signer)
    audit.append(
        session, by, audit.KEY_ADDED, "user", user.id,
        summary=f"new audit-signing key {signing.key_id(key.public_key())} for {user.username}",
        after={"public": public, "key_id": signing.key_id(key.public_key())},
    )  # fmt: skip
    return key


def withdraw(session: Session, user: User, actor: audit.Actor) -> None:
    """Withdraw `user`'s key (disabled, or a new password): nothing signed with it later verifies."""
    if user.signing_public is None:
        return
    key_id = signing.key_id(signing.public_from_raw(bytes.fromhex(user.signing_public)))
    user.signing_public, user.signing_key = None, None
    by = actor if actor.signer is not None or actor.id is None else audit.SYSTEM  # nothing to sign it with
    audit.append(
        session, by, audit.KEY_REVOKED, "user", user.id,
        summary=f"withdrew {user.username}'s audit-signing key {key_id}", before={"key_id": key_id},
    )  # fmt: skip
