"""Files with personal data: one writer, 0600, never replacing a file unasked; and what killed
backups and restores leave behind is listed and cleaned up (issue 19, point 5)."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import pytest

from caseworker.documents.files import private_output, write_private
from caseworker.domain.errors import ValidationError
from tests.cli.conftest import Run


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _issued_letter(run_cli: Run) -> tuple[str, str]:
    """An issued letter's id and its case reference, drafted and approved at the command line."""
    assert run_cli("demo", "--cases", "150", "--seed", "4", user="admin")[0] == 0
    _, out, _ = run_cli("cases", "list", "--status", "AUTHORISED", "--json")
    reference = json.loads(out)["cases"][0]["reference"]
    code, out, err = run_cli("letters", "draft", reference, "--crossing", "Torkham", "--valid-days", "20")
    assert code == 0, err
    letter_id = out.split("#")[1].split()[0]
    assert run_cli("letters", "approve", letter_id, user="officer")[0] == 0
    return letter_id, reference


def _prints(run_cli: Run, letter_id: str) -> int:
    _, out, _ = run_cli("letters", "list", "--json", user="officer")
    return next(x["print_count"] for x in json.loads(out)["letters"] if str(x["id"]) == letter_id)


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_batches_and_prints_are_private_and_never_replace_a_file_unasked(run_cli: Run, tmp_path: Path) -> None:
    os.umask(0o022)  # as on a default desktop: files would be world-readable
    letter_id, _ = _issued_letter(run_cli)
    batch = tmp_path / "batch.pdf"
    code, out, err = run_cli("letters", "batch", letter_id, "--out", str(batch), user="officer")
    assert code == 0, err
    assert _mode(batch) == 0o600 and batch.read_bytes().startswith(b"%PDF")
    printed = _prints(run_cli, letter_id)
    # A second batch onto the same name is refused before anything is printed or counted.
    code, _, err = run_cli("letters", "batch", letter_id, "--out", str(batch), user="officer")
    assert code != 0 and "already exists" in err and "--force" in err
    assert _prints(run_cli, letter_id) == printed
    code, _, err = run_cli("letters", "batch", letter_id, "--out", str(batch), "--force", user="officer")
    assert code == 0, err
    assert _mode(batch) == 0o600 and _prints(run_cli, letter_id) == printed + 1
    single = tmp_path / "letter.pdf"
    single.write_text("a colleague's notes")
    code, _, err = run_cli("letters", "pdf", letter_id, "--out", str(single), user="officer")
    assert code != 0 and "already exists" in err and single.read_text() == "a colleague's notes"
    assert _prints(run_cli, letter_id) == printed + 1
    assert run_cli("letters", "pdf", letter_id, "--out", str(single), "--force", user="officer")[0] == 0
    assert _mode(single) == 0o600 and single.read_bytes().startswith(b"%PDF")
    assert not list(tmp_path.glob(".*writing-*"))  # no working files left behind


def test_a_write_that_fails_half_way_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "manifest.xlsx"
    with pytest.raises(RuntimeError), private_output(target) as out:
        out.write(b"half of the rows")
        raise RuntimeError("disk full")
    assert list(tmp_path.iterdir()) == []
    digest = write_private(target, b"all of it")
    assert target.read_bytes() == b"all of it" and len(digest) == 64
    with pytest.raises(ValidationError, match="already exists"):
        write_private(target, b"something else")
    assert target.read_bytes() == b"all of it"


def test_interrupted_backups_are_listed_then_cleaned_by_the_next_backup(run_cli: Run, cli_store: Path,
                                                                     tmp_path: Path) -> None:  # fmt: skip
    assert run_cli("demo", "--cases", "5", user="admin")[0] == 0
    folder = tmp_path / "backups"
    folder.mkdir()
    # What kill -9 leaves: the snapshot a backup was packing and its half-written archive.
    same = [folder / ".monday.cwbackup.copy-1a2b3c4d", folder / ".monday.cwbackup.partial-5e6f7a8b"]
    old = folder / ".sunday.cwbackup.copy-0badc0de"
    fresh = folder / ".other.cwbackup.copy-12345678"  # perhaps another window's backup, still running
    for path in (*same, old, fresh):
        path.write_bytes(b"SQLite format 3\x00 plain personal data")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    restoring = cli_store.with_name(f".{cli_store.name}.restoring-abcdef12")
    restoring.write_bytes(b"a half-restored store")
    code, out, _ = run_cli("store", "status", user="admin")
    assert code == 0 and str(restoring) in out  # the store's own folder is listed
    code, out, _ = run_cli("store", "status", "--json", user="admin")
    assert str(restoring) in json.loads(out)["leftovers"]
    code, _, err = run_cli("backup", "create", "--out", str(folder / "monday.cwbackup"), user="admin")
    assert code == 0, err
    remaining = sorted(p.name for p in folder.iterdir())
    assert remaining == [fresh.name, "monday.cwbackup"]  # the killed run's and the abandoned one's: gone
    assert _mode(folder / "monday.cwbackup") == 0o600


def test_a_killed_restore_leaves_nothing_after_the_next_restore(run_cli: Run, cli_store: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    assert run_cli("demo", "--cases", "5", user="admin")[0] == 0
    backup = tmp_path / "b.cwbackup"
    assert run_cli("backup", "create", "--out", str(backup), user="admin")[0] == 0
    leftovers = [cli_store.with_name(f".{cli_store.name}.restoring-abcdef12{s}") for s in ("", "-keys", "-wal")]
    for path in leftovers:
        path.write_bytes(b"what a killed restore was unpacking")
    monkeypatch.setenv("CASEWORKER_BACKUP_PASSPHRASE", "")
    code, _, err = run_cli("backup", "restore", str(backup), "--force", user="admin")
    assert code == 0, err
    assert not any(p.exists() for p in leftovers)
    code, out, _ = run_cli("store", "status", "--json", user="admin")
    assert json.loads(out)["leftovers"] == []
