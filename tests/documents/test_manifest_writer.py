"""The XLSX writer on its own: write-only output that opens and holds what was given."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from caseworker.documents.manifest import Manifest, WriteCancelled
from caseworker.documents.manifest_xlsx import write_xlsx
from caseworker.documents.office_crypto import decrypt_ooxml, encrypt_ooxml
from caseworker.domain.date_formats import parse_date_format
from caseworker.domain.errors import ValidationError
from caseworker.domain.handoff_fields import Kind
from tests.documents.manifest_package import package_problems, read_cells

KINDS = [Kind.NUMBER, Kind.TEXT, Kind.DATE]


def _manifest(rows: list[list[object]]) -> Manifest:
    return Manifest("HO-2026-00009", "t", "Manifest", ["No.", "Name", "Born"], KINDS, rows,  # type: ignore[arg-type]
                    parse_date_format("DD MMM YYYY"))  # fmt: skip


def test_cells_round_trip_with_real_dates_and_no_hidden_state() -> None:
    rows = [[i, f"NAME {i}", dt.date(1990, 1 + i % 12, 1) if i % 3 else None] for i in range(1, 2001)]
    out = io.BytesIO()
    progress: list[tuple[int, int]] = []
    write_xlsx(_manifest(rows), out, progress=lambda d, t: progress.append((d, t)))
    headings, back = read_cells(out.getvalue())
    assert headings == ["No.", "Name", "Born"]
    assert back == [[n, s, dt.datetime.combine(d, dt.time()) if d else None] for n, s, d in rows]
    assert package_problems(out.getvalue()) == []
    assert progress[-1] == (2000, 2000) and len(progress) >= 2


def test_the_writer_itself_neutralises_a_formula_it_is_given() -> None:
    out = io.BytesIO()
    write_xlsx(_manifest([[1, "=1+1", None], [2, "#REF!", None]]), out)
    assert [r[1] for r in read_cells(out.getvalue())[1]] == ["'=1+1", "'#REF!"]
    assert package_problems(out.getvalue()) == []


def test_cancelling_stops_the_writer() -> None:
    rows = [[i, "X", None] for i in range(10_000)]
    with pytest.raises(WriteCancelled):
        write_xlsx(_manifest(rows), io.BytesIO(), cancelled=lambda: True)


def test_encryption_round_trip_and_wrong_passphrase() -> None:
    out = io.BytesIO()
    write_xlsx(_manifest([[1, "A", None]]), out)
    sealed = encrypt_ooxml(out.getvalue(), "7KQ2-M9XD-4TAB-P0RS-W3ZE-HJ5N")
    assert sealed[:8] == bytes.fromhex("d0cf11e0a1b11ae1")  # an OLE compound file, as Excel writes
    assert decrypt_ooxml(sealed, "7KQ2-M9XD-4TAB-P0RS-W3ZE-HJ5N") == out.getvalue()
    with pytest.raises(ValidationError):
        decrypt_ooxml(sealed, "7KQ2-M9XD-4TAB-P0RS-W3ZE-HJ5M")
