"""`caseworker init` and `caseworker selftest`."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from caseworker.cli.common import location, read_password, username
from caseworker.domain.errors import StoreError
from caseworker.services import setup
from caseworker.store.opening import open_store


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    init = commands.add_parser("init", parents=[parent], help="create a store with a first administrator")
    init.add_argument("--name", default="", help="the administrator's display name")
    init.set_defaults(handler=cmd_init)

    selftest = commands.add_parser("selftest", parents=[parent], help="check the installation headlessly")
    selftest.set_defaults(handler=cmd_selftest)


def cmd_init(args: argparse.Namespace) -> int:
    where = location(args)
    if where.path is not None and where.path.exists():
        raise StoreError(f"a store already exists at {where.display}")
    admin = username(args)
    password = read_password("Administrator password: ", confirm=True)
    store = open_store(where, create=True)
    try:
        user = setup.initialise(store, admin, args.name or admin, password)
    finally:
        store.close()
    print(f"Created the store at {where.display} with administrator {user.username}.")
    return 0


def cmd_selftest(args: argparse.Namespace) -> int:
    """Qt loads offscreen, fonts and migrations are found, a temporary store opens."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    checks: list[tuple[str, bool, str]] = []

    def check(name: str, func) -> None:  # type: ignore[no-untyped-def]
        try:
            detail = func() or ""
            checks.append((name, True, detail))
        except Exception as exc:  # report every failure, keep checking
            checks.append((name, False, f"{type(exc).__name__}: {exc}"))

    def qt() -> str:
        from PySide6.QtCore import qVersion
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication(["caseworker-selftest"])
        return f"Qt {qVersion()} ({app.platformName()})"

    def store() -> str:
        from caseworker.services.users import authenticate
        from caseworker.store.location import StoreLocation

        with tempfile.TemporaryDirectory() as tmp:
            where = StoreLocation(path=Path(tmp) / "selftest.db")
            st = open_store(where, create=True)
            try:
                setup.initialise(st, "selftest", "Self test", "selftest-password")
                authenticate(st, "selftest", "selftest-password")
            finally:
                st.close()
        return "temporary store created, migrated and signed in"

    check("Qt", qt)
    check("store", store)
    for name, ok, detail in checks:
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")
    failed = [c for c in checks if not c[1]]
    if failed:
        print(f"{len(failed)} check(s) failed", file=sys.stderr)
        return 1
    return 0
