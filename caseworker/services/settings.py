"""Store-wide settings, each declared once here with its type, default and limits.

They live in the store (table `settings`), so a policy an administrator sets
(how soon the application locks itself, how many automatic backups to keep)
holds on every desktop that opens the store. Anyone signed in may read them;
administrators change them, and every change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.domain.errors import NotFoundError, ValidationError
from caseworker.domain.roles import Action
from caseworker.services.context import Service
from caseworker.store import audit
from caseworker.store.models import Setting


@dataclass(frozen=True, slots=True)
class Declared:
    key: str
    default: int
    minimum: int
    maximum: int
    help: str

    def parse(self, value: object) -> int:
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValidationError(f"must be a whole number, not {value!r}", field=self.key) from None
        if not self.minimum <= number <= self.maximum:
            raise ValidationError(f"must be between {self.minimum} and {self.maximum}", field=self.key)
        return number


AUTO_LOCK_MINUTES = Declared(
    "security.auto_lock_minutes", 10, 1, 240, "minutes without keyboard or mouse input before the application locks"
)
AUTO_BACKUP_KEEP = Declared(
    "backup.keep", 10, 0, 1000, "automatic backups kept next to a SQLite store when the application closes (0: none)"
)
REVOCATION_MAX_AGE_DAYS = Declared(
    "letters.revocation_max_age_days", 7, 1, 90,
    "days after which offline verifiers refuse a revocation list from `letters revocations` (signed into the list)",
)  # fmt: skip
DECLARED: dict[str, Declared] = {d.key: d for d in (AUTO_LOCK_MINUTES, AUTO_BACKUP_KEEP, REVOCATION_MAX_AGE_DAYS)}


@dataclass(frozen=True, slots=True)
class SettingView:
    key: str
    value: int
    default: int
    help: str


def stored_value(session: Session, setting: Declared) -> int:
    """The value of `setting` in the store, inside the caller's transaction."""
    stored = session.execute(select(Setting.value).where(Setting.key == setting.key)).scalar_one_or_none()
    if stored is None:
        return setting.default
    try:
        return setting.parse(stored)
    except ValidationError:
        return setting.default  # a value from another version that this one does not accept


class SettingsService(Service):
    def get(self, setting: Declared) -> int:
        with self._ctx.read() as session:
            return stored_value(session, setting)

    def all(self) -> list[SettingView]:
        self._ctx.require(Action.VIEW)
        return [SettingView(d.key, self.get(d), d.default, d.help) for d in DECLARED.values()]

    def set(self, key: str, value: object) -> SettingView:
        self._ctx.require(Action.MANAGE_SETTINGS)
        declared = DECLARED.get(key)
        if declared is None:
            raise NotFoundError(f"no setting called {key!r} (known: {', '.join(DECLARED)})")
        number = declared.parse(value)
        with self._ctx.write() as session:
            row = session.execute(select(Setting).where(Setting.key == key)).scalar_one_or_none()
            before = row.value if row is not None else None
            if row is None:
                session.add(Setting(key=key, value=number))
            else:
                row.value = number
            audit.append(
                session, self.user.actor, "settings.change", "setting", None,
                summary=f"set {key} to {number}", before={key: before}, after={key: number},
            )  # fmt: skip
        return SettingView(key, number, declared.default, declared.help)
