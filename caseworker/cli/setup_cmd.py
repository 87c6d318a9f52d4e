"""`caseworker init` and `caseworker selftest`."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from caseworker.cli.common import location, read_password, show_recovery_key, username
from caseworker.domain.errors import StoreError


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    init = commands.add_parser(
        "init", parents=[parent], help="create an encrypted store with a first administrator (prints its recovery key)"
    )
    init.add_argument("--name", default="", help="the administrator's display name")
    init.add_argument("--no-encryption", action="store_true",
                      help="FOR DEVELOPMENT ONLY: a store anyone with the file can read")  # fmt: skip
    init.set_defaults(handler=cmd_init)

    selftest = commands.add_parser("selftest", parents=[parent], help="check the installation headlessly")
    selftest.set_defaults(handler=cmd_selftest)


def cmd_init(args: argparse.Namespace) -> int:
    from caseworker.services import setup

    where = location(args)
    if where.path is not None and where.path.exists():
        raise StoreError(f"a store already exists at {where.display}")
    admin = username(args)
    password = read_password("Administrator password: ", confirm=True)
    if args.no_encryption and where.path is not None:
        print(NO_ENCRYPTION_WARNING, file=sys.stderr)
    created = setup.create_store(where, admin, args.name or admin, password, encrypted=not args.no_encryption)
    print(f"Created the store at {where.display} with administrator {created.admin.username}.")
    if created.recovery_key:
        print("It is encrypted: only a user's password or the recovery key opens it.")
        show_recovery_key(created.recovery_key)
    elif where.path is None:
        print("PostgreSQL stores rely on the server's protection: see 'Running on PostgreSQL' in the README.")
    return 0


NO_ENCRYPTION_WARNING = (
    "WARNING: --no-encryption is for development only. Anyone who gets the file can read every name, "
    "document and phone number in it. Never put real cases in this store."
)


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
        from caseworker.services import setup
        from caseworker.services.session import sign_in
        from caseworker.store.location import StoreLocation

        with tempfile.TemporaryDirectory() as tmp:
            where = StoreLocation(path=Path(tmp) / "selftest.db")
            setup.create_store(where, "selftest", "Self test", "selftest-password")
            sign_in(where, "selftest", "selftest-password").store.close()
        return "temporary encrypted store created, migrated and signed in"

    check("Qt", qt)
    check("store", store)
    for name, ok, detail in checks:
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")
    failed = [c for c in checks if not c[1]]
    if failed:
        print(f"{len(failed)} check(s) failed", file=sys.stderr)
        return 1
    return 0
