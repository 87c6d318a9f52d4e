"""Multi-row INSERTs whose rows all name the same columns.

SQLAlchemy compiles one ``insert(table)`` for a list of dicts from the keys
of the first dict (and groups rows by their keys when inserting many); a row
that leaves out a column another row fills then has no value for that bind
parameter and the whole statement is refused ("A value is required for bind
parameter 'current_area', in parameter group 27"). Referral rows fill
different columns, so every bulk row goes through ``complete_rows`` first: a
column some row names and this row does not gets the column's own default.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table


def _default(column: Any) -> Any:
    default = column.default
    if default is None:
        return None
    if default.is_scalar:
        return default.arg
    if default.is_callable:
        return default.arg(None)  # SQLAlchemy wraps the callable to take an execution context
    return None


def complete_rows(table: Table, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """`rows` with every key any of them has, a missing one set to its column's default."""
    keys: dict[str, None] = {}
    for row in rows:
        keys.update(dict.fromkeys(row))
    defaults = {key: _default(table.c[key]) for key in keys if key in table.c}
    out = []
    for row in rows:
        if len(row) == len(keys):
            out.append(row)
            continue
        full = dict(row)
        for key, value in defaults.items():
            if key not in full:
                full[key] = list(value) if isinstance(value, list) else value
        out.append(full)
    return out
