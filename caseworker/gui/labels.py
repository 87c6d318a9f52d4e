"""Labels of the domain's vocabularies (statuses, priorities, roles …) as the
window shows them: through Qt's translation functions, in a context named
after the vocabulary ("Status", "Priority"), so they are translated like every
other string."""

from __future__ import annotations

from enum import Enum
from typing import Any

from PySide6.QtCore import QCoreApplication


def label(member: Enum) -> str:
    return QCoreApplication.translate(type(member).__name__, str(getattr(member, "label", member.value)))


def label_of(vocabulary: type[Any], value: str) -> str:
    """The label of a stored value; an unknown value (from a newer version) is shown as it is."""
    try:
        return label(vocabulary(value))
    except ValueError:
        return value
