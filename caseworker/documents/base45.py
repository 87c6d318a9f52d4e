"""Base45 (RFC 9285): bytes as text in the QR code's alphanumeric alphabet.

A QR code stores its alphanumeric characters in 5.5 bits each, against 8 for
arbitrary bytes; Base45 spends 3 of those characters on 2 bytes, so a signed
letter record fits a smaller, easier-to-scan code than Base64 would.
"""

from __future__ import annotations

_B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_B45_INDEX = {c: i for i, c in enumerate(_B45)}


class PayloadError(ValueError):
    """The text is not a well-formed letter code (damaged, truncated or not ours)."""


def b45encode(data: bytes) -> str:
    out = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        c, n = divmod(n, 45 * 45)
        e, d = divmod(n, 45)
        out += (_B45[d], _B45[e], _B45[c])
    if len(data) % 2:
        e, d = divmod(data[-1], 45)
        out += (_B45[d], _B45[e])
    return "".join(out)


def b45decode(text: str) -> bytes:
    try:
        values = [_B45_INDEX[c] for c in text]
    except KeyError as exc:
        raise PayloadError(f"character {exc.args[0]!r} cannot appear in a letter code") from None
    if len(values) % 3 == 1:
        raise PayloadError("the code has the wrong length (truncated?)")
    out = bytearray()
    for i in range(0, len(values) - 2, 3):
        n = values[i] + values[i + 1] * 45 + values[i + 2] * 45 * 45
        if n > 0xFFFF:
            raise PayloadError("the code is damaged")
        out += n.to_bytes(2, "big")
    if len(values) % 3 == 2:
        n = values[-2] + values[-1] * 45
        if n > 0xFF:
            raise PayloadError("the code is damaged")
        out.append(n)
    return bytes(out)
