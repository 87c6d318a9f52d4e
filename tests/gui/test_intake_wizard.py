"""The import wizard, driven as a caseworker would: file → mapping → dry run → import."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from caseworker.gui.intake import ImportWizard
from caseworker.gui.intake.report_model import ReportModel
from caseworker.gui.tasks import TaskRunner
from caseworker.services.api import Services
from caseworker.services.queries import CaseQuery
from tests.support import referrals

SOURCE = "Office of A. Jones MP"


def _wizard(qtbot: QtBot, services: Services, tasks: TaskRunner) -> ImportWizard:
    referrals.held_cases(services)
    wizard = ImportWizard(services, tasks=tasks)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


@pytest.fixture
def wizard(qtbot: QtBot, caseworker: Services) -> ImportWizard:
    """The wizard with its work run inline (the application runs it on the window's task runner)."""
    return _wizard(qtbot, caseworker, TaskRunner(synchronous=True))


def _choose(qtbot: QtBot, wizard: ImportWizard, path: Path, source: str = SOURCE) -> None:
    wizard.file_page.source.setCurrentText(source)
    qtbot.keyClicks(wizard.file_page.path, str(path))
    qtbot.waitUntil(lambda: wizard.file_page.isComplete() or "color:#b00020" in wizard.file_page.status.text(),
                    timeout=10_000)


def test_a_list_goes_through_every_step_into_the_store(qtbot: QtBot, wizard: ImportWizard, caseworker: Services,
                                                       tmp_path: Path) -> None:
    path = referrals.write_xlsx(tmp_path / "mp.xlsx")
    before = len(caseworker.queries.ids(CaseQuery()))
    _choose(qtbot, wizard, path)
    assert "16 rows of data below the headings on row 2" in wizard.file_page.status.text()
    wizard.next()
    page = wizard.mapping_page
    assert [c.currentData() for c in page.combos] == [
        "referral_ref", "principal_ref", "full_name", "name_original", "father_name", "sex", "date_of_birth",
        "passport_number", "tazkira_number", "phone", "relationship", "notes"]
    assert page.preview.rowCount() == 10 and page.preview.item(1, 3).text() == "فاطمه کریمی"
    assert "→ Full name" in page.preview.horizontalHeaderItem(2).text()
    page.combos[11].setCurrentIndex(page.combos[11].findData("ignore"))  # drop the comments column
    assert "→ (ignore this column)" in page.preview.horizontalHeaderItem(11).text()
    page.post.setCurrentIndex(page.post.findData("TAS"))

    wizard.next()
    dry = wizard.dry_run_page
    qtbot.waitUntil(dry.isComplete, timeout=15_000)
    assert {k: label.text() for k, label in dry.counts.items()} == {
        "created": "8", "queued": "2", "linked": "1", "updated": "1", "warned": "2", "rejected": "3", "unchanged": "1"}
    assert len(caseworker.queries.ids(CaseQuery())) == before  # a dry run writes nothing
    dry.filter.setCurrentIndex(dry.filter.findData("REJECTED"))
    assert dry.model.rowCount() == 3
    assert dry.model.index(0, 3).data().startswith("row 16, Full Name: no usable name in any script")
    dry.filter.setCurrentIndex(dry.filter.findData("WARNED"))
    assert [dry.model.index(i, 0).data() for i in range(dry.model.rowCount())] == [14, 15]
    assert dry.model.index(0, 3).data() == ("new person — not kept: DOB '31/02/1990': day 31 does not exist in "
                                            "February 1990")

    wizard.next()
    done = wizard.import_page
    qtbot.waitUntil(done.isComplete, timeout=15_000)
    assert done.report is not None and done.report.created == 8
    assert "7 new cases opened" in done.status.text() and done.open_folder.isVisible() and done.review.isVisible()
    assert len(caseworker.queries.ids(CaseQuery())) == before + 7
    new_case = caseworker.cases.get_by_reference(done.report.results[5].case)
    assert new_case.reference.startswith("TAS-") and "Guard, British Embassy" not in new_case.notes
    assert list(tmp_path.glob("mp-to-fix-*.xlsx"))
    saved = caseworker.intake.saved_mapping(SOURCE)
    assert saved and saved["columns"]["Comments"] == "ignore" and saved["defaults"]["post"] == "TAS"


def test_a_broken_file_is_explained_on_the_first_page(qtbot: QtBot, wizard: ImportWizard, tmp_path: Path) -> None:
    junk = tmp_path / "referrals.xlsx"
    junk.write_bytes(b"\x00junk" * 100)
    _choose(qtbot, wizard, junk)
    assert "referrals.xlsx: is not an Excel workbook" in wizard.file_page.status.text()
    assert not wizard.file_page.isComplete()


def test_a_mapping_that_cannot_work_is_refused_with_the_reason(qtbot: QtBot, wizard: ImportWizard,
                                                               tmp_path: Path) -> None:
    _choose(qtbot, wizard, referrals.write_xlsx(tmp_path / "mp.xlsx"))
    wizard.next()
    page = wizard.mapping_page
    page.combos[5].setCurrentIndex(page.combos[5].findData("date_of_birth"))  # Sex → date of birth, twice
    wizard.next()
    assert wizard.currentPage() is page
    assert page.error.text() == "columns 'Sex' and 'DOB' are both mapped to date of birth"


def test_cancelling_the_import_writes_nothing(qtbot: QtBot, caseworker: Services, tmp_path: Path) -> None:
    runner = TaskRunner()  # the import runs on a thread, so Cancel can be pressed
    wizard = _wizard(qtbot, caseworker, runner)
    real = caseworker.intake.run_import

    def slow(request, progress=None, cancelled=None):  # type: ignore[no-untyped-def]
        if not request.dry_run:
            deadline = time.monotonic() + 10
            while not cancelled() and time.monotonic() < deadline:
                time.sleep(0.01)
        return real(request, progress, cancelled)

    caseworker.intake.run_import = slow  # type: ignore[method-assign]
    before = len(caseworker.queries.ids(CaseQuery()))
    _choose(qtbot, wizard, referrals.write_xlsx(tmp_path / "mp.xlsx"))
    wizard.next()
    wizard.next()
    qtbot.waitUntil(wizard.dry_run_page.isComplete, timeout=15_000)
    wizard.next()
    qtbot.mouseClick(wizard.import_page.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(wizard.import_page.isComplete, timeout=15_000)
    assert wizard.import_page.status.text() == "Cancelled: nothing was written to the store."
    assert len(caseworker.queries.ids(CaseQuery())) == before
    assert runner.wait(10_000)  # the workers have let go of their tasks before the runner goes with the test
    qtbot.wait(50)


def test_the_report_model_passes_the_model_tester(qtmodeltester, caseworker: Services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from caseworker.services.intake import ImportRequest

    referrals.held_cases(caseworker)
    report = caseworker.intake.run_import(ImportRequest(referrals.write_xlsx(tmp_path / "mp.xlsx"), dry_run=True))
    model = ReportModel()
    qtmodeltester.check(model)
    model.set_results(report.results)
    qtmodeltester.check(model)
    model.set_filter("QUEUED")
    assert model.rowCount() == 2 and "possibly" in model.index(0, 3).data()


def test_the_rows_to_fix_replace_a_file_only_when_the_save_dialog_confirmed(
        qtbot: QtBot, wizard: ImportWizard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "to fix.xlsx"
    target.write_bytes(b"an older file")
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",  # the dialog asked "replace it?" and was answered yes
                        lambda *a, **k: (asked.append(a[2]) or str(target), ""))
    _choose(qtbot, wizard, referrals.write_xlsx(tmp_path / "mp.xlsx"))
    wizard.next()
    wizard.next()
    dry = wizard.dry_run_page
    qtbot.waitUntil(dry.isComplete, timeout=15_000)
    assert dry.save_as.isVisibleTo(wizard) and target.read_bytes() == b"an older file"  # a dry run writes nothing
    dry.save_as.click()
    assert asked and Path(asked[0]).name.startswith("mp-to-fix-") and str(target) in dry.status.text()
    wizard.next()
    done = wizard.import_page
    qtbot.waitUntil(done.isComplete, timeout=15_000)
    assert done.report is not None and done.report.rejects_file == str(target)
    assert [r[0] for r in openpyxl.load_workbook(target).active.iter_rows(values_only=True)][1:] == [14, 15, 16, 17, 19]
    assert "2 rows imported with a warning and 3 rejected rows" in done.status.text()
