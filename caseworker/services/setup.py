"""Creating a new store: default posts and the first administrator."""

from __future__ import annotations

from sqlalchemy import select

from caseworker.services.context import CurrentUser
from caseworker.services.users import create_first_admin
from caseworker.store.engine import Store
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
