"""`caseworker handoff …`: partner profiles, prepare → approve → write, and the ledger."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from caseworker.cli.common import print_json, print_table, sign_in
from caseworker.domain.errors import ValidationError
from caseworker.domain.handoff_fields import CATALOGUE

if TYPE_CHECKING:
    from caseworker.services.handoffs import HandoffSelection
    from caseworker.services.handoffs.dto import HandoffPreview, HandoffView

PREVIEW_ROWS = 20


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)") from None


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    top = commands.add_parser("handoff", parents=[parent], help="partner manifests: profiles, prepare, approve, write, ledger")
    sub = top.add_subparsers(dest="handoff_command", metavar="ACTION", required=True)

    profiles = sub.add_parser("profiles", parents=[parent], help="partner profiles (import needs an administrator)")
    psub = profiles.add_subparsers(dest="profiles_command", metavar="ACTION", required=True)
    p = psub.add_parser("list", parents=[parent], help="list partners")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_profiles_list)
    p = psub.add_parser("show", parents=[parent], help="print a partner's profile as importable JSON")
    p.add_argument("name")
    p.set_defaults(handler=cmd_profiles_show)
    p = psub.add_parser("import", parents=[parent], help="create or replace profiles from a JSON file")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=cmd_profiles_import)
    p = psub.add_parser("fields", parents=[parent], help="list the fields a profile may name")
    p.set_defaults(handler=cmd_profiles_fields)

    prep = sub.add_parser("prepare", parents=[parent], help="store a handoff for approval and show its rows")
    prep.add_argument("--partner", required=True)
    who = prep.add_argument_group("people (one way)")
    who.add_argument("--case", action="extend", nargs="+", default=[], metavar="REF", help="whole families")
    who.add_argument("--person", action="extend", nargs="+", default=[], type=int, metavar="ID")
    who.add_argument("--status", type=str.upper, help="everyone whose case (or own) status is this")
    who.add_argument("--queue", help="everyone in a work queue (e.g. letters_to_print)")
    who.add_argument("--changes", action="store_true", help="what changed since the last handoff to this partner")
    who.add_argument("--since", metavar="HANDOFF", help="with --changes: compare with this handoff instead")
    batch = prep.add_argument_group("the batch (alone: everyone whose letter covers it)")
    batch.add_argument("--crossing", default=None, metavar="POINT")
    batch.add_argument("--from", dest="window_from", type=_date, metavar="DATE")
    batch.add_argument("--to", dest="window_to", type=_date, metavar="DATE")
    batch.add_argument("--uk-contact", default=None, metavar="TEXT", help="instead of the profile's point of contact")
    prep.add_argument("--json", action="store_true")
    prep.set_defaults(handler=cmd_prepare)

    for name, helptext, handler in (("approve", "approve a prepared handoff (authorising officers)", cmd_approve),
                                    ("show", "show a handoff and its rows", cmd_show)):  # fmt: skip
        p = sub.add_parser(name, parents=[parent], help=helptext)
        p.add_argument("handoff", metavar="ID", help="id or reference (HO-2026-00001)")
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=handler)

    w = sub.add_parser("write", parents=[parent], help="write an approved handoff's file")
    w.add_argument("handoff", metavar="ID")
    w.add_argument("--out", required=True, type=Path, metavar="FILE")
    w.add_argument("--passphrase-file", type=Path, metavar="F",
                   help="write the passphrase here (mode 0600) instead of printing it")  # fmt: skip
    w.add_argument("--force", action="store_true", help="replace FILE if it exists")
    w.set_defaults(handler=cmd_write)

    for name, helptext, handler, option in (
        ("recall", "record that the partner was asked to delete a written handoff", cmd_recall, "--note"),
        ("cancel", "cancel a handoff that was not written", cmd_cancel, "--reason"),
    ):
        p = sub.add_parser(name, parents=[parent], help=helptext)
        p.add_argument("handoff", metavar="ID")
        p.add_argument(option, dest="text", required=True)
        p.set_defaults(handler=handler)

    lst = sub.add_parser("list", parents=[parent], help="list handoffs, newest first")
    lst.add_argument("--status", type=str.upper)
    lst.add_argument("--partner")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=cmd_list)

    led = sub.add_parser("ledger", parents=[parent], help="what was given to whom")
    one = led.add_mutually_exclusive_group(required=True)
    one.add_argument("--person", type=int, metavar="ID")
    one.add_argument("--case", metavar="REF")
    one.add_argument("--partner", metavar="NAME")
    led.add_argument("--all", action="store_true", help="include handoffs prepared or approved but not written")
    led.add_argument("--json", action="store_true")
    led.set_defaults(handler=cmd_ledger)


# -- profiles ------------------------------------------------------------------


def cmd_profiles_list(args: argparse.Namespace) -> int:
    partners = sign_in(args).handoffs.partners.list(include_inactive=True)
    if args.json:
        print_json({"partners": [p.to_json() for p in partners]})
        return 0
    print_table([[p.name, p.display_name, p.profile["format"], "yes" if p.profile["password"] else "no",
                  str(len(p.profile["columns"])), "" if p.active else "retired"] for p in partners],
                ["NAME", "PARTNER", "FORMAT", "PASSWORD", "FIELDS", ""])  # fmt: skip
    return 0


def cmd_profiles_show(args: argparse.Namespace) -> int:
    print_json(sign_in(args).handoffs.partners.get(args.name).profile)
    return 0


def cmd_profiles_import(args: argparse.Namespace) -> int:
    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"cannot read {args.file}: {exc}", field="file") from None
    for partner in sign_in(args).handoffs.partners.import_json(text):
        print(f"saved profile {partner.name} ({partner.display_name}): {len(partner.profile['columns'])} fields")
    return 0


def cmd_profiles_fields(args: argparse.Namespace) -> int:
    print_table([[f.key, f.kind.value, f.heading, f.description] for f in CATALOGUE],
                ["FIELD", "KIND", "DEFAULT HEADING", "WHAT"])  # fmt: skip
    return 0


# -- the flow ------------------------------------------------------------------


def _selection(args: argparse.Namespace, services) -> HandoffSelection:  # type: ignore[no-untyped-def]
    from caseworker.services.handoffs import HandoffSelection

    if args.case:
        return HandoffSelection(case_ids=tuple(services.cases.id_for_reference(r) for r in args.case))
    if args.person:
        return HandoffSelection(person_ids=tuple(args.person))
    if args.status:
        return HandoffSelection(status=args.status)
    if args.queue:
        return HandoffSelection(queue=args.queue)
    return HandoffSelection(by_crossing=True)


def _print_preview(preview: HandoffPreview) -> None:
    h = preview.handoff
    if h is not None:
        print(f"{h.reference}  {h.status}  for {h.partner_display_name} ({h.partner})  prepared by {h.prepared_by}")
    print(f"\n  ROWS: {preview.row_count:,}   people: {preview.people_count:,}   columns: {len(preview.headings)}\n")
    shown = [[v[:40] for v in preview.display_row(i)] for i in range(min(PREVIEW_ROWS, preview.row_count))]
    print_table(shown, list(preview.headings))
    if preview.row_count > PREVIEW_ROWS:
        print(f"… {preview.row_count - PREVIEW_ROWS:,} more rows (all of them: handoff show ID --json)")
    for warning in preview.warnings:
        print(f"warning: {warning}")


def cmd_prepare(args: argparse.Namespace) -> int:
    from caseworker.services.handoffs import Batch

    services = sign_in(args)
    batch = Batch(args.crossing or "", args.window_from, args.window_to, args.uk_contact)
    if args.changes:
        has_batch = args.crossing is not None or args.window_from or args.uk_contact is not None
        preview = services.handoffs.prepare_changes(args.partner, since=args.since, batch=batch if has_batch else None)
    else:
        if args.since:
            raise ValidationError("--since goes with --changes", field="since")
        preview = services.handoffs.prepare(args.partner, _selection(args, services), batch)
    if args.json:
        print_json(preview.to_json())
        return 0
    _print_preview(preview)
    assert preview.handoff is not None
    print(f"\nAn authorising officer other than you approves it: caseworker handoff approve {preview.handoff.reference}")
    return 0


def cmd_approve(args: argparse.Namespace) -> int:
    handoff = sign_in(args).handoffs.approve(args.handoff)
    if args.json:
        print_json(handoff.to_json())
    else:
        print(f"{handoff.reference} approved ({handoff.row_count:,} rows for {handoff.partner}). "
              f"Write it with: caseworker handoff write {handoff.reference} --out FILE")  # fmt: skip
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    preview = sign_in(args).handoffs.snapshot(args.handoff)
    if args.json:
        print_json(preview.to_json())
    else:
        _print_preview(preview)
    return 0


def _save_passphrase(path: Path, passphrase: str) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ValidationError(f"{path} already exists; choose another file", field="passphrase-file") from None
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(passphrase + "\n")


def cmd_write(args: argparse.Namespace) -> int:
    services = sign_in(args)
    if args.passphrase_file and args.passphrase_file.exists():
        raise ValidationError(f"{args.passphrase_file} already exists; choose another file", field="passphrase-file")
    written = services.handoffs.write(args.handoff, args.out, overwrite=args.force)
    h = written.handoff
    print(f"wrote {written.path}: {h.reference} for {h.partner}, {h.row_count:,} rows, {written.size:,} bytes")
    print(f"sha256 {written.sha256}")
    print(f"audit trail head {written.audit_head} (keep it: `caseworker audit verify --anchor {written.audit_head}`)")
    if written.passphrase is None:
        print("The file is not password-protected (the partner's profile asks for none).")
    elif args.passphrase_file:
        _save_passphrase(args.passphrase_file, written.passphrase)
        print(f"The passphrase is in {args.passphrase_file}. Send it by another channel than the file; delete it then.")
    else:
        print(f"\nPassphrase (shown once, send it by another channel than the file):\n\n    {written.passphrase}\n")
    return 0


def cmd_recall(args: argparse.Namespace) -> int:
    handoff = sign_in(args).handoffs.recall(args.handoff, args.text)
    print(f"{handoff.reference} marked as recalled.")
    return 0


def cmd_cancel(args: argparse.Namespace) -> int:
    handoff = sign_in(args).handoffs.cancel(args.handoff, args.text)
    print(f"{handoff.reference} cancelled.")
    return 0


def _when(value: dt.datetime | None) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M") if value else ""


def _handoff_row(h: HandoffView) -> list[str]:
    return [h.reference, h.partner, h.kind, h.status, f"{h.row_count:,}", h.prepared_by, h.approved_by or "",
            _when(h.written_at)]  # fmt: skip


def cmd_list(args: argparse.Namespace) -> int:
    handoffs = sign_in(args).handoffs.list(status=args.status, partner=args.partner)
    if args.json:
        print_json({"handoffs": [h.to_json() for h in handoffs]})
        return 0
    print_table([_handoff_row(h) for h in handoffs],
                ["REFERENCE", "PARTNER", "KIND", "STATUS", "ROWS", "PREPARED BY", "APPROVED BY", "WRITTEN"])  # fmt: skip
    return 0


def _head(services) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """The chain head, so a saved ledger export is an anchor for `audit verify --anchor`."""
    seq, digest = services.history.head()
    return {"seq": seq, "hash": digest}


def cmd_ledger(args: argparse.Namespace) -> int:
    services = sign_in(args)
    ledger = services.handoffs.ledger
    if args.partner:
        entries = ledger.for_partner(args.partner, include_pending=args.all)
        if args.json:
            print_json({"partner": args.partner.strip().lower(), "audit_head": _head(services), "handoffs": [
                {**e.handoff.to_json(), "people": [p.to_json() for p in e.people]} for e in entries]})  # fmt: skip
            return 0
        print_table([_handoff_row(e.handoff) + [str(len(e.people))] for e in entries],
                    ["REFERENCE", "PARTNER", "KIND", "STATUS", "ROWS", "PREPARED BY", "APPROVED BY", "WRITTEN",
                     "PEOPLE"])  # fmt: skip
        return 0
    if args.case:
        disclosures = ledger.for_case(services.cases.id_for_reference(args.case), include_pending=args.all)
    else:
        disclosures = ledger.for_person(args.person, include_pending=args.all)
    if args.json:
        key = {"case": args.case.strip().upper()} if args.case else {"person_id": args.person}
        print_json({**key, "audit_head": _head(services), "disclosures": [d.to_json() for d in disclosures]})
        return 0
    print_table([[d.person_name, d.reference, d.partner, d.status, _when(d.written_at), d.change or "",
                  ", ".join(d.fields)] for d in disclosures],
                ["PERSON", "HANDOFF", "PARTNER", "STATUS", "WRITTEN", "CHANGE", "FIELDS"])  # fmt: skip
    if not disclosures:
        print("Nothing has been given to any partner.")
    return 0
