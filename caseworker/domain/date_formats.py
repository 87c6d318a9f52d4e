"""Date formats a partner may ask for, written as patterns like ``DD.MM.YYYY``.

One pattern gives both the Excel number format (so dates stay real dates in
the workbook) and the text form used in CSV files and previews. Month names
are English abbreviations whatever the machine's locale, so two desktops
write the same file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from caseworker.domain.errors import ValidationError

_TOKEN = re.compile(r"YYYY|MMM|MM|DD|[-/. ]")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_EXCEL = {"YYYY": "yyyy", "MMM": "mmm", "MM": "mm", "DD": "dd"}
DEFAULT = "DD/MM/YYYY"


@dataclass(frozen=True, slots=True)
class DateFormat:
    pattern: str
    tokens: tuple[str, ...]

    @property
    def excel(self) -> str:
        return "".join(_EXCEL.get(t, t) for t in self.tokens)

    def format(self, value: dt.date) -> str:
        parts = []
        for token in self.tokens:
            if token == "YYYY":
                parts.append(f"{value.year:04d}")
            elif token == "MMM":
                parts.append(_MONTHS[value.month - 1])
            elif token == "MM":
                parts.append(f"{value.month:02d}")
            elif token == "DD":
                parts.append(f"{value.day:02d}")
            else:
                parts.append(token)
        return "".join(parts)


def parse_date_format(pattern: str, *, field: str = "date_format") -> DateFormat:
    """``DD/MM/YYYY``, ``YYYY-MM-DD``, ``DD MMM YYYY`` …: each of day, month and year once."""
    text = (pattern or "").strip().upper()
    tokens = _TOKEN.findall(text)
    if not text or "".join(tokens) != text:
        raise ValidationError(
            f"{pattern!r} is not a date format (use DD, MM or MMM, YYYY and - / . or space, e.g. DD/MM/YYYY)",
            field=field,
        )
    days = tokens.count("DD")
    months = tokens.count("MM") + tokens.count("MMM")
    if days != 1 or months != 1 or tokens.count("YYYY") != 1:
        raise ValidationError(f"{pattern!r} must have the day, the month and the year once each", field=field)
    return DateFormat(text, tuple(tokens))
