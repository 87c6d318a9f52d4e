"""Cleaning and checking free-text input before it reaches the store.

Names and notes arrive from spreadsheets, chats and copy-paste: they can hold
control characters, bidirectional overrides (which can make a name display as
something else), enormous strings or plain junk. Every text field goes
through `clean_text` with the limits of its field.
"""

from __future__ import annotations

import re
import unicodedata

from caseworker.domain.errors import ValidationError

# Bidi embeddings/overrides/isolates: they reorder how text *displays*, so a
# name could show as something it is not. Letters (RLM/LRM) are harmless and
# ZWNJ/ZWJ are part of correct Persian spelling, so those stay.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NEWLINES = re.compile(r"\r\n?")


def clean_text(
    value: object,
    field: str,
    *,
    max_length: int = 200,
    required: bool = False,
    multiline: bool = False,
) -> str:
    """Return `value` as tidy NFC text or raise ValidationError naming `field`."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"expected text, got {type(value).__name__}", field=field)
    if len(value) > max_length * 4 + 100:  # refuse before doing any work on huge input
        raise ValidationError(f"is too long ({len(value):,} characters; at most {max_length:,})", field=field)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # e.g. a lone surrogate from a broken copy-paste
        raise ValidationError("contains characters that are not valid text", field=field) from None
    text = unicodedata.normalize("NFC", _NEWLINES.sub("\n", value))
    if _BIDI_CONTROLS.search(text):
        raise ValidationError("contains invisible text-direction control characters", field=field)
    if _CONTROL.search(text) or (not multiline and ("\n" in text or "\t" in text)):
        raise ValidationError("contains control characters or line breaks", field=field)
    text = text.strip() if multiline else " ".join(text.split())
    if len(text) > max_length:
        raise ValidationError(f"is too long ({len(text):,} characters; at most {max_length:,})", field=field)
    if required and not text:
        raise ValidationError("is required", field=field)
    return text


def clean_code(value: object, field: str, *, max_length: int = 64) -> str:
    """An identifier such as a document number: letters and digits, upper case."""
    text = clean_text(value, field, max_length=max_length)
    return text.upper()


def document_number_key(number: str) -> str:
    """Upper-case letters and digits only: how document numbers are compared."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", number).upper() if ch.isalnum())
