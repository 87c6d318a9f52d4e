"""Previews from the command line: an export in the access log, refused to read-only users (issue 19)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from caseworker.domain.roles import Role
from tests.cli.conftest import Run
from tests.documents.test_letter_pdf import pypdf_text


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs poppler-utils")
def test_a_preview_written_by_the_cli_is_an_export_in_the_access_log(run_cli: Run, tmp_path: Path) -> None:
    run_cli("demo", "--cases", "60", "--seed", "5")
    _, out, _ = run_cli("letters", "list", "--json")
    letter = json.loads(out)["letters"][0]
    target = tmp_path / "preview.pdf"
    code, out, _ = run_cli("letters", "pdf", str(letter["id"]), "--out", str(target), "--preview", user="officer")
    assert code == 0 and "(preview;" in out
    assert "— NOT VALID" in pypdf_text(target.read_bytes())
    code, out, _ = run_cli("audit", "who-saw", letter["case_reference"], "--json", user="officer")
    exports = [e for e in json.loads(out) if e["action"] == "export.letter_preview"]
    assert len(exports) == 1 and exports[0]["user"] == "officer" and "wrote a preview of" in exports[0]["summary"]
    # scanned at a border: there is nothing to verify (rendered with poppler, not QtPdf, which would start
    # a QGuiApplication in this test process)
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(target), str(tmp_path / "scan")], check=True)
    code, out, err = run_cli("letters", "verify", "--image", str(tmp_path / "scan.png"), user="officer")
    assert code != 0 and "VALID" not in out.split() and "no letter QR code could be read" in err


def test_a_read_only_user_is_refused_a_preview_on_the_command_line(run_cli: Run, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    run_cli("demo", "--cases", "60", "--seed", "5")
    _, out, _ = run_cli("letters", "list", "--json")
    letter = json.loads(out)["letters"][0]
    monkeypatch.setenv("CASEWORKER_NEW_PASSWORD", "reader password 1")
    assert run_cli("users", "add", "reader", "--role", Role.READ_ONLY.value, user="admin")[0] == 0
    monkeypatch.setenv("CASEWORKER_PASSWORD", "reader password 1")
    code, _, err = run_cli("letters", "pdf", str(letter["id"]), "--out", str(tmp_path / "x.pdf"), "--preview",
                           user="reader")
    assert code == 4 and "may not" in err and not (tmp_path / "x.pdf").exists()
