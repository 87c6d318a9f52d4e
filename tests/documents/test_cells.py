"""`safe_text`: whatever comes in, nothing a spreadsheet program would run comes out."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from caseworker.documents.cells import MAX_CELL, TRIGGERS, needs_quote, safe_text


@given(st.text(max_size=200))
def test_safe_text_is_inert_and_idempotent(value: str) -> None:
    out = safe_text(value)
    assert safe_text(out) == out
    assert not needs_quote(out)
    assert not out or out[0] not in TRIGGERS
    assert not any(ch in out for ch in "\x00\x0b\x1b\u202e\u2066\r\n\t")


@given(st.sampled_from("=+-@"), st.text(max_size=30))
def test_formula_prefixes_get_an_apostrophe_and_keep_the_value(prefix: str, rest: str) -> None:
    out = safe_text(prefix + rest.replace("\t", "").replace("\r", "").replace("\n", ""))
    assert out.startswith("'" + prefix)


def test_ordinary_names_and_numbers_are_untouched() -> None:
    for value in ("MOHAMMAD", "محمد کریمی", "عبدالرحمن", "می‌خواهم", "P01234567", "O'BRIEN", "AL-HASHIMI", "1985"):
        assert safe_text(value) == value  # ZWNJ in می‌خواهم stays


def test_examples() -> None:
    assert safe_text("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert safe_text("\t=1+1") == "' =1+1"
    assert safe_text("#DIV/0!") == "'#DIV/0!"
    assert safe_text("\u202eexe.pdf") == "exe.pdf"
    assert len(safe_text("x" * 50_000)) == MAX_CELL
    assert len(safe_text("😀" * 20_000).encode("utf-16-le")) // 2 <= MAX_CELL
