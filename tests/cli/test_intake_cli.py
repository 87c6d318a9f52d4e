"""`caseworker intake …` run in-process: output, JSON shapes, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from caseworker.services.session import sign_in
from caseworker.store.location import StoreLocation
from tests.cli.conftest import CLI_PASSWORD, Run
from tests.support import referrals
from tests.support.chats import ANDROID_UK, write_chat
from tests.support.factories import new_case


@pytest.fixture
def cli(run_cli: Run, cli_store: Path) -> Run:
    run_cli("demo", "--cases", "0")
    services = sign_in(StoreLocation(path=cli_store), "caseworker", CLI_PASSWORD)
    referrals.held_cases(services)
    services.store.close()
    return run_cli


def test_import_prints_a_summary_and_rejects_and_a_dry_run_writes_nothing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    listing = referrals.write_xlsx(tmp_path / "mp.xlsx")
    code, out, _ = cli("intake", "import", str(listing), "--source", "MP", "--dry-run")
    assert code == 0 and "Dry run: nothing was written" in out
    assert "row 14, DOB: '31/02/1990' day 31 does not exist in February 1990" in out  # a warning
    assert "row 16, Full Name: no usable name in any script" in out  # a rejection
    assert "would be queued" in out and not list(tmp_path.glob("*to-fix*"))
    rejects = tmp_path / "out" / "rejected.xlsx"
    code, out, _ = cli("intake", "import", str(listing), "--source", "MP", "--rejects", str(rejects))
    assert code == 0 and rejects.exists() and f"written to {rejects}" in out
    code, _, err = cli("intake", "import", str(listing), "--source", "MP", "--rejects", str(rejects))
    assert code == 2 and f"{rejects} exists already" in err and "--force" in err
    assert "created        8" in out and "queued         2" in out and "unchanged      1" in out
    code, out, _ = cli("intake", "import", str(listing), "--source", "MP", "--json", "--rejects", str(rejects),
                       "--force")
    report = json.loads(out)
    assert {"file", "source", "sheet", "dry_run", "batch_id", "rows", "empty_rows", "created", "queued", "linked",
            "updated", "rejected", "unchanged", "cases_created", "duplicates_queued", "rejects_file", "seconds",
            "results", "problems", "duplicates", "notes", "warnings", "warned"} == set(report)
    assert report["created"] == 0 and report["unchanged"] == 13
    assert set(report["results"][0]) == {"row", "outcome", "message", "case", "person_id", "warnings"}
    assert set(report["problems"][0]) == {"row", "column", "message", "value"} and report["warnings"] == []


def test_a_mapping_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    listing = referrals.write_xlsx(tmp_path / "x.xlsx", [("Laila Noori", "1992")], ("Naam", "Geboren"), title=None)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"columns": {"Naam": "nom"}}))
    code, _, err = cli("intake", "import", str(listing), "--map", str(bad))
    assert code == 2 and "column 'Naam' is mapped to 'nom', which is not a field" in err and "Traceback" not in err
    good = tmp_path / "map.json"
    good.write_text(json.dumps({"columns": {"Naam": "full_name", "Geboren": "date_of_birth"},
                                "defaults": {"post": "DOH"}}))
    code, out, _ = cli("intake", "import", str(listing), "--map", str(good), "--source", "Dutch NGO", "--json")
    assert code == 0 and json.loads(out)["results"][0]["case"].startswith("DOH-")


def test_review_queue_not_duplicate_and_merge(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("intake", "import", str(referrals.write_xlsx(tmp_path / "mp.xlsx")), "--source", "MP")
    code, out, _ = cli("intake", "duplicates", "--json")
    pairs = json.loads(out)["duplicates"]
    assert code == 0 and len(pairs) == 2
    assert {"id", "case_a_id", "case_a", "name_a", "case_b_id", "case_b", "name_b", "score", "reasons", "status",
            "created_at", "pairs"} == set(pairs[0])
    first, second = pairs
    code, out, _ = cli("intake", "not-duplicate", first["case_a"], first["case_b"], "--reason", "different fathers")
    assert code == 0 and "will not be proposed again" in out
    code, out, _ = cli("intake", "merge", second["case_a"], second["case_b"], "--json")
    merged = json.loads(out)
    assert code == 0 and merged["reference"] == second["case_a"]
    code, out, _ = cli("intake", "duplicates")
    assert second["case_b"] not in out and first["case_b"] not in out
    code, out, _ = cli("cases", "show", second["case_b"], "--json")
    assert json.loads(out)["status"] == "DUPLICATE" and json.loads(out)["duplicate_of"] == second["case_a"]
    code, _, err = cli("intake", "merge", second["case_a"], second["case_b"])
    assert code == 2 and "already merged" in err


def test_scan_queues_the_duplicates_already_held(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    services = sign_in(StoreLocation(path=tmp_path / "cli.db"), "caseworker", CLI_PASSWORD)
    new_case(services, given="Muhammad", surname="Kareemi", original="", passport="P01234567", phone=None, birth="1985")
    services.store.close()
    code, out, _ = cli("intake", "scan")
    assert code == 0 and "1 new pair queued for review (1 with the same document number)" in out
    assert "same passport number" in out
    code, out, _ = cli("intake", "scan", "--json")
    report = json.loads(out)
    assert code == 0 and (report["queued"], report["already_known"], report["duplicates"]) == (0, 1, [])
    assert {"people", "cases", "compared", "found", "queued", "already_known", "same_document", "seconds",
            "duplicates"} == set(report)
    code, _, err = cli("intake", "scan", "--min-score", "20")
    assert code == 2 and "the lowest score must be from 65 to 100" in err


def test_whatsapp_import(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    chat = write_chat(tmp_path / "WhatsApp Chat with +93 70 123 4567.txt", ANDROID_UK)
    code, out, _ = cli("cases", "list", "--search", "Karimi", "--json")
    reference = json.loads(out)["cases"][0]["reference"]
    code, out, _ = cli("intake", "whatsapp", str(chat), "--case", reference, "--timezone", "Asia/Kabul", "--json")
    report = json.loads(out)
    assert code == 0 and report["added"] == report["messages"] > 0 and report["person_id"]
    code, out, _ = cli("intake", "whatsapp", str(chat), "--case", reference)
    assert code == 0 and "0 new messages" in out
    code, _, err = cli("intake", "whatsapp", str(chat), "--case", reference, "--timezone", "Mars/Olympus")
    assert code == 2 and "is not a time zone" in err


def test_whatsapp_import_of_a_chat_that_cannot_tell_day_from_month(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = (Path(__file__).parent.parent / "fixtures" / "whatsapp" / "ambiguous_24h.txt").read_text(encoding="utf-8")
    chat = write_chat(tmp_path / "WhatsApp Chat with +93 70 123 4567.txt", text)
    _, out, _ = cli("cases", "list", "--search", "Karimi", "--json")
    reference = json.loads(out)["cases"][0]["reference"]
    code, out, err = cli("intake", "whatsapp", str(chat), "--case", reference, "--json")
    assert code == 2 and out == ""
    assert "line 1, “04/09/2021, 00:15”, is 4 September 2021 00:15 day first or 9 April 2021 00:15 month first" in err
    assert "Nothing was imported; run again with --date-order dmy (4 September 2021) or --date-order mdy (9 April 2021)" in err
    code, out, _ = cli("intake", "whatsapp", str(chat), "--case", reference, "--date-order", "dmy", "--timezone",
                       "UTC", "--json")
    assert code == 0 and json.loads(out)["added"] == 4
    code, out, _ = cli("cases", "show", reference, "--json")
    assert code == 0 and "2021-09-12T21:47:00" in out  # 12 September, as the phone meant


def test_batches_and_undo(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    listing = referrals.write_xlsx(tmp_path / "mp.xlsx")
    code, out, _ = cli("intake", "import", str(listing), "--source", "MP", "--json")
    batch = json.loads(out)["batch_id"]
    code, out, _ = cli("intake", "batches")
    assert code == 0 and f"{batch}" in out and "COMPLETE" in out and "mp.xlsx" in out
    code, out, _ = cli("intake", "undo", str(batch))
    assert code == 0 and f"Undid import {batch} (mp.xlsx): 7 cases and 10 people removed" in out
    code, _, err = cli("intake", "undo", str(batch))
    assert code == 2 and "was undone already" in err and "Traceback" not in err
    code, out, _ = cli("intake", "import", str(listing), "--source", "MP", "--json", "--force")
    assert json.loads(out)["created"] == 8  # the same rows again, as new
