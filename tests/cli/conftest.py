"""Running commands in-process, as a user would type them, on a store in the test's folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from caseworker.cli.main import main

CLI_PASSWORD = "cli-test-password"
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli_store(tmp_path: Path) -> Path:
    return tmp_path / "cli.db"


@pytest.fixture
def run_cli(cli_store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """`run(*args, user=…)` → (exit code, stdout, stderr); signed in as `caseworker` unless told."""
    monkeypatch.setenv("CASEWORKER_STORE", str(cli_store))
    monkeypatch.setenv("CASEWORKER_PASSWORD", CLI_PASSWORD)
    monkeypatch.setenv("CASEWORKER_USER", "caseworker")

    def run(*args: str, user: str | None = None) -> tuple[int, str, str]:
        if user is not None:
            monkeypatch.setenv("CASEWORKER_USER", user)
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run
