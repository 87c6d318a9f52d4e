"""`caseworker letters …`: draft, approve, print, revoke, list, verify letters; keys and settings."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from caseworker.cli.common import print_json, print_table, sign_in
from caseworker.documents.files import write_atomically
from caseworker.domain.errors import NotFoundError, ValidationError
from caseworker.domain.letters import LetterStatus
from caseworker.services.letters import LetterView

# `letters verify` exit codes (0 is VALID), so scripts can tell the verdicts apart.
VERDICT_EXIT = {"VALID": 0, "INVALID": 10, "REVOKED": 11, "SUPERSEDED": 12, "EXPIRED": 13}


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
    p.add_argument("--preview", action="store_true", help="a preview (watermarked unless issued); not counted")
    p = add("batch", cmd_batch, "write many issued letters into one PDF for printing (each counted)")
    p.add_argument("letters", nargs="+", metavar="LETTER")
    p.add_argument("--out", required=True, type=Path, metavar="FILE")
    p = add("list", cmd_list, "list letters, newest first")
    p.add_argument("--status", type=str.upper, choices=[s.value for s in LetterStatus], metavar="STATUS")
    p.add_argument("--case", metavar="REF", help="only this case's letters")
    p.add_argument("--json", action="store_true")
    p = add("show", cmd_show, "show one letter")
    p.add_argument("letter")
    p.add_argument("--json", action="store_true")
    p = add("verify", cmd_verify, "verify a letter's QR code (offline with --public-key)")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--qr-text", metavar="TEXT", help="the text of the QR code (TA1:…)")
    source.add_argument("--pdf", type=Path, metavar="FILE", help="a PDF of the letter")
    source.add_argument("--image", type=Path, metavar="FILE", help="a photo or scan of the letter")
    source.add_argument("--code", metavar="CODE", help="the verification code printed on the letter (needs --reference)")
    p.add_argument("--reference", help="the letter reference, with --code")
    p.add_argument("--public-key", type=Path, metavar="FILE", help="the issuing store's public key: verify without a store")
    p.add_argument("--revocations", type=Path, metavar="FILE", help="a revocation list from `letters revocations`")
    p.add_argument("--json", action="store_true")
    add("public-key", cmd_public_key, "write the store's public key for partners").add_argument(
        "--out", type=Path, metavar="FILE", help="default: print it")
    add("revocations", cmd_revocations, "write the signed list of revoked and superseded letters").add_argument(
        "--out", required=True, type=Path, metavar="FILE")
    _settings_commands(sub, parent)


def _letter_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--person", type=int, action="append", metavar="ID", help="a person to list (repeatable; default: everyone cleared to travel)")
    p.add_argument("--valid-days", type=int, metavar="N", help="validity in days (default: the post's, 30 unless set)")
    p.add_argument("--crossing", action="append", default=None, metavar="NAME", help="authorised crossing point (repeatable, in route order)")
    p.add_argument("--signatory", metavar="USER", help="the officer named as signatory (default: the approving officer)")


def _settings_commands(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("crossings", parents=[parent], help="the administrator's list of crossing points")
    p.add_argument("action", choices=("list", "add", "remove"))
    p.add_argument("name", nargs="?")
    p.add_argument("--fa", default="", help="the name in Dari")
    p.add_argument("--ps", default="", help="the name in Pashto")
    p.set_defaults(handler=cmd_crossings)
    p = sub.add_parser("validity", parents=[parent], help="show or set a post's default validity in days")
    p.add_argument("--post", required=True)
    p.add_argument("--days", type=int)
    p.set_defaults(handler=cmd_validity)
    p = sub.add_parser("template", parents=[parent], help="show, set or reset a post's letter wording")
    p.add_argument("action", choices=("show", "set", "reset"))
    p.add_argument("--post", required=True)
    p.add_argument("--lang", choices=("en", "fa", "ps"))
    p.add_argument("--file", type=Path, help="with set: a JSON object of texts to override")
    p.set_defaults(handler=cmd_template)


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
    services = sign_in(args)
    letter_id = services.letters.find(args.letter)
    pdf = services.letters.preview_pdf(letter_id) if args.preview else services.letters.print_pdf(letter_id, via="pdf")
    write_atomically(args.out, pdf.data)
    what = "preview" if pdf.copy is None else ("copy 1" if pdf.copy == 1 else f"reprint, copy {pdf.copy}")
    print(f"Wrote {pdf.label} to {args.out} ({what}; SHA-256 {pdf.sha256[:16]}…).")
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    services = sign_in(args)
    ids = [services.letters.find(x) for x in args.letters]
    out = args.out.expanduser()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        with tmp.open("wb") as f:
            result = services.letters.print_batch(ids, f)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
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


def _read(path: Path, what: str) -> bytes:
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
            key = lp.load_public_key(_read(args.public_key, "--public-key"))
            revocations = lv.read_revocation_list(_read(args.revocations, "--revocations"), key) if args.revocations else None
        except lp.PayloadError as exc:
            raise ValidationError(str(exc), field="--revocations" if "revocation" in str(exc) else "--public-key") from None
        results = [lv.verify_text(t, key, revocations) for t in _qr_texts(args)]
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


def cmd_crossings(args: argparse.Namespace) -> int:
    settings = sign_in(args).letters.settings
    if args.action != "list" and not args.name:
        raise ValidationError("give the crossing point's name", field="name")
    if args.action == "add":
        points = settings.add_crossing(args.name, args.fa, args.ps)
    elif args.action == "remove":
        points = settings.remove_crossing(args.name)
    else:
        points = settings.crossings()
    print_table([[p.name, p.name_fa, p.name_ps] for p in points], ["CROSSING POINT", "DARI", "PASHTO"])
    return 0


def cmd_validity(args: argparse.Namespace) -> int:
    settings = sign_in(args).letters.settings
    days = settings.set_valid_days(args.post, args.days) if args.days is not None else settings.valid_days(args.post)
    print(f"Letters from {args.post.upper()} are valid for {days} days by default.")
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    settings = sign_in(args).letters.settings
    if args.action == "set":
        if not (args.lang and args.file):
            raise ValidationError("set needs --lang and --file", field="--file")
        try:
            texts = json.loads(_read(args.file, "--file").decode("utf-8"))
        except ValueError as exc:
            raise ValidationError(f"{args.file} is not JSON: {exc}", field="--file") from None
        settings.set_template(args.post, args.lang, texts)
        print(f"Updated the {args.lang} wording of {args.post.upper()}'s letters.")
    elif args.action == "reset":
        settings.reset_template(args.post, args.lang)
        print(f"{args.post.upper()}'s letters use the default wording" + (f" in {args.lang}." if args.lang else "."))
    else:
        templates = settings.templates(args.post)
        langs = [args.lang] if args.lang else ["en", "fa", "ps"]
        print_json({lang: dict(templates.texts[lang]) for lang in langs})
    return 0
