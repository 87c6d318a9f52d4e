"""`caseworker letters …` in-process: the officer's and the partner's command lines."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli.conftest import Run


@pytest.fixture
def cli(run_cli: Run) -> Run:
    def run(user: str, *args: str) -> tuple[int, str, str]:
        return run_cli("--user", user, *args)

    code, out, _ = run("admin", "demo", "--cases", "150", "--seed", "4")
    assert code == 0 and "letters" in out
    return run


def _authorised_reference(cli) -> str:  # type: ignore[no-untyped-def]
    _, out, _ = cli("caseworker", "cases", "list", "--status", "AUTHORISED", "--json")
    return json.loads(out)["cases"][0]["reference"]


def test_draft_approve_print_and_verify_offline(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ref = _authorised_reference(cli)
    code, out, err = cli("caseworker", "letters", "draft", ref, "--crossing", "Torkham", "--valid-days", "20")
    assert code == 0, err
    letter_id = out.split("#")[1].split()[0]
    code, _, err = cli("caseworker", "letters", "approve", letter_id)
    assert code == 4 and "may not approve letter" in err
    code, out, err = cli("officer", "letters", "approve", letter_id)
    assert code == 0 and "Issued " in out, err
    reference = out.split("Issued ")[1].split(" v1")[0]
    code, out, _ = cli("caseworker", "letters", "list", "--status", "ISSUED", "--json")
    listed = {x["id"]: x for x in json.loads(out)["letters"]}
    assert listed[int(letter_id)]["reference"] == reference and listed[int(letter_id)]["valid_days"] == 20
    pdf = tmp_path / "out" / "letter.pdf"
    code, out, _ = cli("caseworker", "letters", "pdf", reference, "--out", str(pdf))
    assert code == 0 and "copy 1" in out and pdf.read_bytes().startswith(b"%PDF")
    code, _, err = cli("caseworker", "letters", "pdf", reference, "--out", str(pdf))
    assert code != 0 and "already exists" in err  # never replaced unasked, and not counted
    code, out, _ = cli("caseworker", "letters", "pdf", reference, "--out", str(pdf), "--force")
    assert "reprint, copy 2" in out
    key, revocations = tmp_path / "key.pem", tmp_path / "revoked.json"
    assert cli("caseworker", "letters", "public-key", "--out", str(key))[0] == 0
    assert cli("caseworker", "letters", "revocations", "--out", str(revocations))[0] == 0
    # the partner: no store, no user, no password
    code, out, err = cli("nobody", "--store", str(tmp_path / "absent.db"), "letters", "verify", "--pdf", str(pdf),
                         "--public-key", str(key), "--revocations", str(revocations))  # fmt: skip
    assert code == 0 and out.startswith("VALID:"), err
    assert reference in out and "People:" in out
    cli("officer", "letters", "revoke", reference, "--reason", "reported stolen")
    cli("caseworker", "letters", "revocations", "--out", str(revocations))
    code, out, _ = cli("nobody", "letters", "verify", "--pdf", str(pdf), "--public-key", str(key),
                       "--revocations", str(revocations), "--json")  # fmt: skip
    assert code == 11 and json.loads(out)["results"][0]["verdict"] == "REVOKED"


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs poppler-utils")
def test_verify_an_image_and_a_code(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    _, out, _ = cli("caseworker", "letters", "draft", _authorised_reference(cli), "--crossing", "Torkham")
    cli("officer", "letters", "approve", out.split("#")[1].split()[0])
    _, out, _ = cli("caseworker", "letters", "list", "--status", "ISSUED", "--json")
    letter = json.loads(out)["letters"][0]
    pdf = tmp_path / "l.pdf"
    cli("caseworker", "letters", "pdf", str(letter["id"]), "--out", str(pdf))
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "photo")], check=True)
    code, out, _ = cli("officer", "letters", "verify", "--image", str(tmp_path / "photo.png"))
    assert code == 0 and out.startswith("VALID")
    code, out, _ = cli("officer", "letters", "verify", "--code", letter["verification_code"],
                       "--reference", letter["reference"])  # fmt: skip
    assert code == 0 and out.startswith("VALID")
    code, out, _ = cli("officer", "letters", "verify", "--qr-text", "TA1:nonsense")
    assert code == 10 and out.startswith("INVALID")
    code, _, err = cli("officer", "letters", "verify", "--image", str(tmp_path / "missing.png"))
    assert code == 3 and "no file" in err


def test_administrator_keeps_the_crossing_list_and_validity(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("caseworker", "letters", "crossings", "list")
    assert code == 0 and "Torkham" in out and "تورخم" in out
    code, _, err = cli("caseworker", "letters", "crossings", "add", "Angur Adda")
    assert code == 4
    code, out, _ = cli("admin", "letters", "crossings", "add", "Angur Adda", "--fa", "انگور اډه", "--ps", "انګور اډه")
    assert code == 0 and "Angur Adda" in out
    assert cli("admin", "letters", "crossings", "remove", "Chaman")[0] == 0
    ref = _authorised_reference(cli)
    code, _, err = cli("caseworker", "letters", "draft", ref, "--crossing", "Chaman")
    assert code == 2 and "not on the administrator's list" in err
    assert cli("admin", "letters", "validity", "--post", "isb", "--days", "45")[0] == 0
    code, out, _ = cli("caseworker", "letters", "validity", "--post", "ISB")
    assert "45 days" in out
    code, _, err = cli("admin", "letters", "validity", "--post", "ISB", "--days", "999")
    assert code == 2 and "between 1 and" in err


def test_template_with_an_unknown_placeholder_is_refused(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"purpose": "Call {phone}"}), encoding="utf-8")
    code, _, err = cli("admin", "letters", "template", "set", "--post", "ISB", "--lang", "en", "--file", str(bad))
    assert code == 2 and "unknown placeholder {phone}" in err
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"title": "Letter of safe passage"}), encoding="utf-8")
    assert cli("admin", "letters", "template", "set", "--post", "ISB", "--lang", "en", "--file", str(good))[0] == 0
    code, out, _ = cli("caseworker", "letters", "template", "show", "--post", "ISB", "--lang", "en")
    assert json.loads(out)["en"]["title"] == "Letter of safe passage"
