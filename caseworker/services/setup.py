"""Creating a new store (encrypted by default): default posts and the first administrator."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from caseworker.services.context import CurrentUser
from caseworker.services.users import create_first_admin
from caseworker.store import audit
from caseworker.store.encryption import creating
from caseworker.store.engine import Store
from caseworker.store.location import StoreLocation
from caseworker.store.models import Post

DEFAULT_POSTS = (
    ("ISB", "Islamabad", "Pakistan"),
    ("TAS", "Tashkent", "Uzbekistan"),
    ("DYU", "Dushanbe", "Tajikistan"),
    ("DOH", "Doha", "Qatar"),
)


def seed_posts(store: Store) -> None:
    with store.write() as session:
        known = set(session.execute(select(Post.code)).scalars())
        for code, name, country in DEFAULT_POSTS:
            if code not in known:
                session.add(Post(code=code, name=name, country=country))


def initialise(store: Store, username: str, display_name: str, password: str) -> CurrentUser:
    seed_posts(store)
    return create_first_admin(store, username, display_name, password)


@dataclass(frozen=True, slots=True)
class CreatedStore:
    location: StoreLocation
    admin: CurrentUser
    # Shown once to the person creating the store; None for plain and PostgreSQL stores.
    recovery_key: str | None
    encrypted: bool


def create_store(
    location: StoreLocation, username: str, display_name: str, password: str, *, encrypted: bool = True
) -> CreatedStore:
    """A new store with the default posts and its first administrator (and their key slot)."""
    with creating(location, encrypted=encrypted) as new:
        record_creation(new.store, encrypted=new.data_key is not None)
        admin = initialise(new.store, username, display_name, password)
    return CreatedStore(location, admin, new.recovery_key, new.data_key is not None)


def record_creation(store: Store, *, encrypted: bool) -> None:
    """The first event of a store's trail says how it is protected."""
    if not store.is_sqlite:
        summary = "created the store on PostgreSQL (protected by the server)"
    elif encrypted:
        summary = "created the store, encrypted with SQLCipher (AES-256) under a random data key"
    else:
        summary = "created the store WITHOUT encryption (development only)"
    with store.write() as session:
        audit.append(session, audit.SYSTEM, "store.create", "store", None, summary=summary)
