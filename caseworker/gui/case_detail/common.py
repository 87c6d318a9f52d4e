"""Small pieces shared by the case detail's tabs: labels, colours, dates, errors."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from enum import Enum

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from caseworker.domain.errors import CaseworkerError, ValidationError
from caseworker.domain.workflow import Status

# Status groups and their badge colours (background, text): calm blue while
# contact is being made, amber under review, green on the way to a letter,
# teal once travelling, red for refusals and dead ends, grey when parked or closed.
_BADGE = {
    "blue": ("#dbe8fb", "#0b3d91"),
    "amber": ("#fdebc8", "#7a4b00"),
    "green": ("#d6f0dc", "#1b5e20"),
    "teal": ("#d2eeee", "#00504f"),
    "red": ("#fadbd8", "#8e1b10"),
    "grey": ("#e4e4e4", "#333333"),
}
_STATUS_GROUP = {
    **dict.fromkeys(("REFERRED", "CONTACTING", "CONTACTED"), "blue"),
    **dict.fromkeys(("ELIGIBILITY_REVIEW", "REVIEW_REQUESTED"), "amber"),
    **dict.fromkeys(("ELIGIBLE", "DOCUMENTS_VERIFIED", "SECURITY_CLEARED", "AUTHORISED"), "green"),
    **dict.fromkeys(("LETTER_ISSUED", "CROSSED", "IN_THIRD_COUNTRY", "DEPARTED", "ARRIVED"), "teal"),
    **dict.fromkeys(("INELIGIBLE", "SECURITY_REFUSED", "UNREACHABLE", "DUPLICATE"), "red"),
}
WARNING = QColor("#8e1b10")
WARNING_BACKGROUND = QColor("#fdecea")
CAUTION = QColor("#7a4b00")
EXPIRY_WARNING_DAYS = 180


def status_colours(status: str) -> tuple[str, str]:
    """(background, text) colours of a status badge."""
    return _BADGE[_STATUS_GROUP.get(status, "grey")]


def badge_style(status: str) -> str:
    background, text = status_colours(status)
    return f"background: {background}; color: {text}; border-radius: 4px; padding: 2px 8px; font-weight: 600;"


def vocab(value: Enum | str, enum: type[Enum] | None = None) -> str:
    """A vocabulary value as the user reads it, through Qt's translations."""
    member = enum(value) if enum is not None and not isinstance(value, Enum) else value
    text = getattr(member, "label", None) or str(value).replace("_", " ").capitalize()
    return QCoreApplication.translate("vocab", text)


def status_text(status: str) -> str:
    try:
        return vocab(Status(status))
    except ValueError:
        return status


def local_time(value: dt.datetime | None) -> str:
    """A stored UTC time in the desktop's time zone, to the minute."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone().strftime("%d %b %Y %H:%M")


def short_date(value: dt.date | None) -> str:
    return "" if value is None else value.strftime("%d %b %Y")


_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


def parse_user_date(text: str, field: str) -> dt.date | None:
    """A date typed as DD/MM/YYYY or YYYY-MM-DD (empty → None); ValidationError names `field`."""
    text = text.strip()
    if not text:
        return None
    try:
        if m := _DAY_FIRST.match(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"{text!r} is not a date (use DD/MM/YYYY)", field=field) from None


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB"):
        if value < 1024 or unit == "MB":
            return f"{size:,} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size:,} bytes"


def show_error(parent: QWidget | None, exc: CaseworkerError, title: str | None = None) -> None:
    """An expected failure (bad input, conflict, not allowed) as a message box."""
    QMessageBox.warning(
        parent, title or QCoreApplication.translate("CaseDetail", "Could not save"), str(exc)
    )


@contextlib.contextmanager
def busy() -> Iterator[None]:
    """A wait cursor around a short synchronous call (a large attachment, say)."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()
