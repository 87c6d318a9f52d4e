"""What every command shares: finding the store, signing in, printing, errors.

Every command module is imported when `caseworker` starts, including when it
starts the application, so this module and the command modules import the
services and the store only inside the functions that use them.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from caseworker.domain.errors import AuthenticationError, CaseworkerError, StoreError
from caseworker.store.location import StoreLocation, resolve_location

if TYPE_CHECKING:
    from caseworker.services.api import Services
    from caseworker.store.engine import Store

ENV_USER = "CASEWORKER_USER"
ENV_PASSWORD = "CASEWORKER_PASSWORD"
ENV_NEW_PASSWORD = "CASEWORKER_NEW_PASSWORD"
ENV_RECOVERY_KEY = "CASEWORKER_RECOVERY_KEY"
ENV_BACKUP_PASSPHRASE = "CASEWORKER_BACKUP_PASSPHRASE"

Handler = Callable[[argparse.Namespace], int]


class LazyChoices:
    """Choices for `add_argument(choices=...)` that are read only when argparse checks a
    value or lists them in a help text: the names of queues or sort orders live next to
    their SQL, which a command line that only opens the window should not import."""

    def __init__(self, load: Callable[[], Iterable[str]]) -> None:
        self._load = load

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._load()))

    def __contains__(self, value: object) -> bool:
        return value in list(self._load())


def location(args: argparse.Namespace) -> StoreLocation:
    return resolve_location(getattr(args, "store", None))


def open_existing(args: argparse.Namespace) -> Store:
    from caseworker.store.opening import open_store

    return open_store(location(args))


def read_password(prompt: str = "Password: ", *, confirm: bool = False) -> str:
    """From CASEWORKER_PASSWORD, else a prompt on the terminal. Never from argv."""
    value = os.environ.get(ENV_PASSWORD)
    if value:
        return value
    if not sys.stdin.isatty():
        raise AuthenticationError(f"no password: set {ENV_PASSWORD} or run the command in a terminal")
    password = getpass.getpass(prompt)
    if confirm and getpass.getpass("Repeat the password: ") != password:
        raise AuthenticationError("the passwords do not match")
    return password


def read_secret(env: str, prompt: str, what: str, *, confirm: bool = False) -> str:
    """A secret from the environment variable `env`, else a hidden prompt. Never from argv."""
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise AuthenticationError(f"no {what}: set {env} or run the command in a terminal")
    secret = getpass.getpass(prompt)
    if confirm and getpass.getpass("Repeat it: ") != secret:
        raise AuthenticationError(f"the two {what}s do not match")
    return secret


def read_new_password(prompt: str = "New password: ") -> str:
    return read_secret(ENV_NEW_PASSWORD, prompt, "new password", confirm=True)


def show_recovery_key(code: str) -> None:
    """Print the recovery key, the one time it is ever shown."""
    groups = code.split("-")
    lines = ["-".join(groups[i : i + 4]) for i in range(0, len(groups), 4)]
    print()
    print("RECOVERY KEY - shown only this once. Write it on paper now and keep it away from this computer:")
    print()
    for line in lines:
        print(f"    {line}")
    print()
    print("It opens the store if every password is lost, or after an emergency erase (`caseworker store erase`).")
    print("Anyone holding it can read the store: never keep it in a file on this machine.")
    print()


def username(args: argparse.Namespace) -> str:
    name = getattr(args, "user", None) or os.environ.get(ENV_USER)
    if name:
        return name
    if not sys.stdin.isatty():
        raise AuthenticationError(f"no user: pass --user NAME or set {ENV_USER}")
    return input("User: ").strip()


def sign_in(args: argparse.Namespace, store: Store | None = None) -> Services:
    """Sign in to the store of `args` (or to an already open `store`).

    Commands run at most one sign-in each; wrong passwords are throttled and
    audited by `services.session.sign_in`.
    """
    from caseworker.services import session
    from caseworker.services.api import Services
    from caseworker.services.auth import authenticate

    if store is None:
        services = session.sign_in(location(args), username(args), read_password())
        for notice in services.notices:
            print(f"caseworker: security notice: {notice}", file=sys.stderr)
        return services
    return Services(store, authenticate(store, username(args), read_password()))


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_table(rows: list[list[str]], headers: list[str]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line.rstrip())
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def fail(message: str, code: int = 1) -> int:
    print(f"caseworker: error: {message}", file=sys.stderr)
    return code


def run_handler(handler: Handler, args: argparse.Namespace) -> int:
    """Expected failures become one line on stderr and a non-zero exit code."""
    try:
        return handler(args)
    except CaseworkerError as exc:
        return fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


__all__ = ["StoreError"]
