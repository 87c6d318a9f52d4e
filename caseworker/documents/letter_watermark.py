"""What a copy that is not a valid letter says across its page, in every language of the letter.

A preview of an issued letter, a draft, and a revoked, superseded, expired or
rejected letter are drawn with this watermark and without a QR code, so none of
them can pass for a letter at a border. The wording is fixed here rather than
in the editable letter templates: a post's wording may change, but no setting
can blank or soften the watermark.
"""

from __future__ import annotations

from collections.abc import Mapping

PREVIEW = "PREVIEW"

_NOT_VALID = {"en": "NOT VALID", "fa": "فاقد اعتبار", "ps": "اعتبار نه لري"}
_KINDS: Mapping[str, Mapping[str, str]] = {
    PREVIEW: {"en": "PREVIEW", "fa": "پیش‌نمایش", "ps": "مخکتنه"},
    "DRAFT": {"en": "DRAFT", "fa": "پیش‌نویس", "ps": "مسوده"},
    "SUPERSEDED": {"en": "SUPERSEDED", "fa": "جایگزین شده", "ps": "بدل شوی"},
    "REVOKED": {"en": "REVOKED", "fa": "لغو شده", "ps": "لغوه شوی"},
    "EXPIRED": {"en": "EXPIRED", "fa": "منقضی شده", "ps": "پای ته رسېدلی"},
    "REJECTED": {"en": "REJECTED", "fa": "رد شده", "ps": "رد شوی"},
}
LANGS = ("en", "fa", "ps")


def watermark_lines(kind: str) -> tuple[tuple[str, str], ...]:
    """``(language, text)`` for each line of the watermark of ``kind`` (a letter status or PREVIEW)."""
    words = _KINDS.get(kind.upper())
    if words is None:
        raise ValueError(f"no watermark for {kind!r} (known: {', '.join(_KINDS)})")
    return tuple((lang, f"{words[lang]} — {_NOT_VALID[lang]}") for lang in LANGS)
