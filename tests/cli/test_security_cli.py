"""The security commands, run in-process: init, demo, store, backup, users, settings, audit who-saw."""

from __future__ import annotations

import argparse
import io
import json
import re
from pathlib import Path

import pytest

from caseworker.cli.main import build_parser, main
from caseworker.store.location import StoreLocation
from caseworker.store.opening import file_kind

PASSWORD = "cli security password"
KEY_LINE = re.compile(r"^ {4}([A-Z2-7]{4}(?:-[A-Z2-7]{4}){1,3})$", re.MULTILINE)


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEWORKER_STORE", str(tmp_path / "store.db"))
    monkeypatch.setenv("CASEWORKER_PASSWORD", PASSWORD)
    monkeypatch.setenv("CASEWORKER_USER", "admin")

    def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _recovery_key(out: str) -> str:
    lines = KEY_LINE.findall(out)
    assert len(lines) == 4, out
    return "-".join(lines)


def test_the_readme_demo_store_is_encrypted_and_shows_its_recovery_key_once(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("demo", "--cases", "20")
    assert code == 0 and "RECOVERY KEY - shown only this once" in out
    key = _recovery_key(out)
    assert len(key.replace("-", "")) == 56
    assert file_kind(StoreLocation(path=tmp_path / "store.db")) == "encrypted"
    code, out, _ = cli("demo", "--cases", "5")  # adding to the store shows no key again
    assert code == 0 and "RECOVERY KEY" not in out and "Added 5 cases" in out


def test_init_is_encrypted_unless_told_otherwise(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("init", "--user", "chief")
    assert code == 0 and "It is encrypted" in out and _recovery_key(out)
    monkeypatch.setenv("CASEWORKER_STORE", str(tmp_path / "dev.db"))
    code, out, err = cli("init", "--user", "chief", "--no-encryption")
    assert code == 0 and "development only" in err and "RECOVERY KEY" not in out
    assert file_kind(StoreLocation(path=tmp_path / "dev.db")) == "plain"
    monkeypatch.setenv("CASEWORKER_USER", "chief")
    code, out, _ = cli("store", "status")
    assert "NOT ENCRYPTED" in out
    code, out, _ = cli("store", "encrypt")
    assert code == 0 and "Encrypted" in out and _recovery_key(out)
    assert file_kind(StoreLocation(path=tmp_path / "dev.db")) == "encrypted"


def test_erase_needs_the_typed_word_then_only_the_recovery_key_opens(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = cli("demo", "--cases", "3")
    key = _recovery_key(out)
    code, _, err = cli("store", "erase", stdin="erase\n")
    assert code == 2 and "nothing was erased" in err
    monkeypatch.setenv("CASEWORKER_USER", "caseworker")
    code, _, err = cli("store", "erase", stdin="ERASE\n")
    assert code == 4  # administrators only
    monkeypatch.setenv("CASEWORKER_USER", "admin")
    code, out, _ = cli("store", "erase", stdin="ERASE\n")
    assert code == 0 and "Keep the recovery key OFF this machine" in out
    code, _, err = cli("cases", "list")
    assert code == 7 and "key file" in err and "recovery key" in err
    monkeypatch.setenv("CASEWORKER_RECOVERY_KEY", key.lower().replace("-", " "))
    monkeypatch.setenv("CASEWORKER_NEW_PASSWORD", "admin's new password")
    code, out, _ = cli("store", "recover")
    assert code == 0 and "caseworker, officer" in out
    monkeypatch.setenv("CASEWORKER_PASSWORD", "admin's new password")
    code, out, _ = cli("cases", "list", "--json")
    assert code == 0 and len(json.loads(out)["cases"]) == 3


def test_backup_create_verify_restore(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("demo", "--cases", "12")
    out_file = tmp_path / "copies" / "monday.cwbackup"
    code, out, _ = cli("backup", "create", "--out", str(out_file), "--json")
    made = json.loads(out)
    assert code == 0 and made["encrypted"] and made["counts"]["cases"] == 12
    code, out, _ = cli("backup", "verify", str(out_file), "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["sha256"] == made["sha256"]
    cli("demo", "--cases", "1")  # a later change
    code, _, err = cli("backup", "restore", str(out_file))
    assert code == 7 and "--force" in err
    code, out, _ = cli("backup", "restore", str(out_file), "--force")
    assert code == 0 and "kept as" in out
    _, out, _ = cli("cases", "list", "--limit", "100", "--json")
    assert len(json.loads(out)["cases"]) == 12


def test_users_settings_and_who_saw(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    cli("demo", "--cases", "2")
    monkeypatch.setenv("CASEWORKER_NEW_PASSWORD", "reader's password")
    assert cli("users", "add", "reader", "--role", "read_only")[0] == 0
    assert cli("users", "disable", "reader")[0] == 0
    assert cli("users", "enable", "reader")[0] == 0  # with $CASEWORKER_NEW_PASSWORD: a new key slot
    assert cli("users", "role", "reader", "caseworker")[0] == 0
    monkeypatch.setenv("CASEWORKER_NEW_PASSWORD", "officer reset password")
    assert cli("users", "password", "officer")[0] == 0
    code, out, _ = cli("users", "list", "--json")
    users = {u["username"]: u for u in json.loads(out)}
    assert users["reader"]["role"] == "caseworker" and not users["reader"]["needs_password"]

    assert cli("settings", "set", "security.auto_lock_minutes", "5")[0] == 0
    code, _, err = cli("settings", "set", "backup.keep", "-1")
    assert code == 2 and "between 0 and 1000" in err
    _, out, _ = cli("settings", "list", "--json")
    assert json.loads(out) == {"security.auto_lock_minutes": 5, "backup.keep": 10, "letters.revocation_max_age_days": 7}

    _, out, _ = cli("cases", "list", "--limit", "1", "--json")
    ref = json.loads(out)["cases"][0]["reference"]
    monkeypatch.setenv("CASEWORKER_USER", "officer")
    monkeypatch.setenv("CASEWORKER_PASSWORD", "officer reset password")
    cli("cases", "show", ref)
    monkeypatch.setenv("CASEWORKER_USER", "admin")
    monkeypatch.setenv("CASEWORKER_PASSWORD", PASSWORD)
    code, out, _ = cli("audit", "who-saw", ref, "--json")
    assert code == 0 and [(e["user"], e["action"]) for e in json.loads(out)] == [("officer", "view.case")]
    code, out, _ = cli("audit", "who-saw", ref)
    assert "officer" in out and "view.case" in out


def test_no_command_takes_a_secret_on_its_command_line() -> None:
    secret_words = ("password", "passphrase", "key", "secret")

    def walk(parser: argparse.ArgumentParser) -> list[argparse.Action]:
        found = []
        for action in parser._actions:
            found.append(action)
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    found += walk(sub)
        return found

    for action in walk(build_parser()):
        for option in action.option_strings:
            names_a_file = action.metavar == "FILE" or option.endswith("-file")  # a path, not the secret
            if any(word in option for word in secret_words) and not names_a_file:
                assert action.nargs == 0, f"{option} would put a secret in the process list"


def test_an_administrator_signing_in_at_the_command_line_hears_of_a_damaged_journal(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path
) -> None:
    import datetime as dt

    from caseworker.store.signin_journal import SignInJournal, journal_path

    assert cli("init", "--user", "admin")[0] == 0
    journal_path(tmp_path / "store.db").write_text("{ not a journal")
    # Found long enough ago that the longest wait is over (the test cannot wait five minutes).
    found = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    assert SignInJournal(tmp_path / "store.db").failures("admin", now=found)[0] > 0
    code, out, err = cli("store", "status")
    assert code == 0 and "security notice: The sign-in journal was damaged" in err
    assert ".damaged-" in err and "may be lost" in err
    code, out, err = cli("store", "status")
    assert code == 0 and "security notice" not in err  # told once; the floor is cleared


def test_offline_verify_refuses_a_stale_revocation_list_unless_told(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from caseworker.documents import letter_payload as lp
    from caseworker.documents import letter_verify as lv

    key = lp.new_private_key()
    today = dt.date.today()
    person = lp.PayloadPerson("AMINA NOORI", dt.date(1991, 5, 6), False, "P07654321")
    payload = lp.LetterPayload(lp.key_id(key.public_key()), "DOH/TA/2026/000009", 1, today, today, (person,))
    (tmp_path / "key.pem").write_bytes(lp.public_key_pem(key.public_key()))
    issued = dt.datetime.now(dt.UTC) - dt.timedelta(days=12, hours=1)
    (tmp_path / "old.json").write_bytes(lv.write_revocation_list([], key, issued))
    args = ("letters", "verify", "--qr-text", lp.qr_text(lp.sign(payload, key)),
            "--public-key", str(tmp_path / "key.pem"), "--revocations", str(tmp_path / "old.json"))  # fmt: skip
    code, out, err = cli(*args)
    assert code == 2 and not out.startswith("VALID")
    assert "the revocation list is 12 days old; get a current one from the issuing post" in err
    code, out, _ = cli(*args, "--accept-stale")
    assert code == 0 and out.startswith("VALID:") and "STALE: 12 days old, accepted with --accept-stale" in out
    code, out, _ = cli(*args, "--accept-stale", "--json")
    assert json.loads(out)["results"][0]["stale_revocation_list_days"] == 12


def test_audit_verify_checks_anchors_from_a_backup_a_ledger_export_and_a_typed_head(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("demo", "--cases", "5")
    backup = tmp_path / "monday.cwbackup"
    assert cli("backup", "create", "--out", str(backup))[0] == 0
    _, out, _ = cli("handoff", "ledger", "--case", json.loads(cli("cases", "list", "--json")[1])["cases"][0]["reference"],
                    "--json")  # fmt: skip
    ledger = tmp_path / "ledger.json"
    ledger.write_text(out)
    head = json.loads(out)["audit_head"]
    typed = f"{head['seq']}:{head['hash'][:16]}"
    code, out, err = cli("audit", "verify", "--anchor", str(backup), "--anchor", str(ledger), "--anchor", typed)
    assert code == 0, out + err
    assert "It still holds event #" in out and "the backup monday.cwbackup" in out and "the export ledger.json" in out
    code, _, err = cli("audit", "verify", "--anchor", "not-a-head")
    assert code == 2 and "neither a file nor a chain head" in err
    # cut the tail off behind everyone's back (a plain copy of the trail would do the same)
    code, out, _ = cli("audit", "verify", "--anchor", f"{head['seq'] + 50}:{head['hash'][:16]}", "--json")
    report = json.loads(out)
    assert code == 9 and not report["ok"] and "it has been cut short" in report["problems"][0]["message"]


def test_store_rekey_prints_a_new_recovery_key_and_the_old_one_stops_working(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("demo", "--cases", "3")
    old = _recovery_key(out)
    code, out, _ = cli("users", "disable", "caseworker")
    assert code == 0 and "caseworker store rekey" in out  # offered when a user is disabled
    # Commands run in-process leave their store to the garbage collector (a real command's process
    # ends); the rekey needs the file alone, as it would after `caseworker users disable` exited.
    import gc

    gc.collect()
    code, out, err = cli("store", "rekey")
    assert code == 0, err
    new = _recovery_key(out)
    assert new != old and "old recovery key and old copies of the key file no longer open the store" in out
    assert "Backups made before" in out
    monkeypatch.setenv("CASEWORKER_NEW_PASSWORD", "a brand new admin password")
    monkeypatch.setenv("CASEWORKER_RECOVERY_KEY", old)
    code, _, err = cli("store", "recover")
    assert code == 8 and "does not open" in err
    monkeypatch.setenv("CASEWORKER_RECOVERY_KEY", new)
    code, out, _ = cli("store", "recover")
    assert code == 0 and "caseworker store rekey" in out  # offered after a recovery
    monkeypatch.setenv("CASEWORKER_PASSWORD", "a brand new admin password")
    code, out, _ = cli("audit", "verify")
    assert code == 0 and "intact" in out
