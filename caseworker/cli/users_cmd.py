"""`caseworker users …` (administrators)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from caseworker.cli.common import print_json, print_table, sign_in
from caseworker.domain.errors import AuthenticationError
from caseworker.domain.roles import Role


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    users = commands.add_parser("users", parents=[parent], help="manage users (administrators)")
    sub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)

    lst = sub.add_parser("list", parents=[parent], help="list users")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=cmd_list)

    add = sub.add_parser("add", parents=[parent], help="add a user; the new password is read from "
                         "$CASEWORKER_NEW_PASSWORD or a prompt")  # fmt: skip
    add.add_argument("username")
    add.add_argument("--role", choices=[r.value for r in Role], required=True)
    add.add_argument("--name", default="", help="display name")
    add.set_defaults(handler=cmd_add)

    for name, active in (("disable", False), ("enable", True)):
        p = sub.add_parser(name, parents=[parent], help=f"{name} a user")
        p.add_argument("username")
        p.set_defaults(handler=cmd_set_active, active=active)


def _new_password() -> str:
    value = os.environ.get("CASEWORKER_NEW_PASSWORD")
    if value:
        return value
    if not sys.stdin.isatty():
        raise AuthenticationError("no password for the new user: set CASEWORKER_NEW_PASSWORD or run in a terminal")
    first = getpass.getpass("New user's password: ")
    if getpass.getpass("Repeat it: ") != first:
        raise AuthenticationError("the passwords do not match")
    return first


def cmd_list(args: argparse.Namespace) -> int:
    users = sign_in(args).users.list()
    if args.json:
        print_json([u.to_json() for u in users])
    else:
        print_table(
            [[u.username, u.display_name, Role(u.role).label, "yes" if u.active else "no"] for u in users],
            ["USER", "NAME", "ROLE", "ACTIVE"],
        )
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    services = sign_in(args)
    user = services.users.add(args.username, args.name or args.username, Role(args.role), _new_password())
    print(f"Added {user.username} ({Role(user.role).label}).")
    return 0


def cmd_set_active(args: argparse.Namespace) -> int:
    user = sign_in(args).users.set_active(args.username, args.active)
    print(f"{user.username} is now {'enabled' if user.active else 'disabled'}.")
    return 0

