"""One helper finds every bundled file, in a source checkout and in a frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from caseworker import resources

REPO = Path(__file__).resolve().parents[1]


def test_source_checkout_finds_fonts_icons_templates_and_migrations() -> None:
    assert resources.asset_path("fonts/OFL.txt") == REPO / "resources" / "fonts" / "OFL.txt"
    assert resources.asset_path("icons/app.svg").is_file()
    assert resources.asset_path("templates/letters/en.json").is_file()
    assert resources.asset_path("translations").is_dir()
    assert (resources.package_path("caseworker/store/migrations") / "env.py").is_file()


def test_frozen_bundle_looks_in_its_unpack_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "resources" / "fonts").mkdir(parents=True)
    (tmp_path / "resources" / "fonts" / "OFL.txt").write_text("licence")
    (tmp_path / "caseworker" / "store" / "migrations").mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.asset_path("fonts/OFL.txt") == tmp_path / "resources" / "fonts" / "OFL.txt"
    assert resources.package_path("caseworker/store/migrations") == tmp_path / "caseworker" / "store" / "migrations"
    with pytest.raises(FileNotFoundError, match="bundled resource missing"):
        resources.asset_path("icons/app.svg")


@pytest.mark.parametrize("bad", ["/etc/passwd", "../secrets.txt", "fonts/../../x"])
def test_paths_outside_resources_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        resources.asset_path(bad)
