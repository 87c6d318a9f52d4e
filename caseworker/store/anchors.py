"""Anchors: the audit chain's head as recorded outside the store, read back for `audit verify --anchor`.

Whoever can write the store can rewrite its trail from any point on, given the
keys of the later authors, or cut its tail off. A head (sequence number and
hash) that left the store earlier pins everything up to it: the trail must
still hold that event with that hash. Heads leave the store in every backup
(`manifest.json`: `audit_seq`, `audit_hash`), every written handoff and issued
letter (printed by the command, `1234:9f86d081884c7d65`), and the handoff
ledger's JSON export (`audit_head`). A printed head may be shortened to 8 or
more hex digits of its hash.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from caseworker.domain.errors import ValidationError

_TYPED = re.compile(r"^\s*#?(\d{1,12})\s*:\s*([0-9a-fA-F]{8,64})\s*$")
FIELD = "--anchor"


@dataclass(frozen=True, slots=True)
class Anchor:
    seq: int
    hash: str
    source: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash[:16]}"


def head_text(seq: int, digest: str) -> str:
    """A head as commands print it: short enough to copy by hand, long enough to pin the trail."""
    return f"{seq}:{digest[:16]}"


def read_anchor(spec: str) -> Anchor:
    """`spec` is a printed head (`1234:9f86d081…`), a backup, or a JSON file holding `audit_head`."""
    typed = _TYPED.match(spec or "")
    if typed:
        return Anchor(int(typed.group(1)), typed.group(2).lower(), "the head typed in")
    path = Path(spec).expanduser()
    if not path.is_file():
        raise ValidationError(
            f"{spec!r} is neither a file nor a chain head like 1234:9f86d081884c7d65", field=FIELD
        )
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                doc = json.loads(archive.read("manifest.json"))
            return _from(doc.get("audit_seq"), doc.get("audit_hash"), f"the backup {path.name}")
        text = path.read_text(encoding="utf-8")
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ValidationError(f"cannot read an anchor from {path}: {exc}", field=FIELD) from None
    typed = _TYPED.match(text)
    if typed:
        return Anchor(int(typed.group(1)), typed.group(2).lower(), f"the head in {path.name}")
    try:
        doc = json.loads(text)
    except ValueError:
        raise ValidationError(f"{path} holds no chain head (a backup, a ledger export or `1234:9f86…`)", field=FIELD) from None
    head = doc.get("audit_head") if isinstance(doc, dict) else None
    if not isinstance(head, dict):
        raise ValidationError(f"{path} holds no chain head (no `audit_head`)", field=FIELD)
    return _from(head.get("seq"), head.get("hash"), f"the export {path.name}")


def _from(seq: Any, digest: Any, source: str) -> Anchor:
    if not isinstance(seq, int) or not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{8,64}", digest):
        raise ValidationError(f"{source} records no usable chain head", field=FIELD)
    return Anchor(seq, digest, source)
