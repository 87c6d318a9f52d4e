"""`caseworker audit …`."""

from __future__ import annotations

import argparse

from caseworker.cli.common import print_json, sign_in


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    audit = commands.add_parser("audit", parents=[parent], help="the audit trail")
    sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = sub.add_parser("verify", parents=[parent], help="check the hash chain; names any altered or missing event")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(handler=cmd_verify)


def cmd_verify(args: argparse.Namespace) -> int:
    services = sign_in(args)
    report = services.history.verify()
    if args.json:
        print_json({"ok": report.ok, "events": report.events, "problems": [
            {"seq": p.seq, "message": p.message} for p in report.problems
        ]})  # fmt: skip
    elif report.ok:
        print(f"The audit trail is intact: {report.events:,} events, chain verified.")
    else:
        print(f"The audit trail has been tampered with ({len(report.problems)} problem(s)):")
        for problem in report.problems:
            print(f"  - {problem}")
    return 0 if report.ok else 9
