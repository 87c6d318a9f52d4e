"""Making a text value inert in any spreadsheet program.

Whatever sits in the store (an old import, a hostile referral form), a cell we
write must display as text and never run: no formula, no DDE payload such as
``=cmd|' /C calc'!A0``, no error value, no characters that XML cannot carry,
no bidirectional overrides that make a document number display as something
else. Excel, LibreOffice and Google Sheets evaluate a value that starts with
``= + - @`` (or a tab or line break before one of them) when a CSV is opened
or a cell is edited, so such values get a leading apostrophe (OWASP's
recommendation): the partner sees the value, and no program runs it.

Tabs and line breaks become spaces: a manifest cell is one line, and XML would
turn a carriage return into a line feed anyway. ZWNJ/ZWJ and the RLM/LRM marks
stay: they are part of correct Persian text.
"""

from __future__ import annotations

import re

MAX_CELL = 32_767  # Excel's limit on the characters in one cell
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile("\r\n|[\r\n\t]")
# First characters that make a spreadsheet program treat the value as a formula
# (the full-width forms are accepted as formula signs by some East Asian Excel builds).
TRIGGERS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
ERROR_VALUES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                          "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!"})  # fmt: skip


def needs_quote(text: str) -> bool:
    """Would a spreadsheet program read `text` as a formula or an error value?"""
    if not text:
        return False
    if text[0] in TRIGGERS:
        return True
    stripped = text.lstrip()
    return (bool(stripped) and stripped[0] in TRIGGERS) or stripped.rstrip().upper() in ERROR_VALUES


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def safe_text(value: str) -> str:
    """`value` with nothing in it that a spreadsheet program would run or choke on.

    Idempotent: ``safe_text(safe_text(x)) == safe_text(x)``.
    """
    text = _BREAKS.sub(" ", _BIDI_CONTROLS.sub("", _ILLEGAL.sub("", value)))
    if needs_quote(text):
        text = "'" + text
    if len(text) > MAX_CELL // 2 and _utf16_length(text) > MAX_CELL:
        text = text[: MAX_CELL - 1]
        while _utf16_length(text) > MAX_CELL - 1:
            text = text[:-1]
        text += "…"
    return text


def is_safe(text: str) -> bool:
    """The cheap check the writers make on every cell (the snapshot is already safe)."""
    return not needs_quote(text) and not _ILLEGAL.search(text)
