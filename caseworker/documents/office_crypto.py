"""Password protection of workbooks: Office agile encryption (AES-256, SHA-512).

The encrypted file is what Excel writes for "Encrypt with password" and what
LibreOffice opens with a password prompt. msoffcrypto-tool does both
directions; decrypting is here for tests and for the manual check script.
"""

from __future__ import annotations

import io

import msoffcrypto
from msoffcrypto.exceptions import DecryptionError, InvalidKeyError
from msoffcrypto.format.ooxml import OOXMLFile

from caseworker.domain.errors import ValidationError


def encrypt_ooxml(plain: bytes, passphrase: str) -> bytes:
    """The encrypted (OLE compound) file for the XLSX bytes `plain`."""
    if not passphrase:
        raise ValidationError("a passphrase is required", field="passphrase")
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt(passphrase, out)
    return out.getvalue()


def decrypt_ooxml(encrypted: bytes, passphrase: str) -> bytes:
    """The XLSX bytes inside an encrypted file; a wrong passphrase is a ValidationError."""
    office = msoffcrypto.OfficeFile(io.BytesIO(encrypted))
    try:
        office.load_key(password=passphrase, verify_password=True)
        out = io.BytesIO()
        office.decrypt(out)
    except (InvalidKeyError, DecryptionError):
        raise ValidationError("the passphrase does not open this file", field="passphrase") from None
    return out.getvalue()


def is_encrypted(data: bytes) -> bool:
    try:
        return bool(msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted())
    except Exception:  # noqa: BLE001 - not an Office file at all (a plain zip is not OLE)
        return False
