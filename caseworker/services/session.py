"""Signing in: open the store at a location as a user. The one entry point
the CLI and the GUI use, so that how a store is unlocked stays in one place."""

from __future__ import annotations

from caseworker.services.api import Services
from caseworker.services.users import authenticate
from caseworker.store.location import StoreLocation
from caseworker.store.opening import open_store


def sign_in(location: StoreLocation, username: str, password: str) -> Services:
    """Open the store and authenticate; the caller closes `services.store` when done."""
    store = open_store(location)
    try:
        return Services(store, authenticate(store, username, password))
    except BaseException:
        store.close()
        raise
