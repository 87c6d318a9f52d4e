"""The desktop's own settings (window layout, last queue …), each declared once
with its type and default, stored with QSettings.

These are per-machine comforts; anything that must follow a user between
desks (saved searches) lives in the store instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")


@dataclass(frozen=True)
class Option(Generic[T]):
    """One setting: its key, its Python type and its default."""

    key: str
    kind: type
    default: T


WINDOW_GEOMETRY: Option[bytes] = Option("window/geometry", bytes, b"")
WINDOW_STATE: Option[bytes] = Option("window/state", bytes, b"")
SPLITTER_SIZES: Option[list[int]] = Option("window/splitter", list, [])
COLUMN_WIDTHS: Option[dict[str, int]] = Option("cases/column_widths", dict, {})
HIDDEN_COLUMNS: Option[list[str]] = Option("cases/hidden_columns", list, [])
COLUMN_ORDER: Option[list[str]] = Option("cases/column_order", list, [])
SORT_COLUMN: Option[str] = Option("cases/sort_column", str, "updated")
SORT_DESCENDING: Option[bool] = Option("cases/sort_descending", bool, True)
LAST_QUEUE: Option[str] = Option("cases/last_queue", str, "mine")
LAST_USER: Option[str] = Option("signin/last_user", str, "")


class Settings:
    """Typed access to a QSettings. Tests hand in one backed by a temporary file."""

    def __init__(self, backend: QSettings | None = None) -> None:
        self.backend = backend if backend is not None else QSettings()

    @classmethod
    def at(cls, path: str) -> Settings:
        return cls(QSettings(path, QSettings.Format.IniFormat))

    def get(self, option: Option[T]) -> T:
        raw = self.backend.value(option.key)
        if raw is None:
            return option.default
        try:
            return self._decode(option, raw)
        except (TypeError, ValueError):
            return option.default  # a hand-edited or older file never breaks start-up

    def set(self, option: Option[T], value: T) -> None:
        if option.kind is bytes:
            self.backend.setValue(option.key, QByteArray(bytes(value)))  # type: ignore[arg-type]
        elif option.kind in (list, dict):
            self.backend.setValue(option.key, json.dumps(value))
        else:
            self.backend.setValue(option.key, value)

    def sync(self) -> None:
        self.backend.sync()

    @staticmethod
    def _decode(option: Option[T], raw: Any) -> T:
        if option.kind is bytes:
            return bytes(raw.data() if isinstance(raw, QByteArray) else raw)  # type: ignore[return-value]
        if option.kind in (list, dict):
            value = json.loads(raw) if isinstance(raw, str) else raw
            if not isinstance(value, option.kind):
                raise ValueError(f"not a {option.kind.__name__}")
            return value  # type: ignore[return-value]
        if option.kind is bool:
            return (raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1"))  # type: ignore[return-value]
        return option.kind(raw)  # type: ignore[no-any-return]
