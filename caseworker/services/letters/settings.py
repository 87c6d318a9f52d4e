"""What an administrator sets for letters: crossing points, validity, signatory title, wording.

Stored in the store's ``settings`` table (shared by every user of a team
database); each change is one audited transaction. Reading needs no role:
every letter needs these.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.documents.letter_content import CrossingPoint
from caseworker.documents.letter_templates import (
    LANGUAGES,
    LetterTemplates,
    check_language,
    load_templates,
)
from caseworker.domain.errors import NotFoundError, ValidationError
from caseworker.domain.letters import DEFAULT_VALID_DAYS, valid_days
from caseworker.domain.roles import Action
from caseworker.domain.validation import clean_text
from caseworker.resources import asset_path
from caseworker.services.context import Service
from caseworker.store import audit
from caseworker.store.models import Post, Setting

CROSSINGS = "letters.crossings"
VALID_DAYS = "letters.valid_days"
SIGNATORY_TITLE = "letters.signatory_title"
TEMPLATES = "letters.templates"
DEFAULT_TITLE = "Authorising Officer"


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    value = session.execute(select(Setting.value).where(Setting.key == key)).scalar_one_or_none()
    return default if value is None else value


def put_setting(session: Session, key: str, value: Any) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def default_crossings() -> list[dict[str, str]]:
    return json.loads(asset_path("templates/letters/crossings.json").read_text(encoding="utf-8"))


def crossings(session: Session) -> tuple[CrossingPoint, ...]:
    return tuple(CrossingPoint.from_json(c) for c in get_setting(session, CROSSINGS, None) or default_crossings())


def post_valid_days(session: Session, post: str) -> int:
    return int(get_setting(session, VALID_DAYS, {}).get(post, DEFAULT_VALID_DAYS))


def post_signatory_title(session: Session, post: str) -> str:
    return str(get_setting(session, SIGNATORY_TITLE, {}).get(post, DEFAULT_TITLE))


def post_templates(session: Session, post: str) -> LetterTemplates:
    return load_templates(get_setting(session, TEMPLATES, {}).get(post))


def _post(session: Session, code: str) -> str:
    code = (code or "").strip().upper()
    if session.get(Post, code) is None:
        raise ValidationError(f"unknown post {code!r}", field="post")
    return code


class LetterSettings(Service):
    """``services.letters.settings``: read by anyone signed in, changed by administrators."""

    def crossings(self) -> tuple[CrossingPoint, ...]:
        with self._ctx.read() as session:
            return crossings(session)

    def posts(self) -> list[tuple[str, str]]:
        """(code, name) of the posts that can issue letters."""
        with self._ctx.read() as session:
            return [(p.code, p.name) for p in session.execute(select(Post).order_by(Post.code)).scalars()]

    def add_crossing(self, name: str, name_fa: str = "", name_ps: str = "") -> tuple[CrossingPoint, ...]:
        self._ctx.require(Action.MANAGE_SETTINGS)
        point = CrossingPoint(
            clean_text(name, "crossing point", max_length=80, required=True),
            clean_text(name_fa, "Dari name", max_length=80),
            clean_text(name_ps, "Pashto name", max_length=80),
        )
        with self._ctx.write() as session:
            current = list(crossings(session))
            if any(p.name.casefold() == point.name.casefold() for p in current):
                raise ValidationError(f"{point.name!r} is already on the list", field="crossing point")
            current.append(point)
            self._save_crossings(session, current, f"added crossing point {point.name}")
            return tuple(current)

    def remove_crossing(self, name: str) -> tuple[CrossingPoint, ...]:
        self._ctx.require(Action.MANAGE_SETTINGS)
        with self._ctx.write() as session:
            current = list(crossings(session))
            kept = [p for p in current if p.name.casefold() != (name or "").strip().casefold()]
            if len(kept) == len(current):
                raise NotFoundError(f"no crossing point called {name!r}")
            self._save_crossings(session, kept, f"removed crossing point {name.strip()}")
            return tuple(kept)

    def _save_crossings(self, session: Session, points: list[CrossingPoint], summary: str) -> None:
        before = [p.to_json() for p in crossings(session)]
        after = [p.to_json() for p in points]
        put_setting(session, CROSSINGS, after)
        audit.append(session, self.user.actor, "settings.update", "setting", None, summary=summary,
                     before={CROSSINGS: before}, after={CROSSINGS: after})  # fmt: skip

    def valid_days(self, post: str) -> int:
        with self._ctx.read() as session:
            return post_valid_days(session, _post(session, post))

    def set_valid_days(self, post: str, days: int) -> int:
        self._ctx.require(Action.MANAGE_SETTINGS)
        days = valid_days(days)
        with self._ctx.write() as session:
            self._put_per_post(session, VALID_DAYS, _post(session, post), days, "default letter validity")
        return days

    def signatory_title(self, post: str) -> str:
        with self._ctx.read() as session:
            return post_signatory_title(session, _post(session, post))

    def set_signatory_title(self, post: str, title: str) -> str:
        self._ctx.require(Action.MANAGE_SETTINGS)
        title = clean_text(title, "signatory title", max_length=200, required=True)
        with self._ctx.write() as session:
            self._put_per_post(session, SIGNATORY_TITLE, _post(session, post), title, "signatory title")
        return title

    def template_overrides(self, post: str) -> dict[str, dict[str, Any]]:
        with self._ctx.read() as session:
            return dict(get_setting(session, TEMPLATES, {}).get(_post(session, post), {}))

    def templates(self, post: str) -> LetterTemplates:
        with self._ctx.read() as session:
            return post_templates(session, _post(session, post))

    def set_template(self, post: str, lang: str, texts: dict[str, Any]) -> None:
        """Override some of a language's texts for one post; refused if any text is unusable."""
        self._ctx.require(Action.MANAGE_SETTINGS)
        clean = check_language(lang, texts, partial=True)
        with self._ctx.write() as session:
            code = _post(session, post)
            per_post = dict(get_setting(session, TEMPLATES, {}).get(code, {}))
            per_post[lang] = {**per_post.get(lang, {}), **clean}
            self._put_per_post(session, TEMPLATES, code, per_post, f"letter wording ({lang})")

    def reset_template(self, post: str, lang: str | None = None) -> None:
        self._ctx.require(Action.MANAGE_SETTINGS)
        if lang is not None and lang not in LANGUAGES:
            raise ValidationError(f"unknown letter language {lang!r}", field="language")
        with self._ctx.write() as session:
            code = _post(session, post)
            per_post = dict(get_setting(session, TEMPLATES, {}).get(code, {}))
            for key in [lang] if lang else list(per_post):
                per_post.pop(key, None)
            self._put_per_post(session, TEMPLATES, code, per_post, "letter wording reset")

    def _put_per_post(self, session: Session, key: str, post: str, value: Any, what: str) -> None:
        current = dict(get_setting(session, key, {}))
        before = current.get(post)
        current[post] = value
        put_setting(session, key, current)
        audit.append(session, self.user.actor, "settings.update", "setting", None,
                     summary=f"{what} for {post}", before={key: {post: before}}, after={key: {post: value}})  # fmt: skip
