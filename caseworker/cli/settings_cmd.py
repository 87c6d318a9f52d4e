"""`caseworker settings list|set` (store-wide policy: auto-lock, automatic backups)."""

from __future__ import annotations

import argparse

from caseworker.cli.common import LazyChoices, print_json, print_table, sign_in


def _setting_names() -> list[str]:
    from caseworker.services.settings import DECLARED

    return list(DECLARED)


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    settings = commands.add_parser("settings", parents=[parent], help="store-wide settings")
    sub = settings.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    lst = sub.add_parser("list", parents=[parent], help="every setting with its value and default")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=cmd_list)
    change = sub.add_parser("set", parents=[parent], help="change a setting (administrators)")
    change.add_argument("key", choices=LazyChoices(_setting_names))
    change.add_argument("value")
    change.set_defaults(handler=cmd_set)


def cmd_list(args: argparse.Namespace) -> int:
    views = sign_in(args).settings.all()
    if args.json:
        print_json({v.key: v.value for v in views})
    else:
        print_table([[v.key, str(v.value), str(v.default), v.help] for v in views], ["SETTING", "VALUE", "DEFAULT", "MEANING"])
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    view = sign_in(args).settings.set(args.key, args.value)
    print(f"{view.key} is now {view.value}.")
    return 0
