"""The WhatsApp import dialog asks how the phone writes dates when the chat cannot tell, and uses the answer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot

from caseworker.gui.intake.date_order_dialog import DateOrderDialog
from caseworker.gui.intake.whatsapp_dialog import WhatsAppImportDialog
from caseworker.gui.tasks import TaskRunner
from caseworker.services.api import Services
from tests.support import referrals
from tests.support.chats import ANDROID_UK, write_chat

AMBIGUOUS = (Path(__file__).parent.parent / "fixtures" / "whatsapp" / "ambiguous_12h.txt").read_text(encoding="utf-8")


def _dialog(qtbot: QtBot, desk: Services) -> tuple[WhatsAppImportDialog, int]:
    karimi = referrals.held_cases(desk)["karimi"]
    dialog = WhatsAppImportDialog(desk, karimi, tasks=TaskRunner(synchronous=True))
    qtbot.addWidget(dialog)
    return dialog, karimi


def test_the_ask_shows_the_line_both_ways_and_the_answer_dates_the_import(qtbot: QtBot, desk: Services, drive_dialog,
                                                                          tmp_path: Path) -> None:  # fmt: skip
    dialog, karimi = _dialog(qtbot, desk)
    export = write_chat(tmp_path / "WhatsApp Chat with +93 70 123 4567.txt", AMBIGUOUS)

    def day_first(ask: DateOrderDialog) -> None:
        assert "Line 1 reads “04/09/2021, 12:15 AM”" in ask.question.text()
        assert [b.text() for b in ask.buttons.values()] == ["Day first: 4 September 2021 00:15",
                                                             "Month first: 9 April 2021 00:15"]
        ask.buttons["dmy"].click()

    asked = drive_dialog(DateOrderDialog, day_first)
    dialog.path.setText(str(export))
    dialog.read()
    assert len(asked) == 1 and dialog.date_order == "dmy"
    assert "4 messages (4 not imported yet), 04 Sep 2021 – 12 Sep 2021" in dialog.summary.text()
    assert "dates day first as you chose" in dialog.summary.text()
    dialog.zone.setCurrentText("UTC")
    dialog.zone.setCurrentIndex(dialog.zone.findData("UTC"))
    dialog.import_button.click()
    assert dialog.outcome.text().startswith("Added 4 messages")
    times = sorted(c.occurred_at for c in desk.cases.get(karimi).contacts)
    assert times[-1] == dt.datetime(2021, 9, 12, 21, 47, tzinfo=dt.UTC)
    assert len(asked) == 1  # reading the chat again after the import does not ask again


def test_cancelling_the_ask_imports_nothing_and_says_why(qtbot: QtBot, desk: Services, drive_dialog,
                                                         tmp_path: Path) -> None:  # fmt: skip
    dialog, karimi = _dialog(qtbot, desk)
    asked = drive_dialog(DateOrderDialog, lambda ask: ask.reject())
    dialog.path.setText(str(write_chat(tmp_path / "chat.txt", AMBIGUOUS)))
    dialog.read()
    assert len(asked) == 1 and dialog.date_order is None and not dialog.import_button.isEnabled()
    assert "can be read day first or month first" in dialog.summary.text()
    # A chat whose dates settle the order is not asked about.
    dialog.path.setText(str(write_chat(tmp_path / "uk.txt", ANDROID_UK)))
    dialog.read()
    assert len(asked) == 1 and dialog.import_button.isEnabled() and "dates day first" in dialog.summary.text()
    assert desk.cases.get(karimi).contacts == ()
