"""Typed exceptions for expected failures.

Every layer raises these for problems a user can fix (bad input, a conflict,
a missing record, a forbidden action). The CLI turns them into one line on
stderr and a non-zero exit code; the GUI into a message box. Anything else is
a bug and gets a traceback and a crash log.
"""

from __future__ import annotations


class CaseworkerError(Exception):
    """Base class of the errors a user is expected to see."""

    exit_code = 1


class ValidationError(CaseworkerError, ValueError):
    """Input that cannot be accepted. Names the field (and row, when there is one)."""

    exit_code = 2

    def __init__(self, message: str, *, field: str | None = None, row: int | None = None) -> None:
        self.field = field
        self.row = row
        self.bare_message = message
        where = []
        if row is not None:
            where.append(f"row {row}")
        if field:
            where.append(field)
        prefix = f"{', '.join(where)}: " if where else ""
        super().__init__(prefix + message)


class NotFoundError(CaseworkerError, LookupError):
    exit_code = 3


class PermissionDenied(CaseworkerError):
    exit_code = 4


class ConflictError(CaseworkerError):
    """Someone else changed the record since it was read."""

    exit_code = 5


class WorkflowError(CaseworkerError):
    """A transition that the workflow does not allow."""

    exit_code = 6


class StoreError(CaseworkerError):
    """The store cannot be opened or used (missing, locked, wrong key, corrupt)."""

    exit_code = 7


class AuthenticationError(CaseworkerError):
    """Wrong user name or password. The message never contains the password."""

    exit_code = 8
