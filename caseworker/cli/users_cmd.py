"""`caseworker users …` (administrators)."""

from __future__ import annotations

import argparse

from caseworker.cli.common import print_json, print_table, read_new_password, read_password, sign_in
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

    disable = sub.add_parser("disable", parents=[parent], help="disable a user (removes their key slot)")
    disable.add_argument("username")
    disable.set_defaults(handler=cmd_set_active, active=False)
    enable = sub.add_parser("enable", parents=[parent], help="enable a user again; on an encrypted store with a new "
                            "password ($CASEWORKER_NEW_PASSWORD or a prompt)")  # fmt: skip
    enable.add_argument("username")
    enable.set_defaults(handler=cmd_set_active, active=True)

    password = sub.add_parser("password", parents=[parent], help="change your password, or reset a user's "
                              "(administrators); the new one from $CASEWORKER_NEW_PASSWORD or a prompt")  # fmt: skip
    password.add_argument("username")
    password.set_defaults(handler=cmd_password)

    role = sub.add_parser("role", parents=[parent], help="change a user's role")
    role.add_argument("username")
    role.add_argument("role", choices=[r.value for r in Role])
    role.set_defaults(handler=cmd_role)


def cmd_list(args: argparse.Namespace) -> int:
    users = sign_in(args).users.list()
    if args.json:
        print_json([u.to_json() for u in users])
    else:
        print_table(
            [[u.username, u.display_name, Role(u.role).label, "yes" if u.active else "no",
              "needs a new password" if u.needs_password else ""] for u in users],  # fmt: skip
            ["USER", "NAME", "ROLE", "ACTIVE", ""],
        )
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    services = sign_in(args)
    user = services.users.add(args.username, args.name or args.username, Role(args.role), read_new_password(
        "New user's password: "))
    print(f"Added {user.username} ({Role(user.role).label}).")
    return 0


def cmd_set_active(args: argparse.Namespace) -> int:
    services = sign_in(args)
    password = None
    if args.active and services.store.is_encrypted:
        password = read_new_password(f"New password for {args.username}: ")
    user = services.users.set_active(args.username, args.active, password=password)
    print(f"{user.username} is now {'enabled' if user.active else 'disabled'}.")
    if not user.active and services.store.is_encrypted:
        from caseworker.services.store_admin import REKEY_HINT

        print(f"Their key slot is gone, but {REKEY_HINT}.")
    return 0


def cmd_password(args: argparse.Namespace) -> int:
    services = sign_in(args)
    own = args.username.strip().lower() == services.user.username
    old = read_password("Your current password: ") if own else None
    services.users.change_password(args.username, read_new_password(f"New password for {args.username}: "),
                                   old_password=old)  # fmt: skip
    print(f"Changed the password of {args.username.strip().lower()}.")
    return 0


def cmd_role(args: argparse.Namespace) -> int:
    user = sign_in(args).users.set_role(args.username, Role(args.role))
    print(f"{user.username} is now {Role(user.role).label}.")
    return 0

