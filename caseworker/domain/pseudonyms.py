"""Partner-facing group ids and handoff passphrases.

A partner sees a family as a group id that is an HMAC of the internal case id
under a secret of that partner's own: the same family always has the same id
for one partner (so updates line up), two partners' lists cannot be joined on
it, and it reveals nothing about the internal case reference.

Passphrases are random codes from the Crockford base-32 alphabet (no I, L, O
or U), grouped for reading aloud over a phone: 6 groups of 4 give 120 bits.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SECRET_BYTES = 32
GROUP_ID_CHARS = 10  # 50 bits: collisions negligible for a few hundred thousand families


def new_secret() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


def _base32(number: int, length: int) -> str:
    chars = []
    for _ in range(length):
        number, index = divmod(number, 32)
        chars.append(ALPHABET[index])
    return "".join(reversed(chars))


def group_id(secret: bytes, case_id: int) -> str:
    """E.g. ``G7K2M-9XD4T``; stable for one partner and case, unlinkable across partners."""
    if len(secret) < 16:
        raise ValueError("a partner secret must be at least 16 bytes")
    digest = hmac.new(secret, f"group:{case_id}".encode(), hashlib.sha256).digest()
    code = _base32(int.from_bytes(digest[:8], "big") >> (64 - 5 * GROUP_ID_CHARS), GROUP_ID_CHARS)
    half = GROUP_ID_CHARS // 2
    return f"{code[:half]}-{code[half:]}"


def new_passphrase(groups: int = 6, size: int = 4) -> str:
    """A strong passphrase, e.g. ``7KQ2-M9XD-4TAB-P0RS-W3ZE-HJ5N``."""
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(size)) for _ in range(groups))
