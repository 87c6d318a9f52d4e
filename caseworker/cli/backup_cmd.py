"""`caseworker backup create|verify|restore`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from caseworker.cli.common import (
    ENV_BACKUP_PASSPHRASE,
    ENV_RECOVERY_KEY,
    location,
    print_json,
    read_password,
    read_secret,
    sign_in,
    username,
)

if TYPE_CHECKING:
    from caseworker.services.restore import Credentials


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    backup = commands.add_parser("backup", parents=[parent], help="encrypted backups: create, verify, restore")
    sub = backup.add_subparsers(dest="backup_command", metavar="ACTION", required=True)

    create = sub.add_parser("create", parents=[parent], help="write a consistent, encrypted copy while the store is in use")
    create.add_argument("--out", required=True, type=Path, metavar="FILE")
    create.add_argument("--json", action="store_true")
    create.set_defaults(handler=cmd_create)

    for name, handler, text in (
        ("verify", cmd_verify, "check a backup's hashes, then sign in to it and check its content"),
        ("restore", cmd_restore, "replace the store (--store) by a backup (administrators of the backup)"),
    ):
        p = sub.add_parser(name, parents=[parent], help=text)
        p.add_argument("file", type=Path)
        p.add_argument("--recovery-key", action="store_true",
                       help=f"open the backup with the recovery key (${ENV_RECOVERY_KEY} or a prompt) "
                       "instead of a user's password")  # fmt: skip
        p.set_defaults(handler=handler)
        if name == "restore":
            p.add_argument("--force", action="store_true",
                           help="replace the store even if it has changes the backup lacks (it is kept aside)")  # fmt: skip
        else:
            p.add_argument("--json", action="store_true")


def _passphrase(confirm: bool = False) -> str:
    return read_secret(ENV_BACKUP_PASSPHRASE, "Backup passphrase: ", "backup passphrase", confirm=confirm)


def cmd_create(args: argparse.Namespace) -> int:
    services = sign_in(args)
    try:
        passphrase = None if services.store.is_sqlite else _passphrase(confirm=True)
        info = services.backups.create(args.out, passphrase=passphrase)
    finally:
        services.store.close()
    if args.json:
        print_json({"file": str(info.path), "sha256": info.sha256, "encrypted": info.encrypted, "counts": info.counts})
        return 0
    print(f"Wrote {info.path} ({'encrypted' if info.encrypted else 'NOT encrypted: development store'}).")
    print(f"SHA-256 {info.sha256}")
    print(f"{info.counts.get('cases', 0):,} cases, {info.counts.get('people', 0):,} people, "
          f"{info.counts.get('audit_events', 0):,} audit events.")  # fmt: skip
    return 0


def _credentials(args: argparse.Namespace, *, restoring: bool) -> Credentials:
    from caseworker.services.restore import Credentials
    from caseworker.store.backup_archive import read_manifest

    manifest = read_manifest(args.file)
    if manifest.backend == "postgresql":
        if restoring:  # the database being replaced may need an administrator's sign-in
            return Credentials(username(args), read_password(), passphrase=_passphrase())
        return Credentials(passphrase=_passphrase())
    if args.recovery_key:
        return Credentials(recovery_code=read_secret(ENV_RECOVERY_KEY, "Recovery key: ", "recovery key"))
    return Credentials(username(args), read_password())


def cmd_verify(args: argparse.Namespace) -> int:
    from caseworker.services.restore import verify_file

    report = verify_file(args.file, _credentials(args, restoring=False))
    m = report.manifest
    if args.json:
        print_json({
            "ok": report.ok, "file": str(report.path), "sha256": report.sha256, "created_at": m.created_at,
            "backend": m.backend, "encrypted": m.encrypted, "schema": m.schema, "counts": m.counts,
            "problems": list(report.problems),
        })  # fmt: skip
    elif report.ok:
        print(f"The backup is good: made {m.created_at} on {m.backend}, "
              f"{m.counts.get('cases', 0):,} cases, {m.counts.get('people', 0):,} people; it opens and checks out.")  # fmt: skip
        print(f"SHA-256 {report.sha256}")
    else:
        print(f"The backup {report.path} has problems:")
        for problem in report.problems:
            print(f"  - {problem}")
    return 0 if report.ok else 7


def cmd_restore(args: argparse.Namespace) -> int:
    from caseworker.services.restore import restore_file

    where = location(args)
    report = restore_file(args.file, where, _credentials(args, restoring=True), force=args.force)
    print(f"Restored {where.display} from {args.file} (made {report.manifest.created_at}).")
    if report.replaced_kept_as:
        print(f"The store it replaced is kept as {report.replaced_kept_as}; delete it once you are satisfied.")
    return 0
