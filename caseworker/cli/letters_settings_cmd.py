"""`caseworker letters crossings|validity|template`: what administrators set for letters."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from caseworker.cli.common import print_json, print_table, sign_in
from caseworker.cli.letters_verify_cmd import read_file
from caseworker.domain.errors import ValidationError


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
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
            texts = json.loads(read_file(args.file, "--file").decode("utf-8"))
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
