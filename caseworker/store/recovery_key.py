"""The recovery key: the store's 256-bit data key written as a code a person can copy by hand.

Shown exactly once, when a store is created or encrypted. It does not live in
the key file, so it still opens the store when every password is lost, when
the key file is damaged, and after an emergency erase.

Format: 52 base32 characters (the 32 key bytes) plus a 4-character check group,
in 14 groups of 4 (`ABCD-EFGH-…`). Typing is forgiving: case, spaces and
dashes are ignored, and 0/1/8 are read as O/I/B. A typo is reported as a
typo rather than as a wrong key.
"""

from __future__ import annotations

import base64
import hashlib

from caseworker.domain.errors import AuthenticationError

_DATA_CHARS = 52
_CHECK_CHARS = 4
_GROUP = 4
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def _check(body: str) -> str:
    digest = hashlib.sha256(b"caseworker-recovery:" + body.encode("ascii")).digest()
    return base64.b32encode(digest).decode("ascii")[:_CHECK_CHARS]


def encode(data_key: bytes) -> str:
    if len(data_key) != 32:
        raise ValueError("the data key must be 32 bytes")
    body = base64.b32encode(data_key).decode("ascii").rstrip("=")
    code = body + _check(body)
    return "-".join(code[i : i + _GROUP] for i in range(0, len(code), _GROUP))


def decode(text: str) -> bytes:
    """The data key written in `text`; AuthenticationError if it is not a well-formed recovery key."""
    code = "".join(ch for ch in (text or "").upper() if ch not in " -\t\r\n").translate(_LOOKALIKES)
    if len(code) != _DATA_CHARS + _CHECK_CHARS:
        raise AuthenticationError(
            f"a recovery key has {_DATA_CHARS + _CHECK_CHARS} letters and digits "
            f"(14 groups of 4); this one has {len(code)}"
        )
    body, check = code[:_DATA_CHARS], code[_DATA_CHARS:]
    if _check(body) != check:
        raise AuthenticationError("the recovery key has a typo: its last group does not match; check each group")
    try:
        return base64.b32decode(body + "====")[:32]
    except ValueError:
        raise AuthenticationError("the recovery key contains characters that are not in its alphabet") from None
