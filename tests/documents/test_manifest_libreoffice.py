"""A real spreadsheet program opens the decrypted file and shows the approved cells.

Needs LibreOffice Calc (`apt-get install --no-install-recommends libreoffice-calc-nogui`,
as .ci/run does); skipped with that reason when it is not installed.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from caseworker.documents.office_crypto import decrypt_ooxml
from caseworker.services.api import Services
from caseworker.services.handoffs import Batch, HandoffSelection
from caseworker.store.engine import Store
from tests.documents.manifest_package import expected_text
from tests.documents.test_manifest_files import _make_hostile
from tests.support.handoffs import family, make_partner

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui)"),
]


def libreoffice_csv(xlsx: Path, workdir: Path) -> list[list[str]]:
    """What LibreOffice Calc shows, as UTF-8 CSV (its own conversion, no Python in between)."""
    profile = workdir / "lo-profile"
    subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(workdir), str(xlsx)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    with open(workdir / (xlsx.stem + ".csv"), encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_libreoffice_shows_exactly_the_approved_cells(store: Store, caseworker: Services, officer: Services,
                                                      admin: Services, tmp_path: Path) -> None:  # fmt: skip
    case = family(caseworker, children=("Zahra", "Maryam"))
    _make_hostile(store, family(caseworker, given="Hostile").id)
    make_partner(admin)
    prepared = caseworker.handoffs.prepare(
        "uz-interior", HandoffSelection(status="REFERRED"), Batch("Torkham", dt.date(2026, 12, 1), dt.date(2026, 12, 8))
    )  # fmt: skip
    officer.handoffs.approve(prepared.handoff.id)
    written = caseworker.handoffs.write(prepared.handoff.id, tmp_path / "sealed.xlsx")
    plain = tmp_path / "opened.xlsx"
    plain.write_bytes(decrypt_ooxml((tmp_path / "sealed.xlsx").read_bytes(), written.passphrase))

    shown = libreoffice_csv(plain, tmp_path)
    assert tuple(shown[0]) == prepared.headings
    assert shown[1:] == expected_text(prepared)
    assert any(row[2] == "KARIMI" for row in shown) and case.reference not in str(shown)
    assert any(row[2] == "'=cmd|' /C calc'!A0" for row in shown)  # shown as text, not run
