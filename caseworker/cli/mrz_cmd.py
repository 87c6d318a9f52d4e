"""`caseworker mrz check [FILE]`: read a machine-readable zone as the person dialog does.

The headless twin of the dialog's "Paste the MRZ" box: the layout, every field,
every check digit (✓/✗) and every correction or partial date the reader
reported. It opens no store (the zone is read, not saved). Exit code 0 when every
check digit agrees, 1 when one does not, 2 when the zone cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from caseworker.cli.common import print_json
from caseworker.domain.errors import ValidationError

_LABELS = {"document_number": "document number", "birth_date": "date of birth", "expiry_date": "expiry date",
           "personal_number": "personal number", "composite": "whole zone"}


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    mrz = commands.add_parser("mrz", parents=[parent], help="read a passport, ID card or visa zone")
    sub = mrz.add_subparsers(dest="mrz_command", metavar="ACTION", required=True)
    check = sub.add_parser("check", parents=[parent],
                           help="show a zone's fields, check digits and corrections (from FILE or stdin)")
    check.add_argument("file", nargs="?", default="-", help="a text file holding the zone (default: stdin)")
    check.add_argument("--json", action="store_true")
    check.set_defaults(handler=cmd_check)


def _read_text(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8-sig", errors="replace")
    except OSError as exc:
        raise ValidationError(f"cannot read {name}: {exc.strerror}", field="file") from None


def cmd_check(args: argparse.Namespace) -> int:
    from caseworker.domain.mrz import parse_mrz

    result = parse_mrz(_read_text(args.file))
    birth = result.birth_date.display() if result.birth_date else "unknown"
    expiry = result.expiry_date.isoformat() if result.expiry_date else "none"
    if args.json:
        print_json({
            "layout": result.format, "document_type": result.document_type, "issuing_state": result.issuing_state,
            "surname": result.surname, "given_names": result.given_names,
            "document_number": result.document_number, "nationality": result.nationality,
            "birth_date": result.birth_date.value.isoformat() if result.birth_date else None,
            "birth_precision": result.birth_date.precision.value if result.birth_date else None,
            "sex": result.sex, "expiry_date": result.expiry_date.isoformat() if result.expiry_date else None,
            "optional_data": result.optional_data, "optional_data_2": result.optional_data_2,
            "checks": [{"field": c.field, "expected": c.expected, "actual": c.actual, "ok": c.ok}
                       for c in result.checks],
            "warnings": list(result.warnings), "lines": list(result.lines), "valid": result.valid,
        })  # fmt: skip
        return 0 if result.valid else 1
    kind = "visa" if result.is_visa else "document"
    print(f"{result.format} {kind} {result.document_type} issued by {result.issuing_state}")
    print(f"  name:            {result.surname}, {result.given_names}".rstrip(", "))
    print(f"  number:          {result.document_number}")
    print(f"  nationality:     {result.nationality}    sex: {result.sex}")
    print(f"  date of birth:   {birth}")
    print(f"  expiry:          {expiry}")
    for check in result.checks:
        label = _LABELS.get(check.field, check.field)
        print(f"  ✓ {label}" if check.ok else f"  ✗ {label}: check digit {check.actual}, should be {check.expected}")
    for warning in result.warnings:
        print(f"  warning: {warning}")
    return 0 if result.valid else 1
