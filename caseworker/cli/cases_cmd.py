"""`caseworker cases list|show|move`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from caseworker.cli.common import LazyChoices, print_json, print_table, sign_in
from caseworker.domain.workflow import Status

if TYPE_CHECKING:
    from caseworker.services.dto import CaseDetail


def _queue_names() -> list[str]:
    from caseworker.services.queues import BY_NAME

    return list(BY_NAME)


def _sort_names() -> list[str]:
    from caseworker.services.queries import SORTS

    return list(SORTS)


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    cases = commands.add_parser("cases", parents=[parent], help="list, show and move cases")
    sub = cases.add_subparsers(dest="cases_command", metavar="ACTION", required=True)

    lst = sub.add_parser("list", parents=[parent], help="list or search cases")
    lst.add_argument("--status", action="append", default=[], type=str.upper, choices=[s.value for s in Status],
                     metavar="STATUS", help="only this status (repeatable)")  # fmt: skip
    lst.add_argument("--search", default="", metavar="TEXT",
                     help="names in any script or spelling, reference, document or phone number")  # fmt: skip
    lst.add_argument("--queue", default="all", choices=LazyChoices(_queue_names))
    lst.add_argument("--post", action="append", default=[], type=str.upper)
    lst.add_argument("--sort", default="reference", choices=LazyChoices(_sort_names))
    lst.add_argument("--desc", action="store_true", help="sort descending")
    lst.add_argument("--limit", type=int, default=50)
    lst.add_argument("--after", metavar="CURSOR", help="the next_cursor of the previous page")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=cmd_list)

    show = sub.add_parser("show", parents=[parent], help="show one case with its family and contact log")
    show.add_argument("reference")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_show)

    move = sub.add_parser("move", parents=[parent], help="move a case through the workflow")
    move.add_argument("reference")
    move.add_argument("status", type=str.upper, choices=[s.value for s in Status], metavar="STATUS")
    move.add_argument("--reason", required=True)
    move.add_argument("--expect-status", type=str.upper, choices=[s.value for s in Status], metavar="STATUS",
                      help="refuse (a conflict, exit 5) unless the case is still in this status")
    move.add_argument("--expect-version", type=int, metavar="N",
                      help="refuse (a conflict, exit 5) unless the case is still at this version")
    move.add_argument("--json", action="store_true", help="print the moved case as `cases show --json` does")
    move.set_defaults(handler=cmd_move)


def cmd_list(args: argparse.Namespace) -> int:
    from caseworker.services.queries import CaseQuery

    services = sign_in(args)
    query = CaseQuery(
        text=args.search, statuses=tuple(args.status), posts=tuple(args.post), queue=args.queue,
        sort=args.sort, descending=args.desc,
    )  # fmt: skip
    page = services.queries.page(query, limit=args.limit, after=args.after)
    if args.json:
        print_json({"cases": [row.to_json() for row in page.rows], "next_cursor": page.next_cursor})
        return 0
    print_table(
        [
            [r.reference, r.principal_name, r.principal_name_original, str(r.family_size), r.status, r.priority,
             r.current_country, r.assigned_to or "", r.last_contact_at.strftime("%Y-%m-%d") if r.last_contact_at else ""]
            for r in page.rows
        ],  # fmt: skip
        ["REFERENCE", "NAME", "ORIGINAL", "FAMILY", "STATUS", "PRIORITY", "COUNTRY", "ASSIGNED", "LAST CONTACT"],
    )
    if page.next_cursor:
        print(f"\nMore results: add --after {page.next_cursor}")
    return 0


def _print_case(case: CaseDetail) -> None:
    print(f"{case.reference}  {case.status}  priority {case.priority}  post {case.post}  scheme {case.scheme}")
    print(f"assigned to {case.assigned_to or '-'}; now in {case.current_country or '?'} {case.current_area}".rstrip())
    print("\nPeople:")
    for p in case.people:
        docs = ", ".join(f"{d.doc_type} {d.number}" for d in p.documents) or "no documents"
        print(f"  [{p.id}] {p.relationship:<9} {p.latin_name:<30} {p.name_original:<25} {p.sex}  {p.birth_display}  {docs}")
    print("\nContact log:")
    for c in case.contacts[:20]:
        print(f"  {c.occurred_at:%Y-%m-%d %H:%M} {c.channel:<9} {c.outcome:<16} {c.note[:60]}")
    if len(case.contacts) > 20:
        print(f"  … {len(case.contacts) - 20} older entries")


def cmd_show(args: argparse.Namespace) -> int:
    case = sign_in(args).cases.get_by_reference(args.reference)
    if args.json:
        print_json(case.to_json())
    else:
        _print_case(case)
    return 0


def cmd_move(args: argparse.Namespace) -> int:
    services = sign_in(args)
    case = services.cases.move(services.cases.id_for_reference(args.reference), args.status, args.reason,
                               expected_version=args.expect_version, expected_status=args.expect_status)
    if args.json:
        print_json(case.to_json())
    else:
        print(f"{case.reference} is now {case.status} (version {case.version}).")
    return 0
