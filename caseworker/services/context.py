"""What every service needs: the open store and who is acting."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from caseworker.domain.errors import ConflictError
from caseworker.domain.roles import Action, Role, require
from caseworker.domain.signing import key_id
from caseworker.store.audit import Actor
from caseworker.store.engine import Store


@dataclass(frozen=True, slots=True)
class CurrentUser:
    id: int
    username: str
    display_name: str
    role: Role
    # The user's audit-signing key, unwrapped with their password at sign-in (store/signing_keys.py).
    signer: Ed25519PrivateKey | None = field(default=None, compare=False, repr=False)
    signer_id: str = field(default="", compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.signer is not None and not self.signer_id:  # once, not for every event it signs
            object.__setattr__(self, "signer_id", key_id(self.signer.public_key()))

    @property
    def actor(self) -> Actor:
        return Actor(self.id, self.username, self.signer, self.signer_id)


# A hook run inside the transaction that moves a case, e.g. to revoke letters.
TransitionHook = Callable[[Session, Any, Any, "ServiceContext"], None]


@dataclass
class ServiceContext:
    store: Store
    user: CurrentUser
    transition_hooks: list[TransitionHook] = field(default_factory=list)

    def require(self, action: Action) -> None:
        require(self.user.role, action)

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction; a concurrent edit detected at flush becomes a ConflictError."""
        try:
            with self.store.write() as session:
                yield session
        except StaleDataError:
            raise ConflictError(
                "someone else changed this record while you were editing it; reload and try again"
            ) from None

    def read(self) -> contextlib.AbstractContextManager[Session]:
        return self.store.read()


class Service:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    @property
    def user(self) -> CurrentUser:
        return self._ctx.user
