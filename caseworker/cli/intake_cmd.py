"""`caseworker intake import|batches|undo|duplicates|scan|merge|not-duplicate|whatsapp`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from caseworker.cli.common import fail, print_json, print_table, sign_in
from caseworker.domain.dedup_scores import QUEUE_THRESHOLD, SCAN_THRESHOLD
from caseworker.domain.errors import ValidationError
from caseworker.domain.whatsapp_dates import AmbiguousDateOrder, describe

if TYPE_CHECKING:
    from caseworker.services.api import Services

MAX_PROBLEMS_SHOWN = 50


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    intake = commands.add_parser("intake", parents=[parent], help="import referral lists and WhatsApp chats; "
                                 "review and merge duplicates")
    sub = intake.add_subparsers(dest="intake_command", metavar="ACTION", required=True)

    imp = sub.add_parser("import", parents=[parent], help="import a referral list (.xlsx, .xlsm, .xls, .ods or .csv)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--map", type=Path, metavar="FILE.json", help="column mapping (default: the one saved "
                     "for the source, else detected from the headings)")
    imp.add_argument("--source", default="", metavar="NAME", help="who sent the list (its mapping is saved under this name)")
    imp.add_argument("--sheet", metavar="NAME", help="the worksheet to read (default: the first visible one)")
    imp.add_argument("--dry-run", action="store_true", help="report what would happen; write nothing")
    imp.add_argument("--rejects", type=Path, metavar="OUT.xlsx", help="where to write the rows to fix: those "
                     "imported with a warning and those rejected, with the reasons (default: next to the input)")
    imp.add_argument("--force", action="store_true", help="replace the --rejects file if it exists")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(handler=cmd_import)

    batches = sub.add_parser("batches", parents=[parent], help="list the latest referral imports and their status "
                             "(COMPLETE, RUNNING, INTERRUPTED, UNDONE)")
    batches.add_argument("--json", action="store_true")
    batches.set_defaults(handler=cmd_batches)

    undo = sub.add_parser("undo", parents=[parent], help="undo a referral import: remove what it created and put "
                          "back what it changed, unless those records changed since")
    undo.add_argument("batch", type=int, metavar="BATCH", help="the import's batch number (`intake batches`)")
    undo.add_argument("--json", action="store_true")
    undo.set_defaults(handler=cmd_undo)

    dup = sub.add_parser("duplicates", parents=[parent], help="list the duplicate review queue")
    dup.add_argument("--status", default="open", choices=["open", "not-duplicate", "merged"])
    dup.add_argument("--json", action="store_true")
    dup.set_defaults(handler=cmd_duplicates)

    scan = sub.add_parser("scan", parents=[parent], help="find duplicates among the cases already in the store "
                          "and add them to the review queue")
    scan.add_argument("--min-score", type=int, default=SCAN_THRESHOLD, metavar="N",
                      help=f"the lowest score to queue ({QUEUE_THRESHOLD}–100, default {SCAN_THRESHOLD}); "
                           "a shared document number is always queued")
    scan.add_argument("--json", action="store_true")
    scan.set_defaults(handler=cmd_scan)

    merge = sub.add_parser("merge", parents=[parent], help="merge OTHER into SURVIVOR (OTHER becomes DUPLICATE)")
    merge.add_argument("survivor", metavar="SURVIVOR")
    merge.add_argument("other", metavar="OTHER")
    merge.add_argument("--take", action="append", default=[], metavar="FIELD",
                       help="take this case field from OTHER (repeatable; default: keep the survivor's, "
                            "fill the survivor's empty fields, join notes)")
    merge.add_argument("--same", action="append", default=[], metavar="ID:ID",
                       help="survivor's person ID is the same as OTHER's person ID (repeatable; default: "
                            "the proposed pairs)")
    merge.add_argument("--no-same", action="store_true", help="treat everyone as different people")
    merge.add_argument("--reason", default="", help="why (default: duplicate confirmed in review)")
    merge.add_argument("--json", action="store_true")
    merge.set_defaults(handler=cmd_merge)

    nd = sub.add_parser("not-duplicate", parents=[parent], help="record that two cases are different families")
    nd.add_argument("a", metavar="A")
    nd.add_argument("b", metavar="B")
    nd.add_argument("--reason", default="")
    nd.set_defaults(handler=cmd_not_duplicate)

    wa = sub.add_parser("whatsapp", parents=[parent], help="import a WhatsApp chat export (.txt or .zip) into a case")
    wa.add_argument("file", type=Path)
    wa.add_argument("--case", required=True, metavar="REF")
    wa.add_argument("--person", type=int, metavar="ID", help="the person the chat is with (default: found by "
                    "phone number or name)")
    wa.add_argument("--timezone", metavar="TZ", help="the phone's time zone, e.g. Asia/Karachi (default: this computer's)")
    wa.add_argument("--date-order", choices=["dmy", "mdy", "ymd"], help="how the phone writes dates, when the "
                    "chat cannot tell (its days are all 12 or less and its locale says nothing); never overrides "
                    "dates that show another order")
    wa.add_argument("--json", action="store_true")
    wa.set_defaults(handler=cmd_whatsapp)


def _progress(label: str) -> Any:
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        print(f"\r{label} {100 * done // max(total, 1):3d}%", end="" if done < total else "\n",
              file=sys.stderr, flush=True)

    return show


def _load_map(path: Path | None) -> dict[str, Any] | None:
    from caseworker.services.intake.mapping import check_json

    if path is None:
        return None
    try:
        return check_json(json.loads(path.read_text(encoding="utf-8-sig")))
    except OSError as exc:
        raise ValidationError(f"cannot read {path}: {exc.strerror or exc}", field="--map") from None
    except json.JSONDecodeError as exc:
        raise ValidationError(f"{path} is not valid JSON ({exc})", field="--map") from None


def cmd_import(args: argparse.Namespace) -> int:
    from caseworker.services.intake import ImportRequest

    mapping = _load_map(args.map)
    services = sign_in(args)
    request = ImportRequest(args.file, source=args.source, mapping_json=mapping, dry_run=args.dry_run,
                            rejects_path=args.rejects, overwrite=args.force)
    report = services.intake.run_import(request, progress=None if args.json else _progress("Importing"))
    if args.json:
        print_json(report.to_json())
        return 0
    print("\n".join(report.summary_lines()))
    if report.warnings:
        print("\nWarnings (the person " + ("would be " if report.dry_run else "was ")
              + "imported; the value is kept in the case notes):")
        for problem in report.warnings[:MAX_PROBLEMS_SHOWN]:
            where = f"row {problem.row}, {problem.column}" if problem.column else f"row {problem.row}"
            print(f"  {where}: {problem.value!r} {problem.message}")
        if len(report.warnings) > MAX_PROBLEMS_SHOWN:
            print(f"  … and {len(report.warnings) - MAX_PROBLEMS_SHOWN} more")
    if report.problems:
        print("\nRejected rows:")
        for problem in report.problems[:MAX_PROBLEMS_SHOWN]:
            where = f"row {problem.row}, {problem.column}" if problem.column else f"row {problem.row}"
            print(f"  {where}: {problem.message}")
        if len(report.problems) > MAX_PROBLEMS_SHOWN:
            print(f"  … and {len(report.problems) - MAX_PROBLEMS_SHOWN} more (all of them are in the workbook of rows "
                  "to fix)")
    if report.duplicates:
        print("\nPossible duplicates" + (" (would be queued):" if report.dry_run else " (in the review queue):"))
        for pair in report.duplicates:
            print(f"  {pair.case} ↔ {pair.other_case}  score {pair.score}: {' + '.join(pair.reasons)}")
    return 0


def cmd_batches(args: argparse.Namespace) -> int:
    services = sign_in(args)
    batches = services.intake.batches()
    if args.json:
        print_json({"batches": [b.to_json() for b in batches]})
        return 0
    print_table([[str(b.id), b.created_at.strftime("%Y-%m-%d %H:%M"), b.status, b.filename, b.source,
                  ", ".join(f"{v} {k}" for k, v in b.counts.items() if v)] for b in batches],
                ["BATCH", "WHEN", "STATUS", "FILE", "SOURCE", "ROWS"])
    if any(b.status == "INTERRUPTED" for b in batches):
        print("\nAn INTERRUPTED import is resumed by importing the same file from the same source again, "
              "or removed with `caseworker intake undo BATCH`.")
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    services = sign_in(args)
    report = services.intake.undo_import(args.batch)
    if args.json:
        print_json(report.to_json())
        return 0 if report.done else 1
    if not report.done:
        print(f"Import {report.batch_id} ({report.filename}) was not undone: these later changes stand in the way "
              "(nothing was changed):", file=sys.stderr)
        for blocker in report.blockers:
            print(f"  {blocker}", file=sys.stderr)
        return 1
    print(f"Undid import {report.batch_id} ({report.filename}): {report.cases_removed:,} cases and "
          f"{report.people_removed:,} people removed, {report.reverted:,} records put back as they were.")
    return 0


def cmd_duplicates(args: argparse.Namespace) -> int:
    services = sign_in(args)
    pairs = services.intake.duplicates(args.status.upper().replace("-", "_"))
    if args.json:
        print_json({"duplicates": [p.to_json() for p in pairs]})
        return 0
    print_table([[str(p.id), str(p.score), f"{p.case_a} {p.name_a}", f"{p.case_b} {p.name_b}", " + ".join(p.reasons)]
                 for p in pairs], ["ID", "SCORE", "CASE A", "CASE B", "WHY"])
    return 0


def cmd_scan(args: argparse.Namespace) -> int:
    services = sign_in(args)
    report = services.intake.scan_store(progress=None if args.json else _progress("Scanning"),
                                        min_score=args.min_score)
    if args.json:
        print_json(report.to_json())
        return 0
    pairs = "pair" if report.queued == 1 else "pairs"
    print(f"Scanned {report.people:,} people in {report.cases:,} cases in {report.seconds:.1f} s "
          f"({report.compared:,} pairs compared): {report.queued:,} new {pairs} queued for review"
          + (f" ({report.same_document:,} with the same document number)" if report.same_document else "")
          + (f"; {report.already_known:,} already queued or decided" if report.already_known else "") + ".")
    for pair in report.duplicates[:MAX_PROBLEMS_SHOWN]:
        print(f"  {pair.case} ↔ {pair.other_case}  score {pair.score}: {' + '.join(pair.reasons)}")
    if len(report.duplicates) > MAX_PROBLEMS_SHOWN:
        print(f"  … and {len(report.duplicates) - MAX_PROBLEMS_SHOWN:,} more: `caseworker intake duplicates`")
    return 0


def _same(values: list[str]) -> tuple[tuple[int, int], ...]:
    pairs = []
    for value in values:
        left, sep, right = value.partition(":")
        if not sep or not left.strip().isdigit() or not right.strip().isdigit():
            raise ValidationError(f"{value!r} is not ID:ID (two person ids)", field="--same")
        pairs.append((int(left), int(right)))
    return tuple(pairs)


def cmd_merge(args: argparse.Namespace) -> int:
    from caseworker.services.intake import MergeRequest

    services = sign_in(args)
    survivor, other = services.cases.id_for_reference(args.survivor), services.cases.id_for_reference(args.other)
    same = () if args.no_same else (_same(args.same) or None)
    request = MergeRequest(survivor, other, take_other=frozenset(args.take), same_people=same,
                           reason=args.reason or "duplicate confirmed in review")
    case = services.intake.merge(request)
    if args.json:
        print_json(case.to_json())
    else:
        print(f"Merged {args.other.upper()} into {case.reference}: the family now has {len(case.people)} people; "
              f"{args.other.upper()} is DUPLICATE.")
    return 0


def cmd_not_duplicate(args: argparse.Namespace) -> int:
    services = sign_in(args)
    a, b = services.cases.id_for_reference(args.a), services.cases.id_for_reference(args.b)
    services.intake.not_duplicate(a, b, args.reason)
    print(f"Recorded: {args.a.upper()} and {args.b.upper()} are different families; they will not be proposed again.")
    return 0


def cmd_whatsapp(args: argparse.Namespace) -> int:
    services: Services = sign_in(args)
    case_id = services.cases.id_for_reference(args.case)
    try:
        report = services.intake.import_whatsapp(args.file, case_id, person_id=args.person, timezone=args.timezone,
                                                 progress=None if args.json else _progress("Importing"),
                                                 date_order=args.date_order)
    except AmbiguousDateOrder as exc:
        choices = " or ".join(f"--date-order {order.lower()} ({describe(when, time=False)})"
                            for order, when in exc.readings)
        return fail(f"{args.file.name}: {exc.bare_message}. Nothing was imported; run again with {choices}.",
                    exc.exit_code)
    if args.json:
        print_json(report.to_json())
        return 0
    who = f"person {report.person_id}" if report.person_id else "no person of the case (check the numbers)"
    print(f"{report.file} → {report.case} (chat with {who}): {report.added} new messages, "
          f"{report.already_imported} already imported, {report.system_skipped} system lines skipped, "
          f"{report.attachments} attachments; the export itself is kept as an attachment.")
    if report.media_missing:
        print("Media named in the chat but not in the export: " + ", ".join(report.media_missing[:20]))
    return 0
