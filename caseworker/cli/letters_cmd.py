"""`caseworker letters …`: draft, approve, print, revoke and list letters.

Verification, keys and revocation lists are in :mod:`.letters_verify_cmd`,
the administrator's settings in :mod:`.letters_settings_cmd`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from caseworker.cli import letters_settings_cmd, letters_verify_cmd
from caseworker.cli.common import print_json, print_table, sign_in
from caseworker.documents.files import private_output, refuse_existing, write_private
from caseworker.domain.letters import LetterStatus

if TYPE_CHECKING:
    from caseworker.services.letters import LetterView


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    letters = commands.add_parser("letters", parents=[parent], help="travel-authorisation letters")
    sub = letters.add_subparsers(dest="letters_command", metavar="ACTION", required=True)

    def add(name: str, handler, help: str) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
        p = sub.add_parser(name, parents=[parent], help=help, description=help)
        p.set_defaults(handler=handler)
        return p

    p = add("draft", cmd_draft, "draft a letter for an AUTHORISED case")
    p.add_argument("reference", help="case reference")
    _letter_options(p)
    p.add_argument("--post", help="issuing post (default: the case's)")
    p = add("reissue", cmd_reissue, "draft the next version of an issued letter (people added, dates changed)")
    p.add_argument("letter", help="letter id or reference")
    _letter_options(p)
    add("approve", cmd_approve, "approve and issue a draft (an authorising officer who did not draft it)").add_argument("letter")
    p = add("reject", cmd_reject, "turn down a draft")
    p.add_argument("letter")
    p.add_argument("--reason", required=True)
    p = add("revoke", cmd_revoke, "revoke an issued letter")
    p.add_argument("letter")
    p.add_argument("--reason", required=True)
    p = add("pdf", cmd_pdf, "write an issued letter as PDF (counted as a print) or a preview of any letter")
    p.add_argument("letter")
    p.add_argument("--out", required=True, type=Path, metavar="FILE")
    p.add_argument("--preview", action="store_true", help="a preview: watermarked PREVIEW — NOT VALID, no QR code, not counted")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p = add("batch", cmd_batch, "write many issued letters into one PDF for printing (each counted)")
    p.add_argument("letters", nargs="+", metavar="LETTER")
    p.add_argument("--out", required=True, type=Path, metavar="FILE")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p = add("list", cmd_list, "list letters, newest first")
    p.add_argument("--status", type=str.upper, choices=[s.value for s in LetterStatus], metavar="STATUS")
    p.add_argument("--case", metavar="REF", help="only this case's letters")
    p.add_argument("--json", action="store_true")
    p = add("show", cmd_show, "show one letter")
    p.add_argument("letter")
    p.add_argument("--json", action="store_true")
    letters_verify_cmd.register(sub, parent)
    letters_settings_cmd.register(sub, parent)


def _letter_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--person", type=int, action="append", metavar="ID", help="a person to list (repeatable; default: everyone cleared to travel)")
    p.add_argument("--valid-days", type=int, metavar="N", help="validity in days (default: the post's, 30 unless set)")
    p.add_argument("--crossing", action="append", default=None, metavar="NAME", help="authorised crossing point (repeatable, in route order)")
    p.add_argument("--signatory", metavar="USER", help="the officer named as signatory (default: the approving officer)")


def _print_letter(x: LetterView) -> None:
    print(f"{x.label}  [#{x.id}]  {x.status}  case {x.case_reference}  post {x.post}")
    if x.valid_from:
        print(f"valid {x.valid_from} to {x.valid_to}; verification code {x.verification_code}; printed {x.print_count}×")
    else:
        print(f"validity {x.valid_days} days from approval")
    print(f"crossings: {', '.join(x.crossings)}; signatory: {x.signatory or '(the approving officer)'}")
    print(f"drafted by {x.drafted_by}" + (f", approved by {x.approved_by}" if x.approved_by else ""))
    if x.end_reason:
        print(f"{x.status.lower()} by {x.ended_by or 'system'}: {x.end_reason}")
    for n, p in enumerate(x.people, 1):
        print(f"  {n}. {p.name_document:<28} {p.name_original:<22} {p.birth_display():<12} {p.sex}  "
              f"{p.document_type} {p.document_number}".rstrip())  # fmt: skip


def cmd_draft(args: argparse.Namespace) -> int:
    services = sign_in(args)
    letter = services.letters.draft(
        services.cases.id_for_reference(args.reference), args.person, args.valid_days, args.crossing or (),
        args.post, args.signatory,
    )  # fmt: skip
    print(f"Drafted letter #{letter.id} for {len(letter.people)} people; an authorising officer must approve it.")
    return 0


def cmd_reissue(args: argparse.Namespace) -> int:
    services = sign_in(args)
    letter = services.letters.reissue(services.letters.find(args.letter), args.person, args.valid_days,
                                      args.crossing, args.signatory)  # fmt: skip
    print(f"Drafted letter #{letter.id}, the next version of {args.letter}; an authorising officer must approve it.")
    return 0


def cmd_approve(args: argparse.Namespace) -> int:
    services = sign_in(args)
    x = services.letters.approve(services.letters.find(args.letter))
    print(f"Issued {x.label} (valid {x.valid_from} to {x.valid_to}, verification code {x.verification_code}).")
    from caseworker.store.anchors import head_text

    print(f"Audit trail head {head_text(*services.history.head())}: keep it with the issue record.")
    return 0


def cmd_reject(args: argparse.Namespace) -> int:
    services = sign_in(args)
    x = services.letters.reject(services.letters.find(args.letter), args.reason)
    print(f"Rejected {x.label}.")
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    services = sign_in(args)
    x = services.letters.revoke(services.letters.find(args.letter), args.reason)
    print(f"Revoked {x.label}. Send partners a new revocation list: caseworker letters revocations --out FILE")
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    refuse_existing(args.out, force=args.force)  # before a print is counted
    services = sign_in(args)
    letter_id = services.letters.find(args.letter)
    if args.preview:
        pdf = services.letters.preview_pdf(letter_id, to_file=True)
    else:
        pdf = services.letters.print_pdf(letter_id, via="pdf")
    write_private(args.out, pdf.data, force=args.force)
    what = "preview" if pdf.copy is None else ("copy 1" if pdf.copy == 1 else f"reprint, copy {pdf.copy}")
    print(f"Wrote {pdf.label} to {args.out} ({what}; SHA-256 {pdf.sha256[:16]}…).")
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    refuse_existing(args.out, force=args.force)  # before any print is counted
    services = sign_in(args)
    ids = [services.letters.find(x) for x in args.letters]
    with private_output(args.out, force=args.force) as out:
        result = services.letters.print_batch(ids, out)
    for reason in result.skipped:
        print(f"skipped {reason}", file=sys.stderr)
    print(f"Wrote {result.printed} letters to {args.out}.")
    return 0 if result.printed else 1


def cmd_list(args: argparse.Namespace) -> int:
    services = sign_in(args)
    case_id = services.cases.id_for_reference(args.case) if args.case else None
    rows = services.letters.list(status=args.status, case_id=case_id)
    if args.json:
        print_json({"letters": [r.to_json() for r in rows]})
        return 0
    print_table(
        [[str(r.id), r.reference or "-", str(r.version or "-"), r.status, r.case_reference, str(len(r.people)),
          str(r.valid_to or "-"), r.drafted_by or "", r.approved_by or "", str(r.print_count)] for r in rows],
        ["ID", "REFERENCE", "V", "STATUS", "CASE", "PEOPLE", "VALID TO", "DRAFTED", "APPROVED", "PRINTS"],
    )  # fmt: skip
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    services = sign_in(args)
    letter = services.letters.get(services.letters.find(args.letter))
    if args.json:
        print_json(letter.to_json())
    else:
        _print_letter(letter)
    return 0


