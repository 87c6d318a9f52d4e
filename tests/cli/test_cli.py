"""The command line, run in-process: output, JSON shape, errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Run


@pytest.fixture
def cli(run_cli: Run) -> Run:
    return run_cli


def test_demo_then_list_and_show_as_json(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("demo", "--cases", "40", "--seed", "7")
    assert code == 0 and "Added 40 cases" in out
    code, out, _ = cli("cases", "list", "--limit", "5", "--json")
    assert code == 0
    listing = json.loads(out)
    assert len(listing["cases"]) == 5 and listing["next_cursor"]
    first = listing["cases"][0]
    assert set(first) == {
        "id", "reference", "principal_name", "principal_name_original", "family_size", "status", "priority",
        "post", "current_country", "assigned_to", "last_contact_at", "next_follow_up", "updated_at", "version",
    }  # fmt: skip
    code, out, _ = cli("cases", "list", "--limit", "5", "--json", "--after", listing["next_cursor"])
    assert json.loads(out)["cases"][0]["reference"] > listing["cases"][-1]["reference"]
    code, out, _ = cli("cases", "show", first["reference"], "--json")
    detail = json.loads(out)
    assert detail["reference"] == first["reference"] and detail["people"][0]["role"] == "PRINCIPAL"


def test_search_by_a_spelling_variant_finds_the_case(cli) -> None:  # type: ignore[no-untyped-def]
    cli("demo", "--cases", "60", "--seed", "3")
    _, out, _ = cli("cases", "list", "--limit", "1", "--json")
    case = json.loads(out)["cases"][0]
    _, out, _ = cli("cases", "show", case["reference"], "--json")
    principal = json.loads(out)["people"][0]
    variant = (principal["variants"] or [principal["doc_given_names"]])[0]
    _, out, _ = cli("cases", "list", "--search", variant, "--limit", "500", "--json")
    assert case["reference"] in {c["reference"] for c in json.loads(out)["cases"]}
    _, out, _ = cli("cases", "list", "--search", principal["name_original"], "--limit", "500", "--json")
    assert case["reference"] in {c["reference"] for c in json.loads(out)["cases"]}


def test_errors_are_one_line_on_stderr_with_a_nonzero_code(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("cases", "list")
    assert code == 7 and "there is no store at" in err and "caseworker init" in err and "Traceback" not in err
    cli("demo", "--cases", "5")
    monkeypatch.setenv("CASEWORKER_PASSWORD", "wrong password")
    code, _, err = cli("cases", "list")
    assert code == 8 and err.strip() == "caseworker: error: wrong user name or password"
    assert "wrong password" not in err
    monkeypatch.setenv("CASEWORKER_PASSWORD", "cli-test-password")
    code, _, err = cli("cases", "show", "ISB-1900-99999")
    assert code == 3 and "no case with reference 'ISB-1900-99999'" in err


def test_move_and_audit_verify(cli) -> None:  # type: ignore[no-untyped-def]
    cli("demo", "--cases", "20", "--seed", "1")
    _, out, _ = cli("cases", "list", "--status", "REFERRED", "--limit", "1", "--json")
    ref = json.loads(out)["cases"][0]["reference"]
    code, out, _ = cli("cases", "move", ref, "CONTACTING", "--reason", "sent a WhatsApp message")
    assert code == 0 and f"{ref} is now CONTACTING" in out
    code, out, _ = cli("audit", "verify")
    assert code == 0 and "intact" in out


def test_init_creates_a_store_with_an_administrator(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEWORKER_STORE", str(tmp_path / "new.db"))
    code, out, _ = cli("init", "--user", "chief")
    assert code == 0 and "administrator chief" in out
    code, _, err = cli("init", "--user", "chief")
    assert code == 7 and "already exists" in err
    monkeypatch.setenv("CASEWORKER_USER", "chief")
    code, out, _ = cli("users", "list", "--json")
    assert [u["username"] for u in json.loads(out)] == ["chief"]


def test_selftest_passes(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("selftest")
    assert code == 0 and "ok   Qt" in out and "ok   store" in out
