"""Authenticated encryption of a long byte stream (a PostgreSQL dump) in chunks.

AES-256-GCM over 1 MiB chunks. Each chunk's nonce is a random per-stream
prefix, the chunk's number and a flag marking the last chunk, so chunks cannot
be reordered, dropped, repeated or cut off at the end without the decryption
failing. Nothing is written out from a chunk before its tag has been checked.
"""

from __future__ import annotations

import secrets
import struct
from collections.abc import Callable
from typing import IO, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from caseworker.domain.errors import StoreError

MAGIC = b"CWSTREAM1"
CHUNK = 1 << 20
_PREFIX = 7
_LENGTH = struct.Struct(">I")


class StreamDamaged(StoreError):
    pass


class Writer(Protocol):
    def write(self, data: bytes, /) -> int: ...


def _nonce(prefix: bytes, number: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", number) + (b"\x01" if last else b"\x00")


def _read_exactly(src: IO[bytes], size: int) -> bytes:
    data = b""
    while len(data) < size:
        more = src.read(size - len(data))
        if not more:
            break
        data += more
    return data


def encrypt_stream(
    src: IO[bytes], dst: Writer, key: bytes, *, cancelled: Callable[[], bool] = lambda: False
) -> int:
    """Encrypt everything `src` yields into `dst`; returns the plain byte count."""
    aead, prefix = AESGCM(key), secrets.token_bytes(_PREFIX)
    header = MAGIC + prefix
    dst.write(header)
    number, total = 0, 0
    pending = _read_exactly(src, CHUNK)
    while True:
        if cancelled():
            raise StoreError("cancelled")
        following = _read_exactly(src, CHUNK) if len(pending) == CHUNK else b""
        last = not following
        sealed = aead.encrypt(_nonce(prefix, number, last), pending, header)
        dst.write(_LENGTH.pack(len(sealed)) + sealed)
        total += len(pending)
        if last:
            return total
        pending, number = following, number + 1


def decrypt_stream(src: IO[bytes], dst: Writer | None, key: bytes) -> int:
    """Decrypt into `dst` (or just check, when None); StreamDamaged if anything is wrong."""
    header = _read_exactly(src, len(MAGIC) + _PREFIX)
    if len(header) != len(MAGIC) + _PREFIX or not header.startswith(MAGIC):
        raise StreamDamaged("the encrypted dump has no valid header")
    aead, prefix = AESGCM(key), header[len(MAGIC) :]
    number, total = 0, 0
    while True:
        size_bytes = _read_exactly(src, _LENGTH.size)
        if len(size_bytes) != _LENGTH.size:
            raise StreamDamaged("the encrypted dump is cut short")
        (size,) = _LENGTH.unpack(size_bytes)
        if size > CHUNK + 16:
            raise StreamDamaged("the encrypted dump is damaged (impossible chunk size)")
        sealed = _read_exactly(src, size)
        if len(sealed) != size:
            raise StreamDamaged("the encrypted dump is cut short")
        for last in (False, True):
            try:
                plain = aead.decrypt(_nonce(prefix, number, last), sealed, header)
                break
            except InvalidTag:
                continue
        else:
            raise StreamDamaged("the encrypted dump is damaged, or the passphrase is wrong")
        if dst is not None:
            dst.write(plain)
        total += len(plain)
        if last:
            if src.read(1):
                raise StreamDamaged("the encrypted dump has data after its end")
            return total
        number += 1
