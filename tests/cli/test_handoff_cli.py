"""`caseworker handoff …` end to end, in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from caseworker.documents.office_crypto import decrypt_ooxml
from tests.cli.conftest import Run
from tests.documents.manifest_package import read_cells
from tests.support.handoffs import profile


@pytest.fixture
def cli(run_cli: Run) -> Run:
    def run(user: str, *args: str) -> tuple[int, str, str]:
        return run_cli(*args, user=user)

    assert run("admin", "demo", "--cases", "30", "--seed", "5")[0] == 0
    return run


def test_profiles_import_show_and_refuse_a_forbidden_field(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "uz.json"
    good.write_text(json.dumps(profile()), encoding="utf-8")
    code, out, _ = cli("caseworker", "handoff", "profiles", "import", str(good))
    assert code == 4  # administrators manage profiles
    code, out, _ = cli("admin", "handoff", "profiles", "import", str(good))
    assert code == 0 and "saved profile uz-interior" in out
    code, out, _ = cli("admin", "handoff", "profiles", "show", "uz-interior")
    assert json.loads(out)["columns"][0] == {"field": "row_number", "heading": "№"}
    assert "secret" not in out
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(profile(name="leaky", columns=["surname", "whatsapp"])), encoding="utf-8")
    code, _, err = cli("admin", "handoff", "profiles", "import", str(bad))
    assert code == 2
    assert err.strip() == ("caseworker: error: columns[1].field: 'whatsapp' may never be given to a partner "
                           "(contact details stay inside the team)")  # fmt: skip
    code, out, _ = cli("admin", "handoff", "profiles", "list", "--json")
    names = [p["name"] for p in json.loads(out)["partners"]]
    assert sorted(names) == ["airline", "uz-interior"]  # the demo's two partners; "leaky" was refused


def test_prepare_approve_write_and_ledger(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "uz.json").write_text(json.dumps(profile()), encoding="utf-8")
    cli("admin", "handoff", "profiles", "import", str(tmp_path / "uz.json"))
    _, out, _ = cli("caseworker", "cases", "list", "--limit", "2", "--json")
    refs = [c["reference"] for c in json.loads(out)["cases"]]

    code, out, err = cli("caseworker", "handoff", "prepare", "--partner", "uz-interior", "--case", *refs,
                         "--crossing", "Torkham", "--from", "2026-12-01", "--to", "2026-12-08", "--json")  # fmt: skip
    assert code == 0, err
    prepared = json.loads(out)
    ref = prepared["handoff"]["reference"]
    assert prepared["row_count"] == len(prepared["rows"]) > 0 and prepared["headings"][0] == "№"
    assert prepared["handoff"]["crossing_point"] == "Torkham" and prepared["handoff"]["window_to"] == "2026-12-08"

    code, out, _ = cli("caseworker", "handoff", "show", ref)
    assert f"ROWS: {prepared['row_count']}" in out
    code, _, err = cli("caseworker", "handoff", "approve", ref)
    assert code == 4 and "may not approve handoff" in err
    code, out, _ = cli("officer", "handoff", "approve", ref)
    assert code == 0 and "approved" in out

    secret = tmp_path / "pass.txt"
    code, out, _ = cli("caseworker", "handoff", "write", ref, "--out", str(tmp_path / "m.xlsx"),
                       "--passphrase-file", str(secret))  # fmt: skip
    assert code == 0 and "sha256" in out
    passphrase = secret.read_text().strip()
    assert passphrase not in out and secret.stat().st_mode & 0o777 == 0o600
    headings, rows = read_cells(decrypt_ooxml((tmp_path / "m.xlsx").read_bytes(), passphrase))
    assert len(rows) == prepared["row_count"] and tuple(headings) == tuple(prepared["headings"])

    code, out, _ = cli("caseworker", "handoff", "list", "--json")
    assert json.loads(out)["handoffs"][0]["status"] == "WRITTEN"
    person = prepared["person_ids"][0]
    code, out, _ = cli("caseworker", "handoff", "ledger", "--person", str(person), "--json")
    [entry] = json.loads(out)["disclosures"]
    assert entry["reference"] == ref and entry["partner"] == "uz-interior" and "surname" in entry["fields"]
    code, out, _ = cli("caseworker", "handoff", "ledger", "--partner", "uz-interior", "--json")
    assert {p["person_id"] for p in json.loads(out)["handoffs"][0]["people"]} == set(prepared["person_ids"])
    code, out, _ = cli("caseworker", "handoff", "ledger", "--case", refs[0])
    assert ref in out

    code, out, _ = cli("caseworker", "handoff", "prepare", "--partner", "uz-interior", "--changes")
    assert code == 2  # nothing changed
    code, out, _ = cli("caseworker", "handoff", "recall", ref, "--note", "partner asked to delete")
    assert code == 0 and "recalled" in out


def test_write_prints_the_passphrase_once_without_a_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "uz.json").write_text(json.dumps(profile()), encoding="utf-8")
    cli("admin", "handoff", "profiles", "import", str(tmp_path / "uz.json"))
    _, out, _ = cli("caseworker", "handoff", "prepare", "--partner", "uz-interior", "--queue", "all", "--json")
    ref = json.loads(out)["handoff"]["reference"]
    cli("officer", "handoff", "approve", ref)
    code, out, _ = cli("caseworker", "handoff", "write", ref, "--out", str(tmp_path / "m.xlsx"))
    assert code == 0
    passphrase = out.split("another channel than the file):")[1].split()[0]
    assert len(passphrase) == 29 and decrypt_ooxml((tmp_path / "m.xlsx").read_bytes(), passphrase)[:2] == b"PK"
