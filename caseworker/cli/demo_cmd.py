"""`caseworker demo --cases N [--seed S]`."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from caseworker.cli.common import ENV_PASSWORD, location, show_recovery_key, sign_in
from caseworker.cli.setup_cmd import NO_ENCRYPTION_WARNING
from caseworker.domain.errors import ValidationError
from caseworker.domain.roles import Action

if TYPE_CHECKING:
    from caseworker.store.engine import Store


def count_users_in(store: Store) -> int:
    from caseworker.services.users import count_users

    with store.read() as session:
        return count_users(session)


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    demo = commands.add_parser(
        "demo",
        parents=[parent],
        help="fill a store with a synthetic caseload (creates the store and demo users if needed)",
    )
    demo.add_argument("--cases", type=int, default=1000, help="number of cases (default 1000)")
    demo.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same caseload")
    demo.add_argument("--quiet", action="store_true", help="no progress output")
    demo.add_argument("--no-encryption", action="store_true",
                      help="FOR DEVELOPMENT ONLY: create the store unencrypted")  # fmt: skip
    demo.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    from caseworker.services.demo import fill_store
    from caseworker.services.demo.users import create_demo_users, demo_actor
    from caseworker.services.handoffs.demo import add_demo_partners
    from caseworker.services.setup import record_creation
    from caseworker.store.encryption import creating
    from caseworker.store.opening import file_kind, open_store

    if not 0 <= args.cases <= 1_000_000:
        raise ValidationError("must be between 0 and 1,000,000", field="--cases")
    where = location(args)
    passwords: dict[str, str] = {}
    new = None
    if where.path is None or file_kind(where) == "missing":
        if args.no_encryption and where.path is not None:
            print(NO_ENCRYPTION_WARNING, file=sys.stderr)
        with creating(where, encrypted=not args.no_encryption) as new:
            if not count_users_in(new.store):
                record_creation(new.store, encrypted=new.data_key is not None)
            passwords = create_demo_users(new.store, os.environ.get(ENV_PASSWORD))
    if new is not None and new.recovery_key:
        print(f"Created the encrypted store {where.display}: only a user's password or the recovery key opens it.")
        show_recovery_key(new.recovery_key)
    signed_in = None
    if passwords:
        store = open_store(where, key=new.data_key if new else None)
    else:
        # An existing store: only a signed-in user who may create cases adds to it.
        services = sign_in(args)
        store, signed_in = services.store, services.user
        try:
            services.context.require(Action.CREATE_CASE)
        except BaseException:
            store.close()
            raise

    def progress(done: int, total: int) -> None:
        if not args.quiet and sys.stderr.isatty():
            print(f"\r{done:,}/{total:,} cases", end="", file=sys.stderr, flush=True)

    try:
        actor, workers = demo_actor(store)
        actor = signed_in or actor  # on an existing store, the signed-in user writes (and signs) the caseload
        result = fill_store(store, args.cases, args.seed, actor.actor, workers, progress)
        add_demo_partners(store, actor.actor)
        if not args.quiet and sys.stderr.isatty():
            print(file=sys.stderr)
    finally:
        store.close()
    letters = f" and {result.letters:,} letters" if result.letters else ""
    print(f"Added {result.cases:,} cases ({result.people:,} people){letters} to {where.display} in {result.seconds:.1f} s.")
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
