"""`caseworker mrz check`: the dialog's MRZ reader without the dialog (issue 13)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from caseworker.cli.main import main

TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n"
MRV_B = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<\n"


def run(args: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["mrz", "check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_corrected_slip_is_printed_as_a_warning(monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([], TD3.replace("7408122F", "74O8122F"), monkeypatch, capsys)
    assert code == 0
    assert "TD3 document P issued by UTO" in out and "ERIKSSON, ANNA MARIA" in out
    assert "✓ whole zone" in out and "✗" not in out
    assert "warning: line 2, position 16: read O as 0" in out


def test_a_visa_from_a_file_as_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "zone.txt"
    path.write_text(MRV_B, encoding="utf-8")
    code, out, _ = run([str(path), "--json"], "", monkeypatch, capsys)
    data = json.loads(out)
    assert code == 0 and data["layout"] == "MRV-B" and data["valid"] is True
    assert [c["field"] for c in data["checks"]] == ["document_number", "birth_date", "expiry_date"]
    assert data["birth_date"] == "1940-09-07" and data["birth_precision"] == "EXACT"


def test_a_failed_check_digit_exits_1_and_is_named(monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([], TD3.replace("7408122F", "7408123F"), monkeypatch, capsys)
    assert code == 1
    assert "✗ date of birth: check digit 3, should be 2" in out


def test_a_partial_birth_date_is_year_only(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from mrz.base.functions import hash_string

    line2 = "L898902C36UTO" + "74<<<<" + hash_string("74<<<<") + "F1204159ZE184226B<<<<<1"
    line2 += hash_string(line2[:10] + line2[13:20] + line2[21:43])
    code, out, _ = run([], TD3.splitlines()[0] + "\n" + line2, monkeypatch, capsys)
    assert code == 0
    assert "date of birth:   1974 (year only)" in out
    assert "kept as 1974 (year only)" in out


def test_an_unreadable_zone_exits_2_with_the_reason(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([], "P<UTOERIKSSON\n123", monkeypatch, capsys)
    assert code == 2 and out == ""
    assert "got lines of 13, 3" in err
