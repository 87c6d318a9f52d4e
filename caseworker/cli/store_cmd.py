"""`caseworker store status|encrypt|erase|recover` (administrators)."""

from __future__ import annotations

import argparse
import sys

from caseworker.cli.common import (
    ENV_RECOVERY_KEY,
    location,
    print_json,
    read_new_password,
    read_password,
    read_secret,
    show_recovery_key,
    sign_in,
    username,
)
from caseworker.domain.errors import ValidationError
from caseworker.domain.roles import Action

ERASE_WORD = "ERASE"


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    store = commands.add_parser("store", parents=[parent], help="the store's encryption, erase and recovery")
    sub = store.add_subparsers(dest="store_command", metavar="ACTION", required=True)

    status = sub.add_parser("status", parents=[parent], help="how the store is protected; users without a key slot")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=cmd_status)

    encrypt = sub.add_parser("encrypt", parents=[parent], help="encrypt a plain store in place (prints its recovery key)")
    encrypt.set_defaults(handler=cmd_encrypt)

    erase = sub.add_parser(
        "erase", parents=[parent],
        help="EMERGENCY: destroy every key slot, so that only the recovery key opens the store",
    )  # fmt: skip
    erase.set_defaults(handler=cmd_erase)

    rekey = sub.add_parser(
        "rekey", parents=[parent],
        help="rotate the data key (administrators): reseals every slot, prints a new recovery key once; "
             "the old key file and recovery key stop opening the store",
    )  # fmt: skip
    rekey.set_defaults(handler=cmd_rekey)

    recover = sub.add_parser(
        "recover", parents=[parent],
        help="with the recovery key ($CASEWORKER_RECOVERY_KEY or a prompt), set a new administrator password",
    )  # fmt: skip
    recover.set_defaults(handler=cmd_recover)


def cmd_status(args: argparse.Namespace) -> int:
    from caseworker.services import store_admin

    services = sign_in(args)
    try:
        status = store_admin.status(services)
    finally:
        services.store.close()
    if args.json:
        print_json({
            "location": status.location, "kind": status.kind, "key_file": status.key_file,
            "key_slots": status.key_slots, "users_without_slot": list(status.users_without_slot),
            "automatic_backups": status.automatic_backups, "leftovers": list(status.leftovers),
        })  # fmt: skip
        return 0
    described = {
        "encrypted": "encrypted with SQLCipher (AES-256); opened by key slots or the recovery key",
        "plain": "NOT ENCRYPTED (development only): run `caseworker store encrypt`",
        "postgresql": "on PostgreSQL: protected by the server (see the README)",
    }
    print(f"Store: {status.location}")
    print(f"Protection: {described[status.kind]}")
    if status.key_file:
        print(f"Key file: {status.key_file} ({status.key_slots if status.key_slots is not None else 'no'} slots)")
    if status.users_without_slot:
        print("Users who cannot sign in until an administrator sets their password: "
              + ", ".join(status.users_without_slot))  # fmt: skip
    print(f"Automatic backups: {status.automatic_backups}")
    if status.leftovers:
        print("Left by an interrupted backup, restore or encryption (they may hold personal data; the next "
              "backup, restore or `store encrypt` removes them, or delete them yourself):")  # fmt: skip
        for path in status.leftovers:
            print(f"    {path}")
    return 0


def cmd_encrypt(args: argparse.Namespace) -> int:
    from caseworker.services import store_admin

    where = location(args)
    result = store_admin.encrypt(where, username(args), read_password(), key_ready=show_recovery_key)
    if result.already_encrypted:
        print(f"{where.display} is already encrypted." + (
            f" Removed {result.leftovers_removed} file(s) left by an interrupted run." if result.leftovers_removed else ""
        ))  # fmt: skip
        return 0
    print(f"Encrypted {where.display}. The plain original has been overwritten and removed.")
    if result.plain_backups_removed:
        print(f"Removed {result.plain_backups_removed} automatic backup(s) that held the data unencrypted.")
    print("Copies you made yourself before today (backups, USB sticks) are still unencrypted: destroy them.")
    _say_who_needs_a_password(result.users_needing_password)
    return 0


def cmd_rekey(args: argparse.Namespace) -> int:
    from caseworker.services import store_admin

    where = location(args)
    result = store_admin.rekey(where, username(args), read_password(), key_ready=show_recovery_key)
    print(f"Rotated the data key of {where.display}: {result.slots_resealed} key slot(s) resealed.")
    print("The old recovery key and old copies of the key file no longer open the store. Backups made before")
    print("now still open with the old passwords and the old recovery key: destroy them, or keep them locked away.")
    _say_who_needs_a_password(result.users_needing_password)
    return 0


def cmd_erase(args: argparse.Namespace) -> int:
    from caseworker.services import store_admin

    services = sign_in(args)
    where = services.store.location.display
    try:
        services.context.require(Action.MANAGE_STORE)
        print(f"This destroys every key slot of {where}: no password will open it again;", file=sys.stderr)
        print("only the recovery key will. The data itself stays, encrypted.", file=sys.stderr)
        print(f"Type {ERASE_WORD} to go on: ", end="", file=sys.stderr, flush=True)
        typed = sys.stdin.readline().strip()
        if typed != ERASE_WORD:
            raise ValidationError(f"you did not type {ERASE_WORD}; nothing was erased", field="confirmation")
        result = store_admin.erase(services)
    finally:
        services.store.close()
    print(f"Erased the key slots of {where}. Destroyed: " + ", ".join(result.files_destroyed))
    print("No password opens the store now. Keep the recovery key OFF this machine: with it,")
    print("`caseworker store recover` sets a new administrator password. Backups elsewhere still")
    print("carry their own key slots: destroy or secure them too.")
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    from caseworker.services import store_admin

    where = location(args)
    admin = username(args)
    code = read_secret(ENV_RECOVERY_KEY, "Recovery key: ", "recovery key")
    result = store_admin.recover(where, code, admin, read_new_password(f"New password for {admin}: "))
    print(("Created administrator " if result.created else "Set a new password for administrator ") + result.username + ".")
    if result.key_file_rebuilt:
        print("The key file was missing or damaged and has been rebuilt (a damaged one is kept as *.damaged).")
    print("The recovery key you used still opens the store, as do old copies of the key file; to withdraw them,")
    print("rotate the keys: `caseworker store rekey` (it prints a new recovery key).")
    _say_who_needs_a_password(result.users_needing_password)
    return 0


def _say_who_needs_a_password(users: tuple[str, ...]) -> None:
    if users:
        print("These users need a new password before they can sign in (`caseworker users password NAME`): "
              + ", ".join(users))  # fmt: skip
