"""The store's letter-signing key pair, kept inside the store.

The Ed25519 private key is a row of the ``settings`` table, so it is
protected like every other record (an encrypted SQLite store, or the
server's database), travels with backups, and is shared by everyone issuing
letters from the same team database. It is created the first time a letter
is signed or the public key is asked for. Two processes creating it at once
cannot end up with two keys: the insert is ``ON CONFLICT DO NOTHING`` and
both then read the one row that won.
"""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from caseworker.documents import letter_payload as lp
from caseworker.store import audit
from caseworker.store.base import canonical_json, utcnow
from caseworker.store.models import Setting

KEY_SETTING = "letters.signing_key"

_INSERT = text("INSERT INTO settings (key, value) VALUES (:key, :value) ON CONFLICT (key) DO NOTHING")


def signing_key(session: Session) -> Ed25519PrivateKey:
    """The store's private key, created (in the caller's transaction) if there is none yet."""
    value = session.execute(select(Setting.value).where(Setting.key == KEY_SETTING)).scalar_one_or_none()
    if value is None:
        key = lp.new_private_key()
        record = {
            "algorithm": "Ed25519",
            "private": base64.b64encode(lp.raw_private(key)).decode(),
            "key_id": lp.key_id(key.public_key()),
            "created_at": utcnow().isoformat(timespec="seconds"),
        }
        created = session.execute(_INSERT, {"key": KEY_SETTING, "value": canonical_json(record)}).rowcount
        if created:  # only the process whose row won records it; never the key itself
            audit.append(session, audit.SYSTEM, "letters.key_create", "setting", None,
                         summary=f"created the letter-signing key {record['key_id']}",
                         after={"key_id": record["key_id"], "algorithm": "Ed25519"})  # fmt: skip
        value = session.execute(select(Setting.value).where(Setting.key == KEY_SETTING)).scalar_one()
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(value["private"]))
