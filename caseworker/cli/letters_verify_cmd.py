"""`caseworker letters verify|public-key|revocations`: checking letters, offline or against the store."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from caseworker.cli.common import print_json, sign_in
from caseworker.documents.files import write_atomically
from caseworker.domain.errors import NotFoundError, ValidationError

# `letters verify` exit codes (0 is VALID), so scripts can tell the verdicts apart.
VERDICT_EXIT = {"VALID": 0, "INVALID": 10, "REVOKED": 11, "SUPERSEDED": 12, "EXPIRED": 13}


def _add(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser, name: str, handler, help: str):  # type: ignore[no-untyped-def]
    p = sub.add_parser(name, parents=[parent], help=help, description=help)
    p.set_defaults(handler=handler)
    return p


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = _add(sub, parent, "verify", cmd_verify, "verify a letter's QR code (offline with --public-key)")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--qr-text", metavar="TEXT", help="the text of the QR code (TA1:…)")
    source.add_argument("--pdf", type=Path, metavar="FILE", help="a PDF of the letter")
    source.add_argument("--image", type=Path, metavar="FILE", help="a photo or scan of the letter")
    source.add_argument("--code", metavar="CODE", help="the verification code printed on the letter (needs --reference)")
    p.add_argument("--reference", help="the letter reference, with --code")
    p.add_argument("--public-key", type=Path, metavar="FILE", help="the issuing store's public key: verify without a store")
    p.add_argument("--revocations", type=Path, metavar="FILE", help="a revocation list from `letters revocations`")
    p.add_argument("--accept-stale", action="store_true",
                   help="check against a revocation list older than its maximum age anyway (the result says so)")
    p.add_argument("--json", action="store_true")
    _add(sub, parent, "public-key", cmd_public_key, "write the store's public key for partners").add_argument(
        "--out", type=Path, metavar="FILE", help="default: print it")
    _add(sub, parent, "revocations", cmd_revocations, "write the signed list of revoked and superseded letters").add_argument(
        "--out", required=True, type=Path, metavar="FILE")


def read_file(path: Path, what: str) -> bytes:
    try:
        return path.expanduser().read_bytes()
    except OSError as exc:
        raise ValidationError(f"cannot read {path}: {exc.strerror}", field=what) from None


def _qr_texts(args: argparse.Namespace) -> list[str]:
    from caseworker.documents import qr

    if args.qr_text is not None:
        return [args.qr_text]
    path = args.pdf or args.image
    if not path.expanduser().exists():
        raise NotFoundError(f"no file {path}")
    try:
        found = qr.read_pdf_file(path.expanduser()) if args.pdf else qr.read_image_file(path.expanduser())
    except qr.QrReadError as exc:
        raise ValidationError(str(exc), field="--pdf" if args.pdf else "--image") from None
    texts = [t for t in found if t.startswith("TA1:")]
    if not texts:
        raise NotFoundError(f"no letter QR code could be read in {path}")
    return texts


def cmd_verify(args: argparse.Namespace) -> int:
    from caseworker.documents import letter_payload as lp
    from caseworker.documents import letter_verify as lv

    if args.code and not args.reference:
        raise ValidationError("--code needs --reference", field="--reference")
    if args.public_key:  # a partner: no store, no sign-in
        if args.code:
            raise ValidationError("a verification code can only be checked against the issuing store", field="--code")
        try:
            key = lp.load_public_key(read_file(args.public_key, "--public-key"))
            revocations = lv.read_revocation_list(read_file(args.revocations, "--revocations"), key) if args.revocations else None
        except lp.PayloadError as exc:
            raise ValidationError(str(exc), field="--revocations" if "revocation" in str(exc) else "--public-key") from None
        try:
            results = [lv.verify_text(t, key, revocations, accept_stale=args.accept_stale) for t in _qr_texts(args)]
        except lv.StaleRevocationList as exc:
            raise ValidationError(str(exc), field="--revocations") from None
    else:
        if args.revocations:
            raise ValidationError("--revocations is used with --public-key (the store knows its own)", field="--revocations")
        services = sign_in(args)
        if args.code:
            results = [services.letters.verify_code(args.reference, args.code)]
        else:
            results = [services.letters.verify(t) for t in _qr_texts(args)]
    if args.json:
        print_json({"results": [r.to_json() for r in results]})
    else:
        for result in results:
            _print_result(result)
    return max(VERDICT_EXIT[r.verdict.value] for r in results)


def _print_result(result) -> None:  # type: ignore[no-untyped-def]
    print(f"{result.verdict.value}: {result.reason}")
    p = result.payload
    if p is None or result.verdict == "INVALID":
        return
    print(f"Letter {p.reference} version {p.version}, valid {p.valid_from} to {p.valid_to}, "
          f"verification code {result.verification_code}")  # fmt: skip
    print("People:")
    for n, person in enumerate(p.people, 1):
        print(f"  {n}. {person.name:<30} born {person.birth_display:<10} document {person.document_number or '-'}")


def cmd_public_key(args: argparse.Namespace) -> int:
    pem, key_id = sign_in(args).letters.public_key_pem()
    if args.out:
        write_atomically(args.out, pem)
        print(f"Wrote public key {key_id} to {args.out}.")
    else:
        sys.stdout.write(pem.decode())
    return 0


def cmd_revocations(args: argparse.Namespace) -> int:
    data = sign_in(args).letters.revocation_list()
    write_atomically(args.out, data)
    n = len(json.loads(data)["letters"])
    print(f"Wrote the revocation list ({n} letter{'' if n == 1 else 's'}) to {args.out}.")
    return 0


