"""The wording of letters in English, Dari and Pashto, from editable templates.

Defaults live in ``resources/templates/letters/<lang>.json``; an
administrator can override any text per post (stored in the store's
settings, see :mod:`caseworker.services.letters.settings`). A template may
only use the placeholders in :data:`PLACEHOLDERS`, filled from a
:class:`~.letter_content.LetterContent`; any other ``{name}`` (or a stray
brace, or ``{a.b}`` / ``{a[0]}`` tricks) is refused when the template is
loaded, with an error naming the text and the placeholder. So a template
cannot pull a forbidden field (phone numbers, referrer, employer …) onto a
letter: there is nothing else to pull.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from caseworker.domain.errors import ValidationError
from caseworker.resources import asset_path

LANGUAGES = ("en", "fa", "ps")

PLACEHOLDERS = frozenset({
    "post_name", "reference", "version", "issue_date", "valid_from", "valid_to", "crossings",
    "people_count", "verification_code", "signatory_name", "signatory_title", "page", "pages",
})  # fmt: skip

TEXT_KEYS = (
    "letterhead", "title", "purpose", "validity", "crossings", "not_valid_if_altered", "verify_hint",
    "reference_label", "version_label", "date_label", "header_name", "header_birth", "header_sex",
    "header_document", "header_relationship", "signature_label", "code_label", "page", "year_only",
)  # fmt: skip
MAX_TEXT = 1000

_TOKEN = re.compile(r"\{([^{}]*)\}|[{}]")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


class TemplateError(ValidationError):
    """A template that cannot be used; the message names the language, text and problem."""


def check_text(lang: str, key: str, text: object) -> str:
    """``text`` if it is a usable template text, else TemplateError naming the problem."""
    where = f"letter template {lang}/{key}"
    if not isinstance(text, str):
        raise TemplateError(f"{where}: must be text", field=key)
    if len(text) > MAX_TEXT:
        raise TemplateError(f"{where}: keep it under {MAX_TEXT} characters", field=key)
    if _BIDI_CONTROLS.search(text):
        # They could reorder the values the renderer inserts (a date read backwards).
        raise TemplateError(f"{where}: contains invisible text-direction control characters", field=key)
    for match in _TOKEN.finditer(text):
        name = match.group(1)
        if name is None:
            raise TemplateError(f"{where}: unmatched {match.group(0)!r} (write placeholders as {{name}})", field=key)
        if name not in PLACEHOLDERS:
            allowed = ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
            raise TemplateError(f"{where}: unknown placeholder {{{name}}} (allowed: {allowed})", field=key)
    return text


def check_language(lang: str, data: Mapping[str, Any], *, partial: bool) -> dict[str, Any]:
    """Validate one language's texts; ``partial`` allows a subset (a per-post override)."""
    if lang not in LANGUAGES:
        raise TemplateError(f"unknown letter language {lang!r} (use {', '.join(LANGUAGES)})", field="language")
    if not isinstance(data, Mapping):
        raise TemplateError(f"letter template {lang}: must be a JSON object of texts")
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if key == "post_names":
            if not isinstance(value, Mapping) or not all(isinstance(v, str) for v in value.values()):
                raise TemplateError(f"letter template {lang}/post_names: must map post codes to names")
            clean[key] = {str(k).upper(): check_text(lang, f"post_names/{k}", v) for k, v in value.items()}
        elif key in TEXT_KEYS:
            clean[key] = check_text(lang, key, value)
        else:
            raise TemplateError(f"letter template {lang}: unknown text {key!r}", field=key)
    if not partial:
        missing = [k for k in TEXT_KEYS if k not in clean]
        if missing:
            raise TemplateError(f"letter template {lang}: missing {', '.join(missing)}")
    return clean


def _default(lang: str) -> dict[str, Any]:
    path = asset_path(f"templates/letters/{lang}.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TemplateError(f"letter template {path}: cannot be read ({exc})") from None
    return check_language(lang, data, partial=False)


_defaults: dict[str, dict[str, Any]] = {}


@dataclass(frozen=True)
class LetterTemplates:
    """The texts of one post's letters, in every language."""

    texts: Mapping[str, Mapping[str, Any]]

    def text(self, lang: str, key: str, values: Mapping[str, str] | None = None) -> str:
        template: str = self.texts[lang][key]
        if not values:
            return template
        return _TOKEN.sub(lambda m: values.get(m.group(1) or "", m.group(0)), template)

    def post_name(self, lang: str, post_code: str, default: str) -> str:
        return self.texts[lang].get("post_names", {}).get(post_code, default)


def load_templates(overrides: Mapping[str, Mapping[str, Any]] | None = None) -> LetterTemplates:
    """The default texts with a post's overrides (``{lang: {key: text}}``) laid over them."""
    merged: dict[str, dict[str, Any]] = {}
    for lang in LANGUAGES:
        if lang not in _defaults:
            _defaults[lang] = _default(lang)
        merged[lang] = dict(_defaults[lang])
        if overrides and lang in overrides:
            merged[lang].update(check_language(lang, overrides[lang], partial=True))
    return LetterTemplates(merged)
