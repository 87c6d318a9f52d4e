"""`caseworker audit …`."""

from __future__ import annotations

import argparse

from caseworker.cli.common import print_json, print_table, sign_in


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    audit = commands.add_parser("audit", parents=[parent], help="the audit trail")
    sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = sub.add_parser("verify", parents=[parent], help="check the hash chain; names any altered or missing event")
    verify.add_argument("--anchor", action="append", default=[], metavar="FILE|SEQ:HASH",
                        help="a backup, a handoff ledger export or a printed head (1234:9f86d081…) the trail "
                             "must still hold; repeatable")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(handler=cmd_verify)
    who = sub.add_parser("who-saw", parents=[parent],
                         help="the access log of a case: every view, export, letter, handoff and backup that showed or held its data")  # fmt: skip
    who.add_argument("reference")
    who.add_argument("--json", action="store_true")
    who.set_defaults(handler=cmd_who_saw)


def cmd_verify(args: argparse.Namespace) -> int:
    from caseworker.store.anchors import read_anchor

    anchors = [read_anchor(spec) for spec in args.anchor]
    services = sign_in(args)
    report = services.history.verify(anchors)
    if args.json:
        print_json({"ok": report.ok, "events": report.events, "problems": [
            {"seq": p.seq, "message": p.message} for p in report.problems
        ], "anchors_held": [{"seq": a.seq, "hash": a.hash, "source": a.source} for a in report.anchors_held]})  # fmt: skip
    elif report.ok:
        print(f"The audit trail is intact: {report.events:,} events, chain and signatures verified.")
        for anchor in report.anchors_held:
            print(f"It still holds event #{anchor.seq} as recorded in {anchor.source}.")
    else:
        print(f"The audit trail has been tampered with ({len(report.problems)} problem(s)):")
        for problem in report.problems:
            print(f"  - {problem}")
    return 0 if report.ok else 9


def cmd_who_saw(args: argparse.Namespace) -> int:
    services = sign_in(args)
    entries = services.history.who_saw(services.cases.id_for_reference(args.reference))
    if args.json:
        print_json([
            {"seq": e.seq, "at": e.to_json()["occurred_at"], "user": e.actor, "action": e.action,
             "entity_type": e.entity_type, "entity_id": e.entity_id, "summary": e.summary}
            for e in entries
        ])  # fmt: skip
        return 0
    if not entries:
        print(f"Nothing recorded has shown {args.reference.upper()}'s data to anyone: no views, exports, "
              "letters, handoffs or backups.")
        return 0
    print_table(
        [[f"{e.occurred_at:%Y-%m-%d %H:%M:%S}", e.actor, e.action, e.summary] for e in entries],
        ["WHEN (UTC)", "USER", "ACTION", "WHAT"],
    )
    return 0
