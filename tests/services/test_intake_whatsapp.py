"""WhatsApp chat exports into a case: entries, media, the original, the person, and nothing twice."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from caseworker.domain.errors import ValidationError
from caseworker.domain.whatsapp_chat import AmbiguousDateOrder
from caseworker.services.api import Services
from tests.support import referrals
from tests.support.chats import (
    ANDROID_UK,
    DARI,
    IOS,
    PDF,
    PHOTO,
    ios_zip,
    write_chat,
    write_chat_zip,
)


@pytest.fixture
def karimi(caseworker: Services) -> int:
    return referrals.held_cases(caseworker)["karimi"]


def test_an_android_text_export(caseworker: Services, karimi: int, tmp_path: Path) -> None:
    chat = write_chat(tmp_path / "WhatsApp Chat with +93 70 123 4567.txt", ANDROID_UK)
    preview = caseworker.intake.whatsapp_preview(chat, karimi)
    principal = caseworker.cases.get(karimi).people[0].id
    assert (preview.messages, preview.system_messages, preview.new_messages) == (7, 1, 7)
    assert preview.person_id == principal and preview.person_reason == "phone number +93701234567"
    assert preview.date_order == "DMY" and preview.first == dt.datetime(2021, 8, 20, 10, 12)

    report = caseworker.intake.import_whatsapp(chat, karimi, timezone="Asia/Kabul")
    assert (report.added, report.already_imported, report.system_skipped) == (7, 0, 1)
    assert report.media_missing == ("IMG-20210820-WA0003.jpg",)  # a text-only export names its media
    case = caseworker.cases.get(karimi)
    entries = sorted(case.contacts, key=lambda c: c.occurred_at)
    assert entries[0].occurred_at == dt.datetime(2021, 8, 20, 5, 42, tzinfo=dt.UTC)  # 10:12 in Kabul (+04:30)
    assert [e.direction for e in entries] == ["OUT", "IN", "IN", "IN", "OUT", "IN", "IN"]
    assert {e.person_id for e in entries} == {principal} and entries[1].handle == "+93701234567"
    notes = [e.note for e in entries]
    assert notes[1] == "+93 70 123 4567: Salam. Yes we are in Kabul, my wife and three children.\nWe cannot go to the airport."
    assert notes[2] == "+93 70 123 4567: passport of my wife [attachment: IMG-20210820-WA0003.jpg]"
    assert notes[3].endswith("[message deleted]") and notes[4].endswith("(edited)")
    assert notes[5].endswith("[media not included in the export]") and notes[6].endswith(DARI)
    assert [(a.kind, a.filename) for a in case.attachments] == [("CHAT_EXPORT", chat.name)]
    assert case.last_contact_at == entries[-1].occurred_at
    assert caseworker.history.verify().ok


def test_an_ios_zip_with_media(caseworker: Services, karimi: int, tmp_path: Path) -> None:
    export = ios_zip(tmp_path / "WhatsApp Chat - Mohammad Karimi.zip")
    report = caseworker.intake.import_whatsapp(export, karimi, timezone="UTC")
    assert (report.messages, report.added, report.attachments, report.media_missing) == (7, 7, 2, ())
    case = caseworker.cases.get(karimi)
    principal = case.people[0].id
    kinds = sorted((a.kind, a.filename, a.person_id) for a in case.attachments)
    assert kinds == [("CHAT_EXPORT", export.name, principal),
                     ("DOCUMENT_SCAN", "00000013-Tazkira.pdf", principal),
                     ("PHOTO", "00000012-PHOTO-2021-08-20-10-15-40.jpg", principal)]
    photo = next(a for a in case.attachments if a.kind == "PHOTO")
    assert caseworker.attachments.content(photo.id)[1] == PHOTO
    incoming = [c for c in case.contacts if c.direction == "IN"]
    assert len(incoming) == 6  # everything Mohammad Karimi sent; the caseworker's message is outgoing
    assert any(c.note.endswith("[attachment: 00000013-Tazkira.pdf]") for c in incoming)


def test_a_later_export_adds_only_new_messages(caseworker: Services, karimi: int, tmp_path: Path) -> None:
    first = write_chat(tmp_path / "WhatsApp Chat with +93 70 123 4567.txt", ANDROID_UK)
    caseworker.intake.import_whatsapp(first, karimi)
    again = caseworker.intake.import_whatsapp(first, karimi)
    assert (again.added, again.already_imported) == (0, 7)
    later = write_chat(tmp_path / "later.txt", ANDROID_UK + "22/08/2021, 08:00 - +93 70 123 4567: Any news?\n")
    report = caseworker.intake.import_whatsapp(later, karimi, person_id=caseworker.cases.get(karimi).people[0].id)
    assert (report.added, report.already_imported) == (1, 7)
    assert len(caseworker.cases.get(karimi).contacts) == 8
    assert len(caseworker.cases.get(karimi).attachments) == 2  # both exports kept, once each


def test_a_chat_with_someone_else_and_the_person_chosen_by_hand(caseworker: Services, karimi: int,
                                                                 tmp_path: Path) -> None:
    chat = write_chat(tmp_path / "WhatsApp Chat with Zalmai.txt", "20/08/2021, 10:12 - Zalmai: hello\n")
    preview = caseworker.intake.whatsapp_preview(chat, karimi)
    assert preview.person_id is None and "no phone number or name" in preview.person_reason
    report = caseworker.intake.import_whatsapp(chat, karimi)
    assert report.person_id is None and caseworker.cases.get(karimi).contacts[0].person_id is None
    with pytest.raises(ValidationError, match="not a member of this case"):
        caseworker.intake.import_whatsapp(chat, karimi, person_id=999_999)


def test_broken_and_hostile_exports(caseworker: Services, karimi: int, tmp_path: Path) -> None:
    not_chat = write_chat(tmp_path / "notes.txt", "shopping list\nbread\n")
    with pytest.raises(ValidationError, match="notes.txt: no WhatsApp messages found"):
        caseworker.intake.import_whatsapp(not_chat, karimi)
    empty_zip = write_chat_zip(tmp_path / "media.zip", IOS, chat_name="photo.jpg")
    with pytest.raises(ValidationError, match="holds no chat"):
        caseworker.intake.import_whatsapp(empty_zip, karimi)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("_chat.txt", IOS)
        archive.writestr("00000012-PHOTO.jpg", b"\0" * (30 * 1024 * 1024))
    with pytest.raises(ValidationError, match="zip bomb"):
        caseworker.intake.import_whatsapp(bomb, karimi)
    utf16 = write_chat(tmp_path / "utf16.txt", ANDROID_UK, "utf-16")
    assert caseworker.intake.import_whatsapp(utf16, karimi).added == 7
    assert len(caseworker.cases.get(karimi).attachments) == 1 and PDF  # the broken ones left nothing behind


AMBIGUOUS = (Path(__file__).parent.parent / "fixtures" / "whatsapp" / "ambiguous_12h.txt").read_text(encoding="utf-8")


def test_a_chat_that_cannot_tell_day_from_month_is_asked_about(caseworker: Services, karimi: int,
                                                               tmp_path: Path) -> None:  # fmt: skip
    chat = write_chat(tmp_path / "WhatsApp Chat with +93 70 123 4567.txt", AMBIGUOUS)
    with pytest.raises(AmbiguousDateOrder) as asked:
        caseworker.intake.whatsapp_preview(chat, karimi)
    assert asked.value.orders == ("DMY", "MDY") and asked.value.example == "04/09/2021, 12:15 AM"
    with pytest.raises(AmbiguousDateOrder):
        caseworker.intake.import_whatsapp(chat, karimi, timezone="UTC")
    assert caseworker.cases.get(karimi).contacts == () and caseworker.cases.get(karimi).attachments == ()

    preview = caseworker.intake.whatsapp_preview(chat, karimi, date_order="dmy")
    assert preview.date_order == "DMY" and preview.first == dt.datetime(2021, 9, 4, 12, 40)
    report = caseworker.intake.import_whatsapp(chat, karimi, timezone="UTC", date_order="dmy")
    assert report.added == 4
    times = sorted(c.occurred_at for c in caseworker.cases.get(karimi).contacts)
    assert times[-1] == dt.datetime(2021, 9, 12, 21, 47, tzinfo=dt.UTC)  # 12 September, not 9 December
    with pytest.raises(ValidationError, match="this chat's dates are not year first"):
        caseworker.intake.import_whatsapp(chat, karimi, date_order="ymd")
