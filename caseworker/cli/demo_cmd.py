"""`caseworker demo --cases N [--seed S]`."""

from __future__ import annotations

import argparse
import os
import sys

from caseworker.cli.common import ENV_PASSWORD, location, sign_in
from caseworker.domain.errors import ValidationError
from caseworker.domain.roles import Action
from caseworker.services.demo import fill_store
from caseworker.services.demo.users import create_demo_users, demo_actor
from caseworker.services.handoffs.demo import add_demo_partners
from caseworker.store.opening import open_store


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    demo = commands.add_parser(
        "demo",
        parents=[parent],
        help="fill a store with a synthetic caseload (creates the store and demo users if needed)",
    )
    demo.add_argument("--cases", type=int, default=1000, help="number of cases (default 1000)")
    demo.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same caseload")
    demo.add_argument("--quiet", action="store_true", help="no progress output")
    demo.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    if not 0 <= args.cases <= 1_000_000:
        raise ValidationError("must be between 0 and 1,000,000", field="--cases")
    where = location(args)
    store = open_store(where, create=True)
    try:
        passwords = create_demo_users(store, os.environ.get(ENV_PASSWORD))
        if not passwords:
            # An existing store: only a signed-in user who may create cases adds to it.
            sign_in(args, store).context.require(Action.CREATE_CASE)
        actor, workers = demo_actor(store)

        def progress(done: int, total: int) -> None:
            if not args.quiet and sys.stderr.isatty():
                print(f"\r{done:,}/{total:,} cases", end="", file=sys.stderr, flush=True)

        result = fill_store(store, args.cases, args.seed, actor.actor, workers, progress)
        add_demo_partners(store, actor.actor)
        if not args.quiet and sys.stderr.isatty():
            print(file=sys.stderr)
    finally:
        store.close()
    print(f"Added {result.cases:,} cases ({result.people:,} people) to {where.display} in {result.seconds:.1f} s.")
    if passwords:
        shared = os.environ.get(ENV_PASSWORD)
        print("Demo users: " + ", ".join(passwords) + (
            f" (password from ${ENV_PASSWORD})" if shared else ""
        ))  # fmt: skip
        if not shared:
            for user, password in passwords.items():
                print(f"  {user:<11} {password}")
            print("Keep these passwords: they are not shown again.")
    return 0
