"""`caseworker` command line: parses arguments and dispatches to command modules."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from caseworker import __version__
from caseworker.cli import (
    audit_cmd,
    backup_cmd,
    cases_cmd,
    demo_cmd,
    handoff_cmd,
    intake_cmd,
    letters_cmd,
    mrz_cmd,
    settings_cmd,
    setup_cmd,
    store_cmd,
    users_cmd,
)
from caseworker.cli.common import run_handler

COMMAND_MODULES = (
    setup_cmd, demo_cmd, cases_cmd, intake_cmd, letters_cmd, handoff_cmd, users_cmd, audit_cmd, store_cmd,
    backup_cmd, settings_cmd, mrz_cmd,
)  # fmt: skip


def common_options() -> argparse.ArgumentParser:
    """--store and --user, accepted before or after the command name."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--store",
        metavar="PATH|URL",
        default=argparse.SUPPRESS,
        help="store file or postgresql:// URL (default: $CASEWORKER_STORE, else the platform data folder)",
    )
    parent.add_argument(
        "--user", metavar="NAME", default=argparse.SUPPRESS, help="user to sign in as (default: $CASEWORKER_USER)"
    )
    return parent


def build_parser() -> argparse.ArgumentParser:
    parent = common_options()
    parser = argparse.ArgumentParser(
        prog="caseworker",
        description="Case management for consular crisis caseworkers. "
        "Without a command, opens the application.",
        parents=[parent],
    )
    parser.add_argument("--version", action="version", version=f"caseworker {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands, parent)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        if args.command:
            parser.parse_args([args.command, "--help"])
        from caseworker.gui.launch import launch

        return launch(args)
    return run_handler(handler, args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
