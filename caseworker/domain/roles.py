"""User roles and the actions each may take.

Services ask `require(role, action)` before every change; the table below is
the single place that says who may do what.
"""

from __future__ import annotations

from enum import StrEnum

from caseworker.domain.errors import PermissionDenied


class Role(StrEnum):
    CASEWORKER = "caseworker"
    OFFICER = "officer"  # authorising officer
    ADMIN = "admin"
    READ_ONLY = "read_only"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Role.CASEWORKER: "Caseworker",
    Role.OFFICER: "Authorising officer",
    Role.ADMIN: "Administrator",
    Role.READ_ONLY: "Read-only",
}


class Action(StrEnum):
    VIEW = "view"
    EDIT_CASE = "edit_case"
    CREATE_CASE = "create_case"
    LOG_CONTACT = "log_contact"
    MOVE_CASE = "move_case"
    AUTHORISE = "authorise"  # move a case to AUTHORISED
    DRAFT_LETTER = "draft_letter"
    APPROVE_LETTER = "approve_letter"
    PREPARE_HANDOFF = "prepare_handoff"
    APPROVE_HANDOFF = "approve_handoff"
    IMPORT = "import"
    MERGE = "merge"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    BACKUP = "backup"
    # Encrypt, erase, recover and restore the store itself.
    MANAGE_STORE = "manage_store"
    # Read the access log: who viewed or exported a case's data.
    VIEW_ACCESS_LOG = "view_access_log"


_WORK = frozenset(
    {
        Action.VIEW,
        Action.EDIT_CASE,
        Action.CREATE_CASE,
        Action.LOG_CONTACT,
        Action.MOVE_CASE,
        Action.DRAFT_LETTER,
        Action.PREPARE_HANDOFF,
        Action.IMPORT,
        Action.MERGE,
        Action.BACKUP,
    }
)
_OFFICER = _WORK | {Action.AUTHORISE, Action.APPROVE_LETTER, Action.APPROVE_HANDOFF, Action.VIEW_ACCESS_LOG}

PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.READ_ONLY: frozenset({Action.VIEW}),
    Role.CASEWORKER: _WORK,
    Role.OFFICER: frozenset(_OFFICER),
    # Administrators run the system; they do not approve letters or handoffs
    # themselves, so that the two-person rule needs two real signatories.
    Role.ADMIN: _WORK | {Action.MANAGE_USERS, Action.MANAGE_SETTINGS, Action.MANAGE_STORE, Action.VIEW_ACCESS_LOG},
}


def can(role: Role, action: Action) -> bool:
    return action in PERMISSIONS[role]


def require(role: Role, action: Action) -> None:
    if not can(role, action):
        raise PermissionDenied(f"a {role.label.lower()} may not {action.value.replace('_', ' ')}")
